"""Recognise the newspaper section label that pages print above or below a headline.

Al-Watan prints "اقتصاد" on its own line; Syrian news portals print
"● أخبار سورية ٢١ نوفمبر ٢٠٢٥" (section, then the publication date). A line is a
section line only if it holds a known section name and, at most, a date: anything else
is headline or text and must stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from archive.text.dates import parse_date

# Canonical spelling of each section as shown to readers; extend as outlets are added.
KNOWN_SECTIONS: tuple[str, ...] = (
    # Arabic
    "أخبار سورية", "أخبار سوريا", "أخبار محلية", "محليات", "محلي", "سياسة", "سياسي",
    "اقتصاد", "اقتصادي", "رياضة", "ثقافة", "ثقافة وفن", "فن", "منوعات", "مجتمع",
    "صحة", "علوم", "تكنولوجيا", "علوم وتكنولوجيا", "عربي ودولي", "عربي", "دولي",
    "عالمي", "رأي", "آراء", "مقالات", "تحقيقات", "شؤون محلية", "اتصالات",
    # English
    "Politics", "Economy", "Business", "Local", "Local News", "Syria News", "World",
    "Arab World", "International", "Sports", "Culture", "Health", "Technology",
    "Science", "Opinion", "Society", "Features", "Reports",
)  # fmt: skip

# Bullets and separators that portals put around the label.
_DECORATION = "●•▪■◆◇►▶«»|*#-–—:\u200f\u200e"
_ALEF_FORMS = str.maketrans("أإآ", "ااا")


@dataclass(frozen=True)
class SectionLine:
    section: str
    published: date | None


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_ALEF_FORMS)).strip().casefold()


# Longest first: "ثقافة وفن" must win over "ثقافة".
_BY_FOLDED = sorted(
    ((_fold(name), name) for name in KNOWN_SECTIONS), key=lambda item: len(item[0]), reverse=True
)


def parse_section_line(line: str) -> SectionLine | None:
    """The section (and date) a line announces, or None if it is not a section line."""
    label = _fold(line.strip().strip(_DECORATION))
    for folded, name in _BY_FOLDED:
        if not label.startswith(folded):
            continue
        rest = label[len(folded) :]
        if not rest:
            return SectionLine(name, None)
        if rest[0].isalpha():
            continue  # a longer word, e.g. "اقتصادية" in a headline
        published = parse_date(rest)
        if published is not None:
            return SectionLine(name, published)
    return None
