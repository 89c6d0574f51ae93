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
