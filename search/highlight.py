"""Snippets with the searched words marked, built from escaped text.

Offsets come from the same analyzer that indexed the text, and they point into the original
(vowelled, unfolded) text, so the reader sees the article's own spelling marked even when the
query was typed without harakat or with another hamza form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def word_spans(text: str, words: re.Pattern, matching: Callable[[set[str]], set[str]]) -> list[Span]:
    """Where the words the pattern finds (it has one group: the word) are among those that
    `matching` picks out of the text's distinct words.

    The pattern splits the text in C, the distinct words are judged together, and offsets
    come from the pieces' lengths: running the analyzer over a whole body cost a millisecond
    per hit, most of a search's time.
    """
    pieces = words.split(text)  # gap, word, gap, word, ..., gap
    found = pieces[1::2]
    chosen = matching(set(found))
    if not chosen:
        return []
    ends = list(itertools.accumulate(map(len, pieces)))
    return [Span(ends[2 * i], ends[2 * i + 1]) for i, word in enumerate(found) if word in chosen]


def best_window(spans: list[Span], *, text_length: int, width: int) -> tuple[int, int]:
    """The stretch of `width` characters that holds the most matches (earliest on ties)."""
    if not spans:
        return 0, min(text_length, width)
    best_start, best_count = spans[0].start, 0
    right = 0
    for left, span in enumerate(spans):
        while right < len(spans) and spans[right].end - span.start <= width:
            right += 1
        if right - left > best_count:
            best_start, best_count = span.start, right - left
    # Show some context before the first match rather than starting on it.
    start = max(0, best_start - width // 5)
    return start, min(text_length, start + width)


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    if start > 0:
        space = text.find(" ", start, start + 30)
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        if space > start:
            end = space
    return start, end


def render_snippet(text: str, spans: Iterable[Span], *, width: int = 240) -> str:
    """HTML in which only <mark> is markup; everything taken from the text is escaped."""
    spans = sorted({(s.start, s.end) for s in spans})
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(end, merged[-1].end))
        else:
            merged.append(Span(start, end))
    window_start, window_end = best_window(merged, text_length=len(text), width=width)
    window_start, window_end = _snap_to_words(text, window_start, window_end)
    pieces = ["…" if window_start > 0 else ""]
    cursor = window_start
    for span in merged:
        if span.end <= window_start or span.start >= window_end:
            continue
        start, end = max(span.start, window_start), min(span.end, window_end)
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:window_end]))
    if window_end < len(text):
        pieces.append("…")
    return "".join(pieces).replace("\n", " ")
