"""The histogram's geometry: one bar a year, stacked by language, heights to scale."""

from __future__ import annotations

from datetime import date

import pytest

from search.histogram import BAR_WIDTH, GAP, HEIGHT, Segment, year_histogram


@pytest.mark.parametrize(
    ("counts", "years", "totals"),
    [
        ({}, [], []),
        ({"ar": {"2025": 0}}, [], []),
        ({"ar": {"2025": 2}}, [2025], [2]),
        ({"ar": {"2022": 1}, "en": {"2025": 3}}, [2022, 2023, 2024, 2025], [1, 0, 0, 3]),
        ({"ar": {"2024": 2}, "en": {"2024": 2, "2023": 1}}, [2023, 2024], [1, 4]),
    ],
)
def test_every_year_from_first_to_last_gets_a_bar(counts, years, totals):
    histogram = year_histogram(counts)
    assert [bar.year for bar in histogram.bars] == years
    assert [bar.total for bar in histogram.bars] == totals
    assert [bar.x for bar in histogram.bars] == [index * (BAR_WIDTH + GAP) for index in range(len(years))]


def test_segments_stack_from_the_bottom_with_the_tallest_bar_full_height():
    histogram = year_histogram({"ar": {"2024": 1, "2025": 2}, "en": {"2025": 2}})
    small, tall = histogram.bars
    assert tall.segments == (Segment("ar", 2, HEIGHT / 2, HEIGHT / 2), Segment("en", 2, 0.0, HEIGHT / 2))
    assert small.segments == (Segment("ar", 1, HEIGHT * 3 / 4, HEIGHT / 4),)
    assert histogram.languages == ("ar", "en")


def test_each_bar_covers_its_whole_year():
    bar = year_histogram({"en": {"2019": 4}}).bars[0]
    assert (bar.date_from, bar.date_to) == (date(2019, 1, 1), date(2019, 12, 31))
