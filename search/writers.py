"""Index writers held open for a whole bulk job and fed one batch of articles at a time.

An import stores, tags and indexes batch after batch. With Whoosh the documents go to
writer processes (Whoosh's MpWriter, one segment each) as soon as each batch is prepared,
so analysing and writing the index runs on the other cores while this process reads,
parses, stores and tags the next batch. Other engines get one update call per batch.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from haystack.exceptions import SearchBackendError
from whoosh.index import LockError
from whoosh.multiproc import MpWriter

from search.backends import ArchiveWhooshSearchBackend

# Whoosh counts a posting at about 150 bytes; Python objects take more, so a writer process
# peaks near 2-3x this. 64 MB keeps two writers and the import itself under 600 MB in all.
WRITER_LIMIT_MB = 64
# Documents per pickled hand-over file to a writer process.
HANDOVER_DOCS = 100


class EngineBulkWriter:
    """Any haystack engine: one update (one request, one commit) per batch."""

    def __init__(self, backend, index) -> None:
        self.backend, self.index = backend, index

    def add(self, articles: Iterable) -> None:
        self.backend.update(self.index, list(articles))

    def commit(self) -> None:
        pass

    def cancel(self) -> None:
        pass


class WhooshBulkWriter:
    """Holds the index lock for the job; `procs` writer processes analyse and write."""

    def __init__(self, backend, index, *, procs: int, limitmb: int = WRITER_LIMIT_MB) -> None:
        if not backend.setup_complete:
            backend.setup()
        self.backend, self.index = backend, index
        backend.index = backend.index.refresh()
        self.writer = self._locked_writer(procs=max(1, procs), limitmb=limitmb)

    def _locked_writer(self, **options) -> MpWriter:
        deadline = time.monotonic() + self.backend.lock_wait
        while True:
            try:
                return MpWriter(self.backend.index, multisegment=True, batchsize=HANDOVER_DOCS, **options)
            except LockError:
                if time.monotonic() >= deadline:
                    raise SearchBackendError(
                        f"the search index at {self.backend.path} stayed locked for "
                        f"{self.backend.lock_wait:.0f} s; another import or rebuild is probably running"
                    ) from None
                time.sleep(0.05)

    def add(self, articles: Iterable) -> None:
        for article in articles:
            self.writer.update_document(**self.backend._document(self.index, article))
        if self.writer.docbuffer:
            # Hand the batch's last documents over now rather than with the next batch.
            self.writer._enqueue()

    @property
    def processes(self) -> list:
        return list(self.writer.tasks)

    def commit(self) -> None:
        self.writer.commit()

    def cancel(self) -> None:
        # MpWriter.cancel() only flags its tasks in this process; the writer processes would
        # wait on their queue for ever, so stop them before releasing the lock.
        for task in self.writer.tasks:
            task.terminate()
            task.join()
        self.writer.cancel()


def bulk_writer(backend, index, *, procs: int):
    if isinstance(backend, ArchiveWhooshSearchBackend):
        return WhooshBulkWriter(backend, index, procs=procs)
    return EngineBulkWriter(backend, index)
