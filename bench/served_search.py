"""The known-item queries answered by the project's own haystack backend, as /search/ serves them.

The other rows of bench/known_item.py compare analyzers under one neutral parser; this row
measures the real thing: ArchiveWhooshSearchBackend.search (all words required, falling back
to any word when nothing has them all; field weights from search/query.py), over an index
whose schema comes from search/search_indexes.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def _backend(data_dir: Path):
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from haystack import connections

    connections.connections_info["default"]["PATH"] = str(data_dir / "whoosh_index")
    backend = connections.reload("default").get_backend()
    backend.setup()
    return backend


def run_served(articles: Sequence, known_items: Sequence, *, top: int = 10, rankings: list | None = None):
    """(MRR@top, success@top, index seconds, query seconds) through the served backend.

    `rankings`, when given, receives each query's ranked article ids (to print what ranks
    above the targets)."""
    data_dir = Path(tempfile.mkdtemp(prefix="known-item-served-"))
    try:
        backend = _backend(data_dir)
        started = time.perf_counter()
        writer = backend.index.writer(limitmb=512)
        number_of = {}
        article_of = {}
        for number, article in enumerate(articles, start=1):
            number_of[article.id] = str(number)
            article_of[str(number)] = article.id
            writer.add_document(
                id=f"archive.article.{number}",
                django_ct="archive.article",
                django_id=str(number),
                text=article.body,
                title=article.title,
                exact_title=article.title,
                exact=article.body,
                language="ar",
            )
        writer.commit()
        backend.index = backend.index.refresh()
        indexed = time.perf_counter()
        reciprocal_ranks, found = 0.0, 0
        for item in known_items:
            outcome = backend.search(item.query, end_offset=top, entities=False)
            ranked = [result.pk for result in outcome["results"]]
            if rankings is not None:
                rankings.append([article_of[pk] for pk in ranked])
            target = number_of[item.target]
            if target in ranked:
                reciprocal_ranks += 1.0 / (ranked.index(target) + 1)
                found += 1
        queried = time.perf_counter()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    count = len(known_items)
    return reciprocal_ranks / count, found / count, indexed - started, queried - indexed
