"""Plain-text files: one article each, parsed whole like the seeds."""

from __future__ import annotations

from collections.abc import Iterator

from archive.importers.records import Problem, Record
from archive.text.decoding import UndecodableText, decode_bytes


def iter_text_records(data: bytes, file_origin: str) -> Iterator[Record | Problem]:
    try:
        text = decode_bytes(data)
    except UndecodableText as error:
        yield Problem(file_origin, error.reason)
        return
    yield Record(origin=file_origin, raw_text=text, fields=None)
