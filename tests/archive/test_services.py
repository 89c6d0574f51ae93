"""articles_import_paths: the import of news dumps, from files to tagged, indexed articles."""

import json

import pytest
from haystack import connections

from archive.importers.mapping import FieldMap
from archive.models import Article
from archive.services import articles_import_paths
from search.consistency import index_differences
from search.selectors import SearchParams, article_search

RECORDS = [
    {"title": f"Report {n} from Damascus", "content": f"Ministers met in Damascus, meeting {n}.",
     "source": "sana", "url": f"http://example.org/{n}"}
    for n in range(6)
]  # fmt: skip


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")
    return path


def hits(query: str) -> int:
    return article_search(params=SearchParams(q=query)).count


def test_stores_tags_and_indexes_and_reports_progress(db, gazetteer, dump):
    sizes = []
    report = articles_import_paths(paths=[dump], batch_size=4, on_progress=sizes.append)
    assert report.summary() == "6 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed"
    assert report.indexed == 6 and hits("meeting") == 6
    assert Article.objects.filter(tags__entity__name="Damascus").count() == 6
    assert len(sizes) == 6 and all(size > 0 for size in sizes)
    assert not index_differences()


def test_limit_fields_and_source(db, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps({"headline": f"Cabinet {n}", "story": "It changed."}) + "\n"
                            for n in range(3)))  # fmt: skip
    report = articles_import_paths(
        paths=[path], fields=FieldMap().overridden(title="headline", body="story"), source="Gulf Daily",
        limit=2,
    )  # fmt: skip
    assert report.indexed == 2
    assert {article.source.name for article in Article.objects.all()} == {"Gulf Daily"}


@pytest.mark.parametrize(("index_procs", "expected"), [(0, 0), (None, "setting"), (1, 1)])
def test_index_procs_chooses_the_writer(db, dump, writer_procs, index_procs, expected):
    backend = connections["default"].get_backend()
    backend.multiprocess_min_docs = 1  # every job is a bulk job
    report = articles_import_paths(paths=[dump], batch_size=4, index_procs=index_procs)
    assert report.indexed == 6 and hits("meeting") == 6
    assert writer_procs == [backend.writer_procs if expected == "setting" else expected]
    assert not index_differences()


def test_the_index_commit_is_announced_with_its_size(db, dump):
    announced = []
    articles_import_paths(paths=[dump], on_index_commit=announced.append)
    assert announced == [6]
