"""The article documents at full size: bounded reads, whatever the number of entities."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Article, Entity, EntityAlias, Tag
from search.consistency import index_differences
from search.selectors import SearchParams, article_search

ENTITIES = 60


@pytest.fixture
def shallow_sqlite(db):
    """SQLite's expression depth lowered below the entities a chunk touches (at full size a
    500-article chunk touches ~1,000 entities, SQLite's default limit)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's expression depth limit")
    connection.ensure_connection()
    previous = connection.connection.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, ENTITIES // 2)
    yield
    connection.connection.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, previous)


@pytest.fixture
def crowded_articles(db):
    """Three articles tagged with more entities than the lowered limit, each with an alias."""
    articles = [
        Article.objects.create(title=f"Summit {i}", body="Delegates met.", raw_text=f"summit {i}",
                               language="en", fingerprint=f"summit-{i}", origin=f"test#summit-{i}")
        for i in range(3)
    ]  # fmt: skip
    entities = Entity.objects.bulk_create(
        Entity(name=f"Delegate {i}", kind="person", state=Entity.State.CONFIRMED) for i in range(ENTITIES)
    )
    EntityAlias.objects.bulk_create(
        EntityAlias(entity=entity, name=f"Envoy{i}x", language="en", normalized=f"envoy{i}x")
        for i, entity in enumerate(entities)
    )
    Tag.objects.bulk_create(
        Tag(article=article, entity=entity, origin=Tag.Origin.AUTO, state=Tag.State.CONFIRMED)
        for article in articles
        for entity in entities
    )
    return articles


def test_rebuild_completes_when_a_chunk_touches_more_entities_than_sqlite_allows(
    shallow_sqlite, crowded_articles
):
    call_command("rebuild_index", "--noinput", stdout=StringIO(), stderr=StringIO())
    assert not index_differences()
    # The aliases (read in chunks of their own) are in the documents.
    assert article_search(params=SearchParams(q="Envoy59x")).count == 3


def test_repair_completes_when_a_chunk_touches_more_entities_than_sqlite_allows(
    shallow_sqlite, crowded_articles
):
    out = StringIO()
    call_command("check_index", "--repair", stdout=out, stderr=StringIO())
    assert "3 missing" in out.getvalue() and "repaired" in out.getvalue()
    assert article_search(params=SearchParams(q="Envoy0x")).count == 3


def test_aliases_are_read_in_chunks_of_the_given_size(crowded_articles, django_assert_num_queries):
    from search.search_indexes import ArticleIndex, prefetch_entity_aliases

    articles = list(ArticleIndex().index_queryset().filter(pk__in=[a.pk for a in crowded_articles]))
    with django_assert_num_queries(3):  # 60 entities, 25 a query
        prefetch_entity_aliases(articles, chunk=25)
    with django_assert_num_queries(0):
        names = ArticleIndex().prepare_entity_names(articles[0])
    assert "Envoy42x" in names and "Delegate 42" in names
