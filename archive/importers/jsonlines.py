"""JSON lines: one object per line, so one broken line costs one record, not the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from archive.importers.records import Problem, Record, record_origin


def iter_jsonl_records(stream: TextIO, file_origin: str) -> Iterator[Record | Problem]:
    """Records numbered by line, so an origin still points at its line after edits elsewhere."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            raw = line.rstrip("\r\n")
            if not raw.strip():
                continue
            origin = record_origin(file_origin, number)
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as error:
                yield Problem(origin, f"broken JSON on line {number}: {error.msg}")
                continue
            if isinstance(value, dict):
                yield Record(origin=origin, raw_text=raw, fields=value)
            else:
                yield Problem(origin, f"line {number} is a JSON {type(value).__name__}, not an object")
    except UnicodeDecodeError as error:
        yield Problem(file_origin, f"not UTF-8 text after line {number}: {error.reason}")
