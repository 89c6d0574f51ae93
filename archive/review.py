"""The review queue's reads: suggested entities grouped by folded name, most mentioned first.

Four queries per page, however many suggestions there are: one grouped, paginated query
over the canonical names of suggested entities (the number of groups rides along on every row
as a window count, so the paginator needs no query of its own), then the page's entities,
their latest tags and those tags with their articles' text. A line is cut at the tag's stored
mention offsets (Tag.spans) when it has them, found by name in the body otherwise.

The grouped query is written in SQL (plain SQL that SQLite and PostgreSQL both run): it joins
the names to per-entity counts grouped once off the tag index, which the ORM cannot express,
and that is about twice as fast as counting distinct articles per name over the joined tags.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, OuterRef, Subquery

from archive.kwic import KwicLine, kwic_lines, lines_at
from archive.models import Article, Entity, EntityAlias, EntityKind, Tag

PER_PAGE = 50
LINES_PER_GROUP = 3


@dataclass
class QuotedLine:
    line: KwicLine
    article: Article

    @property
    def language(self) -> str:
        return self.article.language


@dataclass
class SuggestionGroup:
    key: str  # the folded name
    name: str
    articles: int
    kind: str
    entities: list[Entity] = field(default_factory=list)
    lines: list[QuotedLine] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return EntityKind(self.kind).label if self.kind in EntityKind.values else self.kind


def _canonical_names():
    """The name each suggested entity goes by (its canonical name's alias)."""
    return EntityAlias.objects.filter(
        entity__state=Entity.State.SUGGESTED, entity__merged_into__isnull=True, name=F("entity__name")
    )


_NAMES = (
    "FROM {alias} {a} JOIN {entity} {e} ON {a}.entity_id = {e}.id {join} "
    "WHERE {e}.state = %(suggested)s AND {e}.merged_into_id IS NULL AND {a}.name = {e}.name"
)
# Each entity's articles counted once, straight off the tag index (a tag per article and
# entity, so COUNT(*) is the number of articles); a folded name with one entity (nearly all)
# takes that count, one shared by several entities counts their articles without repeats.
_GROUPS = (
    "SELECT a.normalized, MIN(a.name), MIN(e.kind), CASE WHEN COUNT(*) = 1 THEN COALESCE(SUM(n.articles), 0) "
    "ELSE (SELECT COUNT(DISTINCT t2.article_id) {shared} AND a2.normalized = a.normalized) END, "
    "COUNT(*) OVER () {names} GROUP BY a.normalized ORDER BY 4 DESC, 1 ASC LIMIT %(limit)s OFFSET %(offset)s"
)
_COUNTS = (
    "LEFT JOIN (SELECT entity_id, COUNT(*) AS articles FROM {tag} "
    "WHERE state <> %(rejected)s AND entity_id IN "
    "(SELECT id FROM {entity} WHERE state = %(suggested)s AND merged_into_id IS NULL) GROUP BY entity_id) n "
    "ON n.entity_id = e.id"
)


def _groups_sql() -> str:
    tables = {"alias": EntityAlias._meta.db_table, "entity": Entity._meta.db_table, "tag": Tag._meta.db_table}
    shared_tags = "JOIN {tag} t2 ON t2.entity_id = e2.id AND t2.state <> %(rejected)s".format(**tables)
    return _GROUPS.format(
        shared=_NAMES.format(a="a2", e="e2", join=shared_tags, **tables),
        names=_NAMES.format(a="a", e="e", join=_COUNTS.format(**tables), **tables),
    )


def suggestion_groups(*, offset: int = 0, limit: int = PER_PAGE) -> list[dict]:
    """Rows of folded names, most mentioned first: the name, its kind guess, how many articles
    mention it (rejected tags aside) and how many folded names there are in all."""
    params = {"suggested": Entity.State.SUGGESTED.value, "rejected": Tag.State.REJECTED.value,
              "limit": limit, "offset": offset}
    with connection.cursor() as cursor:
        cursor.execute(_groups_sql(), params)
        return [{"normalized": key, "name": name, "kind": kind, "articles": int(articles), "total": total}
                for key, name, kind, articles, total in cursor.fetchall()]


def suggestion_entities(keys) -> dict[str, list[Entity]]:
    """The suggested entities with these folded names, by name."""
    # Looked up by folded name alone, so SQLite reads the name index rather than every
    # suggested entity; the few aliases of other entities with these names are dropped here.
    grouped = defaultdict(list)
    aliases = EntityAlias.objects.filter(normalized__in=list(keys)).select_related("entity")
    for alias in sorted(aliases, key=lambda alias: alias.entity_id):
        entity = alias.entity
        suggested = entity.state == Entity.State.SUGGESTED and entity.merged_into_id is None
        if suggested and alias.name == entity.name:
            grouped[alias.normalized].append(entity)
    return dict(grouped)


def _latest_tags():
    """Subqueries for an entity's latest few tags, read off the tag index in article order."""
    tags = Tag.objects.filter(entity=OuterRef("pk")).exclude(state=Tag.State.REJECTED).order_by("-article_id")
    return {f"tag_{n}": Subquery(tags.values("pk")[n:n + 1]) for n in range(LINES_PER_GROUP)}


def _line(tag: Tag, name: str) -> list[KwicLine]:
    body = tag.article.body
    # Offsets are JSON: anything but a pair of whole numbers is skipped, not an error on the page.
    spans = [tuple(span) for span in tag.spans or []
             if isinstance(span, list) and len(span) == 2 and all(type(n) is int for n in span)]
    return lines_at(body, spans, limit=1) or kwic_lines(body, name, limit=1)


def _quoted(groups: list[SuggestionGroup]) -> None:
    entity_group = {entity.pk: group for group in groups for entity in group.entities}
    latest = _latest_tags()
    rows = sorted(Entity.objects.filter(pk__in=entity_group).annotate(**latest).values_list("pk", *latest))
    tags = Tag.objects.select_related("article").only(
        "id", "article_id", "spans", "article__id", "article__body", "article__language", "article__title"
    ).in_bulk({pk for _entity, *tag_ids in rows for pk in tag_ids if pk is not None})
    wanted: dict[int, list[Tag]] = defaultdict(list)
    for entity_id, *tag_ids in rows:
        chosen = wanted[id(entity_group[entity_id])]
        for tag in (tags[pk] for pk in tag_ids if pk is not None):
            if len(chosen) < LINES_PER_GROUP and tag.article_id not in {t.article_id for t in chosen}:
                chosen.append(tag)
    for group in groups:
        for tag in wanted.get(id(group), []):
            group.lines.extend(QuotedLine(line, tag.article) for line in _line(tag, group.name))


class _Groups:
    """One page of groups for a Paginator, fetched with the number of groups in the same query.

    Only a page past the end costs a second query (counting the groups, to show the last page).
    """

    def __init__(self, number, per_page: int):
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        self.offset = (number - 1) * per_page
        self.rows = suggestion_groups(offset=self.offset, limit=per_page)
        self.total = self.rows[0]["total"] if self.rows else None

    def count(self) -> int:
        if self.total is None:
            self.total = _canonical_names().values("normalized").distinct().count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice):
        if index.start == self.offset and self.rows:
            return self.rows[: index.stop - index.start]
        return suggestion_groups(offset=index.start, limit=index.stop - index.start)


def suggestion_page(number, *, per_page: int = PER_PAGE):
    """A page of groups, each with its entities and a few lines where it occurs."""
    page = Paginator(_Groups(number, per_page), per_page).get_page(number)
    groups = [SuggestionGroup(key=row["normalized"], name=row["name"], articles=row["articles"],
                              kind=row["kind"]) for row in page.object_list]
    entities = suggestion_entities(group.key for group in groups)
    for group in groups:
        group.entities = entities.get(group.key, [])
    _quoted(groups)
    page.object_list = groups
    return page
