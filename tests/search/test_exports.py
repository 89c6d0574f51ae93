"""Export rows: both scripts intact, one row per hit, a BOM only at the start of the CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from archive.models import Article, Source
from search.exports import BOM, COLUMNS, csv_lines, jsonl_lines


@dataclass
class Hit:
    article: Article
    via_entity: bool = False


def hits():
    source = Source(name="Al-Watan", slug="al-watan")
    arabic = Article(
        pk=1,
        title='اتفاقيات تقنية, "جديدة"',
        language="ar",
        source=source,
        published=date(2025, 11, 21),
        author="فريق العمل",
        origin="seeds/002.txt",
    )
    english = Article(pk=2, title="Talks\nheld", language="en", published=None, origin="x.csv#3")
    return [Hit(arabic), Hit(english, via_entity=True)]


def link(article):
    return f"http://testserver/articles/{article.pk}/"


def test_csv_starts_with_a_bom_and_round_trips_both_scripts():
    lines = list(csv_lines(hits(), link=link))
    assert lines[0].startswith(BOM) and not any(BOM in line for line in lines[1:])
    rows = list(csv.DictReader(io.StringIO("".join(lines)[1:])))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["title"] == 'اتفاقيات تقنية, "جديدة"' and rows[0]["source"] == "Al-Watan"
    assert (
        rows[1]["title"] == "Talks\nheld" and rows[1]["published"] == "" and rows[1]["via_entity"] == "True"
    )


def test_json_lines_are_one_record_a_line_with_null_dates():
    lines = list(jsonl_lines(hits(), link=link))
    assert len(lines) == 2 and all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    records = [json.loads(line) for line in lines]
    assert records[0]["title"] == 'اتفاقيات تقنية, "جديدة"' and "اتفاقيات" in lines[0]  # not \u escapes
    assert records[1]["published"] is None and records[1]["link"] == "http://testserver/articles/2/"
