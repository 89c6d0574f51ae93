"""The search form (search.forms): a URL's parameters as the selector's SearchParams."""

from __future__ import annotations

from datetime import date

import pytest

from search.forms import SearchForm
from search.selectors import SearchParams


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ({}, SearchParams()),
        ({"q": "  zebra  ", "lang": "en", "page": "3"}, SearchParams(q="zebra", language="en", page=3)),
        (
            {"q": "x", "entity": "4", "year": "2022", "from": "2022-01-01", "sort": "oldest"},
            SearchParams(q="x", entity=4, year=2022, date_from=date(2022, 1, 1), sort="oldest"),
        ),
        ({"q": "x", "exact": "on", "entities": "off"}, SearchParams(q="x", exact=True, entities=False)),
        ({"q": "x", "page": "-1", "year": "99999", "sort": "random"}, SearchParams(q="x")),
    ],
)
def test_the_url_becomes_search_params_and_bad_values_are_ignored(db, query, params):
    assert SearchForm(query).to_params() == params


def test_a_long_query_is_cut_and_said_so(db):
    form = SearchForm({"q": "a" * 600})
    assert len(form.to_params().q) == 500 and form.query_truncated
