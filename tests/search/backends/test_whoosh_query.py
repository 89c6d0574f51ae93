"""The user's query and filters as Whoosh queries (search.backends.whoosh_query)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from whoosh import query as wq

from search.backends.whoosh_query import filters_to_whoosh
from search.query import SearchFilters


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (None, None),
        (SearchFilters(), None),
        (SearchFilters(language="ar"), wq.Term("language", "ar")),
        (
            SearchFilters(source="sana", entity="7"),
            wq.And([wq.Term("source", "sana"), wq.Term("entity", "7")]),
        ),
        (
            SearchFilters(year="2025", date_to=date(2025, 3, 1)),
            wq.And(
                [wq.Term("year", "2025"), wq.DateRange("published", None, datetime(2025, 3, 1, 23, 59, 59))]
            ),
        ),
        (
            SearchFilters(date_from=date(2025, 1, 2)),
            wq.DateRange("published", datetime(2025, 1, 2), None),
        ),
    ],
)
def test_filters_become_terms_and_a_whole_day_date_range(filters, expected):
    assert filters_to_whoosh(filters) == expected
