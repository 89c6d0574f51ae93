"""Unscored matching and facet counts (search.backends.whoosh_matching) against Whoosh's own
matching, over a small index of several segments."""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import ArrayUnionMatcher

from search.backends.whoosh_matching import (
    FilterCache,
    Matches,
    SegmentValues,
    lazy_ors,
    matching_among,
    top_hits,
)

DOCS = [
    {"text": "zebra heron", "language": "en", "entity": "1,2"},
    {"text": "zebra", "language": "ar", "entity": "2"},
    {"text": "heron ibis", "language": "en", "entity": ""},
    {"text": "zebra ibis tapir", "language": "en", "entity": "3,1"},
    {"text": "tapir", "language": "ar", "entity": "1"},
    {"text": "zebra heron ibis", "language": "ar", "entity": "2,3"},
]


@pytest.fixture
def index():
    schema = Schema(
        text=TEXT, language=ID(stored=True, sortable=True), entity=KEYWORD(commas=True, scorable=False)
    )
    ix = RamStorage().create_index(schema)
    for start in range(0, len(DOCS), 2):  # three segments
        with ix.writer(merge=False) as writer:
            for doc in DOCS[start : start + 2]:
                writer.add_document(**doc)
    return ix


def term(word):
    return wq.Term("text", word)


QUERIES = [
    term("zebra"),
    wq.And([term("zebra"), term("heron")]),
    wq.Or([term("heron"), term("tapir")]),
    wq.AndNot(term("zebra"), term("heron")),
    wq.AndNot(wq.Or([term("ibis"), term("tapir")]), wq.And([term("zebra"), term("heron")])),
    term("quokka"),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_matches_are_what_whoosh_matches(index, query):
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 3
        expected = set(searcher.docs_for_query(query))
        matches = Matches.of(query, searcher)
        assert matches.global_docnums == expected and len(matches) == len(expected)
        within = Matches.of(wq.Term("language", "en"), searcher)
        narrowed = Matches.of(query, searcher, within=within)
        assert narrowed.global_docnums == expected & within.global_docnums


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_matching_among_a_few_documents(index, query):
    with index.searcher() as searcher:
        expected = set(searcher.docs_for_query(query))
        assert matching_among(query, searcher, {0, 3, 5}) == expected & {0, 3, 5}


def test_facet_counts_of_columns_and_keyword_lists(index):
    values = SegmentValues()
    with index.searcher() as searcher:
        matches = Matches.of(term("zebra"), searcher)
        assert matches.facet_counts("language", values) == [("ar", 2), ("en", 2)]
        zebras = [doc for doc in DOCS if "zebra" in doc["text"]]
        expected = Counter(e for doc in zebras for e in doc["entity"].split(",") if e)
        assert matches.facet_counts("entity", values) == sorted(expected.items(), key=lambda i: (-i[1], i[0]))


@pytest.mark.parametrize("word", ["zebra", "ibis", "quokka"])
def test_facet_counts_of_a_combination_of_fields(index, word):
    values = SegmentValues()
    with index.searcher() as searcher:
        counted = Matches.of(term(word), searcher).facet_counts(("entity", "language"), values)
    matching = [doc for doc in DOCS if word in doc["text"].split()]
    expected = Counter((e, doc["language"]) for doc in matching for e in doc["entity"].split(",") if e)
    assert counted == sorted(expected.items(), key=lambda item: (-item[1], item[0]))


def test_a_filter_is_matched_once_per_searcher(index):
    cache = FilterCache(size=2)
    language = wq.Term("language", "en")
    with index.searcher() as searcher, index.searcher() as other:
        kept = cache.matches(searcher, language)
        assert cache.matches(searcher, wq.Term("language", "en")) is kept
        assert cache.matches(other, language) is not kept
        cache.matches(searcher, wq.Term("language", "ar"))
        cache.matches(searcher, term("zebra"))  # the oldest of two goes
        assert cache.matches(searcher, language) is not kept
        assert cache.matches(searcher, None) is None


# Word queries shaped as the backend builds them: each word an Or over fields, all required.
SCORED_QUERIES = [
    wq.And([wq.Or([term("zebra"), term("heron"), term("ibis")]), wq.Or([term("ibis"), term("tapir")])]),
    wq.Or([term("zebra"), term("heron"), term("tapir")]),
    wq.AndNot(wq.Or([term("zebra"), term("ibis"), term("tapir")]), term("heron")),
]


def _matchers(matcher):
    yield matcher
    for child in matcher.children():
        yield from _matchers(child)


@pytest.mark.parametrize("query", SCORED_QUERIES, ids=repr)
def test_lazy_ors_score_and_rank_as_whooshs_own_or(index, query):
    with index.searcher() as searcher:
        segment = searcher.leaf_searchers()[0][0]
        # As a top-k collector asks (no current document needed), on a small segment Whoosh
        # itself preloads every posting of an Or of three or more parts.
        context = segment.context(needs_current=False)
        assert any(isinstance(m, ArrayUnionMatcher) for m in _matchers(query.matcher(segment, context)))
        lazy_matcher = lazy_ors(query).matcher(segment, context)
        assert not any(isinstance(m, ArrayUnionMatcher) for m in _matchers(lazy_matcher))
        stock = [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None)]
        lazy = [(hit.docnum, hit.score) for hit in searcher.search(lazy_ors(query), limit=None)]
        assert [docnum for docnum, _ in lazy] == [docnum for docnum, _ in stock]
        assert [score for _, score in lazy] == pytest.approx([score for _, score in stock], rel=1e-12)
        page = top_hits(searcher, query, start=0, limit=2, sort_by=None, within=None, relaxed=False)
        assert [hit.docnum for hit in page] == [docnum for docnum, _ in stock[:2]]
        assert lazy_ors(query) == query  # the caller's query is left as it was


def test_a_relaxed_page_keeps_whooshs_coordination_scores(index):
    relaxed = wq.Or(
        [
            wq.Or([term("zebra"), term("heron"), term("quokka")]),
            wq.Or([term("tapir"), term("ibis"), term("okapi")]),
        ],
        scale=0.9,
    )
    with index.searcher() as searcher:
        stock = [(hit.docnum, hit.score) for hit in searcher.search(relaxed, limit=None)]
        page = top_hits(searcher, relaxed, start=0, limit=10, sort_by=None, within=None, relaxed=True)
        assert [(hit.docnum, hit.score) for hit in page] == stock
