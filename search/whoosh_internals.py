"""Every use of Whoosh's private internals, in one guarded place.

Written against Whoosh 2.7.4 (WHOOSH_VERSION); search.checks reports an Error at start-up on
any other version, and on one the code below falls back to stock Whoosh (no patch, plain
writers). What it touches:

- ``whoosh.filedb.structfile.BufferFile.__init__`` is replaced (once, from SearchConfig.ready)
  so a segment's sub-files read the mapped bytes in place (MappedFile) instead of copying
  them into a BytesIO: a reader on a 50,000-article index cost its size in memory.
- ``whoosh.writing.PostingPool._write_run`` / ``_read_run`` / ``_open_run`` / ``_remove_run``:
  sorted runs spill as marshal blocks, not one pickle per posting.
- ``SegmentWriter._tempstorage``, ``.newsegment``, ``.pool``, ``.per_document_reader()``, and
  the per-document reader's ``_cached_reader`` with ``whoosh.codec.whoosh3._lenfield`` and
  ``LENGTHS_COLUMN``: field lengths as lists while postings are written.
- ``whoosh.multiproc.SubWriterTask.run`` is repeated with the faster segment writer, using
  its ``storage``, ``indexname``, ``jobqueue``, ``resultqueue``, ``kwargs``, ``running``,
  ``writer``, ``_process_file`` and the writer's ``_finalize_segment``; ``MpWriter._new_task``,
  ``.tasks``, ``.subargs``, ``.docbuffer`` and ``._enqueue`` hand documents to it.
- Merges in a process of their own (BackgroundMerge): a segment's files named
  ``<indexname>_<segment id>.*`` (moved into the index on adoption; clean_files leaves other
  names alone), ``Segment.deleted_docs`` / ``delete_document`` to carry deletions over, a
  writer's ``segments`` and ``generation``, ``FileIndex._reader`` for a searcher over them read
  without mapping (``FileStorage(supports_mmap=False)``).
- ``whoosh.codec.whoosh3.W3LeafMatcher._read_ids``, ``._ids`` and ``._next_block``: a term's
  documents read a postings block at a time for the spelling context and unscored matching
  (posting_ids), or only the blocks that can hold some documents (posting_ids_among).
"""

from __future__ import annotations

import copy
import ctypes
import gc
import heapq
import io
import marshal
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
import zlib
from array import array
from pathlib import Path
from pickle import loads

import whoosh
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.filedb import structfile
from whoosh.filedb.filestore import FileStorage
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader
from whoosh.system import _INT_SIZE
from whoosh.util import fib
from whoosh.util.numlists import delta_decode
from whoosh.writing import PostingPool, SegmentWriter

WHOOSH_VERSION = (2, 7, 4)
# How often an idle writer process checks that the import that started it is still alive.
PARENT_CHECK_SECONDS = 1.0
# Postings per marshal block when a writer spills its sorted postings to disk; merging
# the runs holds one block of each in memory.
SPILL_BLOCK = 2_000
# Posting blocks of fewer postings are stored as their pickle, not zlib-compressed: on
# news, most terms have a handful of postings, and zlib's set-up per block cost a writer
# ~7 % of its time for 4 % of the index's size (bench/README.md, #16).
COMPRESSED_BLOCK_MIN_POSTINGS = 8
# A writer process collects garbage itself every this many hand-over files (of
# search.writers.HANDOVER_DOCS documents), not when Python's counters say: those
# collections walked its pool's postings again and again, ~8 % of its time, and found
# next to nothing (a document's garbage has no cycles).
WRITER_COLLECT_EVERY_FILES = 20


def installed_whoosh_version() -> tuple[int, ...]:
    return tuple(whoosh.__version__[:3])


def internals_supported() -> bool:
    """Whether the installed Whoosh is the one this module was written against."""
    return installed_whoosh_version() == WHOOSH_VERSION


