from __future__ import annotations

from django.shortcuts import render

from search.forms import SearchForm
from search.selectors import SearchPage, SearchParams, article_search


def params_from_form(form: SearchForm) -> SearchParams:
    data = form.valid_data()
    return SearchParams(
        q=data.get("q") or "",
        language=data.get("lang") or "",
        source=data.get("source") or "",
        entity=data.get("entity"),
        year=data.get("year"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        sort=data.get("sort") or "relevance",
        exact=bool(data.get("exact")),
        entities=data.get("entities") != "off",
        page=data.get("page") or 1,
    )


def run_search(params: SearchParams) -> SearchPage:
    """Search, and land on the last page rather than an empty one when asked past the end."""
    outcome = article_search(params=params)
    if outcome.num_pages and params.page > outcome.num_pages:
        from dataclasses import replace

        outcome = article_search(params=replace(params, page=outcome.num_pages))
    return outcome


def search_page(request):
    form = SearchForm(request.GET)
    params = params_from_form(form)
    outcome = run_search(params)
    query_params = request.GET.copy()
    query_params.pop("page", None)
    facet_base = query_params.copy()
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "outcome": outcome,
            "params": outcome.params,
            "query_truncated": getattr(form, "query_truncated", False),
            "query_string": query_params.urlencode(),
            "facet_links": facet_links(facet_base, outcome),
        },
    )


def facet_links(base, outcome: SearchPage) -> dict[str, list[dict]]:
    """Each facet value as a link that narrows the current search (or un-narrows it)."""
    url_names = {"language": "lang", "source": "source", "entity": "entity", "year": "year"}
    links: dict[str, list[dict]] = {}
    for facet, values in outcome.facets.items():
        param = url_names[facet]
        active = base.get(param, "")
        entries = []
        for value in values:
            query = base.copy()
            selected = str(value.value) == active
            if selected:
                query.pop(param, None)
            else:
                query[param] = value.value
            entries.append({"value": value, "selected": selected, "url": "?" + query.urlencode()})
        links[facet] = entries
    return links
