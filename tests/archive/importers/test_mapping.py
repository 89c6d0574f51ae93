from datetime import date

import pytest

from archive.importers.mapping import (
    FieldMap,
    clean_body,
    draft_from_record,
    parse_record_date,
)
from archive.importers.outlets import outlet_source
from archive.importers.records import Problem, Record
from archive.text.sources import SANA


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-21 02:51:32", date(2015, 7, 21)),
        ("1987-02-26T15:01:01", date(1987, 2, 26)),
        ("4/5/2017", date(2017, 4, 5)),
        ("25/12/2016", date(2016, 12, 25)),
        ("13/13/2016", None),
        ("2015-02-30", None),
        ("5 April 2017", date(2017, 4, 5)),
        ("", None),
        ("soon", None),
    ],
)
def test_record_dates(value, expected):
    assert parse_record_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One paragraph.", "One paragraph."),
        ("فقرة أولى.\n\n فقرة ثانية.\r\n\r\nثالثة", "فقرة أولى.\n\nفقرة ثانية.\n\nثالثة"),
        (
            "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the\n"
            "drought.\n    The dry period means the temporao\nwill be late this year.",
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought."
            "\n\nThe dry period means the temporao will be late this year.",
        ),
        (
            "First line ends here.\nSecond line ends too.\nThird.",
            "First line ends here.\n\nSecond line ends too.\n\nThird.",
        ),
        ("  \n\n", ""),
    ],
)
def test_clean_body_keeps_paragraphs_and_rejoins_hard_wrapped_lines(text, expected):
    assert clean_body(text) == expected


@pytest.mark.parametrize(
    ("value", "name", "native"),
    [
        ("was", "Saudi Press Agency", "واس"),
        ("aawsat", "Asharq Al-Awsat", "الشرق الأوسط"),
        ("asharqalawsat", "Asharq Al-Awsat", "الشرق الأوسط"),
        ("Reuters", "Reuters", "رويترز"),
        ("sana", SANA.name, SANA.native_name),
        ("Some  Weekly", "Some Weekly", ""),
    ],
)
def test_outlet_ids_get_readable_names(value, name, native):
    source = outlet_source(value)
    assert (source.name, source.native_name) == (name, native)


SAUDI = {
    "source": "was", "url": "http://www.spa.gov.sa/1", "date_extracted": "2015-07-21 02:51:32",
    "title": " وزير  الخارجية ", "author": "", "content": "نص الخبر الأول.\n\n نص ثانٍ.",
}  # fmt: skip
FAKES = {
    "unit_id": "1", "article_title": "Syria attack", "article_content": "Victims of an attack in Syria",
    "source": "reuters", "date": "4/5/2017", "location": "idlib", "labels": "1",
}  # fmt: skip
REUTERS = {
    "id": 1, "source": "Reuters", "date": "1987-02-26T15:01:01", "title": "BAHIA COCOA REVIEW",
    "author": None, "body": "Showers continued\nthroughout the week", "topics": ["cocoa"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            SAUDI,
            ("وزير الخارجية", "نص الخبر الأول.\n\nنص ثانٍ.", "ar", date(2015, 7, 21), "Saudi Press Agency"),
        ),
        (FAKES, ("Syria attack", "Victims of an attack in Syria", "en", date(2017, 4, 5), "Reuters")),
        (
            REUTERS,
            (
                "BAHIA COCOA REVIEW",
                "Showers continued throughout the week",
                "en",
                date(1987, 2, 26),
                "Reuters",
            ),
        ),
    ],
)
def test_the_three_dump_shapes_map_without_options(fields, expected):
    draft = draft_from_record(Record("dump#1", "raw", fields))
    parsed = draft.parsed
    assert (parsed.title, parsed.body, parsed.language, parsed.published, parsed.source.name) == expected
    assert draft.raw_text == "raw"


def test_url_and_author_are_kept_only_when_usable():
    draft = draft_from_record(Record("d#1", "raw", {**SAUDI, "author": "لندن: رنيم", "url": "javascript:x"}))
    assert (draft.url, draft.parsed.author) == ("", "لندن: رنيم")
    assert draft_from_record(Record("d#1", "raw", SAUDI)).url == "http://www.spa.gov.sa/1"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({**SAUDI, "title": "  "}, "no title"),
        ({**SAUDI, "content": ""}, "no text"),
        ({"body": "text without a headline"}, "no title"),
    ],
)
def test_records_without_title_or_text_are_skipped_not_failed(fields, reason):
    assert draft_from_record(Record("d#7", "raw", fields)) == Problem("d#7", reason, failed=False)


def test_fields_and_source_can_be_named_by_the_operator():
    fields = FieldMap().overridden(title="headline", body="story", date="when")
    record = Record(
        "d#1",
        "raw",
        {
            "headline": "Big news",
            "story": "It happened today",
            "when": "2001-02-03",
            "title": "ignored",
            "source": "sana",
        },
    )
    draft = draft_from_record(record, fields=fields, source=outlet_source("was"))
    parsed = draft.parsed
    assert (parsed.title, parsed.body, parsed.published) == (
        "Big news",
        "It happened today",
        date(2001, 2, 3),
    )
    assert parsed.source.name == "Saudi Press Agency"
    with pytest.raises(ValueError, match="unknown article fields: colour"):
        FieldMap().overridden(colour="x")


def test_plain_text_records_are_parsed_whole():
    text = "Headline of the story\n\nThe article says enough words to count as an article."
    draft = draft_from_record(Record("a.txt", text), source=SANA)
    assert (draft.parsed.title, draft.parsed.source) == ("Headline of the story", SANA)
    skipped = draft_from_record(Record("b.txt", "x"))
    assert isinstance(skipped, Problem) and not skipped.failed


def test_a_title_over_the_limit_is_a_failure_naming_the_record():
    from archive.importers.mapping import draft_from_record
    from archive.importers.records import MAX_TITLE_CHARS, Problem, Record

    record = Record(origin="dump.jsonl#7", raw_text="{}", fields={"title": "t" * (MAX_TITLE_CHARS + 1),
                                                                 "body": "Some text."})  # fmt: skip
    problem = draft_from_record(record)
    assert isinstance(problem, Problem) and problem.failed
    assert problem.origin == "dump.jsonl#7" and "the title has more than" in problem.reason
    plain = draft_from_record(Record(origin="one-line.txt", raw_text="word " * 100_000))
    assert isinstance(plain, Problem) and "title" in plain.reason
