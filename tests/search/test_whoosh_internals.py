"""Whoosh internals: segments read in place from the mapped file (not copied into memory), and
every patch applied only on the Whoosh version it was written for."""

import copy
import importlib.util
import io
import pickle
import tracemalloc
from pathlib import Path

import pytest
import whoosh
from haystack import connections
from whoosh import fields, index
from whoosh.filedb import structfile
from whoosh.formats import Positions
from whoosh.multiproc import MpWriter
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from archive.models import Article
from search import whoosh_internals
from search.analyzers import IndexPositions
from search.indexing import article_index
from search.whoosh_internals import MappedFile

DATA = b"first line\nsecond\n\nlast without newline" + pickle.dumps({"k": [1, 2, 3]})


@pytest.mark.parametrize(
    "steps",
    [
        [("read", 5), ("read", 3), ("tell",)],
        [("readline",), ("readline",), ("readline",), ("tell",)],
        [("seek", 11), ("readline",), ("seek", -4, io.SEEK_END), ("read", -1), ("read", 10)],
        [("seek", 2), ("seek", 3, io.SEEK_CUR), ("read", 4), ("readline", 3)],
        [("read", 1000), ("tell",), ("read", 1)],
    ],
)
def test_reads_like_a_bytes_file(steps):
    mapped, reference = MappedFile(memoryview(DATA)), io.BytesIO(DATA)
    for name, *args in steps:
        assert getattr(mapped, name)(*args) == getattr(reference, name)(*args), (name, args)


def test_pickles_load_from_it():
    mapped = MappedFile(DATA)
    mapped.seek(DATA.index(b"\x80"))
    assert pickle.load(mapped) == {"k": [1, 2, 3]}


def test_opening_a_reader_does_not_copy_the_segment(db):
    ids = [
        Article.objects.create(
            title=f"Report {n}",
            body=" ".join(f"w{n}x{k}" for k in range(400)),
            raw_text=str(n),
            language="en",
            fingerprint=str(n),
            origin=f"test#{n}",
        ).pk  # fmt: skip
        for n in range(300)
    ]
    article_index(ids=ids)
    ix = connections["default"].get_backend().index.refresh()
    segment_bytes = sum(path.stat().st_size for path in Path(ix.storage.folder).glob("*.seg"))
    assert segment_bytes > 500_000
    tracemalloc.start()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 300
        assert len(searcher.search(Term("text", "w7x12"))) == 1
        used = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert used < segment_bytes / 4, f"{used} bytes traced for a {segment_bytes}-byte segment"


def test_segments_are_read_in_place_once_started():
    assert whoosh_internals.segments_read_in_place()
    assert whoosh_internals.read_segments_in_place(), "applying it again changes nothing"
    assert whoosh_internals.segments_read_in_place()


def test_on_another_whoosh_nothing_is_patched_and_writers_are_stock(monkeypatch, tmp_path):
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    stock_init = object.__init__
    monkeypatch.setattr(structfile.BufferFile, "__init__", stock_init)
    assert not whoosh_internals.read_segments_in_place()
    assert structfile.BufferFile.__init__ is stock_init
    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True)))
    single = whoosh_internals.segment_writer(ix, procs=0, limitmb=8, handover_docs=10)
    assert type(single) is SegmentWriter
    single.cancel()
    multi = whoosh_internals.segment_writer(ix, procs=2, limitmb=8, handover_docs=10)
    assert type(multi) is MpWriter
    multi.cancel()


def _seconds_to_die_after_killing(importer: int, *, child: int) -> float:
    """SIGKILL the (forked) import, then how long its child lived on (5 s: still alive)."""
    import os
    import signal
    import time

    from tests.search.test_writers import _alive

    os.kill(importer, signal.SIGKILL)
    os.waitpid(importer, 0)
    killed = time.monotonic()
    while _alive(child):
        if time.monotonic() - killed >= 5:
            return 5.0
        time.sleep(0.02)
    return time.monotonic() - killed


