"""The search page: the form's parameters, one selector call, facet links from the registry."""

from __future__ import annotations

from django.shortcuts import render

from search.facets import FACETS
from search.forms import SearchForm
from search.selectors import SearchPage, article_search


def search_page(request):
    form = SearchForm(request.GET)
    outcome = article_search(params=form.to_params())
    query_params = request.GET.copy()
    query_params.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "outcome": outcome,
            "params": outcome.params,
            "page_obj": outcome.page,
            "query_truncated": getattr(form, "query_truncated", False),
            "query_string": query_params.urlencode(),
            "facet_links": facet_links(query_params.copy(), outcome),
        },
    )


def facet_links(base, outcome: SearchPage) -> list[dict]:
    """Each counted facet's values as links that narrow the current search (or un-narrow it)."""
    return [
        {"facet": facet, "entries": [facet.link(base, value) for value in outcome.facets[facet.name]]}
        for facet in FACETS
        if facet.name in outcome.facets
    ]
