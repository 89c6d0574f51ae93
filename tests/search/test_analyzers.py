"""The Whoosh analyzers: same analysis as search.text, Whoosh's calling conventions, pickling."""

import pickle

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from search.analyzers import bilingual_analyzer, exact_analyzer
from search.text.tokenize import analyze

MIXED = "وَزِيرُ the Minister في الاتِّصَالاتِ Communications satellites ٢٢٥"


def texts(analyzer, text, **kwargs):
    return [token.text for token in analyzer(text, **kwargs)]


@pytest.mark.parametrize(
    "text",
    [
        MIXED,
        "الإتصالات اتصالات والاتصالات الاتّصالات",
        "السيبرانى السيبراني",
        "",
    ],
)
def test_bilingual_analyzer_matches_the_pure_chain(text):
    assert texts(bilingual_analyzer(), text) == analyze(text)
    assert texts(exact_analyzer(), text) == analyze(text, stem=False)


@pytest.mark.parametrize("factory", [bilingual_analyzer, exact_analyzer])
def test_analyzers_survive_pickling(factory):
    analyzer = factory()
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    assert texts(restored, MIXED) == texts(analyzer, MIXED)


@pytest.mark.parametrize("mode", ["index", "query", ""])
def test_index_and_query_modes_analyse_alike(mode):
    assert texts(bilingual_analyzer(), MIXED, mode=mode) == analyze(MIXED)


def test_chars_point_into_the_original_vowelled_text():
    text = "وَزِيرُ the Minister"
    tokens = [
        (token.text, text[token.startchar : token.endchar], token.pos)
        for token in bilingual_analyzer()(text, chars=True, positions=True)
    ]
    assert tokens == [("وزير", "وَزِيرُ", 0), ("minist", "Minister", 1)]


def test_start_char_and_start_pos_offset_the_tokens():
    tokens = [
        (token.startchar, token.endchar, token.pos)
        for token in bilingual_analyzer()("الوزير", chars=True, positions=True, start_char=10, start_pos=5)
    ]
    assert tokens == [(10, 16, 5)]


def test_removestops_false_marks_stop_words_and_leaves_them_unstemmed():
    tokens = [
        (token.text, token.stopped)
        for token in bilingual_analyzer()("the ministers في الوزارات", removestops=False)
    ]
    assert tokens == [("the", True), ("minist", False), ("في", True), ("وزار", False)]


def test_keeporiginal_gives_the_original_word():
    originals = [token.original for token in bilingual_analyzer()("الاتِّصَالاتِ", keeporiginal=True)]
    assert originals == ["الاتِّصَالاتِ"]


def test_no_morph_skips_stemming_for_spelling():
    assert texts(bilingual_analyzer(), "الاتِّصَالاتِ Communications", no_morph=True) == [
        "الاتصالات",
        "communications",
    ]


def test_tokenize_false_analyses_the_whole_value_as_one_term():
    assert texts(bilingual_analyzer(), "الإتصالات", tokenize=False) == ["اتصال"]


@pytest.fixture
def ram_index():
    schema = Schema(
        id=ID(stored=True),
        body=TEXT(analyzer=bilingual_analyzer(), stored=True, spelling=True),
        body_exact=TEXT(analyzer=exact_analyzer()),
    )
    index = RamStorage().create_index(schema)
    writer = index.writer()
    writer.add_document(id="ar", body=MIXED, body_exact=MIXED)
    writer.add_document(id="en", body="Weather report", body_exact="Weather report")
    writer.commit()
    return index


@pytest.mark.parametrize(
    "query",
    ["الإتصالات", "اتصالات", "والاتصالات", "الاتّصالات", "وزير", "communication", "satellite", "225"],
)
def test_whoosh_index_finds_every_spelling(ram_index, query):
    with ram_index.searcher() as searcher:
        hits = searcher.search(QueryParser("body", ram_index.schema).parse(query))
        assert [hit["id"] for hit in hits] == ["ar"]


def test_exact_field_does_not_conflate_inflections(ram_index):
    with ram_index.searcher() as searcher:
        parser = QueryParser("body_exact", ram_index.schema)
        assert len(searcher.search(parser.parse("الاتصالات"))) == 1
        assert len(searcher.search(parser.parse("اتصالات"))) == 0


def test_highlights_mark_the_original_vowelled_words(ram_index):
    with ram_index.searcher() as searcher:
        hits = searcher.search(QueryParser("body", ram_index.schema).parse("وزير الاتصالات"))
        snippet = hits[0].highlights("body")
    assert 'match term0">وَزِيرُ</b>' in snippet or 'match term1">وَزِيرُ</b>' in snippet
    assert "الاتِّصَالاتِ</b>" in snippet


def test_schema_with_the_analyzers_pickles(ram_index):
    schema = pickle.loads(pickle.dumps(ram_index.schema))
    assert texts(schema["body"].analyzer, MIXED) == analyze(MIXED)


def test_spelling_suggests_unstemmed_folded_words(ram_index):
    with ram_index.searcher() as searcher:
        assert searcher.suggest("body", "الاتصلات") == ["الاتصالات"]
        assert searcher.suggest("body", "comunications") == ["communications"]


POSTINGS_TEXTS = [
    MIXED,
    "في الوزير وزير الوزراء the minister Ministers في minister's",  # stop words first, stems shared
    "صلى الله عليه ﷺ وسلم a b 2.5 ١٬٠٠٠ x",  # an expanded form, short and numeric words
    "Syria's talks, talks; TALKS — talk",
    "على",  # nothing but a stop word
    "",
]


@pytest.mark.parametrize("text", POSTINGS_TEXTS)
@pytest.mark.parametrize("factory", [bilingual_analyzer, exact_analyzer])
@pytest.mark.parametrize("boost", [1.0, 2.0, 0.7])
def test_index_positions_gives_whooshs_postings(factory, text, boost):
    from whoosh.formats import Positions

    from search.analyzers import IndexPositions

    analyzer = factory()
    stock = sorted(Positions(field_boost=boost).word_values(text, analyzer, mode="index"))
    assert sorted(IndexPositions(field_boost=boost).word_values(text, analyzer, mode="index")) == stock


def test_index_positions_of_a_body_share_one_analysis():
    from search.analyzers import EXACT, STEMMED, index_positions

    body = "الوزير وزير في الوزارة minister ministers"
    exact = {"الوزير": [0], "وزير": [1], "الوزاره": [2], "minister": [3], "ministers": [4]}
    assert index_positions(body, EXACT) == exact
    stemmed = index_positions(body, STEMMED)
    assert stemmed["minist"] == [3, 4]
    assert sum(map(len, stemmed.values())) == 5
