"""Index writers held open for a whole job and fed one batch of objects at a time.

The one way documents reach the index: search.indexing's batches (imports, tagging, the
admin, check_index's repair) and haystack's update_index / rebuild_index / remove, through
the backend's update and remove (whoosh_update, whoosh_remove). With Whoosh, a big job's
documents go to writer processes (one segment each) as soon as each batch is prepared, so
analysing and writing runs on the other cores while this process reads the next batch;
a small one is written by this process as one segment. Old versions are deleted through
one searcher per job. Other engines get one update call per batch.

The Whoosh-private parts (fast segment writers, hand-over) are in search.whoosh_internals.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable

from haystack.constants import ID
from haystack.exceptions import SearchBackendError, SkipDocument
from whoosh.index import LockError

from search.backends import ArchiveWhooshSearchBackend
from search.whoosh_internals import (
    background_merge,
    background_merge_cancel,
    hand_over_buffered,
    segment_writer,
    writer_processes,
)

# Whoosh counts a posting at about 150 bytes; Python objects take more, so a writer process
# peaks near 3-4x this with its segment's other buffers. 32 MB: a writer process at 168 MB
# of PSS against 185 at 48 MB, for no measurable loss of time (bench/README.md, #16).
WRITER_LIMIT_MB = 32
# Documents per pickled hand-over file to a writer process.
HANDOVER_DOCS = 100
# Objects per update call to an engine other than Whoosh (one bulk request each).
ENGINE_CHUNK = 500


class IndexLocked(SearchBackendError):
    """Another job (an import, a rebuild) holds the index lock past the wait asked for."""


def _locked_writer(backend, make, *, lock_wait: float | None):
    """backend._writer's wait for the lock, for as long as asked (None: the backend's wait)."""
    if lock_wait is None:
        return backend._writer(make)
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            return make(backend.index)
        except LockError:
            if time.monotonic() >= deadline:
                raise IndexLocked(f"the search index at {backend.path} is locked by another job") from None
            time.sleep(0.05)


def bulk_settings(backend) -> tuple[int, int]:
    """Writer processes for a bulk job, and how many documents make one (WRITER_PROCS and
    WRITER_PROCS_MIN_DOCS; below that, starting processes costs more than it saves)."""
    return getattr(backend, "writer_procs", 1), getattr(backend, "multiprocess_min_docs", 2000)


def job_procs(backend, size: int | None, *, procs: int | None = None, threshold: int | None = None) -> int:
    """Writer processes for a job of `size` documents (None: unknown, so big): the given or
    configured count once the job reaches the threshold, else 0 (this process writes)."""
    default_procs, default_threshold = bulk_settings(backend)
    procs = default_procs if procs is None else procs
    threshold = default_threshold if threshold is None else threshold
    return procs if size is None or size >= threshold else 0


class EngineBulkWriter:
    """Any haystack engine: one update (one request, one commit) per batch."""

    def __init__(self, backend, index) -> None:
        self.backend, self.index = backend, index
        self.processes: list = []

    def add(self, objects: Iterable) -> None:
        iterator = iter(objects)
        while chunk := list(itertools.islice(iterator, ENGINE_CHUNK)):
            self.backend.update(self.index, chunk)

    def delete(self, identifiers: Iterable[str]) -> None:
        for identifier in identifiers:
            self.backend.remove(identifier)

    def commit(self) -> None:
        pass

    def cancel(self) -> None:
        pass


class WhooshBulkWriter:
    """Holds the index lock for the job. With procs >= 1, that many writer processes analyse
    and write (one segment each); with 0, this process writes one segment itself."""

    def __init__(
        self, backend, index, *, procs: int, limitmb: int = WRITER_LIMIT_MB, lock_wait: float | None = None,
        merge_in_background: bool = False,
    ) -> None:  # fmt: skip
        if not backend.setup_complete:
            backend.setup()
        self.backend, self.index = backend, index
        backend.index = backend.index.refresh()
        self.writer = _locked_writer(
            backend,
            lambda ix: segment_writer(ix, procs=procs, limitmb=limitmb, handover_docs=HANDOVER_DOCS),
            lock_wait=lock_wait,
        )
        # A job of many commits (search.indexing's streaming import) merges in a process of
        # its own and must call background_merges_finish at its end.
        self.writer.merge_in_background = merge_in_background
        self.unique_fields = [name for name, field in self.writer.schema.items() if field.unique]
        self._searcher = None

    @property
    def searcher(self):
        # Whoosh's update_document opens a new searcher over every segment for each
        # document (26 ms a document once the index holds a segment): the committed
        # segments do not change while this writer holds the lock, so one serves the job.
        if self._searcher is None:
            self._searcher = self.writer.searcher()
        return self._searcher

    def add(self, objects: Iterable) -> None:
        """Write (replace) a document per object; an object whose index raises SkipDocument
        is left as the index has it, as haystack's Whoosh backend does."""
        for obj in objects:
            try:
                document = self.backend._document(self.index, obj)
            except SkipDocument:
                continue
            for name in self.unique_fields:
                self.writer.delete_by_term(name, document[name], searcher=self.searcher)
            self.writer.add_document(**document)
        hand_over_buffered(self.writer)

    def delete(self, identifiers: Iterable[str]) -> None:
        for identifier in identifiers:
            self.writer.delete_by_term(ID, identifier, searcher=self.searcher)

    @property
    def processes(self) -> list:
        return writer_processes(self.writer)

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def commit(self) -> None:
        self._close_searcher()
        self.writer.commit()

    def cancel(self) -> None:
        self._close_searcher()
        # MpWriter.cancel() only flags its tasks in this process; the writer processes would
        # wait on their queue for ever, so stop them before releasing the lock.
        for process in self.processes:
            process.terminate()
            process.join()
        self.writer.cancel()