def test_a_busy_writer_process_dies_within_a_second_of_its_parent(db):
    import multiprocessing
    import os
    import time

    from haystack import connections

    from archive.models import Article
    from search.whoosh_internals import _FastSubWriterTask
    from search.writers import WhooshBulkWriter
    from tests.search.test_writers import articles

    ids = articles(3)
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    pids = multiprocessing.get_context("fork").SimpleQueue()
    importer = os.fork()
    if importer == 0:  # the import: its writer process busy on a hand-over file for a minute
        try:
            _FastSubWriterTask._process_file = lambda self, *args: time.sleep(60)
            writer = WhooshBulkWriter(backend, index, procs=1)
            writer.add(Article.objects.filter(pk__in=ids))
            time.sleep(0.5)  # the process took the file and is "writing"
            pids.put([process.pid for process in writer.processes])
            time.sleep(60)
        finally:
            os._exit(0)
    (writer_pid,) = pids.get()
    assert _seconds_to_die_after_killing(importer, child=writer_pid) < 1.0


def test_posting_ids_reads_every_block(tmp_path):
    from search.whoosh_internals import posting_ids

    schema = fields.Schema(body=fields.TEXT)
    ix = index.create_in(tmp_path, schema)
    writer = ix.writer()
    for number in range(700):  # several postings blocks of "common"; "rare" in every 100th
        writer.add_document(body="common rare" if number % 100 == 0 else "common")
    writer.commit()
    with ix.reader() as reader:
        assert list(posting_ids(reader.postings("body", "common"))) == list(range(700))
        assert list(posting_ids(reader.postings("body", "rare"))) == list(range(0, 700, 100))


def test_posting_ids_among_reads_only_the_blocks_that_can_hold_them(tmp_path):
    import numpy as np

    from search.whoosh_internals import posting_ids_among

    schema = fields.Schema(body=fields.TEXT)
    ix = index.create_in(tmp_path, schema)
    writer = ix.writer()
    for _ in range(700):
        writer.add_document(body="common")
    writer.commit()
    with ix.reader() as reader:
        found = list(posting_ids_among(reader.postings("body", "common"), np.array([3, 650])))
        assert {3, 650} <= set(found) and len(found) < 700  # whole blocks, not all of them
        assert found == sorted(found) and set(found) < set(range(700))
        assert list(posting_ids_among(reader.postings("body", "common"), np.array([], dtype=np.int64))) == []


WORDS = [
    "وزير",
    "الخارجية",
    "في",
    "الوزير",
    "والاتصالات",
    "الحديثة",
    "minister",
    "the",
    "ministers",
    "talks",
    "Syria's",
    "2.5",
    "ﷺ",
    "oil",
    "a",
]


def _documents(count: int) -> list[dict]:
    """Words repeated across documents often enough for terms of one, several and exactly two
    full postings blocks (128 each), weights from the title's boost and repeats."""
    documents = []
    for n in range(count):
        body = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 2 + n % 17)) + f" rare{n}"
        documents.append({
            "id": f"archive.article.{n}", "django_ct": "archive.article", "django_id": str(n),
            "title": WORDS[n % len(WORDS)] + " " + WORDS[n % 4], "exact_title": WORDS[n % len(WORDS)],
            "text": body, "exact": body, "entity": f"{n % 5},{n % 3}", "language": ["ar", "en"][n % 2],
            "every": "all",
        })  # fmt: skip
    return documents


def _segment(tmp_path, writer_class, *, stock_formats: bool):
    """An index of one segment written by ``writer_class``, and its files by what they hold."""
    archive = connections["default"].get_backend()
    archive.setup()
    names = ("id", "django_ct", "django_id", "title", "exact_title", "text", "exact", "entity", "language")
    schema = fields.Schema(every=fields.ID(), **{name: copy.deepcopy(archive.schema[name]) for name in names})
    for name in ("title", "exact_title", "text", "exact"):
        assert type(schema[name].format) is IndexPositions
        if stock_formats:
            schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    tmp_path.mkdir()
    ix = index.create_in(tmp_path, schema)
    writer = writer_class(ix, limitmb=8, compound=False)
    for document in _documents(256):
        writer.add_document(**document)
    writer.commit()
    # A segment's files are named MAIN_<random segment id>.<what it holds>
    files = {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in tmp_path.iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }
    assert {"trm", "pst", "_stored.col", "_text_len.col"} <= set(files)
    return ix, files


def _postings(ix) -> dict:
    """Every term's statistics and postings (ids, weights, encoded positions), as read back."""
    found = {}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (info.doc_frequency(), info.weight(), info.max_weight())
            found[fieldname, text] = (stats, (info.min_length(), info.max_length()), postings)
    return found


def _blocks(ix) -> list[tuple[int, bool]]:
    """(postings, compressed) of each block of every term written in blocks (not inlined)."""
    blocks = []
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while hasattr(matcher, "_blocklength") and matcher.is_active():
                blocks.append((matcher._blocklength, bool(matcher._compression)))
                matcher._next_block()
    return blocks


