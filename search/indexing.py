"""The one way the archive keeps the search index in step with the database.

``article_index(ids=...)`` writes the articles' documents (removing those of articles gone)
and ``article_unindex(ids=...)`` removes documents, with one writer and one commit. Inside a
``bulk_indexing()`` block both only note the ids; the block writes them when it ends. A
nested block joins the outer one, and when a nested block ends with ``threshold`` articles
waiting, a bulk writer (search.writers) takes the index lock and every later step is handed
to its processes at once: an import stores, tags and indexes batch after batch that way. An
article met again after it was written (a record repeated in the input, or changed later in
the block) is indexed once more after the commit, since a writer cannot replace a document
it has not committed yet. On an error a block that started writer processes is cancelled
(they are stopped, the lock released, nothing of it written); a block that started none
still indexes what was saved in it. Ctrl-C cancels either.

A streaming block commits the first ``commit_docs`` articles (COMMIT_DOCS), so searchers see
an import's batches as it goes, and after that as many again as it has committed, at most
``commit_max_docs`` (COMMIT_MAX_DOCS) at a time (commit_threshold): each commit's segment
then holds about what the earlier ones hold together, so the segments need no merging during
the import, and a crash loses at most that many documents (a re-run or check_index --repair
writes them). An editor's save must never wait on an import:
``article_index_soon`` queues the ids (search.models.IndexQueue) when the index stays
locked for LOCK_WAIT_SOON seconds, and the next writer (any job's end, check_index --repair)
writes what is queued.

Signals (search.signals), the admin, the commands and check_index's repair all come here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from haystack import connections
from haystack.utils import get_identifier

from archive.models import Article
from search.consistency import IndexDifferences, index_differences
from search.models import IndexQueue
from search.search_indexes import prefetch_entity_aliases
from search.writers import (
    IndexLocked,
    background_merges_cancel,
    background_merges_finish,
    bulk_settings,
    bulk_writer,
    job_procs,
    write_job,
)

_state = threading.local()
# Articles read from the database per query while their documents are written.
READ_CHUNK = 500
# Articles a streaming block writes between two commits (settings.SEARCH_COMMIT_DOCS):
# each commit makes them searchable; a commit costs about a second with the writer processes
# started again (bench/README.md, #15).
COMMIT_DOCS = 2000
# The most articles between two commits (settings.SEARCH_COMMIT_MAX_DOCS), however big the
# import: at a fixed 2,000 a 31,000-article import took 195 s and 290 CPU s, at 8,000 166 s
# and 224 CPU s, in one commit 160 s (bench/README.md, #16); 16,000 is about 1.5 minutes.
COMMIT_MAX_DOCS = 16000
# How long a save waits for an index another job holds before its update is queued instead.
LOCK_WAIT_SOON = 0.5


def article_document_id(pk: int) -> str:
    """The index document id of an article, as haystack makes it ("archive.article.<pk>")."""
    return get_identifier(Article(pk=pk))


def _index():
    return connections["default"].get_unified_index().get_index(Article)


class _Articles:
    """The articles, read from the database a chunk at a time (memory stays flat)."""

    def __init__(self, index, ids: list[int], chunk: int = READ_CHUNK) -> None:
        self.index, self.ids, self.chunk = index, ids, chunk
        self.found: set[int] = set()

    def __iter__(self) -> Iterator:
        for start in range(0, len(self.ids), self.chunk):
            articles = list(self.index.index_queryset().filter(pk__in=self.ids[start : start + self.chunk]))
            prefetch_entity_aliases(articles)
            for article in articles:
                self.found.add(article.pk)
                yield article

    def gone(self) -> Iterator[str]:
        """The document ids of the articles no longer in the database (read after iterating)."""
        return (article_document_id(pk) for pk in self.ids if pk not in self.found)


def _write(writer, ids: list[int]) -> int:
    articles = _Articles(writer.index, ids)
    writer.add(articles)
    writer.delete(articles.gone())
    return len(articles.found)


def _index_now(
    ids: Iterable[int], *, procs: int | None = None, threshold: int | None = None,
    lock_wait: float | None = None,
) -> int:  # fmt: skip
    """One writer and one commit for the articles; writer processes for a big job."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    backend = connections["default"].get_backend()
    articles = _Articles(_index(), ids)
    procs = job_procs(backend, len(ids), procs=procs, threshold=threshold)
    writer = bulk_writer(backend, articles.index, procs=procs, lock_wait=lock_wait)
    write_job(writer, objects=articles, identifiers=articles.gone())
    return len(articles.found)


