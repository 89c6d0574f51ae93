"""Name the outlet that published an article, from what the text itself says.

Evidence is a dateline ("Damascus, SANA-"), a masthead line ("صحيفة الوطن"), an
interview credit ("قالت لـ«الوطن»") or a republisher's note ("edited by The Syrian
Observer"). A mere mention ("according to SANA") is a citation, not a source, and an
article that states nothing gets no source: the archive never guesses one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    native_name: str
    # The outlet's main publishing language (an article's own language is separate).
    language: str


SANA = Source(name="SANA", native_name="سانا", language="ar")
AL_WATAN = Source(name="Al-Watan", native_name="الوطن", language="ar")
SYRIAN_OBSERVER = Source(name="The Syrian Observer", native_name="The Syrian Observer", language="en")

_LINE = re.MULTILINE
_REPUBLISHED_BY_SYRIAN_OBSERVER = re.compile(
    r"\b(?:edited|translated)\s+by\s+The\s+Syrian\s+Observer\b", re.IGNORECASE
)
_DASH = r"[-–—]"

# Order is precedence. A republisher's note beats everything (the Syrian Observer runs
# SANA copy with SANA's dateline intact); a masthead or house credit beats a dateline.
_EVIDENCE: tuple[tuple[re.Pattern[str], Source], ...] = (
    (_REPUBLISHED_BY_SYRIAN_OBSERVER, SYRIAN_OBSERVER),
    (re.compile(r"^[ \t]*صحيفة\s+الوطن[ \t]*$", _LINE), AL_WATAN),
    # "لـ«الوطن»": a statement given *to* the paper, which only the paper itself prints.
    (re.compile(r"لـ?\s*«\s*الوطن\s*»"), AL_WATAN),
    # "Damascus, SANA-" or "SANA-" opening a paragraph.
    (re.compile(rf"^[ \t]*(?:[A-Z][\w'’. -]{{0,40}},[ \t]*)?SANA[ \t]*{_DASH}", _LINE), SANA),
    # "دمشق-سانا" / "دمشق - سانا" opening a paragraph.
    (re.compile(rf"^[ \t]*[\w \t]{{1,40}}{_DASH}[ \t]*سانا(?!\w)", _LINE), SANA),
)  # fmt: skip


def detect_source(text: str) -> Source | None:
    """The outlet the text identifies itself with, or None when it does not say."""
    for pattern, source in _EVIDENCE:
        if pattern.search(text):
            return source
    return None
