"""The search page, its exports and its feed: the form's parameters, selector calls, facet
links from the registry; the work is in search.selectors, search.exports and search.feeds."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import replace

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from archive.forms import canonical_redirect
from archive.models import Language
from search.exports import csv_lines, jsonl_lines
from search.facets import FACETS
from search.feeds import SearchFeed
from search.forms import SearchForm
from search.histogram import year_histogram
from search.selectors import SearchPage, article_search, article_search_all
from search.via_entity import via_entities

search_feed = SearchFeed()

# Rendered filter panels kept per process (see filter_panel); a few hundred KB at most.
FILTER_PANELS_KEPT = 256
_filter_panels: OrderedDict[str, str] = OrderedDict()


def reader_language() -> str:
    return Language.ARABIC if (get_language() or "").startswith("ar") else Language.ENGLISH


def search_page(request):
    if (canonical := canonical_redirect(request)) is not None:
        return canonical
    form = SearchForm(request.GET)
    outcome = article_search(params=form.to_params(), years_by_language=True)
    query_params = request.GET.copy()
    query_params.pop("page", None)
    language = reader_language()
    via = via_entities(hits=outcome.hits, query=outcome.params.q, language=language)
    chips = form.chips(request.GET, language=language)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "outcome": outcome,
            "params": outcome.params,
            "page_obj": outcome.page,
            "hits": [{"hit": hit, "via": via.get(hit.article.pk)} for hit in outcome.hits],
            "query_truncated": getattr(form, "query_truncated", False),
            "query_string": query_params.urlencode(),
            "facet_links": facet_links(query_params.copy(), outcome),
            "chips": chips,
            "filter_panel": filter_panel(request, form, chips=chips),
            "clear_url": form.clear_url(request.GET),
            "histogram": histogram_links(query_params, outcome) if outcome.count else None,
        },
    )


def filter_panel(request, form: SearchForm, *, chips: list[dict]) -> str:
    """The folded filters under the search box, rendered once per state and kept.

    Its dozen widgets are a template each (every option of a select too): a quarter of the
    page's rendering, identical from one query to the next, since the query itself is not in
    the panel. The key holds everything the panel shows: the interface language, each
    field's value and choices (the sources come from the database), the errors and the
    number of filters in force."""
    fields = [
        (name, form[name].value(), list(getattr(field, "choices", None) or ()))
        for name, field in form.fields.items()
        if name != "q"
    ]
    state = [
        get_language(),
        fields,
        form.errors.get_json_data() if form.is_bound else {},
        len(chips),
    ]
    key = json.dumps(state, default=str, ensure_ascii=False)
    panel = _filter_panels.get(key)
    if panel is None:
        context = {"form": form, "chips": chips, "skip_fields": "q"}
        panel = mark_safe(render_to_string("_filter_form.html", context, request=request))  # noqa: S308
        _filter_panels[key] = panel
        if len(_filter_panels) > FILTER_PANELS_KEPT:
            _filter_panels.popitem(last=False)
    else:
        _filter_panels.move_to_end(key)
    return panel


def facet_links(base, outcome: SearchPage) -> list[dict]:
    """Each counted facet's values as links that narrow the current search (or un-narrow it)."""
    return [
        {"facet": facet, "entries": [facet.link(base, value) for value in outcome.facets[facet.name]]}
        for facet in FACETS
        if facet.name in outcome.facets
    ]


def histogram_links(base, outcome: SearchPage) -> dict:
    """The results by year and language, each bar a link to that year's dates."""
    histogram = year_histogram(outcome.years_by_language, languages=tuple(Language.values))
    links = {}
    for bar in histogram.bars:
        query = base.copy()
        query.pop("year", None)
        query["from"], query["to"] = bar.date_from.isoformat(), bar.date_to.isoformat()
        links[bar.year] = "?" + query.urlencode()
    labels = dict(Language.choices)
    return {
        "histogram": histogram,
        "bars": [bar_svg(bar, links[bar.year], height=histogram.height) for bar in histogram.bars],
        "legend": [(language, labels[language]) for language in histogram.languages],
    }


BAR_SVG = """
    <a href="{url}" role="listitem" aria-label="{label}">
      <title>{title}</title>
      <rect class="bar-hit" x="{x}" y="0" width="24" height="{height}"></rect>
      {segments}
      <text class="bar-year" x="{middle}" y="{below}" text-anchor="middle">{year}</text>
    </a>"""
SEGMENT_SVG = '<rect class="bar bar-{}" x="{}" y="{}" width="24" height="{}"></rect>'


def bar_svg(bar, url: str, *, height: int) -> str:
    """One year's bar of the histogram as SVG: its link, its accessible name ("2015: 3
    results"), its tooltip ("2015: 2 Arabic 1 English") and a rectangle per language.

    Drawn here rather than in the template: a full archive spans some thirty years, and
    the template's translations, filters and loops per bar cost 4 ms a page (0.3 ms here)."""
    year = localize(bar.year)
    label = ngettext("%(year)s: %(counter)s result", "%(year)s: %(counter)s results", bar.total)
    languages = {"ar": gettext("Arabic"), "en": gettext("English")}
    title = "".join(f" {localize(segment.count)} {languages.get(segment.language, languages['en'])}"
                    for segment in bar.segments)  # fmt: skip
    segments = format_html_join(
        "", SEGMENT_SVG, ((segment.language, bar.x, segment.y, segment.height) for segment in bar.segments)
    )
    return format_html(
        BAR_SVG, url=url, label=label % {"year": year, "counter": localize(bar.total)},
        title=f"{year}:{title}", x=bar.x, height=height, segments=segments, middle=bar.x + 12,
        below=height + 14, year=bar.year,
    )  # fmt: skip


def _export(request, lines, content_type: str, extension: str):
    params = replace(SearchForm(request.GET).to_params(), page=1)

    def link(article):
        return request.build_absolute_uri(article.get_absolute_url())

    rows = lines(article_search_all(params=params), link=link)
    response = StreamingHttpResponse(rows, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="search.{extension}"'
    return response


def export_csv(request):
    """Every match of the search (all pages, the same filters and order) as CSV."""
    return _export(request, csv_lines, "text/csv; charset=utf-8", "csv")


def export_jsonl(request):
    """Every match as JSON Lines, one article record a line."""
    return _export(request, jsonl_lines, "application/x-ndjson; charset=utf-8", "jsonl")
