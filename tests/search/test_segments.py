"""Whoosh segments are read in place from the mapped file, not copied into memory."""

import io
import pickle
import tracemalloc
from pathlib import Path

import pytest
from haystack import connections
from whoosh.query import Term

from archive.models import Article
from search.indexing import article_index
from search.segments import MappedFile

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
            title=f"Report {n}", body=" ".join(f"w{n}x{k}" for k in range(400)), raw_text=str(n),
            language="en", fingerprint=str(n), origin=f"test#{n}",
        ).pk  # fmt: skip
        for n in range(300)
    ]
    article_index(ids=ids)
    index = connections["default"].get_backend().index.refresh()
    segment_bytes = sum(path.stat().st_size for path in Path(index.storage.folder).glob("*.seg"))
    assert segment_bytes > 500_000
    tracemalloc.start()
    with index.searcher() as searcher:
        assert searcher.doc_count() == 300
        assert len(searcher.search(Term("text", "w7x12"))) == 1
        used = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert used < segment_bytes / 4, f"{used} bytes traced for a {segment_bytes}-byte segment"
