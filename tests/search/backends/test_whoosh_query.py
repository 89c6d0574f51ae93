"""The user's query and filters as Whoosh queries (search.backends.whoosh_query)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from whoosh import query as wq
from whoosh.fields import TEXT, Schema

from search.analyzers import bilingual_analyzer, exact_analyzer
from search.backends.whoosh_query import TITLE_ORDER_SLOP, filters_to_whoosh, ranked_query, title_order_bonus
from search.query import EXACT_FIELDS, STEMMED_FIELDS, SearchFilters
from search.text.query_syntax import parse_user_query

SCHEMA = Schema(
    title=TEXT(analyzer=bilingual_analyzer()),
    text=TEXT(analyzer=bilingual_analyzer()),
    exact_title=TEXT(analyzer=exact_analyzer()),
    exact=TEXT(analyzer=exact_analyzer()),
)


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


def _in_order(field, terms, boost=1.0):
    return wq.Phrase(field, terms, slop=TITLE_ORDER_SLOP, boost=boost)


@pytest.mark.parametrize(
    ("typed", "fields", "expected"),
    [
        ("Rebel shelling kills", STEMMED_FIELDS, _in_order("title", ["rebel", "shell", "kill"])),
        # Stop words are not in the headline's positions either (the stop filter renumbers).
        ("the shelling of Damascus", STEMMED_FIELDS, _in_order("title", ["shell", "damascus"])),
        ("القصف على دمشق", STEMMED_FIELDS, _in_order("title", ["قصف", "دمشق"])),
        # The exact option: the headline's own forms.
        ("Rebel shelling kills", EXACT_FIELDS, _in_order("exact_title", ["rebel", "shelling", "kills"])),
        # A share of the title field's weight.
        ("Rebel shelling", {"title": 2.0, "text": 1.0}, _in_order("title", ["rebel", "shell"], boost=2.0)),
        ("shelling", STEMMED_FIELDS, None),
        ("the shelling", STEMMED_FIELDS, None),
        # One word has no order; a search of bodies only has no headline.
        ("shelling damascus", {"text": 1.0, "exact": 1.0}, None),
    ],
)
def test_title_order_bonus_is_the_typed_words_in_order_in_the_headline(typed, fields, expected):
    assert title_order_bonus(SCHEMA, parse_user_query(typed), fields) == expected


def test_ranked_query_matches_what_the_query_matches():
    matching = wq.And([wq.Term("text", "shell"), wq.Term("text", "damascus")])
    ranked = ranked_query(SCHEMA, matching, parse_user_query("shelling damascus"), STEMMED_FIELDS)
    assert ranked == wq.AndMaybe(matching, _in_order("title", ["shell", "damascus"]))
    assert ranked_query(SCHEMA, matching, parse_user_query("shelling"), STEMMED_FIELDS) is matching
