"""What the readers yield: a record to import, or a problem to report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Record:
    """One article as read: `fields` is None for plain text, which is parsed whole."""

    origin: str
    raw_text: str
    fields: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Problem:
    """A file or record that could not be imported; `failed` is False for a mere skip."""

    origin: str
    reason: str
    failed: bool = True


def record_origin(file_origin: str, number: int) -> str:
    return f"{file_origin}#{number}"
