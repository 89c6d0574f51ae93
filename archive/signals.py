"""Signals the archive sends for writes that Django sends none for (bulk writes)."""

from django.dispatch import Signal

# Sent with article_ids=[...] after tags (or the names of tagged entities) changed in bulk,
# so the search index can follow; bulk_create and bulk_update send no post_save.
tags_bulk_changed = Signal()
