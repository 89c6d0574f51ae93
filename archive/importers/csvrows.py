"""CSV with a header row (FA-KES-like columns); each row keeps its exact text."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from archive.importers.records import MAX_RECORD_CHARS, Problem, Record, record_origin, too_large

# Article bodies easily pass the csv module's default 128 KiB field limit.
MAX_FIELD_CHARS = MAX_RECORD_CHARS


class RowTooLarge(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(too_large(f"the row at line {line}", MAX_RECORD_CHARS + 1, MAX_RECORD_CHARS))


class _LineTap:
    """Hands lines to the csv reader and remembers them, so each row's raw text is known."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.taken: list[str] = []
        self.size = 0  # characters taken for the row being read
        self.line = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        # A row (or a line) past the record limit stops the file: memory stays bounded.
        line = self.stream.readline(MAX_RECORD_CHARS + 1)
        if not line:
            raise StopIteration
        self.line += 1
        self.size += len(line)
        if self.size > MAX_RECORD_CHARS:
            raise RowTooLarge(self.line)
        self.taken.append(line)
        return line

    def drain(self) -> str:
        text = "".join(self.taken)
        self.taken, self.size = [], 0
        return text.rstrip("\r\n")


def iter_csv_records(stream: TextIO, file_origin: str) -> Iterator[Record | Problem]:
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    tap = _LineTap(stream)
    reader = csv.reader(tap)
    number = 0
    try:
        header = next(reader, None)
        if not header:
            yield Problem(file_origin, "empty CSV file (no header row)")
            return
        header = [name.strip() for name in header]
        tap.drain()
        for row in reader:
            raw = tap.drain()
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            origin = record_origin(file_origin, number)
            if len(row) > len(header):
                yield Problem(origin, f"row {number} has {len(row)} cells, the header {len(header)}")
                continue
            yield Record(origin=origin, raw_text=raw, fields=dict(zip(header, row, strict=False)))
    except RowTooLarge as error:
        yield Problem(record_origin(file_origin, number + 1), str(error))
    except csv.Error as error:
        yield Problem(file_origin, f"broken CSV after row {number}: {error}")
    except UnicodeDecodeError as error:
        yield Problem(file_origin, f"not UTF-8 text after row {number}: {error.reason}")
