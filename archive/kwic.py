"""Keyword-in-context lines: where a name occurs in a text, with a little text either side.

Pure functions. The name is found as the gazetteer finds it (archive.text.mentions
tokens, folded), so a line shows the text exactly as written, harakat and all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archive.text.mentions import tokenize

WIDTH = 60  # characters of context either side
_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r"\s(?=\S*$)")
_PARAGRAPH = re.compile(r"\n")


@dataclass(frozen=True)
class KwicLine:
    before: str
    match: str
    after: str


def _cut(text: str, start: int, end: int, width: int) -> KwicLine:
    left = max(0, start - width)
    right = min(len(text), end + width)
    # Cut at a space, so no word is shown in part; a line never spans paragraphs.
    first_space = _SPACE.search(text, left, start)
    if left > 0 and first_space:
        left = first_space.end()
    last_space = _LAST_SPACE.search(text[end:right])
    if right < len(text) and last_space:
        right = end + last_space.start()
    before, after = text[left:start], text[end:right]
    starts_paragraph, ends_paragraph = "\n" in before, "\n" in after
    before, after = before.rsplit("\n", 1)[-1].lstrip(), after.split("\n", 1)[0].rstrip()
    return KwicLine(
        ("" if starts_paragraph or left == 0 else "…") + before,
        text[start:end],
        after + ("" if ends_paragraph or right == len(text) else "…"),
    )


def _spans_in(paragraph: str, offset: int, wanted: list[str]) -> Iterator[tuple[int, int]]:
    tokens = tokenize(paragraph)
    for first in range(len(tokens) - len(wanted) + 1):
        if all(tokens[first + i].norm == norm for i, norm in enumerate(wanted)):
            yield offset + tokens[first].start, offset + tokens[first + len(wanted) - 1].end


def name_spans(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where the name occurs in the text (character offsets), folded as the gazetteer folds.

    Lazily, a paragraph at a time (a name never spans paragraphs): the first few lines of
    a long article cost only the paragraphs up to them.
    """
    wanted = [token.norm for token in tokenize(name)]
    if not wanted:
        return
    offset = 0
    for paragraph in _PARAGRAPH.split(text):
        yield from _spans_in(paragraph, offset, wanted)
        offset += len(paragraph) + 1


def lines_at(
    text: str, spans: Iterable[tuple[int, int]], *, limit: int = 3, width: int = WIDTH
) -> list[KwicLine]:
    """A line around each of the first `limit` spans (stored offsets or name_spans')."""
    lines = []
    for start, end in spans:
        if len(lines) == limit:
            break
        if 0 <= start < end <= len(text):
            lines.append(_cut(text, start, end, width))
    return lines


def kwic_lines(text: str, name: str, *, limit: int = 3, width: int = WIDTH) -> list[KwicLine]:
    return lines_at(text, name_spans(text, name), limit=limit, width=width)
