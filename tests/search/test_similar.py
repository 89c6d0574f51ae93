"""Similar articles scored in arrays: Whoosh's own scores and order, over segments and deletions."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

from search.backends.whoosh_similar import best, key_terms, scored, similar

STORIES = [
    "oil prices rose as opec ministers met in vienna to discuss output quotas",
    "opec ministers agreed to cut oil output quotas in vienna",
    "wheat exports from the united states rose in march",
    "the central bank cut interest rates as inflation slowed",
    "opec oil output rose in march despite the quotas agreed in vienna",
    "interest rates and inflation worried the central bank",
    "oil prices fell after opec failed to agree on quotas",
    "wheat and corn exports rose as the harvest ended",
]


@pytest.fixture
def searcher():
    """Three segments (three commits) and a deleted story: what a live archive's index has."""
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT(stored=True))
    index = RamStorage().create_index(schema)
    for chunk in (STORIES[:3], STORIES[3:6], STORIES[6:]):
        writer = index.writer()
        for text in chunk:
            writer.add_document(id=str(STORIES.index(text)), text=text)
        writer.commit(merge=False)
    writer = index.writer()
    writer.delete_by_term("id", "6")
    writer.commit(merge=False)
    with index.searcher() as opened:
        yield opened


def whoosh_scores(searcher, terms) -> dict[int, float]:
    whoosh_query = query.Or([query.Term("text", term, boost=weight) for term, weight in terms])
    return {hit.docnum: hit.score for hit in searcher.search(whoosh_query, limit=None)}


def test_every_document_scores_as_whoosh_scores_it(searcher):
    assert len(searcher.leaf_searchers()) > 1
    terms = [("opec", 2.5), ("quotas", 1.5), ("rose", 1.0), ("absent", 3.0)]
    scores = scored(searcher, "text", terms)
    expected = whoosh_scores(searcher, terms)
    assert set(np.flatnonzero(scores)) == set(expected)  # the deleted story scores nothing
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-12)


def test_the_similar_stories_are_whooshs_more_like_in_its_order(searcher):
    for story in range(len(STORIES)):
        docnum = searcher.document_number(id=str(story))
        if docnum is None:  # deleted
            continue
        stock = [(hit.docnum, hit.score) for hit in searcher.more_like(docnum, "text", top=3, numterms=12)]
        ours = similar(searcher, docnum, "text", top=3)
        assert [found for found, _ in ours] == [found for found, _ in stock]
        assert [score for _, score in ours] == pytest.approx([score for _, score in stock])
    oil = similar(searcher, searcher.document_number(id="0"), "text", top=2)
    assert {searcher.stored_fields(found)["id"] for found, _ in oil} == {"1", "4"}


@pytest.mark.parametrize(
    ("scores", "top", "exclude", "expected"),
    [
        ([0.0, 3.0, 1.0, 2.0], 2, None, [1, 3]),
        ([0.0, 3.0, 1.0, 2.0], 2, 1, [3, 2]),  # the article itself is never its own neighbour
        ([2.0, 1.0, 2.0, 2.0], 2, None, [0, 2]),  # ties by document number, as Whoosh orders them
        ([0.0, 0.5, 0.0], 5, None, [1]),  # documents that share no term are not similar
        ([0.0, 0.0], 3, None, []),
    ],
)
def test_best_documents(scores, top, exclude, expected):
    assert [docnum for docnum, _ in best(np.array(scores), top=top, exclude=exclude)] == expected


def test_key_terms_are_whooshs_also_once_their_frequencies_are_kept(searcher):
    for _ in range(2):  # the second time from the frequencies kept per segment
        for docnum in searcher.document_numbers():
            assert key_terms(searcher, docnum, "text") == searcher.key_terms(
                [docnum], "text", numterms=12, normalize=False
            )


def test_key_terms_follow_a_new_segment(searcher):
    index = searcher._ix
    assert key_terms(searcher, 0, "text") == searcher.key_terms([0], "text", numterms=12, normalize=False)
    writer = index.writer()
    for number in range(10, 16):
        writer.add_document(id=str(number), text="opec opec vienna vienna quotas")
    writer.commit(merge=False)
    with index.searcher() as fresh:
        assert key_terms(fresh, 0, "text") == fresh.key_terms([0], "text", numterms=12, normalize=False)
        assert key_terms(fresh, 0, "text") != key_terms(searcher, 0, "text")