# -- segments read in place ----------------------------------------------------------------
class MappedFile(io.RawIOBase):
    """A read-only, seekable file over a memoryview, without a copy."""

    def __init__(self, view) -> None:
        super().__init__()
        self._view = memoryview(view)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        end = min(self._position + len(buffer), len(self._view))
        size = end - self._position
        buffer[:size] = self._view[self._position : end]
        self._position = end
        return size

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(self._position + size, len(self._view))
        data = self._view[self._position : end].tobytes()
        self._position = end
        return data

    def readline(self, size: int = -1) -> bytes:
        limit = len(self._view) if size is None or size < 0 else min(self._position + size, len(self._view))
        start = self._position
        end = start
        while end < limit and self._view[end] != 0x0A:
            end += 1
        self._position = min(end + 1, limit)
        return self._view[start : self._position].tobytes()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position


def _buffer_file_init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = MappedFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def read_segments_in_place() -> bool:
    """Make Whoosh's BufferFile read its mapped bytes in place; True when the patch is in.

    Idempotent, and a no-op on another Whoosh version (its BufferFile may differ)."""
    if not internals_supported():
        return False
    structfile.BufferFile.__init__ = _buffer_file_init
    return True


def segments_read_in_place() -> bool:
    return structfile.BufferFile.__init__ is _buffer_file_init


# -- the bulk writers' segment writers -------------------------------------------------------
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
        # Private names, imported only when used: on another Whoosh they must not break start-up.
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = self.reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        return [byte_to_length(byte) if byte else 0 for byte in column]

    def __getattr__(self, name):
        return getattr(self.reader, name)


class _SmallBlocksUncompressed(W3PostingsWriter):
    """Whoosh compresses every block of postings, a block of two as well (its "under 20
    bytes, don't" is overwritten on the next line). Readers follow each block's own flag."""

    def _write_block(self, last=False):
        compression = self._compression
        if len(self._ids) < COMPRESSED_BLOCK_MIN_POSTINGS:
            self._compression = 0
        try:
            return super()._write_block(last)
        finally:
            self._compression = compression


class _SmallBlocksCodec:
    """The codec as the new segment's field writer sees it: it asks it for nothing but a
    postings writer per field. The segment keeps Whoosh's own codec (it is pickled into
    the index's TOC, which plain Whoosh must still read)."""

    def __init__(self, codec) -> None:
        self.codec = codec

    def postings_writer(self, dbfile, byteids=False):
        writer = self.codec.postings_writer(dbfile, byteids=byteids)
        if type(writer) is W3PostingsWriter:
            writer.__class__ = _SmallBlocksUncompressed
        return writer

    def __getattr__(self, name):
        return getattr(self.codec, name)


