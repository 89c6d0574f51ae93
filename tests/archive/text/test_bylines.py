from __future__ import annotations

import pytest

from archive.text.bylines import (
    Byline,
    byline_from_bare_name,
    byline_from_label,
    find_byline,
    looks_like_name,
)

PARAGRAPH = (
    "He called for activating cooperation between the private and public sectors in both "
    "countries in this field."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("| رامز محفوظ", "رامز محفوظ"),
        ("الكاتب: فريق العمل", "فريق العمل"),
        ("بقلم: سامي سميرات", "سامي سميرات"),
        ("By John Smith", "John Smith"),
        ("Written by: Jane Doe", "Jane Doe"),
        ("| الوزير قال إن الاتفاق سيوقع قريباً، وأضاف أن العمل مستمر", None),
        ("By 2030, the network will cover the country.", None),
        ("Written by the minister's office in Damascus on the 5th", None),
        ("A plain sentence with no label", None),
        ("Bylaws", None),
        ("كتب الوزير رسالة", None),
        ("كتب: محمد سمير طحان", "محمد سمير طحان"),
    ],
)
def test_labelled_bylines(line: str, expected: str | None) -> None:
    assert byline_from_label(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Inas Abdulkareem", "Inas Abdulkareem"),
        ("Bushra Dabin/ Ruaa al-Jazaeri", "Bushra Dabin / Ruaa al-Jazaeri"),
        ("Hazem Sabbagh & Mazen Eyon", "Hazem Sabbagh & Mazen Eyon"),
        ("Maritime cooperation", None),
        ("4th Meeting on Return", None),
        ("Syrian Arab News Agency", None),
        ("Damascus", None),
        ("رامز محفوظ", None),  # no capital letters to tell a name from a phrase
    ],
)
def test_bare_name_lines(line: str, expected: str | None) -> None:
    assert byline_from_bare_name(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inas Abdulkareem", True),
        ("فريق العمل", True),
        ("One Two Three Four Five Six Seven", False),
        ("He said, yes", False),
        ("Agent 007", False),
        ("", False),
    ],
)
def test_looks_like_name(text: str, expected: bool) -> None:
    assert looks_like_name(text) is expected


@pytest.mark.parametrize(
    ("lines", "trailer", "expected"),
    [
        pytest.param(
            ["Headline", "", PARAGRAPH, "", "Bushra Dabin/ Ruaa al-Jazaeri", ""],
            [],
            Byline("Bushra Dabin / Ruaa al-Jazaeri", 4),
            id="SANA name line at the end",
        ),
        pytest.param(
            ["اقتصاد", "", "عنوان الخبر", "", "| رامز محفوظ", "", "نص الخبر الطويل."],
            [],
            Byline("رامز محفوظ", 4),
            id="Al-Watan bar under the headline",
        ),
        pytest.param(
            ["عنوان", "نص الخبر الطويل."],
            ["الكاتب: فريق العمل", "مشاركة:"],
            Byline("فريق العمل", 2),
            id="label opening the cut footer",
        ),
        pytest.param(
            ["عنوان", "نص الخبر الطويل.", "رامز محفوظ"],
            [],
            None,
            id="unlabelled arabic last line is not guessed to be a name",
        ),
        pytest.param(["Headline", "", PARAGRAPH], [], None, id="none stated"),
        pytest.param(["Inas Abdulkareem", PARAGRAPH], [], None, id="headline is never a byline"),
    ],
)
def test_find_byline(lines: list[str], trailer: list[str], expected: Byline | None) -> None:
    assert find_byline(lines, trailer) == expected
