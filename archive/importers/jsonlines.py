"""JSON lines: one object per line, so one broken line costs one record, not the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from archive.importers.records import MAX_RECORD_CHARS, Problem, Record, record_origin, too_large


def bounded_lines(stream: TextIO, limit: int | None = None) -> Iterator[str | None]:
    """The stream's lines, each read with at most `limit` characters (MAX_RECORD_CHARS) in
    memory; a longer line is read past in pieces and given as None (the caller names it)."""
    limit = limit or MAX_RECORD_CHARS
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(limit)) and not rest.endswith("\n"):
                pass
            yield None
            continue
        yield line


def iter_jsonl_records(stream: TextIO, file_origin: str) -> Iterator[Record | Problem]:
    """Records numbered by line, so an origin still points at its line after edits elsewhere."""
    number = 0
    try:
        for number, line in enumerate(bounded_lines(stream), start=1):
            origin = record_origin(file_origin, number)
            if line is None:
                yield Problem(origin, too_large(f"line {number}", MAX_RECORD_CHARS + 1, MAX_RECORD_CHARS))
                continue
            raw = line.rstrip("\r\n")
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as error:
                yield Problem(origin, f"broken JSON on line {number}: {error.msg}")
                continue
            except RecursionError:
                yield Problem(origin, f"JSON on line {number} is nested too deeply")
                continue
            if isinstance(value, dict):
                yield Record(origin=origin, raw_text=raw, fields=value)
            else:
                yield Problem(origin, f"line {number} is a JSON {type(value).__name__}, not an object")
    except UnicodeDecodeError as error:
        yield Problem(file_origin, f"not UTF-8 text after line {number}: {error.reason}")
