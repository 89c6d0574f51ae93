"""Finding articles in one language by an entity's name in the other."""

from __future__ import annotations

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
