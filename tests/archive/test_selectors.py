"""An article's confirmed entities: one read for the page, the API and the search index."""

from __future__ import annotations

import pytest

from archive import editing
from archive.models import Entity, Tag
from archive.selectors import (
    article_confirmed_entities,
    article_confirmed_entities_prefetched,
    articles_confirmed_entities,
)
from search.search_indexes import ArticleIndex


def entity(name: str) -> Entity:
    return Entity.objects.get(name=name)


@pytest.fixture
def merged_leftover(tagged_seeds, django_capture_on_commit_callbacks):
    """Lattakia port merged into Lattakia, with a confirmed tag left over on the port."""
    article = tagged_seeds["004"]
    port, city = entity("Lattakia port"), entity("Lattakia")
    with django_capture_on_commit_callbacks(execute=True):
        editing.entity_merge(entities=[port], into=city)
        Tag.objects.create(article=article, entity=port, origin=Tag.Origin.AUTO,
                           state=Tag.State.CONFIRMED, mentions=99)
    return article, port, city


def test_a_merged_entity_never_shows_on_the_page_in_the_api_or_the_index(client, merged_leftover):
    article, port, city = merged_leftover
    html = client.get(article.get_absolute_url()).content.decode()
    assert city.get_absolute_url() in html and port.get_absolute_url() not in html

    record = client.get(f"/api/articles/{article.pk}/").json()
    assert city.pk in {item["id"] for item in record["entities"]}
    assert port.pk not in {item["id"] for item in record["entities"]}

    found = client.get("/api/search/", {"q": "ميناء اللاذقية"}).json()
    hit = next(result for result in found["results"] if result["id"] == article.pk)
    assert city.pk in {item["id"] for item in hit["entities"]}
    assert port.pk not in {item["id"] for item in hit["entities"]}
    assert str(city.pk) in found["facets"]["entity"] and str(port.pk) not in found["facets"]["entity"]

    indexed = ArticleIndex().index_queryset().get(pk=article.pk)
    assert str(port.pk) not in ArticleIndex().prepare_entity(indexed)


def test_the_three_forms_agree_in_tag_order(merged_leftover, django_assert_num_queries):
    article, port, _ = merged_leftover
    expected = list(Tag.objects.filter(article=article, state=Tag.State.CONFIRMED)
                    .exclude(entity=port).order_by("-mentions", "entity__name")
                    .values_list("entity_id", flat=True))
    assert len(expected) > 1
    with django_assert_num_queries(1):
        assert [e.pk for e in article_confirmed_entities(article=article)] == expected
    with django_assert_num_queries(1):
        bulk = articles_confirmed_entities(ids=[article.pk])
    assert [e.pk for e in bulk[article.pk]] == expected
    prefetched = ArticleIndex().index_queryset().get(pk=article.pk)
    with django_assert_num_queries(0):
        assert [e.pk for e in article_confirmed_entities_prefetched(article=prefetched)] == expected


def test_rejected_and_suggested_tags_are_not_confirmed_entities(tagged_seeds):
    article = tagged_seeds["004"]
    tag = article.tags.filter(state=Tag.State.CONFIRMED).select_related("entity").first()
    editing.tag_reject(tag=tag)
    assert tag.entity not in article_confirmed_entities(article=article)
    assert tag.entity not in articles_confirmed_entities(ids=[article.pk]).get(article.pk, [])


def test_articles_without_confirmed_entities_are_missing_from_the_bulk_read(tagged_seeds):
    untagged = [a for a in tagged_seeds.values() if not a.tags.filter(state=Tag.State.CONFIRMED).exists()]
    ids = [article.pk for article in tagged_seeds.values()]
    assert set(articles_confirmed_entities(ids=ids)) == set(ids) - {a.pk for a in untagged}


