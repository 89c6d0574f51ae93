"""Which words are corrected, and into what (search.backends.whoosh_spelling)."""

from __future__ import annotations

import pytest
from haystack import connections
from whoosh import query as wq

from search.backends.whoosh_query import TOLERANT_BOOST, tolerant_text_query
from search.query import as_user_query
from tests.conftest import index_documents

DOCUMENTS = [
    ("Pfizer vaccine trial in Texas", "The Pfizer vaccine was tested in Texas hospitals."),
    ("Pfizer results", "Pfizer said the vaccine works better than expected."),
    ("Texas weather", "Storms hit Texas, worse than last year; prior storms were milder."),
    ("Trade talks", "Trade talks went further than planned, prior to the summit."),
    ("Island ferry", "A ferry sank near Zanzibar."),
    ("Kilimanjaro climbers rescued", "Two climbers were rescued on the mountain."),
    ("Army boot", "The army ordered a new boot."),
    ("A boost for exports", "Exports got a boost as the currency fell."),
    ("Exports boost", "A boost to exports."),
    ("Company raises dividend", "The company raises its dividend."),
    ("Markets", "Shares rises as dividend news spreads; oil rises."),
    ("Oil", "Oil rises; dividend payers gain. Gold rises too."),
    ("Gold", "Gold rises, and so do dividend funds."),
    ("المجاعة في اليمن", "تحذيرات من المجاعة في اليمن بعد صلاة الجمعة."),
    ("المجاعة تهدد الملايين", "المجاعة تهدد الملايين في اليمن والصومال."),
    ("خطبة الجمعة", "خطبة الجمعة في المسجد الكبير يوم الجمعة."),
    ("سوق الجمعة", "سوق الجمعة مزدحم كل أسبوع."),
    ("جنود في الميدان", "وصل جنود الجيش إلى الميدان بعد وقف إطلاق النار. وقف القتال."),
    ("جنود وقف", "جنود حفظ السلام يطالبون بوقف القتال ووقف النار."),
    ("وجود", "وجود القوات في المدينة. وجود دائم. وجود مؤقت."),
    ("وجود الحكومة", "وجود الحكومة في العاصمة."),
    ("وجود آخر", "وجود حقيقي."),
    ("مل الانتظار", "مل الجمهور من الانتظار الطويل."),
    ("العمل الفاشل", "العمل الفاشل لا يدوم."),
    ("فشل", "العمل الفاشل يكلف كثيرا."),
    ("السبت", "العمل يوم السبت."),
]


@pytest.fixture
def spell(db, whoosh_index):
    index_documents(DOCUMENTS)
    backend = connections["default"].get_backend()
    backend.index = backend.index.refresh()
    searcher = backend._searcher()

    def check(query: str):
        return backend.spelling(searcher, as_user_query(query))

    return check


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("pfizr vaccine", "pfizer vaccine"),  # Whoosh's corrector offered "prior"
        ("txas storms", "texas storms"),  # and "than"
        ("Pfizr", "Pfizer"),
        ("الكجاعة في اليمن", "المجاعة في اليمن"),  # not the commoner الجمعة
        ("نجود وقف", "جنود وقف"),  # as close as the commoner وجود, but beside وقف
        ("vaccine -pfizr", None),  # excluded words are not corrected
    ],
)
def test_the_whole_query_corrected(spell, query, suggestion):
    assert spell(query).suggestion == suggestion


@pytest.mark.parametrize(
    "query, suggestion",
    [
        # Known through its stem (boot, مل) but in no article beside the other words, while a
        # close word of another stem is.
        ("boots exports", "boost exports"),
        ("المل الفاشل", "العمل الفاشل"),
        # As close as the commoner "rises", which is beside "dividend" in more bodies, but
        # "raises dividend" is a headline's words.
        ("riases dividend", "raises dividend"),
        # In one headline and nowhere else: still a candidate (a searcher remembers headlines).
        ("kilimanjro climbers", "kilimanjaro climbers"),
        ("syia", None),  # nothing close: a letter left out of no known word
    ],
)
def test_corrections_chosen_in_the_querys_context(spell, query, suggestion):
    assert spell(query).suggestion == suggestion


@pytest.mark.parametrize("query", ["boots army", "مل الانتظار", "army boot", "rises dividend"])
def test_a_word_known_through_its_stem_and_beside_the_others_is_left_alone(spell, query):
    assert spell(query).suggestion is None


@pytest.mark.parametrize("query", ["pfizer vaccine", "Texas", "المجاعة", "اليمن الجمعة", "2024 vaccine"])
def test_correctly_spelled_queries_get_no_suggestion(spell, query):
    assert spell(query).suggestion is None


def test_unknown_words_without_a_correction_are_searched_typo_tolerantly(spell):
    found = spell("zanzibor ferry")  # Zanzibar is in one story's body: not a candidate
    assert found.suggestion is None
    assert found.tolerant_words == ("zanzibor",)
    assert spell("zanz ferry").tolerant_words == ()  # too short to guess at


def test_the_tolerant_expansion_weighs_less_than_a_real_match():
    from search.search_indexes import ArticleIndex  # noqa: F401  (the schema's fields)

    backend = connections["default"].get_backend()
    backend.setup()
    query = tolerant_text_query(backend.schema, "zanzibor", {"title": 1.0, "text": 1.0, "exact_title": 0.5})
    fuzzy = [part for part in query.subqueries if isinstance(part, wq.FuzzyTerm)]
    assert {part.fieldname for part in fuzzy} == {"exact_title", "exact"}
    assert all(part.boost <= TOLERANT_BOOST and part.maxdist == 1 for part in fuzzy)


@pytest.mark.parametrize(
    "a, b, both",
    [
        ([1, 5, 9], [2, 5, 9, 40], [5, 9]),
        ([7], list(range(0, 1000, 7)), [7]),  # one document against a common word's thousands
        ([3, 8], [1, 2], []),
        ([], [1, 2], []),
        ([1000], [1, 2], []),  # past the end of the longer
    ],
)
def test_intersect_sorted_documents(a, b, both):
    import numpy as np

    from search.backends.whoosh_spelling import intersect

    assert intersect(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)).tolist() == both
    assert intersect(np.array(b, dtype=np.int64), np.array(a, dtype=np.int64)).tolist() == both


@pytest.mark.parametrize(
    "docs, expected",
    [
        ([1, 150, 698, 699], [150, 699]),  # few beside 334: looked up one by one (skip_to)
        ([4, 5], []),
        (list(range(0, 1000, 7)), [n for n in range(0, 1000, 7) if n % 3 == 0]),  # many: read whole
    ],
)
def test_members_of_a_common_words_postings(tmp_path, docs, expected):
    import numpy as np
    from whoosh import fields, index

    from search.backends.whoosh_spelling import members

    ix = index.create_in(tmp_path, fields.Schema(body=fields.TEXT))
    writer = ix.writer()
    for number in range(1000):  # "common" in 334 documents, three postings blocks
        writer.add_document(body="common" if number % 3 == 0 else "other")
    writer.commit()
    with ix.reader() as reader:
        found = members(reader, (("body", "common"),), np.array(docs, dtype=np.int64))
        assert found.tolist() == expected
