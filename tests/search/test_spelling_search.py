"""Did-you-mean on the search page and in the API: the corrected query's results shown at
once when it finds clearly more, the query as typed one click away (search.selectors)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Article
from search.indexing import article_index
from search.selectors import SearchParams, article_search, prefers_corrected
from tests.conftest import index_documents

DOCUMENTS = [
    ("Pfizer vaccine trial", "The Pfizer vaccine was tested in hospitals."),
    ("Pfizer results", "Pfizer said the vaccine works better than expected."),
    ("Vaccine doubts", "Doubts about a vaccine grew, more than before."),
    ("المجاعة في اليمن", "تحذيرات من المجاعة في اليمن بعد صلاة الجمعة."),
    ("المجاعة تهدد الملايين", "المجاعة تهدد الملايين في اليمن والصومال."),
    ("خطبة الجمعة", "خطبة الجمعة في المسجد الكبير يوم الجمعة."),
]


@pytest.fixture
def archive(db, whoosh_index):
    ids = index_documents(DOCUMENTS)
    return ids


def titles(outcome) -> set[str]:
    return {hit.article.title for hit in outcome.hits}


@pytest.mark.parametrize(
    "typed, corrected, expected",
    [
        ({"hits": 0}, {"hits": 2}, True),
        ({"hits": 3, "relaxed": True}, {"hits": 1}, True),  # nothing had every typed word
        ({"hits": 2}, {"hits": 10}, True),  # clearly more
        ({"hits": 4}, {"hits": 10}, False),
        ({"hits": 0}, {"hits": 0}, False),
        ({"hits": 0}, {"hits": 5, "relaxed": True}, False),
    ],
)
def test_when_the_corrected_query_is_run_instead(typed, corrected, expected):
    assert prefers_corrected(typed, corrected) is expected


def test_a_typo_shows_the_corrected_querys_results_at_once(archive):
    outcome = article_search(params=SearchParams(q="pfizr vaccine"))
    assert outcome.corrected and outcome.searched == "pfizer vaccine"
    assert titles(outcome) == {"Pfizer vaccine trial", "Pfizer results"}
    assert outcome.other_query == "pfizr vaccine"
    arabic = article_search(params=SearchParams(q="الكجاعة اليمن"))
    assert arabic.corrected and arabic.searched == "المجاعة اليمن"
    assert titles(arabic) == {"المجاعة في اليمن", "المجاعة تهدد الملايين"}


def test_the_query_as_typed_can_be_forced(archive):
    outcome = article_search(params=SearchParams(q="pfizr vaccine", original=True))
    assert not outcome.corrected and outcome.searched == "pfizr vaccine"
    assert outcome.suggestion == "pfizer vaccine" and outcome.other_query == "pfizer vaccine"
    assert outcome.relaxed  # no article has "pfizr": those with "vaccine"


def test_a_typo_found_in_one_article_is_corrected_when_the_word_is_far_commoner(archive, monkeypatch):
    monkeypatch.setattr("search.backends.whoosh_spelling.RARER_BY", 2)  # "far" in a six-article archive
    (pk,) = [
        Article.objects.create(title="Side effects", body="The pfizr vaccine side effects.", raw_text="x",
                               language="en", fingerprint="typo", origin="test#typo").pk
    ]  # fmt: skip
    article_index(ids=[pk])
    outcome = article_search(params=SearchParams(q="pfizr vaccine"))
    assert outcome.suggestion == "pfizer vaccine"  # one article has the typo, two the word
    assert not outcome.corrected and titles(outcome) == {"Side effects"}  # 2 is not clearly more than 1


def test_correct_spelling_gets_no_suggestion(archive):
    for query in ("pfizer vaccine", "المجاعة", "vaccine doubts"):
        outcome = article_search(params=SearchParams(q=query))
        assert outcome.suggestion is None and not outcome.corrected


def test_page_shows_results_for_the_correction_and_links_the_typed_query(client, archive):
    html = client.get("/search/", {"q": "pfizr vaccine", "lang": "en"}).content.decode()
    assert "Showing results for" in html and "Search instead for" in html
    assert "Pfizer vaccine trial" in html
    assert 'href="?q=pfizer+vaccine&amp;lang=en"' in html or 'href="?lang=en&amp;q=pfizer+vaccine"' in html
    assert "original=1" in html
    forced = client.get("/search/", {"q": "pfizr vaccine", "original": "1"}).content.decode()
    assert "Did you mean" in forced and "Showing results for" not in forced
    assert 'name="original"' not in forced  # the next query typed in the box is corrected again


def test_arabic_page_says_it_in_arabic_with_the_words_isolated(client, archive):
    html = client.get("/ar/search/", {"q": "الكجاعة اليمن"}).content.decode()
    assert "تُعرض نتائج" in html and "ابحث بدلًا من ذلك عن" in html
    assert '<bdi lang="ar">المجاعة اليمن</bdi>' in html


def test_the_typed_query_is_escaped(client, archive):
    html = client.get("/search/", {"q": 'pfizr vaccine "<b>"'}).content.decode()
    assert "Search instead for" in html
    assert '"<b>"' not in html and "&quot;&lt;b&gt;&quot;</bdi>" in html


def test_api_says_which_query_ran_and_offers_the_other(client, archive):
    body = client.get("/api/search/", {"q": "pfizr vaccine", "lang": "en"}).json()
    assert body["query"] == "pfizr vaccine" and body["searched"] == "pfizer vaccine"
    assert body["corrected"] is True and body["suggestion"] == "pfizer vaccine"
    assert {result["title"] for result in body["results"]} == {"Pfizer vaccine trial", "Pfizer results"}
    link = urlsplit(body["other"]["link"])
    assert body["other"]["query"] == "pfizr vaccine"
    assert parse_qs(link.query) == {"q": ["pfizr vaccine"], "lang": ["en"], "original": ["1"]}
    forced = client.get(link.path, parse_qs(link.query)).json()
    assert forced["corrected"] is False and forced["searched"] == "pfizr vaccine"
    assert forced["other"]["query"] == "pfizer vaccine" and "original" not in forced["other"]["link"]
    plain = client.get("/api/search/", {"q": "vaccine"}).json()
    assert plain["corrected"] is False and plain["other"] is None and plain["suggestion"] is None
