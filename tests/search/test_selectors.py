"""The search read (search.selectors): hits paged by Django's Paginator, facets labelled."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from search.selectors import SearchParams, SearchResults, article_search

Q = "cooperation التعاون Syria"


def ids(hits) -> list[int]:
    return [hit.article.pk for hit in hits]


def test_pages_continue_one_ranking(imported_seeds):
    everything = article_search(params=SearchParams(q=Q, per_page=50))
    assert everything.count >= 4
    pages = [article_search(params=SearchParams(q=Q, per_page=2, page=number)) for number in (1, 2)]
    assert ids(pages[0].hits + pages[1].hits) == ids(everything.hits)[:4]
    first = pages[0].page
    assert (first.number, first.paginator.num_pages) == (1, -(-everything.count // 2))
    assert first.has_next() and not first.has_previous()


def test_django_paginator_pages_the_results(imported_seeds):
    paginator = Paginator(SearchResults(SearchParams(q=Q, per_page=3)), 3)
    expected = ids(article_search(params=SearchParams(q=Q, per_page=50)).hits)
    assert paginator.count == len(expected)
    paged = [hit for number in paginator.page_range for hit in paginator.page(number)]
    assert ids(paged) == expected


@pytest.mark.parametrize("page", [2, 9999])
def test_asked_past_the_end_gives_the_last_page(imported_seeds, page):
    outcome = article_search(params=SearchParams(q=Q, per_page=50, page=page))
    assert outcome.page.number == outcome.params.page == 1
    assert outcome.hits and not outcome.page.has_next()


@pytest.mark.parametrize("q", ["", "zzzqqq", "*"])
def test_nothing_found_is_an_empty_page_without_pages(imported_seeds, q):
    outcome = article_search(params=SearchParams(q=q, page=3))
    page = outcome.page
    assert (outcome.count, outcome.hits, page.number, page.paginator.num_pages) == (0, [], 3, 0)


def test_facets_come_labelled_in_registry_order(imported_seeds):
    outcome = article_search(params=SearchParams(q=Q, entities=False))
    assert list(outcome.facets) == ["language", "source", "entity", "year"]
    assert {value.label for value in outcome.facets["language"]} <= {"Arabic", "English"}