class _FastWriting:
    """For a Whoosh writer class: the block-spilling pool and listed lengths above, small
    posting blocks left uncompressed, and small segments merged into a segment of their own
    without sorting their postings again."""

    # A bulk job's writers merge in a process of their own (BackgroundMerge) and go on.
    merge_in_background = False

    def __init__(self, ix, *, limitmb: int, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _BlockPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._merge_source, self._limitmb = ix, limitmb
        if hasattr(self.fieldwriter, "_codec"):
            self.fieldwriter._codec = _SmallBlocksCodec(self.fieldwriter._codec)

    def per_document_reader(self):
        return _ListedLengths(super().per_document_reader())

    def searcher(self, **kwargs):
        """Over the committed segments, read without mapping them: a bulk job looks up each
        new document's id in every segment, and mapped, the pages it touched stayed counted
        as the import's memory (73 MB by the end of a 31,000-article import)."""
        from whoosh.index import FileIndex
        from whoosh.searching import Searcher

        storage = FileStorage(self.storage.folder, supports_mmap=False)
        return Searcher(FileIndex._reader(storage, self.schema, self.segments, self.generation), **kwargs)

    def _merge_segments(self, mergetype, optimize, merge):
        optimize = self.optimize if optimize is None else optimize
        merge = self.merge if merge is None else merge
        if (mergetype or self.mergetype) is not None or optimize or not merge:
            return super()._merge_segments(mergetype, optimize, merge)
        segments = list(self.segments)
        running = background_merge(self._merge_source)
        if running is not None:
            if not running.finished():
                return segments  # those segments are being merged: no other merge meanwhile
            adopted = running.adopt(segments)
            if adopted is not None:
                return adopted
        if self.merge_in_background:
            chosen = tiered_segments(segments)
            if chosen:
                BackgroundMerge.start(self._merge_source, chosen, limitmb=self._limitmb)
            return segments
        chosen = small_segments(segments)
        if not chosen:
            return segments
        merged = merged_segment(self._merge_source, chosen, limitmb=self._limitmb)
        return [segment for segment in segments if segment not in chosen] + [merged]


def small_segments(segments: list) -> list:
    """The segments Whoosh's MERGE_SMALL policy would merge (its Fibonacci rule, unchanged),
    smallest first; [] when it would merge none."""
    chosen, total = [], 0
    for position, segment in enumerate(sorted(segments, key=lambda s: s.doc_count_all())):
        total += max(segment.doc_count_all(), 0)
        chosen.append(segment)
        if position > 3 and total < fib(position + 5):
            return chosen if len(chosen) > 1 else []
    return []


# A background merge takes MERGE_FACTOR segments of one size tier; tier 0 holds segments
# below TIER_DOCS * MERGE_FACTOR documents, each further tier MERGE_FACTOR times more.
MERGE_FACTOR = 8
TIER_DOCS = 1000


def segment_tier(documents: int) -> int:
    tier, ceiling = 0, TIER_DOCS * MERGE_FACTOR
    while documents >= ceiling:
        tier, ceiling = tier + 1, ceiling * MERGE_FACTOR
    return tier


def tiered_segments(segments: list) -> list:
    """The segments a bulk job merges in the background: the MERGE_FACTOR smallest of the
    lowest tier holding that many, else []. Whoosh's rule waits for ~20 segments of an
    import's size (2,400 documents) and then merges them all at once, up to the whole
    index; by tiers each document is merged once per tier, a merge is at most
    MERGE_FACTOR segments of like size, and an index keeps under MERGE_FACTOR segments a tier."""
    tiers: dict[int, list] = {}
    for segment in sorted(segments, key=lambda s: s.doc_count_all()):
        tiers.setdefault(segment_tier(segment.doc_count_all()), []).append(segment)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= MERGE_FACTOR:
            return tiers[tier][:MERGE_FACTOR]
    return []


class _MergedPostings:
    """Stands in for the pool of a writer that merges segments: their postings come out in
    the pool's order (field, term, new document number) by reading each segment's terms in
    order, a postings block at a time. Whoosh's merge puts every posting through the pool,
    which sorts them all again and spills them to disk: at 30,000 articles that was half of
    the import process's CPU (bench/README.md, #16)."""

    def __init__(self, schema, sources: list) -> None:
        self.schema, self.sources = schema, sources  # (reader, first new docnum, docmap or None)
        self.fieldnames = sorted({name for reader, _, _ in sources for name in reader.indexed_field_names()})

    def iter_postings(self):
        for fieldname in self.fieldnames:
            if fieldname in self.schema:
                yield from self._field_postings(fieldname, self.schema[fieldname].format)

    def _field_postings(self, fieldname, format_):
        lexicons = [
            _field_terms(reader, fieldname, number)
            for number, (reader, _, _) in enumerate(self.sources)
            if fieldname in reader.indexed_field_names()
        ]
        fixedsize = format_.fixed_value_size()
        for btext, number, terminfo in heapq.merge(*lexicons, key=lambda item: (item[0], item[1])):
            reader, base, docmap = self.sources[number]
            for docnum, weight, value in _term_postings(reader._terms._postfile, terminfo, fixedsize):
                if docmap is None:
                    yield fieldname, btext, base + docnum, weight, value
                elif docnum in docmap:
                    yield fieldname, btext, docmap[docnum], weight, value

    def add(self, item) -> None:
        raise TypeError("a merging writer takes no new documents")

    def cleanup(self) -> None:
        for reader, _, _ in self.sources:
            reader.close()


def _field_terms(reader, fieldname: str, number: int):
    """(term bytes, number, term info) of the reader's terms in one field, in order."""
    for (name, btext), terminfo in reader._terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield btext, number, terminfo


def _term_postings(postfile, terminfo, fixedsize):
    """(docnum, weight, value bytes) of a term's postings, a block at a time, read as
    W3LeafMatcher reads them but without a matcher per term: most terms of a segment have a
    posting or two, and building their matchers was a quarter of a merge."""
    if terminfo.is_inlined():
        yield from zip(*terminfo.inlined_postings(), strict=True)
        return
    offset, _ = terminfo.extent()
    postfile.seek(offset)
    if postfile.read(4) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no postings block at offset {offset}")
    position = offset + 4
    while True:
        postfile.seek(position)
        length = postfile.read_int()
        following = position + _INT_SIZE + abs(length)
        count, _, _, compression, _, _ = postfile.read_pickle()
        start = postfile.tell()
        data = postfile.get(start, following - start)
        ids, weights, values = loads(zlib.decompress(data) if compression else data)
        if weights is None or isinstance(weights, float):
            weights = [1.0 if weights is None else weights] * count
        if fixedsize == 0:
            values = (None,) * count
        elif fixedsize is not None and fixedsize > 0:
            values = [values[i : i + fixedsize] for i in range(0, len(values), fixedsize)]
        yield from zip(delta_decode(ids), weights, values, strict=True)
        if length < 0:  # the last block
            return
        position = following


def merged_segment(ix, segments: list, *, limitmb: int, into=None):
    """A new segment (not yet in any TOC) holding the live documents of ``segments`` in
    their order, as Whoosh's merge writes them: stored fields, lengths, columns and vectors
    document by document, then the postings straight into the field writer. Its files are
    written into index ``into`` (default: ``ix`` itself); there, its temporary files are in
    the index's one temp folder, which the job's own writer removes at the end."""
    writer = _FastSegmentWriter(ix if into is None else into, _lk=False, limitmb=limitmb)
    readers, sources = [], []
    try:
        fieldnames = set(writer.schema.names())
        for segment in segments:
            reader = SegmentReader(ix.storage, writer.schema, segment)
            readers.append(reader)
            first = writer.docnum
            sources.append((reader, first, writer.write_per_doc(fieldnames, reader)))
        writer.pool.cleanup()
        writer.pool = _MergedPostings(writer.schema, sources)  # its cleanup closes the readers
        writer._added = True
        merged = writer._finalize_segment()
    except BaseException:
        if not isinstance(writer.pool, _MergedPostings):
            for reader in readers:
                reader.close()
        writer._close_segment()  # not cancel(): that would delete the temp folder the job shares
        raise
    return merged


class _FastSegmentWriter(_FastWriting, SegmentWriter):
    pass


# -- merges in a process of their own -------------------------------------------------------
# Below the import's own priority: the import (the job's critical path) goes first.
MERGE_NICENESS = 5
_MERGE_FOLDER_PREFIX = "merge-"
_running_merges: dict[str, BackgroundMerge] = {}


def background_merge(ix) -> BackgroundMerge | None:
    """The merge this process runs for the index, if any (finished or not)."""
    return _running_merges.get(_index_key(ix))


def _index_key(ix) -> str:
    return os.path.realpath(ix.storage.folder)


class BackgroundMerge:
    """One merge of small segments written by a child process into a folder of its own, while
    the job's commits go on without merging. A bulk job's commit merged small segments in the
    import process itself: with Whoosh's rule and the import's ~1,200-document segments that
    was one merge of ~20,000 documents every ~20 commits, 110 s in which nothing was imported
    (bench/README.md, #16). The first commit after the child is done adopts the merged
    segment (its files moved into the index) in place of the segments it holds, with the
    deletions made meanwhile carried over; the merge is dropped if another writer has merged
    or removed any of them in the meantime. The folder (``merge-<pid>-<n>``) matches none of
    Whoosh's file patterns, so no commit deletes it while the child writes."""

    def __init__(self, ix, segments: list, *, limitmb: int) -> None:
        # Copies, deletions and all: the commit's own segments change under later deletions.
        self.ix, self.chosen = ix, [copy.deepcopy(segment) for segment in segments]
        self.folder = tempfile.mkdtemp(prefix=f"{_MERGE_FOLDER_PREFIX}{os.getpid()}-", dir=ix.storage.folder)
        self._outcome = None
        receiver, sender = multiprocessing.Pipe(duplex=False)
        self._receiver = receiver
        parent = os.getpid()
        self.process = multiprocessing.get_context("fork").Process(
            target=_merge_in_child, args=(ix, self.chosen, self.folder, limitmb, parent, sender),
            name="whoosh-merge", daemon=True,
        )  # fmt: skip
        self.process.start()
        sender.close()

    @classmethod
    def start(cls, ix, segments: list, *, limitmb: int) -> BackgroundMerge:
        _remove_abandoned_merge_folders(ix)
        _running_merges[_index_key(ix)] = merge = cls(ix, segments, limitmb=limitmb)
        return merge

    def finished(self) -> bool:
        if self._outcome is None and (self._receiver.poll() or not self.process.is_alive()):
            self._receive()
        return self._outcome is not None

    def wait(self) -> None:
        if self._outcome is None:
            self._receive()

    def _receive(self) -> None:
        try:
            self._outcome = self._receiver.recv()
        except EOFError:  # the child died without a word (killed)
            self._outcome = ("failed", f"the merge process exited with {self.process.exitcode}")
        self._receiver.close()
        self.process.join()

    def adopt(self, segments: list) -> list | None:
        """The segment list with the merged segment in place of the merged ones (files moved
        into the index), or None when the merge failed or no longer applies. Call only while
        holding the index lock, once finished(); the merge is forgotten either way."""
        _running_merges.pop(_index_key(self.ix), None)
        kind, merged = self._outcome
        current = {segment.segment_id(): segment for segment in segments}
        try:
            if kind != "merged" or any(before.segment_id() not in current for before in self.chosen):
                return None
            self._carry_deletions(merged, current)
            for path in Path(self.folder).glob(f"{merged.segment_id()}.*"):
                os.replace(path, Path(self.ix.storage.folder) / path.name)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        chosen = {before.segment_id() for before in self.chosen}
        return [segment for segment in segments if segment.segment_id() not in chosen] + [merged]

    def _carry_deletions(self, merged, current: dict) -> None:
        """Documents deleted from the merged segments since the merge began, deleted from the
        merged segment too (its documents are their live ones then, in order)."""
        base = 0
        for before in self.chosen:
            now = current[before.segment_id()]
            if now.deleted_count() != before.deleted_count():
                live = (docnum for docnum in range(before.doc_count_all()) if not before.is_deleted(docnum))
                position = {docnum: number for number, docnum in enumerate(live)}
                for docnum in now.deleted_docs():
                    if not before.is_deleted(docnum):
                        merged.delete_document(base + position[docnum])
            base += before.doc_count()

    def cancel(self) -> None:
        _running_merges.pop(_index_key(self.ix), None)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def background_merge_cancel(ix) -> None:
    running = background_merge(ix)
    if running is not None:
        running.cancel()


def _remove_abandoned_merge_folders(ix) -> None:
    """Folders of merges whose import was killed (no process of that pid any more)."""
    for folder in Path(ix.storage.folder).glob(f"{_MERGE_FOLDER_PREFIX}*"):
        pid = folder.name[len(_MERGE_FOLDER_PREFIX) :].partition("-")[0]
        if pid.isdigit() and not _process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _merge_in_child(ix, segments: list, folder: str, limitmb: int, parent_pid: int, sender) -> None:
    die_with_parent(parent_pid)
    keep_inherited_pages_shared()
    os.nice(MERGE_NICENESS)
    try:
        # Read with plain reads, not mapped: a merge reads every page of its segments once,
        # and mapped they all counted as its memory (a 31,000-document merge: 405 MB of
        # mapped file against 12 MB read, for 9 % more CPU; bench/README.md, #16).
        source = FileStorage(ix.storage.folder, supports_mmap=False).open_index(ix.indexname)
        into = FileStorage(folder).create_index(source.schema, indexname=ix.indexname)
        sender.send(("merged", merged_segment(source, segments, limitmb=limitmb, into=into)))
    except BaseException as error:  # reported to the job, which drops the merge
        sender.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, *, poll_seconds: float = PARENT_CHECK_SECONDS / 4) -> None:
    """Make this (forked) process exit within a second of the parent's death, even while busy
    writing: a writer outliving a killed import holds the index lock (its inherited lock file).

    Linux kills it at once (prctl PR_SET_PDEATHSIG); a watchdog thread polling the parent
    covers other systems and a parent that died before the prctl took effect."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watchdog alone
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def keep_inherited_pages_shared() -> None:
    """In a forked child: the garbage collector leaves the objects inherited from the parent
    alone, so a full collection does not write to (and copy) every page holding one. Measured
    small: a writer process's PSS 200 -> 190 MB (bench/README.md, #16)."""
    gc.freeze()


