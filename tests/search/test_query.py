"""The engine-neutral search request (search.query), and haystack's SearchQuerySet searching
as the search page does through the engines' query class."""

from __future__ import annotations

from datetime import date

import pytest
from haystack.exceptions import SearchBackendError
from haystack.inputs import AutoQuery
from haystack.query import SQ, SearchQuerySet

from search.query import (
    ENTITY_FIELD,
    EXACT_FIELDS,
    STEMMED_FIELDS,
    SearchFilters,
    can_relax,
    own_fields,
    page_length,
    search_fields,
    split_query_filter,
)
from search.text.query_syntax import parse_user_query


@pytest.mark.parametrize(
    ("filters", "terms"),
    [
        (SearchFilters(), []),
        (SearchFilters(language="ar"), [("language", "ar")]),
        (SearchFilters(year="2022", source="sana"), [("source", "sana"), ("year", "2022")]),
        (SearchFilters(entity="7", date_from=date(2025, 1, 1)), [("entity", "7")]),
    ],
)
def test_facet_terms_are_the_chosen_facet_values(filters, terms):
    assert filters.facet_terms() == terms


@pytest.mark.parametrize(
    ("exact", "entities", "expected"),
    [
        (False, False, STEMMED_FIELDS),
        (True, False, EXACT_FIELDS),
        (False, True, {**STEMMED_FIELDS, ENTITY_FIELD[0]: ENTITY_FIELD[1]}),
        (True, True, {**EXACT_FIELDS, ENTITY_FIELD[0]: ENTITY_FIELD[1]}),
    ],
)
def test_search_fields(exact, entities, expected):
    fields = search_fields(exact=exact, entities=entities)
    assert fields == expected
    assert own_fields(fields) == (EXACT_FIELDS if exact else STEMMED_FIELDS)


@pytest.mark.parametrize(
    ("q", "relaxable"),
    [
        ("zebra", False), ("zebra heron", True), ('"zebra heron"', False), ('zebra "a b"', True),
        ("a -b", False),
    ],  # fmt: skip
)
def test_only_a_query_of_several_parts_relaxes(q, relaxable):
    assert can_relax(parse_user_query(q)) is relaxable


@pytest.mark.parametrize(("start", "end", "length"), [(0, None, 20), (40, None, 20), (0, 5, 5), (10, 10, 1)])
def test_page_length(start, end, length):
    assert page_length(start, end) == length


@pytest.mark.parametrize(
    ("node", "text", "narrowed"),
    [
        (SQ(content=AutoQuery('وزير "information technology" -x')), 'وزير "information technology" -x', {}),
        (SQ(content="zebra") & SQ(text="heron"), "zebra heron", {}),
        (SQ(content="zebra") & ~SQ(content="heron ibis"), 'zebra -"heron ibis"', {}),
        (
            SQ(content="zebra") & SQ(language="en") & SQ(year=2022),
            "zebra",
            {"language": "en", "year": "2022"},
        ),
    ],
)
def test_a_query_filter_becomes_the_search_box_text_and_facet_filters(node, text, narrowed):
    assert split_query_filter(node) == (text, narrowed)


@pytest.mark.parametrize("node", [SQ(content="a") | SQ(content="b"), SQ(author="x"), ~SQ(language="en")])
def test_what_the_search_page_cannot_express_is_refused(node):
    with pytest.raises(SearchBackendError):
        split_query_filter(node)


@pytest.mark.parametrize(
    ("q", "params"),
    [
        ("الإتصالات", {}),
        ("cooperation التعاون Syria", {}),
        ('"information technology" -Iranian', {}),
        ("Khatib", {}),
        ("cooperation", {"language": "en"}),
    ],
)
def test_a_search_query_set_finds_what_the_search_page_finds(client, tagged_seeds, q, params):
    url_params = {"q": q, **({"lang": params["language"]} if "language" in params else {})}
    page = client.get("/api/search/", url_params).json()
    assert page["results"]
    found = SearchQuerySet().auto_query(q)
    if params:
        found = found.filter(**params)
    assert [int(result.pk) for result in found] == [result["id"] for result in page["results"]]
    assert found.count() == page["count"]
