import io

import pytest

from archive.importers import jsonarray
from archive.importers.jsonarray import iter_json_records
from archive.importers.records import Problem, Record


def read(text: str) -> list:
    return list(iter_json_records(io.StringIO(text), "dump.json"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[{"title": "a"}, {"title": "b"}]',
            [("dump.json#1", '{"title": "a"}'), ("dump.json#2", '{"title": "b"}')],
        ),
        ('[\n  {\n    "title": "وزير"\n  }\n]\n', [("dump.json#1", '{\n    "title": "وزير"\n  }')]),
        ('{"title": "one object"}', [("dump.json#1", '{"title": "one object"}')]),
        (
            '{"title": "a"}\n{"title": "b"}\n',
            [("dump.json#1", '{"title": "a"}'), ("dump.json#2", '{"title": "b"}')],
        ),
        ("[]", []),
        ("", []),
    ],
)
def test_each_object_comes_with_its_exact_text_and_number(text, expected):
    records = read(text)
    assert all(isinstance(record, Record) for record in records)
    assert [(record.origin, record.raw_text) for record in records] == expected


def test_records_longer_than_the_read_buffer_are_reassembled(monkeypatch):
    monkeypatch.setattr(jsonarray, "CHUNK_CHARS", 7)
    body = "نص طويل " * 50
    records = read(f'[{{"title": "t1", "content": "{body}"}}, {{"title": "t2", "n": 12345}}]')
    assert [record.fields for record in records] == [
        {"title": "t1", "content": body},
        {"title": "t2", "n": 12345},
    ]


@pytest.mark.parametrize(
    ("text", "good", "reason"),
    [
        ('[{"title": "a"},\n {"title": "b",}\n]', 1, "record 2 (line 2)"),
        ('[{"title": "a"} {"title": "b"}]', 1, "expected ',' or ']'"),
        ('[{"title": "a"}, {"title": "unterminated', 1, "record 2"),
    ],
)
def test_broken_json_keeps_the_records_before_it_and_says_where(text, good, reason):
    items = read(text)
    assert [type(item) for item in items] == [Record] * good + [Problem]
    assert items[-1].origin == "dump.json"
    assert reason in items[-1].reason


def test_a_value_that_is_not_an_object_is_reported_and_the_rest_read():
    items = read('[{"title": "a"}, "stray", {"title": "b"}]')
    assert [type(item) for item in items] == [Record, Problem, Record]
    assert items[1].origin == "dump.json#2"


def test_deeply_nested_json_is_named_with_its_record_not_a_crash():
    import io

    text = '[{"title": "a"}, ' + '{"x": ' * 100_000 + "1" + "}" * 100_000 + "]"
    items = list(iter_json_records(io.StringIO(text), "dump.json"))
    assert [type(item).__name__ for item in items] == ["Record", "Problem"]
    assert "record 2" in items[1].reason and "nested too deeply" in items[1].reason


def test_a_record_over_the_size_limit_stops_the_file_with_its_number(monkeypatch):
    import io

    import archive.importers.jsonarray as jsonarray

    monkeypatch.setattr(jsonarray, "MAX_RECORD_CHARS", 1000)
    monkeypatch.setattr(jsonarray, "CHUNK_CHARS", 100)
    text = '[{"title": "a"}, {"title": "' + "x" * 5000 + '"}]'
    items = list(jsonarray.iter_json_records(io.StringIO(text), "dump.json"))
    assert [type(item).__name__ for item in items] == ["Record", "Problem"]
    assert "record 2" in items[1].reason and "more than 1,000 characters" in items[1].reason
