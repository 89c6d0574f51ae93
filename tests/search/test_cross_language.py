"""Finding articles in one language by an entity's name in the other."""

from __future__ import annotations

import pytest

from search.selectors import SearchParams, article_more_like_this, article_search


def found(q: str, **params) -> dict[str, bool]:
    outcome = article_search(params=SearchParams(q=q, **params))
    return {hit.article.origin.split("/")[-1][:3]: hit.via_entity for hit in outcome.hits}


def test_an_english_name_finds_the_arabic_article_through_its_entity(tagged_seeds):
    hits = found("Khatib")
    assert hits["003"] is True  # the Arabic article, through إياد الخطيب's English aliases
    assert hits["001"] is False  # the English article says Khatib itself
    assert "003" not in found("Khatib", entities=False)


def test_an_arabic_name_finds_the_english_articles_tagged_russia(tagged_seeds):
    hits = found("روسيا")
    assert hits == {"000": True, "004": True}
    assert found("روسيا", entities=False) == {}


def test_the_search_page_says_when_a_hit_came_through_an_entity(client, tagged_seeds):
    html = client.get("/search/", {"q": "روسيا"}).content.decode()
    assert tagged_seeds["004"].get_absolute_url() in html
    assert html.count("found through a tagged entity") == 2
    off = client.get("/search/", {"q": "روسيا", "entities": "off"}).content.decode()
    assert tagged_seeds["004"].get_absolute_url() not in off


def test_entity_facets_are_labelled_with_entity_names(client, tagged_seeds):
    outcome = article_search(params=SearchParams(q="Lattakia"))
    labels = {value.label for value in outcome.facets["entity"]}
    assert {"Lattakia", "Amer Ismail Hilal", "Rostov"} <= labels
    html = client.get("/search/", {"q": "Lattakia"}).content.decode()
    assert "<bdi>Amer Ismail Hilal</bdi>" in html


def test_more_like_this_finds_articles_with_similar_wording(tagged_seeds):
    similar = article_more_like_this(article=tagged_seeds["000"], limit=4)
    assert similar and tagged_seeds["000"] not in similar
    assert {article.language for article in similar} == {"en"}


@pytest.fixture
def kingdoms(gazetteer, django_capture_on_commit_callbacks):
    """An Arabic story about the Emirates and Saudi Arabia, another about Britain, indexed."""
    from archive.models import Article
    from archive.tagging import articles_tag
    from search.indexing import bulk_indexing

    texts = {
        "gulf": "زار وفد من الإمارات العربية المتحدة المملكة العربية السعودية لبحث التعاون.",
        "britain": "أعلنت المملكة المتحدة عن خطة جديدة للتعاون مع الجامعات.",
    }
    with bulk_indexing(), django_capture_on_commit_callbacks(execute=True):
        stories = {
            key: Article.objects.create(
                title="خبر", body=body, raw_text=body, language="ar", origin=f"x/{key}", fingerprint=key
            )
            for key, body in texts.items()
        }
        articles_tag(article_ids=[story.pk for story in stories.values()])
    return stories


def hits_of(q: str) -> set[str]:
    return {hit.article.origin.split("/")[-1] for hit in article_search(params=SearchParams(q=q)).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("United Kingdom", {"britain"}),  # not "United" (Arab Emirates) + "Kingdom" (of Saudi Arabia)
        ("Britain", {"britain"}),
        ("UK", {"britain"}),
        ("Saudi Arabia", {"gulf"}),
        ("Kingdom of Saudi Arabia", {"gulf"}),
        ("United Arab Emirates", {"gulf"}),
        ("Kingdom Emirates", set()),
        ("Kingdom", set()),
        ("United", set()),
        ("Arabia Emirates", set()),
        ('"United Kingdom"', {"britain"}),
    ],
)
def test_an_entity_matches_only_by_one_of_its_names_whole(kingdoms, query, expected):
    assert hits_of(query) == expected


def test_a_word_the_analysis_drops_is_not_required_through_entity_names(kingdoms):
    # "the" is no text term; as a lone entity key it would be a required word nothing has.
    page = article_search(params=SearchParams(q="the United Kingdom"))
    assert {hit.article.origin.split("/")[-1] for hit in page.hits} == {"britain"}
    assert not page.relaxed


def test_more_like_this_keeps_whooshs_order_and_its_searcher_between_articles(tagged_seeds, monkeypatch):
    from haystack import connections
    from haystack.utils import get_identifier

    backend = connections["default"].get_backend()
    article = tagged_seeds["000"]
    similar = article_more_like_this(article=article, limit=4)
    with backend.index.refresh().searcher() as searcher:
        docnum = searcher.document_number(id=get_identifier(article))
        stock = [hit["django_id"] for hit in searcher.more_like(docnum, "text", top=4, numterms=12)]
    assert [str(found.pk) for found in similar] == stock
    opened = []
    monkeypatch.setattr(type(backend.index), "searcher", lambda index, **kw: opened.append(index))
    assert article_more_like_this(article=tagged_seeds["001"], limit=4)
    assert opened == []  # the searcher kept since the last search, not one per article page
