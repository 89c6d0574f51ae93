"""The "cite this" line: every part a reader needs, in the usual order, nothing invented."""

from __future__ import annotations

from datetime import date

import pytest

from archive.citations import article_citation

LINK = "http://archive.example/articles/7/"


@pytest.mark.parametrize(
    ("parts", "line"),
    [
        (
            {
                "author": "Jane Doe",
                "source": "SANA",
                "published": date(2025, 3, 12),
                "url": "https://sana.sy/x",
            },
            f"Jane Doe. “Talks held.” SANA, 2025-03-12. https://sana.sy/x ({LINK}).",
        ),
        (
            {"author": "", "source": "SANA", "published": date(2025, 3, 12), "url": ""},
            f"“Talks held.” SANA, 2025-03-12. {LINK}.",
        ),
        (
            {"author": "J. Doe.", "source": "", "published": None, "url": ""},
            f"J. Doe. “Talks held.” date unknown. {LINK}.",
        ),
        (
            {"author": "  ", "source": " Al-Watan ", "published": None, "url": ""},
            f"“Talks held.” Al-Watan, date unknown. {LINK}.",
        ),
    ],
)
def test_citation_lines(parts, line):
    assert article_citation(title=" Talks held ", link=LINK, undated="date unknown", **parts) == line


def test_arabic_parts_stay_in_logical_order():
    line = article_citation(
        title="اتفاقيات تقنية",
        author="فريق العمل",
        source="الوطن",
        published=date(2025, 11, 21),
        url="",
        link=LINK,
        undated="",
    )
    assert line == f"فريق العمل. “اتفاقيات تقنية.” الوطن, 2025-11-21. {LINK}."