def _stock_and_fast(tmp_path):
    """The same documents written by Whoosh's writer and Positions, and by the archive's."""
    stock = _segment(tmp_path / "stock", SegmentWriter, stock_formats=True)
    fast = _segment(tmp_path / "fast", whoosh_internals._FastSegmentWriter, stock_formats=False)
    return stock, fast


def test_the_archives_writer_writes_the_same_segment_as_stock_whoosh(tmp_path):
    """The archive's writer and its text fields' format (IndexPositions) against Whoosh's writer
    and Positions: every posting, term statistic, length and stored field the same; only
    the postings file's small blocks are stored uncompressed (and so the terms' offsets
    into it differ)."""
    (stock_ix, stock), (fast_ix, fast) = _stock_and_fast(tmp_path)
    assert fast.keys() == stock.keys()
    for name in stock.keys() - {"trm", "pst"}:
        assert fast[name] == stock[name], f"{name} differs"
    postings = _postings(fast_ix)
    assert postings == _postings(stock_ix)
    assert len(postings) > 500


def test_only_posting_blocks_too_small_to_gain_are_left_uncompressed(tmp_path):
    (stock_ix, stock), (fast_ix, fast) = _stock_and_fast(tmp_path)
    least = whoosh_internals.COMPRESSED_BLOCK_MIN_POSTINGS
    stock_blocks, fast_blocks = _blocks(stock_ix), _blocks(fast_ix)
    assert [size for size, _ in fast_blocks] == [size for size, _ in stock_blocks]
    assert all(compressed for _, compressed in stock_blocks)
    assert {compressed for size, compressed in fast_blocks if size < least} == {False}
    assert {compressed for size, compressed in fast_blocks if size >= least} == {True}
    sizes = {size for size, _ in fast_blocks}
    assert min(sizes) < least and 128 in sizes  # small blocks and full ones were written
    assert len(fast["pst"]) < len(stock["pst"]) * 1.25


# The bench's two merges of chosen segments and its reading of a whole index are the oracle here.
_MERGE_BENCH = Path(__file__).resolve().parents[2] / "bench" / "merge_bench.py"
_SPEC = importlib.util.spec_from_file_location("bench_merge", _MERGE_BENCH)
merge_bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(merge_bench)


# -- small segments merged without the pool ------------------------------------------------
class _Sized:
    def __init__(self, count: int) -> None:
        self.count = count

    def doc_count_all(self) -> int:
        return self.count


@pytest.mark.parametrize(
    "sizes",
    [
        [],
        [5],
        [1, 1, 1, 1],
        [1, 1, 1, 1, 1],  # five of one document: merged (5 < fib(9))
        [1200, 1100, 1150, 1000, 1300, 1250],  # the import's segments, too big to merge yet
        [1100] * 18 + [19000],
        [1100] * 19 + [19000],
        [20, 3, 7, 1, 2, 40000, 9],
    ],
)
def test_small_segments_are_the_ones_whooshs_merge_small_merges(monkeypatch, sizes):
    from whoosh import reading, writing

    from search.whoosh_internals import small_segments

    merged = []

    class Recorder:
        storage = schema = None

        def add_reader(self, reader):
            merged.append(reader.segment)

    class Reader:
        def __init__(self, storage, schema, segment):
            self.segment = segment

        def close(self):
            pass

    monkeypatch.setattr(reading, "SegmentReader", Reader)
    segments = [_Sized(size) for size in sizes]
    writing.MERGE_SMALL(Recorder(), segments)
    assert small_segments(segments) == merged


def _archive_schema():
    archive = connections["default"].get_backend()
    archive.setup()
    names = ("id", "django_ct", "django_id", "title", "exact_title", "text", "exact", "entity", "language")
    return fields.Schema(every=fields.ID(), **{name: copy.deepcopy(archive.schema[name]) for name in names})


def _index_of_segments(folder, sizes: list[int], deleted: list[int]):
    """An index of the archive's fields, one segment per size (merging off), some deleted."""
    folder.mkdir()
    ix = index.create_in(folder, _archive_schema())
    documents = iter(_documents(sum(sizes)))
    for size in sizes:
        writer = SegmentWriter(ix, limitmb=8)
        for _ in range(size):
            writer.add_document(**next(documents))
        writer.commit(merge=False)
    writer = ix.writer()
    for number in deleted:
        writer.delete_by_term("id", f"archive.article.{number}")
    writer.commit(merge=False)
    return ix


