"""The import_articles command over tiny dumps the tests write in the three real shapes."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive.importers.files import read_paths
from archive.importers.mapping import drafts_from
from archive.models import Article, Source
from archive.services import articles_import_records, origin_for_path
from search.consistency import index_differences
from search.selectors import SearchParams, article_search

SAUDI = [
    {"source": "was", "url": "http://www.spa.gov.sa/1", "date_extracted": "2015-07-21 02:51:32",
     "title": "وزير الخارجية يستقبل السفير", "author": "", "content": "استقبل وزير الخارجية اليوم السفير."},
    {"source": "aawsat", "url": "http://aawsat.com/2", "date_extracted": "2015-07-22 10:00:00",
     "title": "", "author": "", "content": "خبر بلا عنوان"},
    {"source": "okaz", "url": "http://okaz.com.sa/3", "date_extracted": "2015-07-22 11:00:00",
     "title": "أمطار غزيرة على جدة", "author": "جدة: محرر", "content": "هطلت أمطار غزيرة على مدينة جدة."},
]  # fmt: skip
FAKES = (
    "unit_id,article_title,article_content,source,date,location,labels\n"
    '1,Chemical attack in Idlib,"Victims of a suspected chemical attack in Idlib, officials said",'
    "reuters,4/5/2017,idlib,1\n"
    "2,Talks in Geneva,Delegations met in Geneva on Tuesday,sana,2/21/2016,geneva,0\n"
)
REUTERS = [
    {"id": 1, "source": "Reuters", "date": "1987-02-26T15:01:01", "title": "BAHIA COCOA REVIEW",
     "body": "Showers continued throughout the week in\nthe Bahia cocoa zone.", "topics": ["cocoa"]},
    {"id": 2, "source": "Reuters", "date": "1987-02-26T15:02:20", "title": "", "body": ""},
]  # fmt: skip


@pytest.fixture
def dumps(tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    with zipfile.ZipFile(folder / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(SAUDI, ensure_ascii=False, indent=4))
    (folder / "fakes.csv").write_text(FAKES, encoding="utf-8")
    (folder / "reuters.jsonl").write_text(
        "".join(json.dumps(item) + "\n" for item in REUTERS), encoding="utf-8"
    )
    return folder


def hits(query: str) -> int:
    return article_search(params=SearchParams(q=query)).count


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return False, str(error), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def test_three_dump_shapes_import_index_and_report_skips(db, dumps):
    ok, out, err = run(dumps)
    assert ok, err
    assert "5 imported, 0 updated, 0 unchanged, 2 skipped, 0 failed" in out
    assert "2015-07-21.zip!2015-07-21.json#2: skipped: no title" in err
    assert "reuters.jsonl#2: skipped: no title" in err
    article = Article.objects.get(title="وزير الخارجية يستقبل السفير")
    assert article.origin.endswith("dumps/2015-07-21.zip!2015-07-21.json#1")
    assert (article.language, article.source.name, article.source.native_name) == (
        "ar",
        "Saudi Press Agency",
        "واس",
    )
    assert article.raw_text.startswith("{") and '"source": "was"' in article.raw_text
    assert str(article.published) == "2015-07-21"
    assert Source.objects.filter(name="Reuters").count() == 1
    assert hits("أمطار") == 1
    assert hits("cocoa") == 1
    assert not index_differences()


def test_rerun_changes_nothing_and_a_changed_record_updates(db, dumps):
    run(dumps)
    ok, out, _ = run(dumps)
    assert "0 imported, 0 updated, 5 unchanged, 2 skipped, 0 failed" in out
    (dumps / "fakes.csv").write_text(
        FAKES.replace("Delegations met", "Delegations finally met"), encoding="utf-8"
    )
    ok, out, _ = run(dumps)
    assert "0 imported, 1 updated, 4 unchanged" in out
    assert Article.objects.count() == 5
    assert hits("finally") == 1
    assert not index_differences()


def test_a_broken_file_is_named_the_rest_imports_and_the_exit_fails(db, dumps):
    (dumps / "broken.json").write_text(
        '[{"title": "ok", "content": "fine text"}, {"title": ', encoding="utf-8"
    )
    ok, message, err = run(dumps)
    assert not ok
    assert "6 imported" in message and "1 failed" in message
    assert "broken.json: broken JSON at record 2" in err


def test_an_interrupted_import_is_finished_by_the_next_run(db, dumps):
    # As if killed after the database batches committed but before the index was written.
    drafts = drafts_from(read_paths([dumps / "fakes.csv"], origin_of=origin_for_path))
    articles_import_records(records=drafts, batch_size=1)
    assert index_differences().missing
    ok, out, _ = run(dumps)
    assert "3 imported, 0 updated, 2 unchanged" in out
    assert "5 indexed" in out
    assert not index_differences()
    assert Article.objects.count() == 5


def test_options_name_fields_and_the_source(db, tmp_path):
    path = tmp_path / "export.dat"
    path.write_text(
        json.dumps({"headline": "Cabinet reshuffle", "story": "The cabinet changed today."}) + "\n"
    )
    ok, out, err = run(path, "--format", "jsonl", "--title-field", "headline", "--body-field", "story",
                       "--source", "Gulf Daily")  # fmt: skip
    assert ok, err
    article = Article.objects.get()
    assert (article.title, article.body, article.source.name) == (
        "Cabinet reshuffle", "The cabinet changed today.", "Gulf Daily",
    )  # fmt: skip


def test_several_writer_processes_build_the_same_index(db, dumps):
    backend = connections["default"].get_backend()
    backend.multiprocess_min_docs = 1
    ok, out, err = run(dumps, "--index-procs", "2")
    assert ok, err
    (dumps / "fakes.csv").write_text(FAKES.replace("Delegations met", "Envoys met"), encoding="utf-8")
    ok, out, err = run(dumps, "--index-procs", "2")
    assert "1 updated" in out
    assert hits("envoys") == 1 and hits("delegations") == 0
    assert not index_differences()


@pytest.mark.parametrize(
    ("setting", "option", "expected"),
    [
        (10, None, [10]),  # the default: a server on the same cores keeps its CPU
        (10, 0, []),  # --nice 0: the priority is left as it is
        (0, 5, [5]),
        (10, 30, [19]),  # the kernel's lowest priority, not an error
    ],
)
def test_import_runs_at_a_lower_cpu_priority(db, dumps, settings, monkeypatch, setting, option, expected):
    settings.ARCHIVE_IMPORT_NICE = setting
    set_to = []
    monkeypatch.setattr("os.getpriority", lambda which, who: 0)
    monkeypatch.setattr("os.setpriority", lambda which, who, value: set_to.append(value))
    ok, _, err = run(dumps, *(["--nice", option] if option is not None else []))
    assert ok, err
    assert set_to == expected
