"""Unscored matching and facet counts (search.backends.whoosh_matching) against Whoosh's own
matching, over a small index of several segments."""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import query as wq
from whoosh import sorting
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import ArrayUnionMatcher, NullMatcher

from search.backends.whoosh_matching import (
    FilterCache,
    Lexicons,
    Matches,
    SegmentMasks,
    SegmentValues,
    lazy_ors,
    matching_among,
    per_segment,
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


@pytest.fixture
def index_with_deletions(index):
    with index.writer(merge=False) as writer:
        writer.delete_document(1)  # "zebra", ar, entity 2
    return index


def _stock_counts(searcher, query, fieldname):
    facet = sorting.FieldFacet(fieldname, allow_overlap=fieldname == "entity", maptype=sorting.Count)
    groups = searcher.search(query, limit=None, groupedby=facet).groups(fieldname)
    found = [(value, count) for value, count in groups.items() if value not in (None, "")]
    return sorted(found, key=lambda item: (-item[1], item[0]))


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize("fieldname", ["language", "entity"])
def test_facet_counts_are_whooshs_own_also_with_deleted_documents(index_with_deletions, query, fieldname):
    with index_with_deletions.searcher() as searcher:
        matches = Matches.of(query, searcher)
        assert matches.global_docnums == set(searcher.docs_for_query(query))
        assert 1 not in matches.global_docnums
        assert matches.facet_counts(fieldname, SegmentValues()) == _stock_counts(searcher, query, fieldname)


@pytest.mark.parametrize("word", ["zebra", "ibis", "quokka"])
def test_combinations_of_columns_count_as_the_documents_say(index_with_deletions, word):
    """Columns only: counted as arrays of codes (a keyword list is counted per document)."""
    values = SegmentValues()
    with index_with_deletions.searcher() as searcher:
        counted = Matches.of(term(word), searcher).facet_counts(("language", "language"), values)
    matching = [doc for number, doc in enumerate(DOCS) if word in doc["text"].split() and number != 1]
    expected = Counter((doc["language"], doc["language"]) for doc in matching)
    assert counted == sorted(expected.items(), key=lambda item: (-item[1], item[0]))


def test_one_search_reads_each_leaf_once_and_the_via_entity_check_reuses_it(index, monkeypatch):
    import search.backends.whoosh_matching as matching

    read = []
    original = matching._term_ids
    monkeypatch.setattr(matching, "_term_ids", lambda *args: read.append(args[1].text) or original(*args))
    masks = SegmentMasks()
    query = wq.And(
        [wq.Or([term("zebra"), term("heron")]), wq.Or([term("zebra"), wq.Term("text", "ibis", boost=2.0)])]
    )
    with index.searcher() as searcher:
        Matches.of(query, searcher, masks=masks)
        assert sorted(read) == sorted(["zebra", "heron", "ibis"] * 3)  # three segments
        own = wq.And([term("zebra"), term("ibis")])
        assert matching_among(own, searcher, {0, 3, 5}, masks) == {3, 5}
        assert len(read) == 9


def test_lexicons_answer_as_the_reader_does(index):
    lexicons = Lexicons(("text",))
    with index.searcher() as searcher:
        for segment, _ in searcher.leaf_searchers():
            reader = segment.reader()
            for word in ["zebra", "heron", "ibis", "tapir", "quokka"]:
                assert lexicons.has(reader, "text", word.encode()) == (("text", word.encode()) in reader)


RANKED_QUERIES = SCORED_QUERIES + [
    # A word only one segment has (tapir: the second and third), and terms no segment has.
    wq.And([wq.Or([term("tapir"), term("okapi")]), wq.Or([term("ibis"), term("quokka")])]),
    wq.And([term("zebra"), wq.Or([term("heron"), wq.Term("language", "xx")])]),
]


@pytest.mark.parametrize("query", RANKED_QUERIES, ids=repr)
@pytest.mark.parametrize("relaxed", [False, True])
def test_ranking_told_the_matches_ranks_and_scores_as_without(index, query, relaxed):
    with index.searcher() as searcher:
        masks = SegmentMasks()
        matches = Matches.of(query, searcher, masks=masks)
        plain = top_hits(searcher, query, start=0, limit=10, sort_by=None, within=None, relaxed=relaxed)
        told = top_hits(searcher, query, start=0, limit=10, sort_by=None, within=None, relaxed=relaxed,
                        matches=matches, masks=masks)  # fmt: skip
        assert [(hit.docnum, hit.score) for hit in told] == [(hit.docnum, hit.score) for hit in plain]
        assert {hit.docnum for hit in told} <= matches.global_docnums


def test_ranking_skips_the_segments_without_a_match(index):
    query = wq.Or([term("tapir"), term("okapi")])  # documents 3 and 4: no match in the first segment
    with index.searcher() as searcher:
        masks = SegmentMasks()
        matches = Matches.of(query, searcher, masks=masks)
        ranked = per_segment(searcher, query, matches, masks)
        first, second, third = (segment for segment, _ in searcher.leaf_searchers())
        assert isinstance(ranked.matcher(first), type(NullMatcher()))
        assert ranked.per_segment[id(second)] == wq.Or([term("tapir"), wq.NullQuery])
        assert ranked.per_segment[id(third)] == wq.Or([term("tapir"), wq.NullQuery])


@pytest.fixture
def big_index():
    """One segment of several postings blocks per word: every document has "common", every
    7th "seven", every 50th "fifty"."""
    schema = Schema(text=TEXT, language=ID(stored=True, sortable=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for number in range(1000):
            words = ["common"] + ["seven"] * (number % 7 == 0) + ["fifty"] * (number % 50 == 0)
            writer.add_document(text=" ".join(words), language="ar" if number % 2 else "en")
    return ix


BIG_QUERIES = [
    wq.And([term("common"), term("seven"), term("fifty")]),
    wq.And([wq.Or([term("seven"), term("fifty")]), term("common")]),
    wq.AndNot(wq.And([term("common"), term("seven")]), term("fifty")),
    wq.Or([wq.And([term("fifty"), term("common")]), term("seven")]),
]


@pytest.mark.parametrize("query", BIG_QUERIES, ids=repr)
def test_an_and_read_rarest_first_matches_as_whoosh(big_index, query):
    with big_index.searcher() as searcher:
        masks = SegmentMasks()
        expected = set(searcher.docs_for_query(query))
        assert Matches.of(query, searcher, masks=masks).global_docnums == expected
        # The same leaves asked again over all documents, as a relaxed query would.
        everything = Matches.of(wq.Or([term("common"), term("seven")]), searcher, masks=masks)
        assert everything.global_docnums == set(range(1000))
        within = Matches.of(wq.Term("language", "en"), searcher)
        assert Matches.of(query, searcher, within=within).global_docnums == expected & within.global_docnums
        assert matching_among(term("seven"), searcher, {0, 1, 7, 350}, masks) == {0, 7, 350}


@pytest.mark.parametrize("query", BIG_QUERIES, ids=repr)
@pytest.mark.parametrize("few", [0, 50, 1000])  # never, some segments' matches, always scored directly
@pytest.mark.parametrize("filtered", [False, True])
def test_scoring_each_of_few_matches_ranks_as_whoosh(big_index, query, few, filtered, monkeypatch):
    import search.backends.whoosh_matching as matching

    monkeypatch.setattr(matching, "FEW_MATCHES", few)
    with big_index.searcher() as searcher:
        within = Matches.of(wq.Term("language", "en"), searcher) if filtered else None
        masks = SegmentMasks()
        matches = Matches.of(query, searcher, within=within, masks=masks)
        plain = top_hits(searcher, query, start=0, limit=20, sort_by=None, within=within, relaxed=False)
        told = top_hits(searcher, query, start=0, limit=20, sort_by=None, within=within, relaxed=False,
                        matches=matches, masks=masks)  # fmt: skip
        assert [(hit.docnum, hit.score) for hit in told] == [(hit.docnum, hit.score) for hit in plain]
        assert len(told) == min(20, len(matches))
