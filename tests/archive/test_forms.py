"""The archive's filter forms (archive.forms): one set of filters, one date check."""

from __future__ import annotations

from datetime import date

import pytest

from archive.forms import ArticleFilterForm
from archive.selectors import ArticleFilters
from search.forms import SearchForm


@pytest.mark.parametrize("form_class", [ArticleFilterForm, SearchForm])
def test_the_date_range_reads_from_and_to(db, form_class):
    form = form_class({"from": "2025-01-01", "to": "2025-12-31"})
    assert form.is_valid()
    data = form.cleaned_data
    assert (data["date_from"], data["date_to"]) == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize("form_class", [ArticleFilterForm, SearchForm])
def test_a_reversed_range_is_reported_at_the_end_date_which_is_then_ignored(db, form_class):
    form = form_class({"from": "2025-12-31", "to": "2025-01-01"})
    assert form.errors == {"date_to": ["The end date is before the start date."]}
    assert form.valid_data()["date_from"] == date(2025, 12, 31) and "date_to" not in form.valid_data()


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ({}, ArticleFilters()),
        ({"lang": "ar", "source": "nowhere", "entity": "x"}, ArticleFilters(language="ar")),
        ({"entity": "5", "to": "2025-02-01"}, ArticleFilters(entity=5, date_to=date(2025, 2, 1))),
    ],
)
def test_article_filters_keep_the_valid_fields(db, query, filters):
    assert ArticleFilterForm(query).to_filters() == filters



@pytest.mark.parametrize(("url", "query"), [("/articles/", {}), ("/search/", {"q": "syria"})])
def test_an_entity_id_beyond_the_databases_range_is_ignored_not_a_server_error(
    client, tagged_seeds, url, query
):
    response = client.get(url, {**query, "entity": "9" * 23})
    assert response.status_code == 200
    links = response.content.count(b'href="/articles/')
    assert links > 1 and links == client.get(url, query).content.count(b'href="/articles/')


def test_the_api_names_the_out_of_range_entity(client, tagged_seeds):
    response = client.get("/api/search/", {"q": "syria", "entity": "9" * 23})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["entity"]
