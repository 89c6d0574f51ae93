"""Cut the site furniture that comes along when an article is copied off a web page.

Three kinds, each a table so that new outlets need data, not code:
- trailer markers ("Check Also", "اقرأ أيضاً:"): the marker and everything after it
  are teasers, share buttons and headline lists, never article text;
- noise lines (back-to-top buttons, mastheads, tatweel rules): dropped wherever found;
- disclaimers (the Syrian Observer's republishing note): removed as a sentence block.
Matching is on a folded form of each line (case, harakat, tatweel and alef forms
ignored) because outlets spell their own buttons inconsistently ("اقرأ أيضاً",
"اقرأ ايضا", "إقرأ أيضًا").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEF_FORMS = str.maketrans("أإآٱ", "اااا")


def fold(line: str) -> str:
    """The comparison form of a line: no harakat/tatweel, one alef, lower case."""
    without_marks = _MARKS.sub("", line).translate(_ALEF_FORMS)
    return re.sub(r"\s+", " ", without_marks).strip().casefold()


# Written in folded form. A marker counts when it fills the line, or is followed by a
# colon and whatever (a byline, a teaser headline, nothing).
TRAILER_MARKERS: tuple[str, ...] = (
    "check also", "you might also like", "you may also like", "latest news",
    "related", "related articles", "related posts", "related news", "related stories",
    "read more", "read also", "see also", "more news", "share", "share this",
    "share this article", "tags",
    "اقرا ايضا", "اقرا ايضا في", "مشاركة", "شارك", "شارك الخبر", "الكاتب",
    "مواضيع ذات صلة", "اخبار ذات صلة", "مقالات ذات صلة", "اخر الاخبار", "المزيد من الاخبار",
    "الوسوم", "كلمات مفتاحية", "تابعونا",
)  # fmt: skip

NOISE_LINES: tuple[str, ...] = (
    # back-to-top buttons
    "زر الذهاب الى الاعلى", "العودة الى الاعلى", "الذهاب الى الاعلى",
    "back to top button", "back to top", "go to top",
    # mastheads printed as a page footer
    "صحيفة الوطن", "الوكالة العربية السورية للانباء", "syrian arab news agency",
)  # fmt: skip

DISCLAIMERS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"This article was (?:translated and )?edited by The Syrian Observer\."
        r"(?:.*?lies entirely with the (?:author|source)s?\.?)?",
        re.IGNORECASE | re.DOTALL,
    ),
)

# Rules made of tatweel, dashes, bullets and the like carry no words.
_DECORATION_LINE = re.compile(r"^[\sـ\-_=*~•●▪■◆·.…|/\\#+—–]+$")
# A paragraph: ends like a sentence, or too long to be a heading or a byline.
_SENTENCE_END = re.compile(r"[.!?؟…\"”»)]\s*$")
_PARAGRAPH_MIN_WORDS = 20
_SENTENCE_MIN_WORDS = 6

_TRAILER_LINE = re.compile(
    r"^(?:" + "|".join(re.escape(marker) for marker in TRAILER_MARKERS) + r")\s*(?::.*)?$"
)
_NOISE = frozenset(NOISE_LINES)


def is_trailer_marker(line: str) -> bool:
    return bool(_TRAILER_LINE.match(fold(line)))


def is_noise_line(line: str) -> bool:
    if _DECORATION_LINE.match(line):
        return True
    return fold(line) in _NOISE


def looks_like_paragraph(line: str) -> bool:
    words = len(line.split())
    if words >= _PARAGRAPH_MIN_WORDS:
        return True
    return words >= _SENTENCE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def split_trailer(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """(article lines, trailer lines): the trailer starts at the first marker line.

    A marker only counts once some article paragraph has been seen after the first
    line, so a "الكاتب: ..." byline under the headline does not swallow the article.
    """
    seen_paragraph = False
    for index, line in enumerate(lines):
        if index > 0 and seen_paragraph and is_trailer_marker(line):
            return list(lines[:index]), list(lines[index:])
        if index > 0 and looks_like_paragraph(line):
            seen_paragraph = True
    return list(lines), []


def remove_disclaimers(text: str) -> str:
    for pattern in DISCLAIMERS:
        text = pattern.sub("", text)
    return text


def drop_noise_lines(lines: Sequence[str]) -> list[str]:
    """Remove furniture lines; blank lines stay so paragraph breaks survive."""
    return [line for line in lines if not line.strip() or not is_noise_line(line)]


def drop_repeated_lines(lines: Sequence[str], headline: str | None = None) -> list[str]:
    """Remove copies of the headline and a line repeating the previous non-blank line.

    Pages print the headline in the breadcrumb, the <h1> and again above the text;
    scrapers also double lines. A body never needs either copy.
    """
    headline_key = fold(headline) if headline else None
    kept: list[str] = []
    previous_key: str | None = None
    for line in lines:
        if not line.strip():
            kept.append(line)
            continue
        key = fold(line)
        if key == headline_key or key == previous_key:
            continue
        kept.append(line)
        previous_key = key
    return kept


def clean_lines(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """(article lines, cut trailer) with disclaimers and noise lines removed."""
    without_disclaimers = remove_disclaimers("\n".join(lines)).split("\n")
    article, trailer = split_trailer(without_disclaimers)
    return drop_noise_lines(article), trailer


def strip_boilerplate(text: str) -> str:
    """The text with trailer, disclaimers and noise lines removed."""
    article, _ = clean_lines(text.split("\n"))
    return "\n".join(article).strip()
