"""A search's whole result set as CSV (UTF-8 with a BOM, so Excel reads both scripts) or
JSON Lines, produced row by row for a StreamingHttpResponse: memory stays that of one chunk
of hits (search.selectors.article_search_all) however many match."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from archive.models import Article

COLUMNS = ("id", "title", "language", "source", "published", "author", "section", "url", "origin", "link",
           "via_entity")  # fmt: skip
BOM = "\ufeff"


def article_row(article: Article, *, link: str, via_entity: bool) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "language": article.language,
        "source": article.source.name if article.source else "",
        "published": article.published.isoformat() if article.published else "",
        "author": article.author,
        "section": article.section,
        "url": article.url,
        "origin": article.origin,
        "link": link,
        "via_entity": via_entity,
    }


class _Line:
    """A file-like object that hands back what csv.writer writes, one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(hits: Iterable, *, link: Callable[[Article], str]) -> Iterator[str]:
    writer = csv.DictWriter(_Line(), fieldnames=COLUMNS)
    yield BOM + writer.writeheader()
    for hit in hits:
        yield writer.writerow(article_row(hit.article, link=link(hit.article), via_entity=hit.via_entity))


def jsonl_lines(hits: Iterable, *, link: Callable[[Article], str]) -> Iterator[str]:
    for hit in hits:
        row = article_row(hit.article, link=link(hit.article), via_entity=hit.via_entity)
        row["published"] = row["published"] or None
        yield json.dumps(row, ensure_ascii=False) + "\n"
