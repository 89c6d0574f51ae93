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
    (tmp_path / "b.csv").write_bytes(b"title,body\n\x00\x01\x02\x03\x04\x05 binary\n")
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
    assert "binary" in items[1].reason


def test_a_requested_format_applies_to_every_file(tmp_path):
    (tmp_path / "export.dat").write_text('{"title": "a"}\n{"title": "b"}\n', encoding="utf-8")
    assert origins([tmp_path / "export.dat"], fmt="jsonl") == [
        ("Record", "export.dat#1"), ("Record", "export.dat#2"),
    ]  # fmt: skip
    assert origins([tmp_path / "export.dat"]) == [("Problem", "export.dat")]


def test_windows_and_utf16_csv_json_and_jsonl_import_whole(tmp_path):
    rows = [("وزير الخارجية يستقبل السفير", "استقبل وزير الخارجية السفير في الرياض.")] * 5
    csv_text = "title,body\n" + "".join(f"{t},{b}\n" for t, b in rows)
    jsonl_text = "".join(json.dumps({"title": t, "body": b}, ensure_ascii=False) + "\n" for t, b in rows)
    (tmp_path / "a.csv").write_bytes(csv_text.encode("cp1256"))
    (tmp_path / "b.jsonl").write_bytes(jsonl_text.encode("utf-16"))
    (tmp_path / "c.json").write_bytes(json.dumps([{"title": "Caf\u00e9", "body": "x"}], ensure_ascii=False)
                                      .encode("cp1252"))  # fmt: skip
    items = list(read_paths([tmp_path], origin_of=lambda path: path.name))
    assert [type(item) for item in items] == [Record] * 11
    assert items[0].fields["title"] == rows[0][0] and items[5].fields["body"] == rows[0][1]
    assert items[10].fields["title"] == "Caf\u00e9"


def test_fifos_links_and_empty_folders_are_named_and_the_rest_imports(tmp_path):
    import os

    (tmp_path / "a.jsonl").write_text('{"title": "a"}\n', encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "x.csv").mkdir()
    (tmp_path / "up").symlink_to(tmp_path)
    items = list(read_paths([tmp_path], origin_of=lambda path: path.name))
    found = {item.origin: (type(item).__name__, getattr(item, "reason", "")) for item in items}
    assert found["a.jsonl#1"][0] == "Record"
    assert found["pipe.jsonl"] == ("Problem", "a FIFO, not a regular file")
    assert found["loop.json"] == ("Problem", "a symbolic link loop")
    assert found["gone.csv"] == ("Problem", "a broken symbolic link")
    assert found["x.csv"] == ("Problem", "an empty folder")
    assert found["up"] == ("Problem", "a symbolic link to a folder: not followed")
    assert len(items) == 6


def test_a_fifo_named_directly_is_refused_without_opening_it(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.csv")
    (loop_folder := tmp_path / "loops").mkdir()
    (loop_folder / "a").symlink_to(loop_folder / "a")
    assert origins([tmp_path / "pipe.csv", loop_folder]) == [
        ("Problem", "pipe.csv"), ("Problem", "a"), ("Problem", "loops"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("size", "packed", "refused"),
    [
        (500_000_000, 763_000, "zip bomb"),
        (3 << 30, 1 << 30, "over the"),
        (30_000_000, 5_000_000, None),
        (100_000, 100, None),  # small members pack tightly and are harmless
    ],
)
def test_zip_members_are_checked_for_size_and_ratio(size, packed, refused):
    from archive.importers.files import zip_member_refusal

    reason = zip_member_refusal(size, packed)
    assert (reason is None) if refused is None else (refused in reason)


def test_a_zip_bomb_member_is_named_and_not_read(tmp_path):
    archive_path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("words.jsonl", b"word " * 2_000_000)
        archive.writestr("ok.jsonl", '{"title": "a"}\n')
    items = list(read_paths([archive_path], origin_of=lambda path: path.name))
    assert [(type(item), item.origin) for item in items] == [
        (Problem, "bomb.zip!words.jsonl"), (Record, "bomb.zip!ok.jsonl#1"),
    ]  # fmt: skip
    assert "zip bomb" in items[0].reason
