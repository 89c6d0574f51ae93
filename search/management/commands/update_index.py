"""haystack's update_index (and so rebuild_index, which calls it) through the bulk path.

haystack feeds the backend one `--batch-size` chunk at a time, each its own writer and
commit, and reads each chunk with the index's prefetches: slower than an import's index
phase and, on SQLite, over the expression limit once the chunk's articles share many
entities. Articles go through ``search.indexing.article_index`` instead: one job, read 500
at a time, written by the writer processes when it is big. Every option of haystack's
command is kept; `--batch-size` and `--workers` do not apply to articles (the writer
processes are `SEARCH_WRITER_PROCS`).
"""

from __future__ import annotations

from haystack import connections
from haystack.management.commands.update_index import Command as HaystackUpdateIndex
from haystack.utils.app_loading import haystack_get_models

from archive.models import Article
from search.consistency import index_differences
from search.indexing import article_index, article_unindex


class Command(HaystackUpdateIndex):
    def update_backend(self, label, using):
        if using != "default" or Article not in haystack_get_models(label):
            return super().update_backend(label, using)
        index = connections[using].get_unified_index().get_index(Article)
        articles = index.build_queryset(using=using, start_date=self.start_date, end_date=self.end_date)
        ids = list(articles.order_by().values_list("pk", flat=True))
        if self.verbosity >= 1:
            self.stdout.write(f"Indexing {len(ids)} articles")
        article_index(ids=ids)
        if self.remove:
            stale = index_differences().stale
            if self.verbosity >= 1:
                self.stdout.write(f"Removing {len(stale)} documents of deleted articles")
            article_unindex(ids=stale)
