"""check_index's differences between the index and the database, and its repair."""

import pytest
from django.utils import timezone
from haystack import connections

from archive.models import Article
from search.consistency import index_differences
from search.indexing import (
    article_index,
    article_unindex,
    articles_needing_index,
    index_rebuild,
    index_repair,
)


@pytest.fixture
def indexed(db):
    ids = [
        Article.objects.create(
            title=f"Article {n}", body=f"Body number {n}", raw_text=f"raw {n}",
            language="en", fingerprint=f"fp{n}", origin=f"o{n}",
        ).pk  # fmt: skip
        for n in range(4)
    ]
    article_index(ids=ids)
    return ids


def test_differences_name_missing_stale_and_changed_articles(indexed):
    missing, changed, stale, same = indexed
    article_unindex(ids=[missing])
    Article.objects.filter(pk=changed).update(updated_at=timezone.now())
    Article.objects.filter(pk=stale)._raw_delete("default")
    differences = index_differences()
    assert (differences.missing, differences.stale, differences.changed) == ({missing}, {stale}, {changed})
    assert differences.summary() == "1 missing, 1 stale, 1 changed"
    assert not index_differences([same])
    assert articles_needing_index(ids=[missing, changed, same]) == {missing, changed}
    index_repair(differences=differences)
    assert not index_differences()


def test_documents_without_a_revision_are_counted_and_a_rebuild_fixes_them(indexed):
    backend = connections["default"].get_backend()
    with backend.index.refresh().writer() as writer:  # as written before revisions existed
        writer.update_document(
            id="archive.article.999", django_ct="archive.article", django_id="999", revision="old"
        )
    differences = index_differences()
    assert differences.unversioned == 1 and differences
    assert index_rebuild() == 4
    assert not index_differences()
