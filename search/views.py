"""The search page, its exports and its feed: the form's parameters, selector calls, facet
links from the registry; the work is in search.selectors, search.exports and search.feeds."""

from __future__ import annotations

from dataclasses import replace

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

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
            "chips": form.chips(request.GET, language=language),
            "clear_url": form.clear_url(request.GET),
            "histogram": histogram_links(query_params, outcome) if outcome.count else None,
        },
    )


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
        "bars": [{"bar": bar, "url": links[bar.year]} for bar in histogram.bars],
        "legend": [(language, labels[language]) for language in histogram.languages],
    }


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
