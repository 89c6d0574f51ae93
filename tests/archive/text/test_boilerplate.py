from __future__ import annotations

import pytest

from archive.text.boilerplate import (
    drop_repeated_lines,
    is_noise_line,
    is_trailer_marker,
    remove_disclaimers,
    split_trailer,
    strip_boilerplate,
)

PARAGRAPH_EN = (
    "The two sides discussed ways to benefit from the experience of the Russian companies "
    "in a way that would contribute to integrated cooperation."
)
PARAGRAPH_AR = "وجاء انعقاد الملتقى بتنظيم من وزارة الاتصالات وتقانة المعلومات السورية بالتعاون مع الوزارة."


@pytest.mark.parametrize(
    "line",
    [
        "Check Also",
        "You might also like",
        "Latest news",
        "Related",
        "Related Articles",
        "Read more: Syria and Jordan sign MoU",
        "اقرأ أيضاً:",
        "اقرأ أيضا",
        "إقرأ أيضًا: اتفاقية جديدة",
        "مشاركة: ",
        "الكاتب: فريق العمل",
    ],
)
def test_recognises_trailer_markers(line: str) -> None:
    assert is_trailer_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "Related to this, the minister said the talks were fruitful.",
        "Read more books, the minister urged students.",
        "وشارك في الاجتماع عن الجانب السوري معاونة الوزير",
        "Latest news from the front suggests a ceasefire is near.",
    ],
)
def test_sentences_that_merely_start_like_a_marker_are_text(line: str) -> None:
    assert not is_trailer_marker(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("زر الذهاب إلى الأعلى", True),
        ("صحيفة الوطن", True),
        ("Back to top button", True),
        ("ـــــــ ــ", True),
        ("* * *", True),
        ("———", True),
        ("نقلت صحيفة الوطن عن الوزير أن الاتفاق سيوقع قريباً", False),
        ("Maritime cooperation", False),
    ],
)
def test_noise_lines_are_whole_line_furniture_only(line: str, expected: bool) -> None:
    assert is_noise_line(line) is expected


@pytest.mark.parametrize(
    ("lines", "article_end"),
    [
        pytest.param(
            ["Headline", "", PARAGRAPH_EN, "", "Bushra Dabin", "", "Check Also", "", "Teaser"],
            6,
            id="SANA Check Also",
        ),
        pytest.param(
            ["Headline", PARAGRAPH_EN, "Inas Abdulkareem", "You might also like", "Latest news"],
            3,
            id="first of several markers",
        ),
        pytest.param(
            ["عنوان", PARAGRAPH_AR, "الكاتب: فريق العمل", "مشاركة: ", "اقرأ أيضاً:"],
            2,
            id="arabic portal footer",
        ),
        pytest.param(
            ["عنوان", "الكاتب: فلان الفلاني", PARAGRAPH_AR, "نهاية"],
            4,
            id="byline label above the text is not a trailer",
        ),
        pytest.param(["Related", PARAGRAPH_EN], 2, id="marker as headline is not cut"),
    ],
)
def test_split_trailer_cuts_from_the_first_marker_after_the_text(lines: list[str], article_end: int) -> None:
    article, trailer = split_trailer(lines)
    assert article == lines[:article_end]
    assert trailer == lines[article_end:]


def test_removes_the_syrian_observer_disclaimer_but_keeps_the_paragraph() -> None:
    text = (
        f"{PARAGRAPH_EN}\n\nThis article was edited by The Syrian Observer. The Syrian "
        "Observer has not verified the content of this story. Responsibility for the "
        "information and views set out in this article lies entirely with the author."
    )
    assert remove_disclaimers(text).strip() == PARAGRAPH_EN


def test_drop_repeated_lines_keeps_one_headline_and_no_doubled_lines() -> None:
    headline = "اتفاقيات تقنية جديدة بين سوريا والأردن في دمشق"
    lines = [headline, "", PARAGRAPH_AR, PARAGRAPH_AR, "", "فقرة ثانية"]
    assert drop_repeated_lines(lines, headline) == ["", PARAGRAPH_AR, "", "فقرة ثانية"]


def test_strip_boilerplate_on_an_al_watan_page_end() -> None:
    text = f"عنوان\n{PARAGRAPH_AR}\n\nزر الذهاب إلى الأعلى\nصحيفة الوطن"
    assert strip_boilerplate(text) == f"عنوان\n{PARAGRAPH_AR}"
