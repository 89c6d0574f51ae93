"""Stream the objects of a JSON array (or of concatenated JSON values) one at a time.

Dumps such as SaudiNewsNet are one array of tens of thousands of articles per file;
json.load would hold the whole file and every object at once. This decoder keeps only
the unread part of a buffer and hands out each object with its exact source text, so
the archive can keep the record as it was written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from archive.importers.records import MAX_RECORD_CHARS, Problem, Record, record_origin, too_large

CHUNK_CHARS = 1 << 20
_WHITESPACE = " \t\n\r"
_decoder = json.JSONDecoder()


class BrokenJson(Exception):
    def __init__(self, reason: str, *, record: int, line: int) -> None:
        super().__init__(f"broken JSON at record {record} (line {line}): {reason}")


class _Buffer:
    """The unread text of a stream, with the line number of its first character."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self, at_least: int = CHUNK_CHARS) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(max(at_least, CHUNK_CHARS))
        if not chunk:
            self.eof = True
            return False
        self.line += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_whitespace(self) -> str:
        """The next significant character ('' at the end), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def current_line(self) -> int:
        return self.line + self.text.count("\n", 0, self.pos)

    def decode_value(self, record: int) -> tuple[object, str]:
        """The next JSON value and its exact text; reads more until it is complete."""
        wanted = CHUNK_CHARS
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                # A record bigger than this is not a news article: stop rather than read the
                # whole file in.
                unread = len(self.text) - self.pos
                if unread > MAX_RECORD_CHARS:
                    raise BrokenJson(too_large("it", unread, MAX_RECORD_CHARS), record=record,
                                     line=self.current_line()) from None  # fmt: skip
                if not self.fill(min(wanted, MAX_RECORD_CHARS)):
                    raise BrokenJson(error.msg, record=record, line=self.current_line()) from None
                wanted *= 2  # a long record costs a few retries, not one per chunk
                continue
            except RecursionError:
                raise BrokenJson("nested too deeply", record=record, line=self.current_line()) from None
            # A number or literal cut at the buffer's end decodes, but wrongly.
            if end == len(self.text) and not self.eof and self.fill(wanted):
                continue
            if end - self.pos > MAX_RECORD_CHARS:
                raise BrokenJson(too_large("it", end - self.pos, MAX_RECORD_CHARS), record=record,
                                 line=self.current_line())  # fmt: skip
            raw = self.text[self.pos : end]
            self.pos = end
            return value, raw


def iter_json_records(stream: TextIO, file_origin: str) -> Iterator[Record | Problem]:
    """Records of a JSON array, one object, or objects one after another (JSON lines)."""
    buffer = _Buffer(stream)
    number = 0
    try:
        in_array = buffer.skip_whitespace() == "["
        if in_array:
            buffer.pos += 1
        while True:
            char = buffer.skip_whitespace()
            if char == "" or (in_array and char == "]"):
                break
            if number and in_array:
                if char != ",":
                    raise BrokenJson("expected ',' or ']'", record=number, line=buffer.current_line())
                buffer.pos += 1
                buffer.skip_whitespace()
            number += 1
            value, raw = buffer.decode_value(number)
            yield _record(value, raw, record_origin(file_origin, number))
    except BrokenJson as error:
        yield Problem(file_origin, str(error))
    except UnicodeDecodeError as error:
        yield Problem(file_origin, f"not UTF-8 text after record {number}: {error.reason}")


def _record(value: object, raw: str, origin: str) -> Record | Problem:
    if not isinstance(value, dict):
        return Problem(origin, f"a JSON {type(value).__name__}, not an object with fields")
    return Record(origin=origin, raw_text=raw, fields=value)
