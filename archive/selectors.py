"""Reads from the archive, shared by the pages, the API and the commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from archive.models import Article, Entity, Language, Source, Tag


@dataclass(frozen=True)
class ArticleFilters:
    language: str = ""
    source: str = ""  # a source slug
    entity: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def article_list(*, filters: ArticleFilters | None = None) -> QuerySet[Article]:
    filters = filters or ArticleFilters()
    articles = Article.objects.select_related("source")
    if filters.language:
        articles = articles.filter(language=filters.language)
    if filters.source:
        articles = articles.filter(source__slug=filters.source)
    if filters.entity is not None:
        articles = articles.filter(
            tags__entity_id=filters.entity, tags__state=Tag.State.CONFIRMED
        )
    if filters.date_from:
        articles = articles.filter(published__gte=filters.date_from)
    if filters.date_to:
        articles = articles.filter(published__lte=filters.date_to)
    return articles.defer("raw_text")


def article_latest(*, limit: int = 10) -> list[Article]:
    return list(article_list()[:limit])


def source_list_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(article_count=Count("articles")).order_by("-article_count", "name")


def language_counts() -> dict[str, int]:
    rows = Article.objects.values("language").annotate(n=Count("id"))
    labels = dict(Language.choices)
    return {labels.get(row["language"], row["language"]): row["n"] for row in rows}


def entity_top(*, limit: int = 15) -> QuerySet[Entity]:
    return (
        Entity.objects.filter(merged_into__isnull=True)
        .annotate(
            article_count=Count("tags", filter=Q(tags__state=Tag.State.CONFIRMED), distinct=True)
        )
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def article_entities(*, article: Article) -> list[Entity]:
    return [
        tag.entity
        for tag in article.tags.filter(state=Tag.State.CONFIRMED).select_related("entity")
    ]
