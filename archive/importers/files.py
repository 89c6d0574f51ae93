"""Walk files, folders and zip archives and read each file with its format's reader.

Zips are read member by member and every file is streamed, so memory stays flat however
large the dump. Origins are `path`, `path!member` inside a zip, then `#record`.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple

from archive.importers.csvrows import iter_csv_records
from archive.importers.jsonarray import iter_json_records
from archive.importers.jsonlines import iter_jsonl_records
from archive.importers.plaintext import iter_text_records
from archive.importers.records import MAX_RECORD_CHARS, Problem, Record, too_large
from archive.text.decoding import UndecodableText, Utf8Stream

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
# A zip member bigger than this, or packed tighter than this ratio, is refused unread (a zip
# bomb: 763 KB holding 500 MB of words). News JSON packs about 4:1 to 8:1.
MAX_MEMBER_BYTES = 2 << 30
MAX_PACKING_RATIO = 50
# Below this a member's ratio says nothing (a few repeated lines pack tightly).
_RATIO_FLOOR_BYTES = 1 << 20


def zip_member_refusal(size: int, packed: int) -> str | None:
    """Why a zip member of `size` bytes packed into `packed` is not read, or None."""
    if size > MAX_MEMBER_BYTES:
        return f"{size:,} bytes unpacked, over the {MAX_MEMBER_BYTES:,} a member may have"
    if size > _RATIO_FLOOR_BYTES and size > packed * MAX_PACKING_RATIO:
        ratio = size / max(packed, 1)
        return (
            f"packed {ratio:,.0f}:1 ({size:,} bytes in {packed:,}), over {MAX_PACKING_RATIO}:1 "
            "(a zip bomb?): not read"
        )
    return None


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
            # Bytes, so a file's size is its bound: a text article is one record.
            data = binary.read(MAX_RECORD_CHARS * 4 + 1)
            if len(data) > MAX_RECORD_CHARS * 4:
                yield Problem(origin, too_large("the file", len(data), MAX_RECORD_CHARS * 4, unit="bytes"))
                return
            yield from iter_text_records(data, origin)
            return
        # Any encoding a text file may have, read as UTF-8; newline="" leaves line ends to
        # the readers (CSV needs it).
        text = io.TextIOWrapper(io.BufferedReader(Utf8Stream(binary)), encoding="utf-8", newline="")
        try:
            yield from _STREAM_READERS[fmt](text, origin)
        except UndecodableText as error:
            yield Problem(origin, error.reason)


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
            if refused := zip_member_refusal(info.file_size, info.compress_size):
                yield Problem(member_origin, refused)
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


def _not_regular(path: Path) -> str | None:
    """Why `path` is not a file to read (None: a regular file, or a link to one)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a broken symbolic link"
        return "no such file or folder" if error.errno == errno.ENOENT else f"cannot read: {error.strerror}"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{kind}, not a regular file"


class Unread(NamedTuple):
    """A path walk_paths met and does not read: a failure, or a skip (failed=False)."""

    path: Path
    reason: str
    failed: bool = True


def walk_paths(paths: Iterable[Path]) -> Iterator[Path | Unread]:
    """Files named directly and the visible files of folders, sorted; every other path met
    (FIFO, device, broken link or loop, an empty folder) as Unread with the reason.
    Links to folders inside a folder are not followed (a loop would never end)."""
    for path in paths:
        if path.is_dir():
            found = False
            for child in _folder_entries(path):
                found |= isinstance(child, Path)
                yield child
            if not found:
                yield Unread(path, "a folder without any file to read")
            continue
        reason = _not_regular(path)
        yield path if reason is None else Unread(path, reason)


def _folder_entries(folder: Path) -> Iterator[Path | Unread]:
    for parent, dirs, names in os.walk(folder, followlinks=False):
        base = Path(parent)
        for name in list(dirs):
            if _is_hidden([name]) or (base / name).is_symlink():
                dirs.remove(name)
                if not _is_hidden([name]):
                    yield Unread(base / name, "a symbolic link to a folder: not followed")
        dirs.sort()
        if base != folder and not dirs and not names:
            yield Unread(base, "an empty folder", failed=False)
        for name in sorted(names):
            if _is_hidden([name]):
                continue
            reason = _not_regular(base / name)
            yield base / name if reason is None else Unread(base / name, reason)


def files_in(paths: Iterable[Path]) -> Iterator[Path]:
    """The readable files among walk_paths (the rest is for the readers to report)."""
    return (item for item in walk_paths(paths) if isinstance(item, Path))


def read_paths(paths: Iterable[Path], *, fmt: str = "auto", origin_of: Callable[[Path], str]) -> Items:
    """Every record under the given files, folders and zips, in a stable order; every path
    that is not read is named with the reason."""
    for item in walk_paths(paths):
        if isinstance(item, Unread):
            yield Problem(origin_of(item.path), item.reason, failed=item.failed)
            continue
        yield from read_file(item, origin_of(item), fmt)


def input_size(path: Path) -> int:
    """Bytes a reader will go through: a zip's members unpacked, or the file itself."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            pass
    return path.stat().st_size if path.exists() else 0
