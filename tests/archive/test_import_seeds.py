"""Importing plain-text articles: the seeds, bad files, and re-runs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


def run_import(*paths: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_seeds", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def test_default_import_reads_the_seeds_folder():
    output = run_import()
    assert "5 imported, 0 updated, 0 unchanged, 0 failed" in output
    assert Article.objects.filter(language="ar").count() == 2
    assert Article.objects.filter(language="en").count() == 3


@pytest.mark.parametrize(
    ("prefix", "language", "title_start", "published", "source", "author", "section"),
    [
        ("000", "en", "Syrian-Russian talks in field of communications", None, "SANA",
         "Bushra Dabin", ""),
        ("001", "en", "Minister of Communications discusses with his Iranian", None, None,
         "Inas Abdulkareem", ""),
        ("002", "ar", "اتفاقيات تقنية جديدة بين سوريا والأردن في دمشق",
         datetime.date(2025, 11, 21), None, "فريق العمل", "أخبار سورية"),
        ("003", "ar", "هل تكون عُمان نقطة عبور للاتصالات مع الخارج", None, "Al-Watan",
         "رامز محفوظ", "اقتصاد"),
        ("004", "en", "Officials from Syria and Russia held a series of meetings",
         datetime.date(2022, 6, 15), "The Syrian Observer", "", ""),
    ],
)
def test_each_seed_is_stored_with_its_fields(
    prefix, language, title_start, published, source, author, section
):
    run_import()
    article = Article.objects.get(origin__contains=f"/{prefix}_")
    assert article.language == language
    assert article.title.startswith(title_start)
    assert article.published == published
    assert (article.source.name if article.source else None) == source
    assert article.author.startswith(author)
    assert article.section == section
    raw = next(SEEDS_DIR.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    assert article.raw_text == raw.replace("\r\n", "\n").lstrip("\ufeff")


def test_origin_is_the_path_inside_the_checkout():
    run_import()
    origins = sorted(Article.objects.values_list("origin", flat=True))
    assert origins[0].startswith("seeds/000_")


def test_rerunning_reports_unchanged_and_duplicates_nothing():
    run_import()
    output = run_import()
    assert "0 imported, 0 updated, 5 unchanged, 0 failed" in output
    assert Article.objects.count() == 5


def test_changed_file_updates_its_article(seed_copy):
    run_import(seed_copy)
    path = next(seed_copy.glob("000_*.txt"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("cybersecurity", "cyber security", 1),
        encoding="utf-8",
    )
    output = run_import(seed_copy)
    assert "0 imported, 1 updated, 4 unchanged, 0 failed" in output
    article = Article.objects.get(origin__endswith=path.name)
    assert article.title.endswith("cyber security")
    assert Article.objects.count() == 5


def test_same_text_under_another_name_is_not_duplicated(seed_copy, tmp_path):
    run_import(seed_copy)
    other = tmp_path / "elsewhere"
    other.mkdir()
    source = next(seed_copy.glob("001_*.txt"))
    (other / "renamed.txt").write_bytes(source.read_bytes())
    output = run_import(other)
    assert "1 unchanged" in output
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
     ("cp1256", b"")],
)
def test_arabic_in_legacy_and_unicode_encodings_imports_the_same(tmp_path, encoding, bom):
    text = next(SEEDS_DIR.glob("003_*.txt")).read_text(encoding="utf-8")
    # Windows-1256 cannot hold the ellipsis and quote marks the web page used.
    text = text.replace("…", "...").replace("«", '"').replace("»", '"')
    path = tmp_path / "article.txt"
    path.write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    run_import(path)
    article = Article.objects.get()
    assert article.language == "ar"
    assert article.title.startswith("هل تكون عُمان نقطة عبور")
    assert article.author == "رامز محفوظ"
    assert "\r" not in article.body


def test_bad_files_are_reported_by_name_and_good_ones_still_import(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "dots.txt").write_text("... --- !!!\n\n***\n", encoding="utf-8")
    good = next(SEEDS_DIR.glob("000_*.txt"))
    (folder / "good.txt").write_bytes(good.read_bytes())
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_seeds", str(folder), stderr=err)
    assert "1 imported, 0 updated, 0 unchanged, 3 failed" in str(failure.value)
    report = err.getvalue()
    for name in ("empty.txt", "picture.txt", "dots.txt"):
        line = next(line for line in report.splitlines() if name in line)
        assert ": " in line and "Traceback" not in report
    assert "empty" in next(line for line in report.splitlines() if "empty.txt" in line)
    assert Article.objects.count() == 1


def test_missing_path_is_a_named_failure(tmp_path):
    with pytest.raises(CommandError, match="1 failed"):
        call_command("import_seeds", str(tmp_path / "nope.txt"))
