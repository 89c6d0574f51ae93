"""Searching the archive: one read used by the search page, the API and the terminal."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from haystack import connections

from archive.models import Article, Entity, Language, Source

FACETS = ("language", "source", "entity", "year")
SORT_FIELDS = {"newest": ["-published"], "oldest": ["published"]}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    language: str = ""
    source: str = ""
    entity: int | None = None
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    exact: bool = False
    entities: bool = True
    page: int = 1
    per_page: int = 20


@dataclass
class SearchHit:
    article: Article
    snippet: str
    score: float
    via_entity: bool


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    language: str = ""


@dataclass
class SearchPage:
    params: SearchParams
    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0
    page: int = 1
    num_pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    relaxed: bool = False


def _filters(params: SearchParams):
    from search.backends import SearchFilters

    return SearchFilters(
        language=params.language,
        source=params.source,
        entity=str(params.entity) if params.entity else "",
        year=str(params.year) if params.year else "",
        date_from=params.date_from,
        date_to=params.date_to,
    )


def _label_facets(raw: dict[str, list[tuple]]) -> dict[str, list[FacetValue]]:
    raw = {name: [(v, n) for v, n in values if v not in (None, "")] for name, values in raw.items()}
    languages = dict(Language.choices)
    sources = {
        source.slug: source
        for source in Source.objects.filter(slug__in=[v for v, _ in raw.get("source", [])])
    }
    entities = Entity.objects.in_bulk([int(v) for v, _ in raw.get("entity", []) if v.isdigit()])
    labelled: dict[str, list[FacetValue]] = {}
    for name, values in raw.items():
        items = []
        for value, count in values:
            if name == "language":
                items.append(FacetValue(value, str(languages.get(value, value)), count))
            elif name == "source":
                source = sources.get(value)
                items.append(FacetValue(value, source.name if source else value, count))
            elif name == "entity":
                entity = entities.get(int(value)) if value.isdigit() else None
                if entity is not None:
                    items.append(FacetValue(value, entity.name, count))
            else:
                items.append(FacetValue(value, value, count))
        if name == "year":
            items.sort(key=lambda item: item.value, reverse=True)
        labelled[name] = items[:20]
    return labelled


def article_search(*, params: SearchParams) -> SearchPage:
    outcome = SearchPage(params=params, page=params.page)
    if not params.q.strip():
        return outcome
    backend = connections["default"].get_backend()
    start = (params.page - 1) * params.per_page
    raw = backend.search(
        params.q,
        sort_by=SORT_FIELDS.get(params.sort),
        start_offset=start,
        end_offset=start + params.per_page,
        highlight=True,
        facets=FACETS,
        filters=_filters(params),
        exact=params.exact,
        entities=params.entities,
    )
    outcome.count = raw["hits"]
    outcome.num_pages = math.ceil(outcome.count / params.per_page) if outcome.count else 0
    outcome.suggestion = raw.get("spelling_suggestion")
    outcome.relaxed = raw.get("relaxed", False)
    outcome.facets = _label_facets(raw.get("facets", {}).get("fields", {}))
    results = raw["results"]
    articles = (
        Article.objects.select_related("source")
        .defer("raw_text", "body")  # a hit shows its snippet, from the index
        .in_bulk([int(result.pk) for result in results])
    )
    for result in results:
        article = articles.get(int(result.pk))
        if article is None:  # deleted since it was indexed; check_index repairs this
            continue
        highlighted = getattr(result, "highlighted", None) or {}
        outcome.hits.append(
            SearchHit(
                article=article,
                snippet=(highlighted.get("text") or [""])[0],
                score=result.score,
                via_entity=getattr(result, "via_entity", False),
            )
        )
    return outcome


def article_more_like_this(*, article: Article, limit: int = 5) -> list[Article]:
    """Articles whose wording is closest to this one's, by the search backend."""
    backend = connections["default"].get_backend()
    try:
        raw = backend.more_like_this(article, end_offset=limit)
    except NotImplementedError:
        return []
    ids = [int(result.pk) for result in raw["results"]]
    found = Article.objects.select_related("source").defer("raw_text", "body").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
