"""Keyword-in-context lines: the name as written, a little text either side, no broken words."""

from __future__ import annotations

import pytest

from archive.kwic import KwicLine, kwic_lines, lines_at, name_spans

TEXT = "The Governor of Homs, Eng. Nadia Karam, said so.\n\nLater NADIA KARAM left the town for good."


@pytest.mark.parametrize(
    ("text", "name", "width", "expected"),
    [
        (TEXT, "Nadia Karam", 20, [KwicLine("…of Homs, Eng. ", "Nadia Karam", ", said so."),
                                   KwicLine("Later ", "NADIA KARAM", " left the town for…")]),
        ("Nadia Karam", "nadia karam", 60, [KwicLine("", "Nadia Karam", "")]),
        # Harakat and hamza fold for matching; the line keeps them as written.
        ("قال وزير الخارجية في سلطنة عُمان يوسف بن علوي إن", "عمان", 15,
         [KwicLine("…في سلطنة ", "عُمان", " يوسف بن علوي…")]),
        ("التقى إياد الخطيب الوفد", "اياد الخطيب", 60, [KwicLine("التقى ", "إياد الخطيب", " الوفد")]),
        ("Karam Nadia was there", "Nadia Karam", 60, []),  # the words in order, or nothing
        ("Nadia Karamova spoke", "Nadia Karam", 60, []),  # whole words only
        ("anything", "...", 60, []),  # a name without words is nowhere
    ],
)
def test_kwic_lines(text, name, width, expected):
    assert kwic_lines(text, name, width=width) == expected


def test_kwic_lines_stop_at_the_limit():
    text = " ".join(["Homs"] * 10)
    assert len(kwic_lines(text, "Homs", limit=3)) == 3


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(6, 11)], [KwicLine("Later ", "NADIA", " KARAM")]),
        ([(50, 40), (-1, 3), (0, 999)], []),  # stored offsets that no longer fit the text
    ],
)
def test_lines_at_stored_offsets(spans, expected):
    assert lines_at("Later NADIA KARAM", spans) == expected


def test_name_spans_are_offsets_in_the_original_text():
    assert [TEXT[a:b] for a, b in name_spans(TEXT, "nadia karam")] == ["Nadia Karam", "NADIA KARAM"]
    assert list(name_spans(TEXT, "...")) == []
