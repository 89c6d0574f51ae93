"""Charts drawn as PNG: Arabic labels must be shaped and ordered for drawing."""

from __future__ import annotations

from datetime import date

import arabic_reshaper
import pytest

from archive.charts import MentionsChart, _periods, display_text, mentions_chart_png


@pytest.mark.parametrize(
    ("text", "drawn"),
    [
        ("Syria", "Syria"),
        ("سوريا", arabic_reshaper.reshape("سوريا")[::-1]),
        ("Syria · سوريا", "Syria · " + arabic_reshaper.reshape("سوريا")[::-1]),
    ],
)
def test_arabic_is_shaped_and_put_in_visual_order_for_drawing(text, drawn):
    assert display_text(text) == drawn


def test_months_without_mentions_still_get_a_bar_place():
    periods, yearly = _periods({"ar": {date(2025, 11, 1): 2}, "en": {date(2026, 2, 1): 1}})
    assert not yearly
    assert periods == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_long_spans_become_years():
    periods, yearly = _periods({"en": {date(2015, 3, 1): 1, date(2022, 6, 1): 3}})
    assert yearly and periods[0] == date(2015, 1, 1) and len(periods) == 8


def test_the_chart_is_a_png_with_or_without_data():
    for counts in ({}, {"ar": {date(2025, 11, 1): 5}, "en": {date(2022, 6, 1): 3}}):
        chart = MentionsChart(title="Syria · سوريا", y_label="mentions", empty_label="لا شيء",
                              series_labels={"ar": "العربية", "en": "English"}, counts=counts)
        assert mentions_chart_png(chart).startswith(b"\x89PNG\r\n\x1a\n")
