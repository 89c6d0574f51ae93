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
