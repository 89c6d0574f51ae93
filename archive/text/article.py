"""Parse one plain-text news article into headline, body and the facts it states.

The text is what a person or a scraper copied off a news page: a headline (maybe
repeated, maybe under a section label), perhaps a byline and a date, the article, then
the page footer. Every field comes from the text itself; what the text does not state
stays None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from archive.text.boilerplate import clean_lines, drop_repeated_lines, fold
from archive.text.bylines import find_byline
from archive.text.dates import find_date_match, parse_date
from archive.text.decoding import normalise_line_ends
from archive.text.language import Language, count_letters, detect_language
from archive.text.sections import parse_section_line
from archive.text.sources import Source, detect_source

# Fewer letters than this is a fragment or junk, not an article.
MIN_LETTERS = 20

# "date 2022-06-15 Headline": some exports put the date in front of the first line.
_DATE_LABEL = re.compile(r"^\s*(?:date|published|التاريخ|تاريخ النشر)\s*:?\s*", re.IGNORECASE)
_AFTER_DATE = " \t,،-–—|:"

# Hard-wrapped plain text: short lines that mostly stop mid-sentence.
_WRAPPED_MIN_LENGTH = 30
_WRAPPED_MAX_LENGTH = 100
_SENTENCE_END = re.compile(r"[.!?؟…:\"”»]\s*$")


class UnparseableArticle(Exception):
    """The text holds no article this archive can store; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    language: Language
    published: date | None
    source: Source | None
    author: str | None
    section: str | None


@dataclass(frozen=True)
class _Header:
    title: str
    section: str | None
    published: date | None
    body_start: int


def parse_article(text: str) -> ParsedArticle:
    """Split an article's text into its parts; raise UnparseableArticle for non-articles."""
    text = normalise_line_ends(text).removeprefix("\ufeff")
    _require_letters(text, "no recognisable text")
    lines = [line.rstrip() for line in text.split("\n")]
    content, trailer = clean_lines(lines)
    byline = find_byline(content, trailer)
    if byline is not None and byline.line_index < len(content):
        content[byline.line_index] = ""
    header = _read_header(content)
    body_lines = drop_repeated_lines(content[header.body_start :], header.title)
    body = "\n\n".join(_paragraphs(body_lines))
    _require_letters(f"{header.title}\n{body}", "too little text left once page furniture is cut")
    return ParsedArticle(
        title=header.title,
        body=body,
        language=detect_language(f"{header.title}\n{body}"),
        published=header.published,
        source=detect_source(text),
        author=byline.author if byline else None,
        section=header.section,
    )


def _require_letters(text: str, reason: str) -> None:
    letters = count_letters(text).total
    if letters < MIN_LETTERS:
        raise UnparseableArticle(f"{reason} ({letters} letters, at least {MIN_LETTERS} needed)")


def split_date_prefix(line: str) -> tuple[date, str] | None:
    """(date, rest of line) for a line opening with a labelled date, else None."""
    label = _DATE_LABEL.match(line)
    if label is None:
        return None
    remainder = line[label.end() :]
    match = find_date_match(remainder)
    if match is None or match.start != 0:
        return None
    return match.value, remainder[match.end :].strip(_AFTER_DATE)


def _read_header(lines: Sequence[str]) -> _Header:
    """Find the headline and the section/date lines around it; say where the body starts."""
    title: str | None = None
    section: str | None = None
    published: date | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        section_line = parse_section_line(line)
        if section_line is not None:
            section = section or section_line.section
            published = published or section_line.published
            continue
        stated = parse_date(line)
        if stated is not None:
            published = published or stated
            continue
        if title is None:
            prefixed = split_date_prefix(line)
            if prefixed is not None:
                published = published or prefixed[0]
                line = prefixed[1]
                if not line:
                    continue
            title = line.strip()
            continue
        if fold(line) == fold(title):
            continue
        return _Header(title, section, published, index)
    if title is None:
        raise UnparseableArticle("no headline found")
    return _Header(title, section, published, len(lines))


def _paragraphs(lines: Sequence[str]) -> list[str]:
    """One paragraph per line, except hard-wrapped blocks, which are re-joined."""
    paragraphs: list[str] = []
    for block in _blocks(lines):
        if _is_hard_wrapped(block):
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _is_hard_wrapped(block: Sequence[str]) -> bool:
    wrapped = block[:-1]
    if not wrapped:
        return False
    if not all(_WRAPPED_MIN_LENGTH <= len(line) <= _WRAPPED_MAX_LENGTH for line in wrapped):
        return False
    open_ended = sum(1 for line in wrapped if not _SENTENCE_END.search(line))
    return open_ended * 2 > len(wrapped)