def _unindex_now(ids: Iterable[int], *, lock_wait: float | None = None) -> None:
    identifiers = [article_document_id(pk) for pk in sorted(set(ids))]
    if identifiers:
        writer = bulk_writer(connections["default"].get_backend(), _index(), procs=0, lock_wait=lock_wait)
        write_job(writer, identifiers=identifiers)


class IndexingBatch:
    """What one bulk_indexing() block has to write (see the module docstring)."""

    def __init__(
        self,
        *,
        procs: int,
        threshold: int,
        commit_docs: int = COMMIT_DOCS,
        commit_max_docs: int = COMMIT_MAX_DOCS,
    ) -> None:
        self.procs, self.threshold = procs, threshold
        self.commit_docs, self.commit_max_docs = commit_docs, max(commit_docs, commit_max_docs)
        self.streaming = False  # past the threshold once: every later step streams
        self.uncommitted = 0
        self.committed = 0
        self.waiting: dict[int, None] = {}
        self.written: set[int] = set()
        self.again: set[int] = set()
        self.removed: set[int] = set()
        self.writer = None
        self.indexed = 0  # documents written by the block (not counting those written again)

    def add(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self.removed.discard(pk)
            if pk in self.written:
                self.again.add(pk)
            else:
                self.waiting[pk] = None

    def remove(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self.waiting.pop(pk, None)
            self.again.discard(pk)
            self.removed.add(pk)

    @property
    def processes(self) -> list:
        return self.writer.processes if self.writer is not None else []

    def hand_over(self) -> None:
        """At the end of a step (a nested block): stream what waits once the job is big, and
        commit when commit_threshold says."""
        self.streaming |= len(self.waiting) >= self.threshold
        if not (self.streaming and self.waiting):
            return
        if self.writer is None:
            self.writer = bulk_writer(
                connections["default"].get_backend(), _index(), procs=self.procs, merge_in_background=True
            )
        ids = sorted(self.waiting)
        self.waiting.clear()
        self.indexed += _write(self.writer, ids)
        self.written.update(ids)
        self.uncommitted += len(ids)
        due = commit_threshold(committed=self.committed, first=self.commit_docs, most=self.commit_max_docs)
        if self.uncommitted >= due:
            self.commit()

    def commit(self) -> None:
        """Make what the writer holds searchable; the next step opens a new writer."""
        if self.writer is not None:
            self.writer.commit()
            self.writer = None
        self.committed += self.uncommitted
        self.uncommitted = 0
        # A committed document is replaced like any other: nothing to write again later.
        _index_now(self.again)
        self.again.clear()
        self.written.clear()
        index_queue_drain(lock_wait=LOCK_WAIT_SOON)

    def finish(self) -> None:
        if self.writer is not None:
            self.hand_over()
        else:
            self.indexed += _index_now(self.waiting, procs=self.procs, threshold=self.threshold)
        self.waiting.clear()
        self.commit()
        _unindex_now(self.removed)
        background_merges_finish(connections["default"].get_backend(), _index())

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None
        background_merges_cancel(connections["default"].get_backend())


def commit_threshold(*, committed: int, first: int, most: int) -> int:
    """Articles to write before the next commit when ``committed`` are already committed in
    the block: ``first``, then doubling what is searchable, never more than ``most``."""
    return max(1, min(most, max(first, committed)))


def _current() -> IndexingBatch | None:
    return getattr(_state, "batch", None)


@contextmanager
def bulk_indexing(*, procs: int | None = None, threshold: int | None = None) -> Iterator[IndexingBatch]:
    """Index the articles saved (or passed to article_index) inside the block when it ends.

    ``procs``: writer processes for a big job (None: the WRITER_PROCS setting; 0: this process
    writes one segment itself); ``threshold``: articles that make a job big (None: the
    WRITER_PROCS_MIN_DOCS setting). A nested block joins the outer one and ignores both.
    """
    outer = _current()
    if outer is not None:
        yield outer
        outer.hand_over()
        return
    default_procs, default_threshold = bulk_settings(connections["default"].get_backend())
    batch = IndexingBatch(
        procs=default_procs if procs is None else procs,
        threshold=default_threshold if threshold is None else threshold,
        commit_docs=getattr(settings, "SEARCH_COMMIT_DOCS", COMMIT_DOCS),
        commit_max_docs=getattr(settings, "SEARCH_COMMIT_MAX_DOCS", COMMIT_MAX_DOCS),
    )
    _state.batch = batch
    try:
        try:
            yield batch
        finally:
            _state.batch = None
        batch.finish()
    except Exception:
        # A block that streamed to writer processes is cancelled (check_index --repair or the
        # re-run of an import finds what it left). A small one still writes what waits: signals
        # queue ids only on commit, so those articles are in the database and must be found.
        if batch.writer is None:
            _salvage(batch)
        batch.cancel()
        raise
    except BaseException:
        # Ctrl-C, also during the commit itself: stop the writer processes, free the lock.
        batch.cancel()
        raise


def _salvage(batch: IndexingBatch) -> None:
    try:
        batch.finish()
    except Exception:
        pass  # the block's own error is the one to report; check_index finds what is left


def article_index(*, ids: Iterable[int]) -> int:
    """(Re)index these articles now, or at the end of the enclosing bulk_indexing() block.

    Returns how many documents were written now (0 when the block will write them)."""
    batch = _current()
    if batch is not None:
        batch.add(ids)
        return 0
    written = _index_now(ids)
    index_queue_drain(lock_wait=LOCK_WAIT_SOON)
    return written


def article_unindex(*, ids: Iterable[int]) -> None:
    """Remove these articles' documents now, or at the end of the enclosing block."""
    batch = _current()
    if batch is not None:
        batch.remove(ids)
        return
    _unindex_now(ids)


def article_index_soon(*, ids: Iterable[int]) -> None:
    """article_index for a save that must not wait on another job (an editor's, through the
    signals): when the index stays locked, the ids are queued for the next writer."""
    _soon(ids, during_job=article_index, now=_index_now)


def article_unindex_soon(*, ids: Iterable[int]) -> None:
    """article_unindex, queued like article_index_soon (the drain removes gone articles)."""
    _soon(ids, during_job=article_unindex, now=_unindex_now)


def _soon(ids: Iterable[int], *, during_job, now) -> None:
    ids = list(ids)
    if not ids:
        return
    if _current() is not None:
        during_job(ids=ids)
        return
    try:
        now(ids, lock_wait=LOCK_WAIT_SOON)
    except IndexLocked:
        index_queue_add(ids=ids)
    else:
        index_queue_drain(lock_wait=LOCK_WAIT_SOON)


def index_queue_add(*, ids: Iterable[int]) -> None:
    IndexQueue.objects.bulk_create(IndexQueue(article_id=pk) for pk in sorted(set(ids)))


def index_queue_drain(*, lock_wait: float | None = None) -> int:
    """Write the queued articles (index, or remove those gone) and forget them; a queue met
    locked again stays for the next writer. Returns how many articles were written."""
    rows = list(IndexQueue.objects.values_list("pk", "article_id")[:READ_CHUNK * 10])
    if not rows:
        return 0
    try:
        _index_now({article_id for _, article_id in rows}, lock_wait=lock_wait)
    except IndexLocked:
        return 0
    # By row: an id queued again meanwhile stays queued for the next writer.
    with transaction.atomic():
        IndexQueue.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return len(rows)


def articles_needing_index(*, ids: Iterable[int]) -> set[int]:
    """Of these articles, those the index lacks or holds in an older version (what an
    interrupted import stored but did not index)."""
    return index_differences(ids).to_index


def index_repair(*, differences: IndexDifferences) -> None:
    """check_index --repair: remove the stale documents, index the missing and changed, and
    write what saves queued."""
    article_unindex(ids=differences.stale)
    article_index(ids=differences.to_index)
    while index_queue_drain():
        pass


def index_rebuild() -> int:
    """Clear the index and index every article (documents without a revision need it)."""
    connections["default"].get_backend().clear(commit=True)
    return article_index(ids=Article.objects.values_list("pk", flat=True))
