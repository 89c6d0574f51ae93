"""The histogram of a search's results by year, split by language: pure geometry for SVG.

Each year is one stacked bar (a segment per language) and a link to that year's date range;
heights and positions are SVG attributes, so the page needs no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

BAR_WIDTH = 24
GAP = 6
HEIGHT = 120  # the tallest bar's height in SVG units


@dataclass(frozen=True)
class Segment:
    language: str
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    year: int
    total: int
    x: int
    segments: tuple[Segment, ...]
    date_from: date
    date_to: date


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    width: int
    height: int
    languages: tuple[str, ...]


def year_histogram(
    counts: dict[str, dict[str, int]], *, languages: tuple[str, ...] = ("ar", "en")
) -> Histogram:
    """Bars for every year from the first to the last with matches (empty years keep their
    place), segments stacked in `languages` order from the bottom."""
    years = sorted({int(year) for series in counts.values() for year, n in series.items() if n})
    if not years:
        return Histogram((), 0, HEIGHT, ())
    span = range(years[0], years[-1] + 1)
    totals = {year: sum(counts.get(lang, {}).get(str(year), 0) for lang in languages) for year in span}
    tallest = max(totals.values())
    bars = []
    for index, year in enumerate(span):
        bottom = float(HEIGHT)
        segments = []
        for language in languages:
            count = counts.get(language, {}).get(str(year), 0)
            if not count:
                continue
            height = round(HEIGHT * count / tallest, 2)
            bottom -= height
            segments.append(Segment(language, count, round(bottom, 2), height))
        bars.append(
            Bar(
                year,
                totals[year],
                index * (BAR_WIDTH + GAP),
                tuple(segments),
                date(year, 1, 1),
                date(year, 12, 31),
            )
        )
    shown = tuple(language for language in languages if any(counts.get(language, {}).values()))
    return Histogram(tuple(bars), len(bars) * (BAR_WIDTH + GAP) - GAP, HEIGHT, shown)