def test_merged_segment_holds_what_whooshs_merge_holds(tmp_path):
    """Several blocks per term (the 300-document segment), inlined single postings, deletions
    in two of the merged segments, a segment left out: the same documents in the same order,
    stored fields, lengths, weights and positions as Whoosh's own merge through the pool."""
    sizes, deleted = [300, 40, 7, 1, 25], [3, 299, 305, 339]
    results = []
    for variant in (merge_bench.WHOOSH, merge_bench.OURS):
        ix = _index_of_segments(tmp_path / variant.replace(" ", "_"), sizes, deleted)
        merge_bench.merge_segments(ix, ix._segments()[:4], variant=variant, limitmb=8)
        assert len(ix._segments()) == 2
        results.append(merge_bench.index_contents(ix))
    whoosh_merge, ours = results
    assert len(ours[0]) == sum(sizes) - len(deleted)
    assert "archive.article.3" not in ours[0]
    assert ours == whoosh_merge
    assert any(len(items) > 128 for items in ours[3].values())  # several postings blocks


def test_a_commit_merges_small_segments_and_keeps_deletions(tmp_path):
    ix = _index_of_segments(tmp_path / "index", [1, 1, 1, 1, 1, 1, 30], deleted=[2])
    assert len(ix._segments()) == 7
    writer = whoosh_internals._FastSegmentWriter(ix, limitmb=8)
    writer.add_document(**_documents(40)[39])
    writer.commit()
    segments = ix._segments()
    assert len(segments) < 7
    with ix.searcher() as searcher:
        found = {hit["id"] for hit in searcher.search(Term("every", "all"), limit=None)}
    expected = {f"archive.article.{n}" for n in range(36) if n != 2}
    assert found == expected | {"archive.article.39"}


# -- merges in a process of their own ------------------------------------------------------
def _live_ids(ix) -> set[str]:
    with ix.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(Term("every", "all"), limit=None)}


def _merge_folders(ix) -> list[Path]:
    return list(Path(ix.storage.folder).glob("merge-*"))


def _job_commit(ix, *, delete: str | None = None) -> None:
    """A commit of a bulk job's writer (it merges in the background), deleting one document."""
    writer = whoosh_internals._FastSegmentWriter(ix, limitmb=8)
    writer.merge_in_background = True
    if delete:
        writer.delete_by_term("id", delete)
    writer.commit()


@pytest.fixture
def small_segments_index(tmp_path):
    ix = _index_of_segments(tmp_path / "index", [1] * 9 + [30], deleted=[2])
    yield ix
    whoosh_internals.background_merge_cancel(ix)


@pytest.mark.parametrize(
    ("sizes", "merged"),
    [
        ([], []),
        ([2400] * 7, []),  # seven commits of an import: not yet
        ([2400] * 8, [2400] * 8),
        ([1, 2400, 2400, 2400, 2400, 2400, 2400, 2400, 7999], [1] + [2400] * 7),  # tier 0: < 8,000
        ([19200] * 7 + [2400] * 3, []),
        ([19200] * 8 + [2400] * 3, [19200] * 8),  # tier 1 full, tier 0 not
        ([19200] * 8 + [2400] * 8, [2400] * 8),  # the lowest full tier first
        ([600_000] * 7, []),  # tier 3 starts at 512,000
        ([600_000] * 7 + [520_000] * 2, [520_000] * 2 + [600_000] * 6),
    ],
)
def test_a_background_merge_takes_eight_segments_of_one_tier(sizes, merged):
    chosen = whoosh_internals.tiered_segments([_Sized(size) for size in sizes])
    assert [segment.count for segment in chosen] == merged


def test_a_job_commit_merges_in_another_process_and_goes_on_without_waiting(small_segments_index):
    import os
    import signal

    ix = small_segments_index
    chosen = len(whoosh_internals.tiered_segments(ix._segments()))
    assert chosen == 8
    _job_commit(ix)
    merge = whoosh_internals.background_merge(ix)
    assert merge is not None and merge.process.pid != os.getpid()
    os.kill(merge.process.pid, signal.SIGSTOP)  # a merge still running at the next commits
    try:
        _job_commit(ix, delete="archive.article.1")
        _job_commit(ix)
        assert len(ix._segments()) == 10, "no commit merges while the merge runs"
        assert whoosh_internals.background_merge(ix) is merge
    finally:
        os.kill(merge.process.pid, signal.SIGCONT)
    merge.wait()
    _job_commit(ix, delete="archive.article.20")
    assert len(ix._segments()) == 10 - chosen + 1, "eight one-document segments in one"
    assert whoosh_internals.background_merge(ix) is None
    gone = {"archive.article.2", "archive.article.1", "archive.article.20"}
    expected = {f"archive.article.{n}" for n in range(39)} - gone
    assert _live_ids(ix) == expected, "deletions made during the merge carried over to its segment"
    assert not _merge_folders(ix)


