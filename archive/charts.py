"""PNG charts drawn with matplotlib's Agg canvas (no pyplot, no display, thread-safe).

matplotlib draws characters one by one, left to right, in their isolated forms, so Arabic
labels are reshaped (joined letter forms) and put in visual order here. This is the one
place that does it: HTML keeps logical text and lets the browser shape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

import arabic_reshaper
from bidi import get_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from search.text.script import has_arabic

COLOURS = {"ar": "#1b7f5f", "en": "#3b5ba5"}
MAX_MONTHS = 36  # beyond three years the bars become years


def display_text(text: str) -> str:
    """Text as a PNG must draw it: Arabic shaped and in visual order, anything else as is."""
    if not has_arabic(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


@dataclass(frozen=True)
class MentionsChart:
    title: str
    y_label: str
    empty_label: str
    series_labels: dict[str, str]  # language -> legend label
    counts: dict[str, dict[date, int]]  # language -> first day of month -> mentions


def _periods(counts: dict[str, dict[date, int]]) -> tuple[list[date], bool]:
    """Every month from the first to the last (gaps shown as gaps), or years if too many."""
    dates = sorted({day for series in counts.values() for day in series})
    if not dates:
        return [], False
    first, last = dates[0], dates[-1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS:
        return [date(year, 1, 1) for year in range(first.year, last.year + 1)], True
    periods = []
    year, month = first.year, first.month
    for _ in range(months):
        periods.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods, False


def mentions_chart_png(chart: MentionsChart) -> bytes:
    figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(display_text(chart.title))
    periods, yearly = _periods(chart.counts)
    if not periods:
        axes.text(0.5, 0.5, display_text(chart.empty_label), ha="center", va="center",
                  transform=axes.transAxes)
        axes.set_axis_off()
    else:
        positions = range(len(periods))
        bottom = [0] * len(periods)
        for language, series in sorted(chart.counts.items()):
            totals = [0] * len(periods)
            for day, count in series.items():
                key = date(day.year, 1, 1) if yearly else day
                totals[periods.index(key)] += count
            axes.bar(positions, totals, bottom=bottom, color=COLOURS.get(language),
                     label=display_text(chart.series_labels.get(language, language)))
            bottom = [b + t for b, t in zip(bottom, totals, strict=True)]
        step = max(1, len(periods) // 12)
        axes.set_xticks(list(positions)[::step])
        axes.set_xticklabels([p.strftime("%Y" if yearly else "%Y-%m") for p in periods][::step], rotation=45)
        axes.set_ylabel(display_text(chart.y_label))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend()
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
