"""What the readers yield: a record to import, or a problem to report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Bounds on what one record may be, so memory does not grow with a bad input: a news article
# is well under both (the three shared corpora: at most 0.2 MB and 300 characters).
MAX_RECORD_CHARS = 2_000_000
MAX_TITLE_CHARS = 1_000


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


def too_large(what: str, size: int, limit: int, *, unit: str = "characters") -> str:
    return f"{what} has more than {limit:,} {unit} ({size:,}): not a news article"