def test_a_merge_whose_segments_another_writer_merged_meanwhile_is_dropped(small_segments_index):
    ix = small_segments_index
    _job_commit(ix)
    merge = whoosh_internals.background_merge(ix)
    merge.wait()
    before = _live_ids(ix)
    ix.optimize()  # stock Whoosh, as another process's writer could
    _job_commit(ix)
    assert len(ix._segments()) == 1
    assert _live_ids(ix) == before
    assert not _merge_folders(ix)
    assert whoosh_internals.background_merge(ix) is None


def test_a_merge_process_that_dies_leaves_the_index_as_it_was(small_segments_index):
    ix = small_segments_index
    _job_commit(ix)
    merge = whoosh_internals.background_merge(ix)
    merge.process.kill()
    merge.process.join()
    before = _live_ids(ix)
    _job_commit(ix)  # adopts nothing and starts the merge again
    assert _live_ids(ix) == before
    assert whoosh_internals.background_merge(ix) is not merge
    whoosh_internals.background_merge_cancel(ix)
    assert not _merge_folders(ix)
    assert _live_ids(ix) == before


def test_folders_of_merges_whose_import_was_killed_are_removed(small_segments_index):
    ix = small_segments_index
    abandoned = Path(ix.storage.folder) / "merge-999999999-x1"
    abandoned.mkdir()
    (abandoned / "MAIN_abc.seg").write_bytes(b"half a segment")
    _job_commit(ix)
    assert not abandoned.exists()
    assert len(_merge_folders(ix)) == 1  # the new merge's own


def _mapped(reader) -> bool:
    compound = reader._storage.a  # a segment's compound file, overlaid on the index's folder
    return compound._source is not None


def test_a_job_writers_searcher_reads_the_segments_without_mapping_them(small_segments_index):
    """Mapped, every page a job's id lookups touched counted as the import's memory."""
    ix = small_segments_index
    writer = whoosh_internals._FastSegmentWriter(ix, limitmb=8)
    try:
        with writer.searcher() as searcher:
            readers = [reader for reader, _ in searcher.reader().leaf_readers()]
            assert len(readers) == 10
            assert not any(_mapped(reader) for reader in readers)
            assert len(list(searcher.document_numbers(id="archive.article.30"))) == 1
        writer.delete_by_term("id", "archive.article.30", searcher=writer.searcher())
        writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    assert "archive.article.30" not in _live_ids(ix)
    with ix.searcher() as searcher:  # the index's own readers stay mapped
        assert all(_mapped(reader) for reader, _ in searcher.reader().leaf_readers())


def test_a_merge_process_dies_with_the_import_and_frees_the_index(small_segments_index, monkeypatch):
    """Forked during a commit, the merge inherits the index lock's file: outliving a killed
    import, it would keep the index locked."""
    import multiprocessing
    import os
    import time


    ix = small_segments_index
    pids = multiprocessing.get_context("fork").SimpleQueue()
    importer = os.fork()
    if importer == 0:  # the import: its merge busy for a minute
        try:
            monkeypatch.setattr(whoosh_internals, "merged_segment", lambda *args, **kwargs: time.sleep(60))
            writer = whoosh_internals._FastSegmentWriter(ix, limitmb=8)
            writer.merge_in_background = True
            writer.commit()  # starts the merge
            pids.put(whoosh_internals.background_merge(ix).process.pid)
            ix.writer()  # the lock again, as the import's next commit holds it
            time.sleep(60)
        finally:
            os._exit(0)
    merge_pid = pids.get()
    time.sleep(0.2)
    assert _seconds_to_die_after_killing(importer, child=merge_pid) < 1.0
    ix.writer().cancel()  # not locked
    folders = _merge_folders(ix)
    assert len(folders) == 1  # left by the killed import ...
    _job_commit(ix)
    assert folders[0] not in _merge_folders(ix)  # ... and removed by the next merge
