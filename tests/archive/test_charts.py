"""Charts drawn as PNG: Arabic must come out joined and right to left, whatever matplotlib does."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import arabic_reshaper
import pytest
from matplotlib.image import imread

from archive import charts
from archive.charts import MentionsChart, _periods, mentions_chart_png, text_pixels, visual_order

CHART = MentionsChart(
    title="Syria · سوريا", y_label="الإشارات", empty_label="لا شيء",
    series_labels={"ar": "العربية", "en": "English"},
    counts={"ar": {date(2025, 11, 1): 5}, "en": {date(2025, 6, 1): 3}},
)  # fmt: skip


def pixels(png: bytes):
    return imread(BytesIO(png))


def joined_right_to_left(text: str) -> bytes:
    """What a correct drawing of `text` looks like on the installed matplotlib: a shaping one
    is given the logical text, one that is not is given joined letters in visual order."""
    return text_pixels(text if charts.matplotlib_shapes_arabic() else visual_order(text))


@pytest.mark.parametrize(
    ("text", "visual"),
    [
        ("Syria", "Syria"),
        ("سوريا", arabic_reshaper.reshape("سوريا")[::-1]),
        ("Syria · سوريا", "Syria · " + arabic_reshaper.reshape("سوريا")[::-1]),
    ],
)
def test_visual_order_joins_letters_and_reverses_arabic_only(text, visual):
    assert visual_order(text) == visual


def test_shaping_is_detected_from_what_matplotlib_draws():
    # A shaping matplotlib draws the logical word as its joined forms; a plain one draws the
    # isolated letters, which differ from the joined forms.
    shapes = text_pixels("سوريا") == text_pixels(arabic_reshaper.reshape("سوريا"))
    assert charts.matplotlib_shapes_arabic() is shapes


@pytest.mark.parametrize("text", ["سوريا", "العربية", "Syria · سوريا", "لا توجد مقالات مؤرخة بعد"])
def test_labels_are_drawn_joined_and_right_to_left(text):
    drawn = text_pixels(charts.display_text(text))
    assert drawn == joined_right_to_left(text)
    if charts.has_arabic(text):
        # The reported bug: text ordered twice comes out reversed, and is a different picture.
        twice = visual_order(text) if charts.matplotlib_shapes_arabic() else text
        assert drawn != text_pixels(twice)


def test_the_whole_chart_draws_its_arabic_labels_right():
    drawn = pixels(mentions_chart_png(CHART))
    if charts.matplotlib_shapes_arabic():
        right, wrong = (lambda text: text), visual_order
    else:
        right, wrong = visual_order, (lambda text: text)
    assert (drawn == pixels(mentions_chart_png(CHART, prepare=right))).all()
    assert not (drawn == pixels(mentions_chart_png(CHART, prepare=wrong))).all()


def test_the_same_chart_gives_the_same_bytes():
    assert mentions_chart_png(CHART) == mentions_chart_png(CHART)


def test_months_without_mentions_still_get_a_bar_place():
    periods, yearly = _periods({"ar": {date(2025, 11, 1): 2}, "en": {date(2026, 2, 1): 1}})
    assert not yearly
    assert periods == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_long_spans_become_years():
    periods, yearly = _periods({"en": {date(2015, 3, 1): 1, date(2022, 6, 1): 3}})
    assert yearly and periods[0] == date(2015, 1, 1) and len(periods) == 8


def test_the_chart_is_a_png_with_or_without_data():
    for counts in ({}, CHART.counts):
        chart = MentionsChart(title="Syria · سوريا", y_label="mentions", empty_label="لا شيء",
                              series_labels={"ar": "العربية", "en": "English"}, counts=counts)
        assert mentions_chart_png(chart).startswith(b"\x89PNG\r\n\x1a\n")
