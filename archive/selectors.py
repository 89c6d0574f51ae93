"""Reads from the archive, shared by the pages, the API, the search index and the commands.

An article's entities are read here only: its confirmed tags' entities in tag order (most
mentioned first, then by name), never an entity an editor merged away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Greatest, TruncMonth

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


def _shows_entity(tag: Tag) -> bool:
    # Merged entities are left out here rather than in SQL: on that condition SQLite starts
    # from the entity table and took 40 ms instead of 3 for a page of results.
    return tag.state == Tag.State.CONFIRMED and tag.entity.merged_into_id is None


def _confirmed_live_entities(tags: Iterable[Tag]) -> list[Entity]:
    return [tag.entity for tag in tags if _shows_entity(tag)]


def article_confirmed_entities(*, article: Article) -> list[Entity]:
    """The entities the article is about, in one query."""
    return _confirmed_live_entities(article.tags.filter(state=Tag.State.CONFIRMED).select_related("entity"))


def article_confirmed_entities_prefetched(*, article: Article) -> list[Entity]:
    """The same for an article fetched with prefetch_related("tags__entity"): no query."""
    return _confirmed_live_entities(article.tags.all())


def article_public_tags(*, article: Article) -> list[Tag]:
    """The article's confirmed and suggested tags (never rejected ones, nor merged-away
    entities) with their entities and aliases, in tag order: two queries."""
    tags = (
        article.tags.exclude(state=Tag.State.REJECTED)
        .select_related("entity")
        .prefetch_related("entity__aliases")
    )
    return [tag for tag in tags if tag.entity.merged_into_id is None]


def articles_confirmed_entities(*, ids: Iterable[int]) -> dict[int, list[Entity]]:
    """{article id: its confirmed entities} for many articles in one query; an article
    without any is missing from the result."""
    tags = Tag.objects.filter(article_id__in=list(ids), state=Tag.State.CONFIRMED).select_related("entity")
    entities: dict[int, list[Entity]] = {}
    for tag in tags:
        if _shows_entity(tag):
            entities.setdefault(tag.article_id, []).append(tag.entity)
    return entities


def article_related(*, article: Article, limit: int = 6) -> list[Article]:
    """Articles in either language sharing most confirmed entities with this one."""
    entity_ids = Tag.objects.filter(article=article, state=Tag.State.CONFIRMED).values("entity_id")
    return list(
        Article.objects.filter(tags__entity_id__in=entity_ids, tags__state=Tag.State.CONFIRMED)
        .exclude(pk=article.pk)
        .annotate(shared=Count("tags", distinct=True))
        .select_related("source")
        .defer("raw_text", "body")
        .order_by("-shared", "-published", "-pk")[:limit]
    )


def entity_aliases(*, entity: Entity) -> QuerySet:
    return entity.aliases.order_by("language", "name")


def entity_language_counts(*, entity: Entity) -> dict[str, int]:
    """How many articles in each language the entity is tagged on: {"ar": 2, "en": 3}."""
    rows = (
        Tag.objects.filter(entity=entity, state=Tag.State.CONFIRMED)
        .values("article__language")
        .annotate(n=Count("article_id"))
    )
    return {row["article__language"]: row["n"] for row in rows}


def entity_cooccurring(*, entity: Entity, limit: int = 10) -> QuerySet[Entity]:
    """The entities tagged most often on the same articles, with how many they share."""
    articles = Tag.objects.filter(entity=entity, state=Tag.State.CONFIRMED).values("article_id")
    return (
        Entity.objects.filter(
            merged_into__isnull=True, tags__state=Tag.State.CONFIRMED, tags__article_id__in=articles
        )
        .exclude(pk=entity.pk)
        .annotate(together=Count("tags", distinct=True))
        .order_by("-together", "name")[:limit]
    )


def entity_mentions_by_month(*, entity: Entity) -> dict[str, dict[date, int]]:
    """Mentions per language and month of publication; a tag an editor added counts once."""
    rows = (
        Tag.objects.filter(entity=entity, state=Tag.State.CONFIRMED, article__published__isnull=False)
        .annotate(month=TruncMonth("article__published"))
        .values("article__language", "month")
        .annotate(mentions=Sum(Greatest("mentions", 1)))
    )
    counts: dict[str, dict[date, int]] = {}
    for row in rows:
        counts.setdefault(row["article__language"], {})[row["month"]] = row["mentions"]
    return counts


def entity_undated_articles(*, entity: Entity) -> int:
    return Tag.objects.filter(
        entity=entity, state=Tag.State.CONFIRMED, article__published__isnull=True
    ).count()
