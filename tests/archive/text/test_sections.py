from __future__ import annotations

from datetime import date

import pytest

from archive.text.sections import SectionLine, parse_section_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("اقتصاد", SectionLine("اقتصاد", None)),
        ("● أخبار سورية ٢١ نوفمبر ٢٠٢٥", SectionLine("أخبار سورية", date(2025, 11, 21))),
        ("  ● اخبار سورية  ", SectionLine("أخبار سورية", None)),
        ("ثقافة وفن", SectionLine("ثقافة وفن", None)),
        ("Politics: 21 November 2025", SectionLine("Politics", date(2025, 11, 21))),
        ("سياسة", SectionLine("سياسة", None)),
        ("اقتصادية", None),
        ("اقتصاد سوريا ينمو بسرعة", None),
        ("Politics and more", None),
        ("هل تكون عُمان نقطة عبور للاتصالات مع الخارج ؟", None),
    ],
)
def test_section_lines_hold_a_known_section_and_at_most_a_date(
    line: str, expected: SectionLine | None
) -> None:
    assert parse_section_line(line) == expected