class _FastSubWriterTask(SubWriterTask):
    """Whoosh's writer process with the faster segment writer above (its run() builds a
    plain SegmentWriter inline, so it is repeated here with the one class changed)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()  # read here, in the parent: it may die before run() starts

    def run(self) -> None:
        die_with_parent(self.parent_pid)
        keep_inherited_pages_shared()
        gc.disable()
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = _FastSegmentWriter(ix, _lk=False, **self.kwargs)
        files = 0
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
            files += 1
            if files % WRITER_COLLECT_EVERY_FILES == 0:
                gc.collect()
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


def segment_writer(ix, *, procs: int, limitmb: int, handover_docs: int) -> SegmentWriter:
    """An index writer: with procs >= 1 that many writer processes (one segment each), with 0
    this process writes one segment. The fast classes only on the Whoosh they were written for."""
    if procs < 1:
        writer_class = _FastSegmentWriter if internals_supported() else SegmentWriter
        return writer_class(ix, limitmb=limitmb)
    writer_class = _FastMpWriter if internals_supported() else MpWriter
    return writer_class(ix, procs=procs, multisegment=True, batchsize=handover_docs, limitmb=limitmb)


def hand_over_buffered(writer) -> None:
    """Send a multiprocess writer's buffered documents to its processes now, not with the
    next batch (a no-op for a single-process writer)."""
    if getattr(writer, "docbuffer", None):
        writer._enqueue()


def writer_processes(writer) -> list:
    return list(getattr(writer, "tasks", []))


# -- postings read a block at a time ---------------------------------------------------------
def posting_ids(matcher) -> array:
    """The document numbers of a fresh leaf matcher: a block's decoded array at a time, where
    Whoosh's all_ids steps one document at a time in Python."""
    ids = array("q")
    if not internals_supported() or not hasattr(matcher, "_read_ids"):
        ids.extend(matcher.all_ids())
        return ids
    while matcher.is_active():
        matcher._read_ids()
        ids.extend(matcher._ids)
        matcher._next_block()
    return ids


def posting_ids_among(matcher, wanted) -> array:
    """The document numbers of a fresh leaf matcher in the blocks that can hold one of
    `wanted` (sorted document numbers, a numpy array): the others' ids, weights and
    positions are never decompressed. Each block's header gives its last id."""
    ids = array("q")
    if not internals_supported() or not hasattr(matcher, "_read_ids"):
        ids.extend(matcher.all_ids())
        return ids
    low, count = 0, len(wanted)
    while matcher.is_active():
        high = matcher.block_max_id()
        position = int(wanted.searchsorted(low))
        if position == count:
            break
        if wanted[position] <= high:
            matcher._read_ids()
            ids.extend(matcher._ids)
        low = high + 1
        matcher._next_block()
    return ids
