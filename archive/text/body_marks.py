"""An article body cut into paragraphs and runs of text, each run a mention or plain text
(pure functions), so the page can link every mention without touching the stored body.

Paragraphs are what Article.paragraphs gives (blocks between blank lines, stripped); the
offsets of mentions index the whole body, as Tag.spans stores them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, surrounding white space left out."""
    spans = []
    position = 0
    for block in body.split("\n\n"):
        start, end = position, position + len(block)
        position = end + 2
        stripped = block.strip()
        if stripped:
            offset = block.index(stripped)
            spans.append((start + offset, start + offset + len(stripped)))
    return spans


def marked_paragraphs(
    body: str, mentions: Iterable[tuple[int, int, Hashable]]
) -> list[list[tuple[str, Hashable | None]]]:
    """Each paragraph as [(text, mark or None), ...]; overlapping mentions keep the first
    (then the longest), and a mention across a paragraph break is left out."""
    chosen: list[tuple[int, int, Hashable]] = []
    for start, end, mark in sorted(mentions, key=lambda m: (m[0], m[0] - m[1])):
        if 0 <= start < end <= len(body) and (not chosen or start >= chosen[-1][1]):
            chosen.append((start, end, mark))
    paragraphs = []
    for first, last in paragraph_spans(body):
        runs: list[tuple[str, Hashable | None]] = []
        position = first
        for start, end, mark in chosen:
            if start < first or end > last:
                continue
            if start > position:
                runs.append((body[position:start], None))
            runs.append((body[start:end], mark))
            position = end
        if position < last:
            runs.append((body[position:last], None))
        paragraphs.append(runs)
    return paragraphs
