"""Signals only keep the index in sync with the database (saves, deletes, tag changes).

Each handler names the articles concerned to search.indexing once the transaction commits:
written at once, or at the end of the enclosing bulk_indexing() block. A save never waits on
another job's index lock (an import's): its update is queued for the next writer instead.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import signals
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor

from archive.models import Article, EntityAlias, Tag
from archive.signals import tags_bulk_changed
from search.indexing import article_index_soon, article_unindex_soon


def article_changed(*, ids) -> None:
    try:
        article_index_soon(ids=ids)
    except NotHandled:
        # A unified index without articles (a test's own index): nothing to keep in sync.
        pass


def _on_article_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: article_changed(ids=[instance.pk]))


def _on_article_deleted(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: article_unindex_soon(ids=[pk]))


def _on_tag_changed(sender, instance, **kwargs):
    article_id = instance.article_id
    transaction.on_commit(lambda: article_changed(ids=[article_id]))


def _on_alias_changed(sender, instance, **kwargs):
    # An alias is searchable text of every article tagged with its entity.
    ids = list(
        Tag.objects.filter(entity_id=instance.entity_id).values_list("article_id", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: article_changed(ids=ids))


def _on_tags_bulk_changed(sender, article_ids, **kwargs):
    # Automatic tagging writes in bulk (no post_save) and names the articles it changed.
    ids = list(article_ids)
    transaction.on_commit(lambda: article_changed(ids=ids))


class ArchiveSignalProcessor(BaseSignalProcessor):
    handlers = [
        (signals.post_save, Article, _on_article_saved),
        (signals.post_delete, Article, _on_article_deleted),
        (signals.post_save, Tag, _on_tag_changed),
        (signals.post_delete, Tag, _on_tag_changed),
        (signals.post_save, EntityAlias, _on_alias_changed),
        (signals.post_delete, EntityAlias, _on_alias_changed),
        (tags_bulk_changed, Tag, _on_tags_bulk_changed),
    ]

    def setup(self):
        for signal, model, handler in self.handlers:
            signal.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}")

    def teardown(self):
        for signal, model, handler in self.handlers:
            signal.disconnect(handler, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}")
