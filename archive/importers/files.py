"""Walk files, folders and zip archives and read each file with its format's reader.

Zips are read member by member and every file is streamed, so memory stays flat however
large the dump. Origins are `path`, `path!member` inside a zip, then `#record`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from archive.importers.csvrows import iter_csv_records
from archive.importers.jsonarray import iter_json_records
from archive.importers.jsonlines import iter_jsonl_records
from archive.importers.plaintext import iter_text_records
from archive.importers.records import Problem, Record

FORMATS = ("auto", "txt", "json", "jsonl", "csv")
_BY_SUFFIX = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
    "": "txt",
}
_STREAM_READERS = {"json": iter_json_records, "jsonl": iter_jsonl_records, "csv": iter_csv_records}

Items = Iterator[Record | Problem]


def format_of(name: str, requested: str = "auto") -> str | None:
    """The reader for a file name: the one asked for, or by suffix; None when unknown."""
    if requested != "auto":
        return requested
    return _BY_SUFFIX.get(PurePosixPath(name).suffix.lower())


def _is_hidden(parts: Iterable[str]) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in parts)


def read_stream(opener: Callable[[], BinaryIO], fmt: str, origin: str) -> Items:
    """Records of one file (or zip member) opened by `opener`, in format `fmt`."""
    with opener() as binary:
        if fmt == "txt":
            yield from iter_text_records(binary.read(), origin)
            return
        # utf-8-sig drops a BOM; newline="" leaves line ends to the readers (CSV needs it).
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        yield from _STREAM_READERS[fmt](text, origin)


def read_zip(path: Path, origin: str, fmt: str) -> Items:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Problem(origin, f"not a readable zip archive: {error}")
        return
    with archive:
        for info in archive.infolist():
            member = PurePosixPath(info.filename)
            if info.is_dir() or _is_hidden(member.parts):
                continue
            member_origin = f"{origin}!{info.filename}"
            member_format = format_of(info.filename, fmt)
            if member_format is None:
                yield Problem(member_origin, "unknown format (use --format)", failed=False)
                continue
            try:
                yield from read_stream(lambda info=info: archive.open(info), member_format, member_origin)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                yield Problem(member_origin, f"cannot read zip member: {error}")


def read_file(path: Path, origin: str, fmt: str = "auto") -> Items:
    if path.suffix.lower() == ".zip" and fmt != "txt":
        yield from read_zip(path, origin, fmt)
        return
    file_format = format_of(path.name, fmt)
    if file_format is None:
        yield Problem(origin, "unknown format (use --format)", failed=False)
        return
    try:
        yield from read_stream(lambda: path.open("rb"), file_format, origin)
    except OSError as error:
        yield Problem(origin, f"cannot read: {error.strerror or error}")


def files_in(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly as they are; folders give their visible files, sorted."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _is_hidden(child.relative_to(path).parts):
                    yield child
        else:
            yield path


def read_paths(paths: Iterable[Path], *, fmt: str = "auto", origin_of: Callable[[Path], str]) -> Items:
    """Every record under the given files, folders and zips, in a stable order."""
    for path in files_in(paths):
        origin = origin_of(path)
        if not path.exists():
            yield Problem(origin, "no such file or folder")
            continue
        yield from read_file(path, origin, fmt)


def input_size(path: Path) -> int:
    """Bytes a reader will go through: a zip's members unpacked, or the file itself."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            pass
    return path.stat().st_size if path.exists() else 0
