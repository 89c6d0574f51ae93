"""Index writers held open for a whole bulk job and fed one batch of articles at a time.

An import stores, tags and indexes batch after batch. With Whoosh the documents go to
writer processes (Whoosh's MpWriter, one segment each) as soon as each batch is prepared,
so analysing and writing the index runs on the other cores while this process reads,
parses, stores and tags the next batch. Other engines get one update call per batch.
"""

from __future__ import annotations

import itertools
import marshal
import os
import queue
from collections.abc import Iterable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from search.backends import ArchiveWhooshSearchBackend

# Whoosh counts a posting at about 150 bytes; Python objects take more, so a writer process
# peaks near 2-3x this. 48 MB keeps two writers and the import itself at 571 MB in all
# (bench/README.md); 64 MB peaked at 599 MB for no measurable gain in time.
WRITER_LIMIT_MB = 48
# Documents per pickled hand-over file to a writer process.
HANDOVER_DOCS = 100


# How often an idle writer process checks that the import that started it is still alive.
PARENT_CHECK_SECONDS = 1.0
# Articles per update call to an engine other than Whoosh (one bulk request each).
ENGINE_CHUNK = 500
# Postings per marshal block when a writer spills its sorted postings to disk; merging
# the runs holds one block of each in memory.
SPILL_BLOCK = 2_000


class _BlockPostingPool(PostingPool):
    """Whoosh spills a sorted run one pickle.dump per posting and reads it back one
    pickle.load at a time: a fifth of a writer's time in the profile. The same sorted
    postings go out and come back in blocks of tuples, one marshal call each."""

    def _write_run(self, f, items):
        for start in range(0, len(items), SPILL_BLOCK):
            marshal.dump(items[start : start + SPILL_BLOCK], f)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    block = marshal.load(f)
                except EOFError:
                    return
                yield from block
        finally:
            f.close()
            self._remove_run(path)


class _ListedLengths:
    """The new segment's field lengths as lists: Whoosh asks for one length per posting
    when it writes the postings, each a column read through several calls."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.lengths: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.lengths.get(fieldname, ...)
        if lengths is ...:
            lengths = self.lengths[fieldname] = self._read(fieldname)
        return default if lengths is None else lengths[docnum]

    def _read(self, fieldname: str) -> list[int] | None:
        column = self.reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        return [byte_to_length(byte) if byte else 0 for byte in column]

    def __getattr__(self, name):
        return getattr(self.reader, name)


class _FastWriting:
    """For a Whoosh writer class: the block-spilling pool and listed lengths above."""

    def __init__(self, ix, *, limitmb: int = WRITER_LIMIT_MB, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _BlockPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def per_document_reader(self):
        return _ListedLengths(super().per_document_reader())


class _FastSegmentWriter(_FastWriting, SegmentWriter):
    pass


class _FastSubWriterTask(SubWriterTask):
    """Whoosh's writer process with the faster segment writer above (its run() builds a
    plain SegmentWriter inline, so it is repeated here with the one class changed)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()  # read here, in the parent: it may die before run() starts

    def run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = _FastSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            try:
                jobinfo = self.jobqueue.get(timeout=PARENT_CHECK_SECONDS)
            except queue.Empty:
                if os.getppid() != self.parent_pid:
                    # The import was killed: nothing will commit this segment. Whoosh
                    # deletes the unused files at the next commit.
                    return
                continue
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class _FastMpWriter(_FastWriting, MpWriter):
    """Also the parent writer's pool: at commit it merges the index's small segments itself."""

    def _new_task(self):
        task = _FastSubWriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True
        )
        self.tasks.append(task)
        task.start()
        return task


class EngineBulkWriter:
    """Any haystack engine: one update (one request, one commit) per batch."""

    def __init__(self, backend, index) -> None:
        self.backend, self.index = backend, index

    def add(self, articles: Iterable) -> None:
        iterator = iter(articles)
        while chunk := list(itertools.islice(iterator, ENGINE_CHUNK)):
            self.backend.update(self.index, chunk)

    def commit(self) -> None:
        pass

    def cancel(self) -> None:
        pass


class WhooshBulkWriter:
    """Holds the index lock for the job. With procs >= 1, that many writer processes analyse
    and write (one segment each); with 0, this process writes one segment itself."""

    def __init__(self, backend, index, *, procs: int, limitmb: int = WRITER_LIMIT_MB) -> None:
        if not backend.setup_complete:
            backend.setup()
        self.backend, self.index = backend, index
        backend.index = backend.index.refresh()
        self.writer = backend._writer(lambda ix: self._new_writer(ix, procs, limitmb))
        self.unique_fields = [name for name, field in self.writer.schema.items() if field.unique]
        self._searcher = None

    @staticmethod
    def _new_writer(ix, procs: int, limitmb: int) -> SegmentWriter:
        if procs < 1:
            return _FastSegmentWriter(ix, limitmb=limitmb)
        return _FastMpWriter(ix, procs=procs, multisegment=True, batchsize=HANDOVER_DOCS, limitmb=limitmb)

    def add(self, articles: Iterable) -> None:
        # Whoosh's update_document opens a new searcher over every segment for each
        # document (26 ms a document once the index holds a segment): the committed
        # segments do not change while this writer holds the lock, so one searcher serves.
        if self._searcher is None:
            self._searcher = self.writer.searcher()
        for article in articles:
            document = self.backend._document(self.index, article)
            for name in self.unique_fields:
                self.writer.delete_by_term(name, document[name], searcher=self._searcher)
            self.writer.add_document(**document)
        if getattr(self.writer, "docbuffer", None):
            # Hand the batch's last documents over now rather than with the next batch.
            self.writer._enqueue()

    @property
    def processes(self) -> list:
        return list(getattr(self.writer, "tasks", []))

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


def bulk_writer(backend, index, *, procs: int):
    if isinstance(backend, ArchiveWhooshSearchBackend):
        return WhooshBulkWriter(backend, index, procs=procs)
    return EngineBulkWriter(backend, index)
