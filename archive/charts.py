"""PNG charts drawn with matplotlib's Agg canvas (no pyplot, no display, thread-safe).

Whether Arabic labels must be shaped and put in visual order here depends on the installed
matplotlib: one built with libraqm shapes and orders text itself (and would reverse text
already put in visual order), an older one draws letters one by one, left to right. Which
it is is decided once, by drawing a word both ways and comparing the pixels
(`matplotlib_shapes_arabic`), not by a version number. This is the one place that prepares
text for drawing: HTML keeps logical text and lets the browser shape it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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
PROBE = "سوريا"  # letters that join on both sides: shaped and unshaped drawings differ


def text_pixels(text: str) -> bytes:
    """`text` drawn alone by the installed matplotlib (the raw RGBA of a small canvas)."""
    figure = Figure(figsize=(1.6, 0.5), dpi=100)
    canvas = FigureCanvasAgg(figure)
    figure.text(0.05, 0.3, text, fontsize=14)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def visual_order(text: str) -> str:
    """Arabic reshaped into joined letter forms and reversed into the order a left-to-right
    renderer must draw; other text as is."""
    if not has_arabic(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


@functools.cache
def matplotlib_shapes_arabic() -> bool:
    """Whether matplotlib joins and orders Arabic itself: then the logical word draws the same
    pixels as its joined letter forms in logical order (a shaping engine leaves those as they
    are and only orders them). A renderer that does not shape draws isolated letters instead."""
    return text_pixels(PROBE) == text_pixels(arabic_reshaper.reshape(PROBE))


def display_text(text: str) -> str:
    """Text as the installed matplotlib must be given it to draw it right."""
    return text if matplotlib_shapes_arabic() else visual_order(text)


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


def mentions_chart_png(chart: MentionsChart, *, prepare: Callable[[str], str] = display_text) -> bytes:
    """The chart as PNG bytes; `prepare` turns each label into what matplotlib is given (the
    tests draw references with other choices)."""
    figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(prepare(chart.title))
    periods, yearly = _periods(chart.counts)
    if not periods:
        axes.text(0.5, 0.5, prepare(chart.empty_label), ha="center", va="center", transform=axes.transAxes)
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
                     label=prepare(chart.series_labels.get(language, language)))
            bottom = [b + t for b, t in zip(bottom, totals, strict=True)]
        step = max(1, len(periods) // 12)
        axes.set_xticks(list(positions)[::step])
        axes.set_xticklabels([p.strftime("%Y" if yearly else "%Y-%m") for p in periods][::step], rotation=45)
        axes.set_ylabel(prepare(chart.y_label))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend()
    buffer = BytesIO()
    # No timestamp in the file: the same chart gives the same bytes (and the same ETag).
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
