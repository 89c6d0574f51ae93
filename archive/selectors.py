"""Reads from the archive, shared by the pages, the API, the search index and the commands.

An article's entities are read here only: its confirmed tags' entities in tag order (most
mentioned first, then by name), never an entity an editor merged away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Greatest, TruncMonth

from archive.models import Article, Entity, EntityAlias, EntityKind, Language, Source, Tag
from archive.text.mentions import normalize_name
from search.text.script import has_arabic

# The article list's orders; undated articles come last in both date orders.
ARTICLE_ORDERS = {
    "newest": [F("published").desc(nulls_last=True), "-imported_at", "-id"],
    "oldest": [F("published").asc(nulls_last=True), "imported_at", "id"],
    "title": ["title", "id"],
}


@dataclass(frozen=True)
class ArticleFilters:
    language: str = ""
    source: str = ""  # a source slug
    entity: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "newest"  # a key of ARTICLE_ORDERS


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
    order = ARTICLE_ORDERS.get(filters.sort, ARTICLE_ORDERS["newest"])
    return articles.defer("raw_text").order_by(*order)


def article_latest(*, limit: int = 10) -> list[Article]:
    return list(article_list()[:limit])


def source_list_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(article_count=Count("articles")).order_by("-article_count", "name")


def language_counts() -> list[tuple[str, str, int]]:
    """(code, label, articles) per language, most articles first."""
    rows = Article.objects.values("language").annotate(n=Count("id")).order_by("-n", "language")
    labels = dict(Language.choices)
    return [(row["language"], labels.get(row["language"], row["language"]), row["n"]) for row in rows]


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


# Up to this many articles of one level are sorted by date in SQL (8 µs a row at 50k); a
# larger level (those sharing a country: 8,000-10,000) is met walking the date index instead,
# which costs at worst one pass over every id (25 ms) when the level's articles are all old.
_SORTED_IN_SQL_AT_MOST = 2000


def article_related(*, article: Article, limit: int = 6) -> list[Article]:
    """Articles in either language sharing most confirmed entities with this one (`shared`),
    newest first among equals. The shares are counted over the tags alone; only the articles of
    the one level that the limit cuts through are sorted by date: joining every article that
    shares a country (8,000 of 50,000) to sort them all cost 70-230 ms an article page."""
    entity_ids = Tag.objects.filter(article=article, state=Tag.State.CONFIRMED).values("entity_id")
    shares = (
        Tag.objects.filter(state=Tag.State.CONFIRMED, entity_id__in=entity_ids)
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("id"))
    )
    by_level: dict[int, list[int]] = {}
    for article_id, shared in shares.values_list("article_id", "shared"):
        by_level.setdefault(shared, []).append(article_id)
    articles = Article.objects.select_related("source").defer("raw_text", "body")
    newest_first = (F("published").desc(nulls_last=True), "-pk")
    related: list[Article] = []
    for level in sorted(by_level, reverse=True):
        wanted = limit - len(related)
        if wanted <= 0:
            break
        ids = by_level[level]
        if len(ids) > _SORTED_IN_SQL_AT_MOST:
            ids = _newest_among(set(ids), wanted, newest_first)
        for other in articles.filter(pk__in=ids).order_by(*newest_first)[:wanted]:
            other.shared = level
            related.append(other)
    return related


def _newest_among(ids: set[int], wanted: int, order) -> list[int]:
    """The `wanted` newest of many articles, by walking all articles newest first (the date
    index, ids only) until enough of them are met: a few hundred rows when the ids are a
    tenth of the archive, where sorting them all read and sorted every one of their rows."""
    found: list[int] = []
    for pk in Article.objects.order_by(*order).values_list("pk", flat=True).iterator(chunk_size=500):
        if pk in ids:
            found.append(pk)
            if len(found) == wanted:
                break
    return found


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


def entity_cooccurring(*, entity: Entity, limit: int = 10) -> list[Entity]:
    """The entities tagged most often on the same articles, with how many they share
    (`together`), ties by name. Counted over the tags alone and the entities read after: with
    the entities joined in, SQLite walked every entity (15 s for a country tagged on 8,000 of
    50,000 articles; 50 ms now)."""
    articles = Tag.objects.filter(entity=entity, state=Tag.State.CONFIRMED).values("article_id")
    counts = (
        Tag.objects.filter(state=Tag.State.CONFIRMED, article_id__in=articles)
        .exclude(entity_id=entity.pk)
        .values_list("entity_id")
        .annotate(together=Count("id"))
        .order_by("-together")
    )
    others: list[Entity] = []
    for chunk in _chunks(list(counts), limit * 4):
        found = Entity.objects.filter(pk__in=[entity_id for entity_id, _ in chunk], merged_into__isnull=True)
        together = dict(chunk)
        for other in found:
            other.together = together[other.pk]
            others.append(other)
        # Past the limit, only ties with the last one kept could still change the list.
        if len(others) >= limit and chunk[-1][1] < sorted(o.together for o in others)[-limit]:
            break
    others.sort(key=lambda other: (-other.together, other.name))
    return others[:limit]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def entity_revision(*, entity: Entity) -> str:
    """A key that changes whenever anything an entity's chart or page shows may have: its
    names, its tags (their state and count) and its articles (their dates)."""
    tags = Tag.objects.filter(entity=entity).aggregate(
        count=Count("id"),
        confirmed=Count("id", filter=Q(state=Tag.State.CONFIRMED)),
        tagged=Max("updated_at"),
        articles=Max("article__updated_at"),
    )
    aliases = list(entity.aliases.order_by("pk").values_list("pk", "name", "language"))
    key = repr((entity.pk, entity.name, entity.kind, entity.merged_into_id, sorted(tags.items()), aliases))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# -- names in the reader's language ---------------------------------------------------------


def _name_language(name: str) -> str:
    return Language.ARABIC if has_arabic(name) else Language.ENGLISH


def _best_name(entity: Entity, aliases: list[EntityAlias], language: str) -> str:
    """The entity's name in `language`: its canonical name when written in it, else the
    first alias given in it (the gazetteer lists the usual spelling first), else ""."""
    if _name_language(entity.name) == language:
        return entity.name
    for alias in sorted(aliases, key=lambda alias: alias.pk):
        if alias.language == language:
            return alias.name
    return ""


def entity_reader_names(entities: Iterable[Entity], *, language: str) -> list[Entity]:
    """The entities with `reader_name` (in the reader's interface language when it has one,
    else its canonical name), `reader_language`, and `other_name`/`other_language` (its name
    in the other language, "" when none or the same); aliases are read in one query."""
    entities = list(entities)
    missing = [
        entity for entity in entities if "aliases" not in getattr(entity, "_prefetched_objects_cache", {})
    ]
    if missing:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(missing, Prefetch("aliases", queryset=EntityAlias.objects.order_by("pk")))
    other_language = Language.ENGLISH if language == Language.ARABIC else Language.ARABIC
    for entity in entities:
        aliases = list(entity.aliases.all())
        wanted = _best_name(entity, aliases, language)
        entity.reader_name = wanted or entity.name
        entity.reader_language = language if wanted else _name_language(entity.name)
        other = _best_name(entity, aliases, other_language)
        entity.other_name = other if other and other != entity.reader_name else ""
        entity.other_language = other_language
    return entities


def entity_reader_name(entity: Entity, *, language: str) -> Entity:
    return entity_reader_names([entity], language=language)[0]


# -- index pages ------------------------------------------------------------------------------


def entity_index(*, kind: str = "", query: str = "") -> QuerySet[Entity]:
    """Live entities with confirmed articles, most tagged first, narrowed to a kind and to
    names starting with the query (any word of a name, in either language) folded as
    search and tagging fold it: "الأردن" finds "الاردن", "syria" finds "Syria"."""
    entities = Entity.objects.filter(merged_into__isnull=True).exclude(state=Entity.State.REJECTED)
    if kind in EntityKind.values:
        entities = entities.filter(kind=kind)
    folded = normalize_name(query)
    if folded:
        # A range on the indexed normalised form finds names starting with the query;
        # the contains finds a later word of a name ("assad" in "bashar al assad").
        named = EntityAlias.objects.filter(
            Q(normalized__gte=folded, normalized__lt=folded + "\U0010ffff")
            | Q(normalized__contains=" " + folded)
        ).values("entity_id")
        entities = entities.filter(pk__in=named)
    return (
        entities.annotate(
            article_count=Count("tags", filter=Q(tags__state=Tag.State.CONFIRMED), distinct=True)
        )
        .filter(article_count__gt=0)
        .order_by("-article_count", "name", "pk")
    )


def entity_kind_counts() -> dict[str, int]:
    """{kind: live entities of that kind with confirmed articles}."""
    rows = (
        Entity.objects.filter(merged_into__isnull=True, tags__state=Tag.State.CONFIRMED)
        .exclude(state=Entity.State.REJECTED)
        .values("kind")
        .annotate(n=Count("id", distinct=True))
    )
    return {row["kind"]: row["n"] for row in rows}


def source_index() -> QuerySet[Source]:
    """Every source with its article count, languages' counts and first and last dates."""
    return Source.objects.annotate(
        article_count=Count("articles"),
        arabic_count=Count("articles", filter=Q(articles__language=Language.ARABIC)),
        english_count=Count("articles", filter=Q(articles__language=Language.ENGLISH)),
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
        undated_count=Count("articles", filter=Q(articles__published__isnull=True)),
    ).order_by("-article_count", "name")
