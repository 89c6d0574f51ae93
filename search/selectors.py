"""Searching the archive: one read used by the search page, the API and the terminal.

`article_search` pages the backend's hits with Django's Paginator (`SearchResults` is the
sequence it pages: its length is the number of matches, a slice is one backend search) and
labels the facets through the registry in search.facets. When the backend offers a spelling
correction that finds clearly more, the corrected query's results are shown at once and the
query as typed stays one click away (`SearchParams.original` forces it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.paginator import Page, Paginator
from haystack import connections

from archive.models import Article
from search.facets import FACET_FIELDS, FacetValue, labelled_facets
from search.query import SearchFilters

SORT_FIELDS = {"newest": ["-published"], "oldest": ["published"]}
# The corrected query is run instead of the typed one when it finds this many times more
# articles with all their words (or some where the typed query found none).
CLEARLY_MORE = 5
# The histogram's counts: the matches by (year, language), counted with the page's facets.
YEAR_LANGUAGE = ("year", "language")


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
    original: bool = False  # search the query as typed, never its spelling correction
    page: int = 1
    per_page: int = 20

    def filters(self) -> SearchFilters:
        return SearchFilters(
            language=self.language,
            source=self.source,
            entity=str(self.entity) if self.entity else "",
            year=str(self.year) if self.year else "",
            date_from=self.date_from,
            date_to=self.date_to,
        )


@dataclass
class SearchHit:
    article: Article
    snippet: str
    score: float
    via_entity: bool


class SearchResults:
    """A search's hits as a sequence for Django's Paginator: its length is the number of
    matches and a slice is the hits of that stretch. The page asked for is searched first
    (it also gives the count, facets and suggestion); another stretch, such as the last page
    when asked past the end, is one more search."""

    def __init__(self, params: SearchParams, facets: tuple = FACET_FIELDS):
        self.params = params
        self.facets = facets
        self._searched: dict[tuple[int, int], dict] = {}

    def _search(self, start: int) -> dict:
        end = start + self.params.per_page
        if (start, end) not in self._searched:
            self._searched[start, end] = (
                connections["default"]
                .get_backend()
                .search(
                    self.params.q,
                    sort_by=SORT_FIELDS.get(self.params.sort),
                    start_offset=start,
                    end_offset=end,
                    highlight=True,
                    facets=self.facets,
                    filters=self.params.filters(),
                    exact=self.params.exact,
                    entities=self.params.entities,
                )
            )
        return self._searched[start, end]

    @property
    def first(self) -> dict:
        """The backend's answer for the page asked for."""
        if not self.params.q.strip():
            return {}
        return self._search((self.params.page - 1) * self.params.per_page)

    def __len__(self) -> int:
        return self.first.get("hits", 0)

    def __getitem__(self, window: slice) -> list[SearchHit]:
        start, stop = window.start or 0, window.stop
        for (searched_start, searched_end), raw in self._searched.items():
            if searched_start <= start and stop <= searched_end:
                return self._hits(raw["results"][start - searched_start : stop - searched_start])
        return self._hits(self._search(start)["results"][: stop - start])

    @staticmethod
    def _hits(results) -> list[SearchHit]:
        articles = (
            Article.objects.select_related("source")
            .defer("raw_text", "body")  # a hit shows its snippet, from the index
            .in_bulk([int(result.pk) for result in results])
        )
        hits = []
        for result in results:
            article = articles.get(int(result.pk))
            if article is None:  # deleted since it was indexed; check_index repairs this
                continue
            highlighted = getattr(result, "highlighted", None) or {}
            snippet = (highlighted.get("text") or [""])[0]
            hits.append(SearchHit(article, snippet, result.score, getattr(result, "via_entity", False)))
        return hits


@dataclass
class SearchPage:
    params: SearchParams
    page: Page  # of SearchHit; its paginator counts every match and has no pages when none
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None  # the corrected query, when the backend has one
    relaxed: bool = False
    corrected: bool = False  # the hits are the suggestion's, not the typed query's
    # {language: {year: matches}} of the hits shown, when asked for (the histogram)
    years_by_language: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def searched(self) -> str:
        """The query whose hits these are."""
        return self.suggestion if self.corrected else self.params.q

    @property
    def other_query(self) -> str | None:
        """The query offered instead: the typed one when corrected, else the suggestion."""
        return self.params.q if self.corrected else self.suggestion

    @property
    def hits(self) -> list[SearchHit]:
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count


def prefers_corrected(typed: dict, corrected: dict) -> bool:
    """Whether the corrected query's answer replaces the typed one's (backend answers)."""
    if not corrected.get("hits") or corrected.get("relaxed"):
        return False
    if not typed.get("hits") or typed.get("relaxed"):
        return True
    return corrected["hits"] >= CLEARLY_MORE * typed["hits"]


def _spelling_results(params: SearchParams, facets: tuple) -> tuple[SearchResults, str | None, bool]:
    """The results to show, the suggestion, and whether the results are the suggestion's."""
    results = SearchResults(params, facets)
    suggestion = results.first.get("spelling_suggestion")
    if suggestion and not params.original and suggestion != params.q:
        corrected = SearchResults(replace(params, q=suggestion), facets)
        if prefers_corrected(results.first, corrected.first):
            return corrected, suggestion, True
    return results, suggestion, False


def article_search(*, params: SearchParams, years_by_language: bool = False) -> SearchPage:
    """One page of hits; asked past the end, the last page rather than an empty one. With
    `years_by_language`, the same search also counts its matches by year and language (what
    the histogram draws): the counts are those of the hits shown, relaxed or corrected alike."""
    facets = FACET_FIELDS + (YEAR_LANGUAGE,) if years_by_language else FACET_FIELDS
    results, suggestion, corrected = _spelling_results(params, facets)
    paginator = Paginator(results, params.per_page, allow_empty_first_page=False)
    if paginator.count:
        page = paginator.page(max(1, min(params.page, paginator.num_pages)))
    else:
        page = Page([], params.page, paginator)
    raw = results.first
    counted = raw.get("facets", {}).get("fields", {})
    return SearchPage(
        params=replace(params, page=page.number),
        page=page,
        facets=labelled_facets(counted),
        suggestion=suggestion,
        relaxed=raw.get("relaxed", False),
        corrected=corrected,
        years_by_language=_by_language(counted.get(YEAR_LANGUAGE, [])),
    )


def _by_language(counts: list[tuple[tuple[str, str], int]]) -> dict[str, dict[str, int]]:
    by_language: dict[str, dict[str, int]] = {}
    for (year, language), count in counts:
        by_language.setdefault(language, {})[str(year)] = count
    return by_language


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


def article_search_all(*, params: SearchParams, chunk: int = 500):
    """Every hit of a search, in its order, read `chunk` at a time (no snippets, no facets):
    memory stays that of one chunk however many match. Yields SearchHit with an empty snippet."""
    if not params.q.strip():
        return
    backend = connections["default"].get_backend()
    start = 0
    while True:
        raw = backend.search(
            params.q, sort_by=SORT_FIELDS.get(params.sort), start_offset=start, end_offset=start + chunk,
            highlight=False, facets=(), filters=params.filters(), exact=params.exact,
            entities=params.entities,
        )  # fmt: skip
        results = raw.get("results", [])
        yield from SearchResults._hits(results)
        start += chunk
        if not results or start >= raw.get("hits", 0):
            return
