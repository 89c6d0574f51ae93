"""The first page of a search holds the best-scored articles of all that match."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from haystack import connections

from search.text.query_syntax import parse_user_query
from tests.conftest import index_documents

WORDS = ["zebra", "quokka", "heron", "marmot", "ibis", "tapir", "okapi", "lemur"]
FILLER = ["river", "market", "council", "harbour", "village", "season", "report", "bridge"]


@pytest.fixture
def generated_articles(transactional_db, tmp_path):
    """Two hundred short articles whose titles and bodies repeat the query words unevenly, so
    a search ranks hundreds of matches on several fields at once."""
    rng = random.Random(11)
    folder = tmp_path / "generated"
    folder.mkdir()
    for number in range(200):
        title = " ".join(rng.choices(WORDS + FILLER, k=rng.randint(2, 6)))
        body = " ".join(rng.choices(WORDS + FILLER * 3, k=rng.randint(8, 120)))
        (folder / f"{number:03d}.txt").write_text(f"{title.capitalize()}\n\n{body}.\n", encoding="utf-8")
    call_command("import_seeds", str(folder))


def ranked_by_scoring_everything(backend, q: str) -> list[str]:
    user_query = parse_user_query(q)
    fields = backend.search_fields(exact=False, entities=True)
    query = backend.ranking_query(backend.build_user_query(user_query, fields=fields), user_query, fields)
    with backend.index.searcher() as searcher:
        return [hit["django_id"] for hit in searcher.search(query, limit=None)]


@pytest.mark.parametrize("page_length", [1, 3, 10])
def test_first_page_is_the_top_of_all_matches(generated_articles, page_length):
    backend = connections["default"].get_backend()
    backend.setup()
    for first in WORDS:
        for second in WORDS[:4]:
            q = f"{first} {second}"
            page = backend.search(q, end_offset=page_length)
            expected = ranked_by_scoring_everything(backend, q)
            assert page["hits"] == len(expected)
            assert [result.pk for result in page["results"]] == expected[:page_length], q


def test_later_pages_continue_the_same_ranking(generated_articles):
    backend = connections["default"].get_backend()
    backend.setup()
    expected = ranked_by_scoring_everything(backend, "zebra heron")
    pages = [backend.search("zebra heron", start_offset=start, end_offset=start + 7) for start in (0, 7, 14)]
    assert [result.pk for page in pages for result in page["results"]] == expected[:21]


# Other headlines of the same kind, so that the query's words are not rare in the archive.
FILLER_ARTICLES = [
    ("Aid convoy reaches Homs after weeks of talks", "The convoy brought food and medicine to the old city."),
    ("Rebels shell army positions near Aleppo", "Fighting went on for a third day, a monitor said."),
    ("Air strikes hit market in Idlib", "Dozens of civilians were killed in the strikes on the market."),
    ("Talks in Geneva end without agreement", "The envoy said the sides would meet again next month."),
]


def test_a_headline_holding_the_words_in_order_ranks_above_a_body_repeating_them(db):
    """A searcher recalls a headline's words in its order: the article whose headline has them
    so comes first, before one that has them in another order and repeats them in its story."""
    in_order, repeated, *_ = index_documents(
        [
            (
                "Rebel shelling kills four in Damascus",
                "Four civilians died on Tuesday in the east of the city.",
            ),
            (
                "Damascus residents count the cost of shelling",
                "Damascus residents count the cost of shelling. Many houses were hit overnight.",
            ),
            *FILLER_ARTICLES,
        ]
    )
    backend = connections["default"].get_backend()
    backend.setup()
    page = backend.search("shelling damascus", end_offset=2)
    assert [result.pk for result in page["results"]] == [str(in_order), str(repeated)]
