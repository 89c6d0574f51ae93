"""The search app's one table: index updates that could not be written when they were asked for."""

from django.db import models


class IndexQueue(models.Model):
    """An article whose document must be (re)written or removed: queued when an editor's save
    met the index locked by another job (an import), written by the next writer."""

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
