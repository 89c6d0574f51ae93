from __future__ import annotations

from datetime import date

import pytest

from archive.text.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("date 2022-06-15 Officials met", date(2022, 6, 15), id="iso"),
        pytest.param("● أخبار سورية ٢١ نوفمبر ٢٠٢٥", date(2025, 11, 21), id="arabic-indic digits"),
        pytest.param("21 November 2025", date(2025, 11, 21), id="english day month year"),
        pytest.param("November 21, 2025", date(2025, 11, 21), id="english month day year"),
        pytest.param("on Nov. 3rd, 2021 the", date(2021, 11, 3), id="english abbreviated ordinal"),
        pytest.param("دمشق في 5 آب 2019", date(2019, 8, 5), id="levantine short month"),
        pytest.param("15 أيّار 2020", date(2020, 5, 15), id="levantine month with shadda"),
        pytest.param("12 شباط عام 2024", date(2024, 2, 12), id="arabic with عام"),
        pytest.param("3 كانون الثاني 2024", date(2024, 1, 3), id="two-word levantine january"),
        pytest.param("3 كانون الأول 2024", date(2024, 12, 3), id="two-word levantine december"),
        pytest.param("9 تشرين الاول 2023", date(2023, 10, 9), id="levantine october no hamza"),
        pytest.param("1 ابريل 2023", date(2023, 4, 1), id="april without hamza"),
        pytest.param("1 أبريل 2023", date(2023, 4, 1), id="april with hamza"),
        pytest.param("الأحد ٢١ تشرين الثاني/نوفمبر ٢٠٢٥", date(2025, 11, 21), id="both calendars"),
        pytest.param("first 2023-01-02 then 5 May 2020", date(2023, 1, 2), id="first one wins"),
    ],
)
def test_finds_stated_dates(text: str, expected: date) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("في الثامن من كانون الأول القادم", id="relative phrase without year"),
        pytest.param("on Wednesday the sessions resumed", id="weekday only"),
        pytest.param("اعتباراً من اليوم لغاية 2030 من أجل", id="year only"),
        pytest.param("in November 2025 the", id="month and year only"),
        pytest.param("on 03/04/2022 the", id="ambiguous numeric date"),
        pytest.param("31 February 2020", id="impossible day"),
        pytest.param("2022-13-01", id="impossible month"),
        pytest.param("٢١ تشرين الثاني/أكتوبر ٢٠٢٥", id="calendars disagree"),
        pytest.param("", id="empty"),
    ],
)
def test_never_guesses_a_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("٢١ نوفمبر ٢٠٢٥", date(2025, 11, 21), id="bare"),
        pytest.param("Friday, 21 November 2025", date(2025, 11, 21), id="english weekday"),
        pytest.param("الإثنين، 3 أيار 2021", date(2021, 5, 3), id="arabic weekday"),
        pytest.param("(21 November 2025)", date(2025, 11, 21), id="brackets"),
        pytest.param("Meeting on 21 November 2025", None, id="sentence with a date"),
    ],
)
def test_parse_date_accepts_only_a_line_that_is_a_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected
