"""What a search asks for, in terms every engine shares.

The fields a query searches and at what weight, the filters beside it (`SearchFilters`),
the empty answer, and a haystack query class mixin that hands a `SearchQuerySet`'s text to
the project's own parser (search.text.query_syntax) so it searches as the search page does.
The Whoosh backend (search.backends) and the Elasticsearch one (search.elasticsearch) both
build on this module; it imports neither engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from haystack.exceptions import SearchBackendError
from haystack.inputs import BaseInput

from search.facets import FACETS
from search.text.query_syntax import UserQuery, parse_user_query

# Which fields a query searches, at what weight (on top of the title's index-time boost).
# The exact title adds a little for articles spelled like the query; weighting exact forms
# higher, or adding the exact body, lowered MRR@10 on the known-item set (bench/README.md)
# because a searcher's spelling often differs from the article's.
STEMMED_FIELDS = {"title": 1.0, "text": 1.0, "exact_title": 0.5}
EXACT_FIELDS = {"exact_title": 1.0, "exact": 1.0}
ENTITY_FIELD = ("entity_names", 0.7)
# The field names haystack gives the whole document's text in a SearchQuerySet filter.
CONTENT_FIELDS = ("content", "text")


@dataclass(frozen=True)
class SearchFilters:
    language: str = ""
    source: str = ""
    entity: str = ""
    year: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def facet_terms(self) -> list[tuple[str, str]]:
        """(index field, value) of each facet this search is narrowed to."""
        chosen = ((facet.field, getattr(self, facet.name)) for facet in FACETS)
        return [(field, str(value)) for field, value in chosen if value]


def search_fields(*, exact: bool, entities: bool) -> dict[str, float]:
    fields = dict(EXACT_FIELDS if exact else STEMMED_FIELDS)
    if entities:
        fields[ENTITY_FIELD[0]] = ENTITY_FIELD[1]
    return fields


def own_fields(fields: dict[str, float]) -> dict[str, float]:
    """The fields of an article's own words: a hit outside them came through an entity."""
    return {name: boost for name, boost in fields.items() if name != ENTITY_FIELD[0]}


def as_user_query(query_string: str | UserQuery) -> UserQuery:
    return query_string if isinstance(query_string, UserQuery) else parse_user_query(query_string)


def can_relax(user_query: UserQuery) -> bool:
    """Whether a query with no hits may be retried matching any of its words."""
    return len(user_query.words) + len(user_query.phrases) > 1


def no_results() -> dict:
    return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None, "relaxed": False}


def page_length(start_offset: int, end_offset: int | None) -> int:
    return max(1, (end_offset or start_offset + 20) - start_offset)


def _as_text(value) -> str:
    return str(value.query_string if isinstance(value, BaseInput) else value)


def _quoted(text: str) -> str:
    return f'"{text}"' if len(text.split()) > 1 else text


def split_query_filter(node) -> tuple[str, dict[str, str]]:
    """A SearchQuerySet's filters as the search box's text and the facet filters beside it.

    Only what the search page can express is accepted: text and facet values, all required
    (AND), text maybe excluded (`exclude(content=...)`)."""
    facet_names = {facet.field: facet.name for facet in FACETS}
    texts: list[str] = []
    narrowed: dict[str, str] = {}
    for child in node.children:
        if hasattr(child, "children"):
            text, more = split_query_filter(child)
            texts += [text] if text else []
            narrowed.update(more)
            continue
        expression, value = child
        field, _ = node.split_expression(expression)
        if field in CONTENT_FIELDS:
            text = _as_text(value)
            texts.append(f"-{_quoted(text)}" if node.negated else text)
        elif field in facet_names and not node.negated:
            narrowed[facet_names[field]] = _as_text(value)
        else:
            raise SearchBackendError(f"the archive's search cannot filter on {expression!r}")
    if len(node.children) > 1 and node.connector != node.AND:
        raise SearchBackendError("the archive's search combines filters with AND only")
    return " ".join(texts), narrowed


class UserQuerySearchQuery:
    """Mixed into an engine's haystack query class: the query string stays the user's own
    text, for the backend to parse, instead of the engine's query language."""

    def build_query(self):
        return split_query_filter(self.query_filter)[0]

    def build_params(self, spelling_query=None):
        params = super().build_params(spelling_query=spelling_query)
        narrowed = split_query_filter(self.query_filter)[1]
        if narrowed:
            params["filters"] = SearchFilters(**narrowed)
        return params
