"""Keeping the index in step with the database, one article or many at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from haystack import connections
from haystack.exceptions import NotHandled

from archive.models import Article

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
    backend.update(index, articles)
    for pk in set(ids) - articles.found:
        backend.remove(f"archive.article.{pk}")
    return len(articles.found)


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
