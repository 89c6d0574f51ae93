"""The review queue's reads: suggested entities grouped by folded name, most mentioned first.

A constant number of queries per page, however many suggestions there are: one grouped,
paginated query (and its count) over the canonical names of suggested entities, then the
page's entities, the tags to quote and those articles' text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Min, OuterRef, Q, Subquery

from archive.kwic import KwicLine, kwic_lines
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


def suggestion_groups():
    """One row per folded name: the name, its kind guess and how many articles mention it."""
    return (
        _canonical_names()
        .values("normalized")
        .annotate(
            name=Min("name"),
            kind=Min("entity__kind"),
            articles=Count(
                "entity__tags__article", filter=~Q(entity__tags__state=Tag.State.REJECTED), distinct=True
            ),
        )
        .order_by("-articles", "normalized")
    )


def suggestion_entities(keys) -> dict[str, list[Entity]]:
    """The suggested entities with these folded names, by name."""
    grouped = defaultdict(list)
    aliases = _canonical_names().filter(normalized__in=list(keys)).select_related("entity")
    for alias in aliases.order_by("entity_id"):
        grouped[alias.normalized].append(alias.entity)
    return dict(grouped)


def _latest_articles():
    """Subqueries for an entity's latest few tagged articles, read off the tag index in order."""
    tags = Tag.objects.filter(entity=OuterRef("pk")).exclude(state=Tag.State.REJECTED).order_by("-article_id")
    return {f"article_{n}": Subquery(tags.values("article_id")[n:n + 1]) for n in range(LINES_PER_GROUP)}


def _quoted(groups: list[SuggestionGroup]) -> None:
    entity_group = {entity.pk: group for group in groups for entity in group.entities}
    latest = _latest_articles()
    rows = Entity.objects.filter(pk__in=entity_group).annotate(**latest).values_list("pk", *latest)
    wanted: dict[int, list[int]] = defaultdict(list)
    for entity_id, *article_ids in sorted(rows):
        chosen = wanted[id(entity_group[entity_id])]
        for article_id in article_ids:
            if article_id is not None and len(chosen) < LINES_PER_GROUP and article_id not in chosen:
                chosen.append(article_id)
    articles = Article.objects.only("id", "body", "language", "title").in_bulk(
        {pk for ids in wanted.values() for pk in ids}
    )
    for group in groups:
        for article_id in wanted.get(id(group), []):
            article = articles[article_id]
            for line in kwic_lines(article.body, group.name, limit=1):
                group.lines.append(QuotedLine(line, article))


class _Groups:
    """The groups for a Paginator: counted without the tags (the count needs no article counts)."""

    def __init__(self):
        self.query = suggestion_groups()

    def count(self) -> int:
        return _canonical_names().values("normalized").distinct().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.query[index]


def suggestion_page(number, *, per_page: int = PER_PAGE):
    """A page of groups, each with its entities and a few lines where it occurs."""
    page = Paginator(_Groups(), per_page).get_page(number)
    groups = [SuggestionGroup(key=row["normalized"], name=row["name"], articles=row["articles"],
                              kind=row["kind"]) for row in page.object_list]
    entities = suggestion_entities(group.key for group in groups)
    for group in groups:
        group.entities = entities.get(group.key, [])
    _quoted(groups)
    page.object_list = groups
    return page