@pytest.mark.parametrize(
    ("name", "aliases", "language", "reader", "other"),
    [
        ("Syria", [("سوريا", "ar"), ("سورية", "ar")], "ar", "سوريا", "Syria"),
        ("Syria", [("سوريا", "ar")], "en", "Syria", "سوريا"),
        ("Syria", [], "ar", "Syria", ""),
        ("دمشق", [("Damascus", "en")], "en", "Damascus", "دمشق"),
        ("دمشق", [], "en", "دمشق", ""),
        ("Russia", [("Russia", "en"), ("Russian Federation", "en")], "en", "Russia", ""),
    ],
)
def test_entity_names_in_the_reader_language(db, name, aliases, language, reader, other):
    from archive.models import Entity, EntityAlias
    from archive.selectors import entity_reader_names

    entity = Entity.objects.create(name=name, kind="person")  # the gazetteer has the places
    for alias, alias_language in aliases:
        EntityAlias.objects.create(
            entity=entity, name=alias, language=alias_language, normalized=alias.lower()
        )
    named = entity_reader_names([Entity.objects.get(pk=entity.pk)], language=language)[0]
    assert (named.reader_name, named.other_name) == (reader, other)


def test_often_mentioned_with_counts_shared_articles_ties_by_name_and_skips_merged(db):
    from archive.models import Article
    from archive.selectors import entity_cooccurring

    def place(name):
        return Entity.objects.create(name=name, kind="place", state="confirmed")

    names = ("Subject", "Beirut", "Aleppo", "Amman", "Gone")
    subject, beirut, aleppo, amman, gone = (place(f"Test {name}") for name in names)
    gone.merged_into = beirut
    gone.save()
    for number, others in enumerate([[beirut, aleppo, gone], [beirut, aleppo, amman], [amman]]):
        story = Article.objects.create(title=f"t{number}", body="b", raw_text="r", fingerprint=f"co-{number}")
        for tagged in [subject, *others] if number < 2 else others:
            Tag.objects.create(article=story, entity=tagged, state="confirmed")
    first = Article.objects.get(title="t0")
    Tag.objects.create(article=first, entity=place("Test Rejected"), state="rejected")

    found = entity_cooccurring(entity=subject, limit=2)
    assert [(other.name, other.together) for other in found] == [("Test Aleppo", 2), ("Test Beirut", 2)]
    assert [(o.name, o.together) for o in entity_cooccurring(entity=subject)] == [
        ("Test Aleppo", 2),
        ("Test Beirut", 2),
        ("Test Amman", 1),
    ]


@pytest.mark.parametrize("sorted_in_sql_at_most", [2000, 1])
def test_related_articles_share_most_entities_then_newest_first(db, monkeypatch, sorted_in_sql_at_most):
    import datetime

    # 1: every level larger than one article is met walking the archive newest first.
    monkeypatch.setattr("archive.selectors._SORTED_IN_SQL_AT_MOST", sorted_in_sql_at_most)

    from archive.models import Article
    from archive.selectors import article_related

    one, two, three = (
        Entity.objects.create(name=f"Test related {n}", kind="place", state="confirmed") for n in "abc"
    )

    def story(key, day, entities, state="confirmed"):
        made = Article.objects.create(
            title=key, body="b", raw_text="r", fingerprint=f"rel-{key}",
            published=datetime.date(2020, 1, day) if day else None,
        )  # fmt: skip
        for tagged in entities:
            Tag.objects.create(article=made, entity=tagged, state=state)
        return made

    subject = story("subject", 1, [one, two, three])
    story("all-three", 2, [one, two, three])
    story("two-old", 3, [one, two])
    story("two-new", 9, [two, three])
    for day in (4, 5, 6, 7):
        story(f"one-{day}", day, [one])
    story("one-undated", None, [three])
    story("suggested-only", 8, [one, two, three], state="suggested")

    def related(limit):
        return [(other.title, other.shared) for other in article_related(article=subject, limit=limit)]

    assert related(3) == [("all-three", 3), ("two-new", 2), ("two-old", 2)]
    # The limit cuts through the articles sharing one entity: the newest of them, undated last.
    assert related(5) == related(3) + [("one-7", 1), ("one-6", 1)]
    assert related(20)[-1] == ("one-undated", 1) and len(related(20)) == 8
