"""Keeping the index in step with the database, one article or many at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from haystack import connections
from haystack.exceptions import NotHandled

from archive.models import Article
from search.writers import bulk_writer

_state = threading.local()


def _pending() -> set[int] | None:
    return getattr(_state, "pending", None)


class _Articles:
    """The articles, read from the database a batch at a time (memory stays flat).

    Sized, so the backend can tell a bulk job (worth several writer processes) from one save.
    """

    def __init__(self, index, ids: list[int], batch_size: int, on_progress) -> None:
        self.index, self.ids, self.batch_size, self.on_progress = index, ids, batch_size, on_progress
        self.found: set[int] = set()

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator:
        for start in range(0, len(self.ids), self.batch_size):
            chunk = self.ids[start : start + self.batch_size]
            for article in self.index.index_queryset().filter(pk__in=chunk):
                self.found.add(article.pk)
                yield article
                if self.on_progress is not None:
                    self.on_progress(1)


def _bulk_settings(backend) -> tuple[int, int]:
    """Writer processes for a bulk job, and how many articles make one (WRITER_PROCS...)."""
    return getattr(backend, "writer_procs", 1), getattr(backend, "multiprocess_min_docs", 2000)


def article_index(
    *, ids: Iterable[int], batch_size: int = 500, on_progress: Callable[[int], None] | None = None
) -> int:
    """(Re)index the given articles with one index writer and one commit, however many."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    articles = _Articles(index, ids, batch_size, on_progress)
    procs, threshold = _bulk_settings(backend)
    writer = bulk_writer(backend, index, procs=procs if len(ids) >= threshold else 0)
    try:
        writer.add(articles)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    for pk in set(ids) - articles.found:
        backend.remove(f"archive.article.{pk}")
    return len(articles.found)


class BulkIndexer:
    """Indexes articles batch by batch while a bulk job is still storing the next ones.

    Small jobs are indexed at the end in one commit as before; once `threshold` articles
    are waiting, a bulk writer (search.writers) takes the lock and every later batch goes
    to it at once. An article met again after it was written (a record repeated in the
    input) is indexed once more after the commit, since a writer cannot replace a
    document it has not committed yet.
    """

    def __init__(self, *, procs: int, threshold: int, batch_size: int = 500) -> None:
        self.procs, self.threshold, self.batch_size = procs, threshold, batch_size
        self.waiting: dict[int, None] = {}
        self.written: set[int] = set()
        self.again: set[int] = set()
        self.writer = None
        self.indexed = 0

    def add(self, ids: Iterable[int]) -> None:
        for pk in ids:
            if pk in self.written:
                self.again.add(pk)
            else:
                self.waiting[pk] = None
        if self.writer is None and len(self.waiting) >= self.threshold:
            backend = connections["default"].get_backend()
            index = connections["default"].get_unified_index().get_index(Article)
            self.writer = bulk_writer(backend, index, procs=self.procs)
        if self.writer is not None:
            self._write_waiting()

    def _write_waiting(self) -> None:
        if not self.waiting:
            return
        ids = sorted(self.waiting)
        self.waiting.clear()
        index = connections["default"].get_unified_index().get_index(Article)
        articles = _Articles(index, ids, self.batch_size, None)
        self.writer.add(articles)
        self.written.update(articles.found)
        self.indexed += len(articles.found)

    def finish(self) -> int:
        """Commit; returns how many documents were written."""
        if self.writer is not None:
            self._write_waiting()
            self.writer.commit()
            self.writer = None
        else:
            self.indexed += article_index(ids=self.waiting)
            self.waiting.clear()
        if self.again:
            article_index(ids=self.again)
        return self.indexed

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


@contextmanager
def bulk_indexing(*, procs: int | None = None, threshold: int | None = None) -> Iterator[BulkIndexer]:
    """A BulkIndexer committed when the block ends, cancelled (lock released) if it fails."""
    default_procs, default_threshold = _bulk_settings(connections["default"].get_backend())
    indexer = BulkIndexer(
        procs=procs or default_procs, threshold=default_threshold if threshold is None else threshold
    )
    try:
        yield indexer
    except BaseException:
        indexer.cancel()
        raise
    indexer.finish()


def article_unindex(*, ids: Iterable[int]) -> None:
    backend = connections["default"].get_backend()
    for pk in ids:
        backend.remove(f"archive.article.{pk}")


def article_changed(*, ids: Iterable[int]) -> None:
    """Called by the signal processor: index now, or later when inside deferred_indexing()."""
    pending = _pending()
    if pending is not None:
        pending.update(ids)
        return
    try:
        article_index(ids=ids)
    except NotHandled:
        pass


@contextmanager
def deferred_indexing() -> Iterator[set[int]]:
    """Collect every article saved inside the block and index them in bulk at the end.

    Imports use this so ten thousand saves make a few index commits instead of ten thousand.
    """
    outer = _pending()
    if outer is not None:
        yield outer
        return
    _state.pending = pending = set()
    try:
        yield pending
    finally:
        _state.pending = None
        article_index(ids=pending)
