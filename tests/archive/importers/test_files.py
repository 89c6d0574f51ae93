import json
import zipfile

import pytest

from archive.importers.files import format_of, input_size, read_paths
from archive.importers.records import Problem, Record


def origins(paths, **options):
    items = read_paths(paths, origin_of=lambda path: path.name, **options)
    return [(type(item).__name__, item.origin) for item in items]


@pytest.mark.parametrize(
    ("name", "requested", "expected"),
    [
        ("a.json", "auto", "json"),
        ("a.JSONL", "auto", "jsonl"),
        ("a.ndjson", "auto", "jsonl"),
        ("a.csv", "auto", "csv"),
        ("a.txt", "auto", "txt"),
        ("README", "auto", "txt"),
        ("notes.md", "auto", None),
        ("notes.md", "txt", "txt"),
    ],
)
def test_format_comes_from_the_suffix_unless_asked_for(name, requested, expected):
    assert format_of(name, requested) == expected


def test_zip_members_are_read_one_by_one_with_member_in_the_origin(tmp_path):
    archive_path = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps([{"title": "a"}, {"title": "b"}]))
        archive.writestr("more/extra.jsonl", '{"title": "c"}\n')
        archive.writestr("__MACOSX/._2015-07-21.json", "junk")
        archive.writestr("notes.md", "not an article")
    assert origins([archive_path]) == [
        ("Record", "2015-07-21.zip!2015-07-21.json#1"),
        ("Record", "2015-07-21.zip!2015-07-21.json#2"),
        ("Record", "2015-07-21.zip!more/extra.jsonl#1"),
        ("Problem", "2015-07-21.zip!notes.md"),
    ]
    assert input_size(archive_path) > 0


def test_folders_give_visible_files_in_order_and_bad_files_do_not_stop_the_rest(tmp_path):
    (tmp_path / "b.csv").write_bytes(b"title,body\n\xff\xfe broken,\x81\n")
    (tmp_path / "a.jsonl").write_text('{"title": "a"}\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("Headline\n\nSome article text long enough to keep.", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("[]", encoding="utf-8")
    (tmp_path / "d.zip").write_bytes(b"not a zip")
    items = list(read_paths([tmp_path, tmp_path / "gone.json"], origin_of=lambda path: path.name))
    assert [(type(item), item.origin) for item in items] == [
        (Record, "a.jsonl#1"),
        (Problem, "b.csv"),
        (Record, "c.txt"),
        (Problem, "d.zip"),
        (Problem, "gone.json"),
    ]
    assert "UTF-8" in items[1].reason


def test_a_requested_format_applies_to_every_file(tmp_path):
    (tmp_path / "export.dat").write_text('{"title": "a"}\n{"title": "b"}\n', encoding="utf-8")
    assert origins([tmp_path / "export.dat"], fmt="jsonl") == [
        ("Record", "export.dat#1"), ("Record", "export.dat#2"),
    ]  # fmt: skip
    assert origins([tmp_path / "export.dat"]) == [("Problem", "export.dat")]
