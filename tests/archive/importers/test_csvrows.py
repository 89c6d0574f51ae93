import io

from archive.importers.csvrows import iter_csv_records
from archive.importers.records import Problem, Record


def read(text: str) -> list:
    return list(iter_csv_records(io.StringIO(text, newline=""), "fakes.csv"))


def test_rows_become_records_with_their_exact_text_even_across_lines():
    text = (
        "unit_id, article_title ,article_content\r\n"
        '1,First,"Line one\r\nline two, with ""quotes"""\r\n'
        "\r\n"
        "2,Second,Plain\r\n"
    )
    records = read(text)
    assert [record.origin for record in records] == ["fakes.csv#1", "fakes.csv#2"]
    assert records[0].fields == {
        "unit_id": "1", "article_title": "First", "article_content": 'Line one\r\nline two, with "quotes"',
    }  # fmt: skip
    assert records[0].raw_text == '1,First,"Line one\r\nline two, with ""quotes"""'
    assert records[1].raw_text == "2,Second,Plain"


def test_a_row_with_more_cells_than_the_header_is_reported():
    items = read("title,body\na,b\nc,d,e\nf,g\n")
    assert [type(item) for item in items] == [Record, Problem, Record]
    assert items[1].origin == "fakes.csv#2"


def test_an_empty_file_is_a_problem():
    assert read("") == [Problem("fakes.csv", "empty CSV file (no header row)")]


def test_a_row_over_the_size_limit_is_named_by_its_line(monkeypatch):
    import archive.importers.csvrows as csvrows

    monkeypatch.setattr(csvrows, "MAX_RECORD_CHARS", 100)
    items = read("title,body\na,b\nc," + "x" * 1000 + "\nd,e\n")
    assert [type(item) for item in items] == [Record, Problem]
    assert items[1].origin == "fakes.csv#2" and "line 3" in items[1].reason