def bulk_writer(
    backend, index, *, procs: int, lock_wait: float | None = None, merge_in_background: bool = False
):
    """The job's writer; ``lock_wait``: seconds to wait for Whoosh's lock before IndexLocked
    (None: the backend's LOCK_WAIT_SECONDS); ``merge_in_background``: its commit starts
    merging small segments in another process instead of merging them itself (the job then
    ends with background_merges_finish)."""
    if isinstance(backend, ArchiveWhooshSearchBackend):
        return WhooshBulkWriter(
            backend, index, procs=procs, lock_wait=lock_wait, merge_in_background=merge_in_background
        )
    return EngineBulkWriter(backend, index)


def background_merges_finish(backend, index) -> None:
    """Wait for the merge a job's commits started, and commit its segment into the index."""
    running = background_merge(backend.index) if _may_merge(backend) else None
    if running is None:
        return
    running.wait()
    write_job(WhooshBulkWriter(backend, index, procs=0))  # its commit adopts the merged segment


def background_merges_cancel(backend) -> None:
    """Stop a job's merge (the job failed or was interrupted): the index keeps its segments."""
    if _may_merge(backend):
        background_merge_cancel(backend.index)


def _may_merge(backend) -> bool:
    return isinstance(backend, ArchiveWhooshSearchBackend) and backend.setup_complete


def write_job(writer, *, objects: Iterable = (), identifiers: Iterable[str] = ()) -> None:
    """Add the objects and delete the documents, then commit; cancel (lock released) on error."""
    try:
        writer.add(objects)
        writer.delete(identifiers)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def whoosh_update(backend, index, objects: Iterable, *, commit: bool = True) -> None:
    """The Whoosh backend's update(), for callers of haystack's API (update_index sends
    articles through search.indexing instead): writer processes start when one call is big.

    Always commits, like haystack's own Whoosh backend: a writer holds the index lock, and
    one left open for a later commit would block every other write in the meantime."""
    iterator = iter(objects)
    first = next(iterator, None)
    if first is None:
        return
    size = len(objects) if hasattr(objects, "__len__") else None
    writer = WhooshBulkWriter(backend, index, procs=job_procs(backend, size))
    write_job(writer, objects=itertools.chain([first], iterator))


def whoosh_remove(backend, identifiers: Iterable[str]) -> None:
    """The Whoosh backend's remove(), and bulk removals: one writer and commit for them all."""
    write_job(WhooshBulkWriter(backend, None, procs=0), identifiers=identifiers)
