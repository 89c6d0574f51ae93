import io

from archive.importers.jsonlines import iter_jsonl_records
from archive.importers.records import Problem, Record


def test_records_are_numbered_by_line_and_a_broken_line_costs_only_itself():
    text = '{"title": "a"}\n\n{"title": broken}\n[1, 2]\n{"title": "d"}\r\n'
    items = list(iter_jsonl_records(io.StringIO(text, newline=""), "news.jsonl"))
    assert [(type(item), item.origin) for item in items] == [
        (Record, "news.jsonl#1"),
        (Problem, "news.jsonl#3"),
        (Problem, "news.jsonl#4"),
        (Record, "news.jsonl#5"),
    ]
    assert items[-1].raw_text == '{"title": "d"}'
    assert "line 3" in items[1].reason


def test_an_over_long_line_is_named_read_past_and_the_next_line_imports(monkeypatch):
    import archive.importers.jsonlines as jsonlines

    monkeypatch.setattr(jsonlines, "MAX_RECORD_CHARS", 100)
    text = '{"title": "a"}\n{"title": "' + "x" * 1000 + '"}\n{"title": "c"}\n'
    items = list(jsonlines.iter_jsonl_records(io.StringIO(text, newline=""), "news.jsonl"))
    assert [(type(item), item.origin) for item in items] == [
        (Record, "news.jsonl#1"), (Problem, "news.jsonl#2"), (Record, "news.jsonl#3"),
    ]  # fmt: skip
    assert "line 2 has more than 100 characters" in items[1].reason


def test_deeply_nested_json_is_a_problem_of_its_line_not_a_crash():
    text = '{"title": "a"}\n' + "[" * 100_000 + "]" * 100_000 + '\n{"title": "c"}\n'
    items = list(iter_jsonl_records(io.StringIO(text, newline=""), "news.jsonl"))
    assert [type(item) for item in items] == [Record, Problem, Record]
    assert "nested too deeply" in items[1].reason
