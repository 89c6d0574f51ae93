"""Find who wrote an article, when the text says so.

Forms seen in the outlets the archive imports:
- explicit labels: "الكاتب: فريق العمل", "بقلم: ...", "By John Smith";
- Al-Watan's "| رامز محفوظ" under the headline;
- SANA English's bare name line at the end ("Bushra Dabin/ Ruaa al-Jazaeri").
Whatever the form, the result must look like a name (1-6 words, no sentence
punctuation, no digits); otherwise there is no author rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_NAME_WORDS = 6
MAX_NAME_LENGTH = 80

# Labels that open a byline line (regexes). Words that also start ordinary sentences
# ("كتب الوزير ...") count only with a colon; a label word must end at a space or colon,
# so "Bylaws" is not "By laws".
LABELS_WITH_COLON: tuple[str, ...] = (r"الكاتبة?", r"كتبت?", r"[اإ]عداد", r"author")
LABELS_COLON_OPTIONAL: tuple[str, ...] = (r"بقلم", r"by", r"written\s+by")
_EXPLICIT = re.compile(
    r"^\s*(?:\|"
    rf"|(?:{'|'.join(LABELS_WITH_COLON)})\s*:"
    rf"|(?:{'|'.join(LABELS_COLON_OPTIONAL)})(?:\s*:|\s+))"
    r"\s*(?P<name>.+?)\s*$",
    re.IGNORECASE,
)

# Between co-authors: "A / B", "A & B", "A and B", "A و B".
_NAME_SEPARATOR = re.compile(r"\s*(?:/|&|\band\b|(?<!\S)و(?!\S))\s*")
_SENTENCE_PUNCTUATION = re.compile(r"[.,;:!?،؛؟\"“”«»()\[\]{}]")
# Lower-case parts of Arabic and European names in Latin script.
_NAME_PARTICLES = frozenset("al el bin ibn bint abu abd de da di du van von der den la le dos das y".split())
# A heading at the end of an article may be two capitalised words too; these words
# never occur in personal names and mark the line as something else.
_NOT_NAME_WORDS = frozenset(
    "the of in on for to with from news agency ministry syria syrian damascus".split()
)

# Lines to look at for a labelled byline: bylines sit under the headline or at the end.
_HEAD_LINES = 6
_TAIL_LINES = 3


@dataclass(frozen=True)
class Byline:
    author: str
    line_index: int


def _name_parts(text: str) -> list[str]:
    return [part for part in _NAME_SEPARATOR.split(text.strip()) if part]


def looks_like_name(text: str) -> bool:
    """Short, no digits, no sentence punctuation: what a (list of) name(s) looks like."""
    parts = _name_parts(text)
    words = [word for part in parts for word in part.split()]
    if not parts or not 1 <= len(words) <= MAX_NAME_WORDS or len(text) > MAX_NAME_LENGTH:
        return False
    if _SENTENCE_PUNCTUATION.search(text) or any(char.isdigit() for char in text):
        return False
    return all(any(char.isalpha() for char in word) for word in words)


def _looks_like_latin_personal_name(text: str) -> bool:
    """Capitalised words (particles aside), as names are and headings or text are not."""
    words = [word for part in _name_parts(text) for word in part.split()]
    if len(words) < 2 or not all(word.isascii() for word in words):
        return False
    for word in words:
        bare = word.lower()
        if bare in _NOT_NAME_WORDS:
            return False
        stem = re.sub(r"^(?:al|el)-", "", word)  # "al-Jazaeri"
        if bare not in _NAME_PARTICLES and not stem[:1].isupper():
            return False
    return True


def tidy_name(text: str) -> str:
    """One space on either side of "/" between co-authors, single spaces elsewhere."""
    spaced = re.sub(r"\s*/\s*", " / ", text.strip())
    return re.sub(r"\s+", " ", spaced)


def byline_from_label(line: str) -> str | None:
    """The name in a labelled byline line ("| Name", "الكاتب: Name", "By Name")."""
    match = _EXPLICIT.match(line)
    if match is None:
        return None
    name = match.group("name")
    return tidy_name(name) if looks_like_name(name) else None


def byline_from_bare_name(line: str) -> str | None:
    """A name standing alone on a line, as SANA English ends its articles."""
    text = line.strip()
    if looks_like_name(text) and _looks_like_latin_personal_name(text):
        return tidy_name(text)
    return None


def _non_blank_indexes(lines: Sequence[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if line.strip()]


def find_byline(lines: Sequence[str], trailer: Sequence[str] = ()) -> Byline | None:
    """The byline among an article's lines, with its index so it can be removed.

    `trailer` is the furniture already cut off the end; its first line may still be
    the byline ("الكاتب: فريق العمل" opens the footer on some portals). A byline found
    there gets the index len(lines), i.e. no line of the article itself.
    """
    indexes = _non_blank_indexes(lines)
    # The headline itself is never a byline, so the search starts after it.
    head = indexes[1 : 1 + _HEAD_LINES]
    tail = indexes[max(1, len(indexes) - _TAIL_LINES) :]
    for index in [*head, *reversed(tail)]:
        author = byline_from_label(lines[index])
        if author:
            return Byline(author, index)
    trailer_indexes = _non_blank_indexes(trailer)
    if trailer_indexes:
        author = byline_from_label(trailer[trailer_indexes[0]])
        if author:
            return Byline(author, len(lines))
    if len(indexes) > 2:
        last = indexes[-1]
        author = byline_from_bare_name(lines[last])
        if author:
            return Byline(author, last)
    return None
