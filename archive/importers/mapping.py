"""Turn a record's fields into the article the archive stores (pure functions).

Dumps name their fields differently (`content` or `body` or `article_content`); the
first non-empty candidate wins and an operator can name the field instead. A record
without a title or text is skipped, never invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from archive.importers.outlets import outlet_source
from archive.importers.records import MAX_TITLE_CHARS, Problem, Record, too_large
from archive.text.article import ParsedArticle, UnparseableArticle, parse_article
from archive.text.dates import find_date
from archive.text.decoding import normalise_line_ends
from archive.text.language import detect_language
from archive.text.sources import Source

DEFAULT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "article_title", "headline"),
    "body": ("content", "body", "article_content", "text"),
    "date": ("date", "date_extracted", "published", "date_published", "pubdate"),
    "source": ("source", "outlet", "publisher"),
    "author": ("author", "byline"),
    "url": ("url", "link"),
    "section": ("section", "category"),
    "language": ("language", "lang"),
}
# Column sizes of archive.models.Article; PostgreSQL refuses longer values.
MAX_AUTHOR = 300
MAX_SECTION = 200
MAX_URL = 2000

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")
_SENTENCE_END = re.compile(r"[.!?؟…:\"”»)]\s*$")


@dataclass(frozen=True)
class FieldMap:
    candidates: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FIELDS))

    def overridden(self, **names: str | None) -> FieldMap:
        """The same map with `title="headline"`-style choices taking the place of the defaults."""
        unknown = set(names) - set(self.candidates)
        if unknown:
            raise ValueError(f"unknown article fields: {', '.join(sorted(unknown))}")
        chosen = {name: (column,) for name, column in names.items() if column}
        return FieldMap({**self.candidates, **chosen})

    def value(self, fields: Mapping[str, Any], name: str) -> str:
        for key in self.candidates[name]:
            text = _as_text(fields.get(key))
            if text:
                return text
        return ""


@dataclass(frozen=True)
class ArticleDraft:
    origin: str
    raw_text: str
    parsed: ParsedArticle
    url: str = ""


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value if _as_text(item))
    # PostgreSQL text cannot hold NUL, and no article means one.
    return str(value).replace("\x00", "").strip()


def parse_record_date(value: str) -> date | None:
    """ISO (`2015-07-21 02:51:32`, `1987-02-26T15:01:01`), US `m/d/yyyy`, or written out."""
    try:
        if match := _ISO_DATE.match(value):
            year, month, day = map(int, match.groups())
            return date(year, month, day)
        if match := _SLASH_DATE.match(value):
            first, second, year = map(int, match.groups())
            # FA-KES writes month first; a first number over 12 can only be a day.
            month, day = (second, first) if first > 12 else (first, second)
            return date(year, month, day)
    except ValueError:
        return None
    return find_date(value) if value else None


def clean_body(text: str) -> str:
    """Paragraphs separated by blank lines, hard-wrapped lines (Reuters) joined again."""
    lines = normalise_line_ends(text).split("\n")
    blocks: list[list[str]] = [[]]
    for line in lines:
        # An indented line opens a paragraph in wire copy that has no blank lines.
        if not line.strip() or (line[:1] in " \t" and blocks[-1] and _looks_wrapped(blocks[-1])):
            blocks.append([])
        if line.strip():
            blocks[-1].append(" ".join(line.split()))
    paragraphs: list[str] = []
    for block in blocks:
        if _looks_wrapped(block):
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return "\n\n".join(paragraphs)


def _looks_wrapped(block: list[str]) -> bool:
    """Most lines of the block stop mid-sentence: a line break that is only layout."""
    if len(block) < 2:
        return bool(block) and not _SENTENCE_END.search(block[-1])
    open_ended = sum(1 for line in block[:-1] if not _SENTENCE_END.search(line))
    return open_ended * 2 > len(block) - 1


def _url(value: str) -> str:
    return value if value.startswith(("http://", "https://")) and len(value) <= MAX_URL else ""


def title_refusal(title: str) -> str | None:
    """Why a title is refused (a whole file on one line makes one), or None."""
    return too_large("the title", len(title), MAX_TITLE_CHARS) if len(title) > MAX_TITLE_CHARS else None


def draft_from_record(
    record: Record, *, fields: FieldMap | None = None, source: Source | None = None
) -> ArticleDraft | Problem:
    """The article a record holds, or a skip saying why there is none."""
    if record.fields is None:
        return _draft_from_text(record, source=source)
    fields = fields or FieldMap()
    values = record.fields
    title = " ".join(fields.value(values, "title").split())
    body = clean_body(fields.value(values, "body"))
    if not title:
        return Problem(record.origin, "no title", failed=False)
    if refused := title_refusal(title):
        return Problem(record.origin, refused)
    if not body:
        return Problem(record.origin, "no text", failed=False)
    language = fields.value(values, "language").lower()[:2]
    parsed = ParsedArticle(
        title=title,
        body=body,
        language=language if language in ("ar", "en") else detect_language(f"{title}\n{body}"),
        published=parse_record_date(fields.value(values, "date")),
        source=source or outlet_source(fields.value(values, "source")),
        author=fields.value(values, "author")[:MAX_AUTHOR] or None,
        section=fields.value(values, "section")[:MAX_SECTION] or None,
    )
    raw_text = record.raw_text.replace("\x00", "")
    return ArticleDraft(record.origin, raw_text, parsed, _url(fields.value(values, "url")))


def _draft_from_text(record: Record, *, source: Source | None) -> ArticleDraft | Problem:
    try:
        parsed = parse_article(record.raw_text)
    except UnparseableArticle as error:
        return Problem(record.origin, error.reason, failed=False)
    if refused := title_refusal(parsed.title):
        return Problem(record.origin, refused)
    if source is not None:
        parsed = replace(parsed, source=source)
    return ArticleDraft(record.origin, record.raw_text.replace("\x00", ""), parsed)


def drafts_from(
    items: Iterable[Record | Problem], *, fields: FieldMap | None = None, source: Source | None = None
) -> Iterator[ArticleDraft | Problem]:
    for item in items:
        yield item if isinstance(item, Problem) else draft_from_record(item, fields=fields, source=source)
