"""Elasticsearch 7 for archives beyond one machine (SEARCH_ENGINE=elasticsearch).

Haystack's own Elasticsearch 7 backend does the connection, setup and removal; this
module gives it the project's mapping and queries. Text fields are analysed three ways:
the field itself with a folding-only analyzer (the "exact" forms), and subfields `.ar`
(Elasticsearch's `arabic` analyzer: normalisation and light stemming) and `.en`
(`english`: stop words and Porter stemming). A query searches both languages' subfields,
so a mixed query or an English name in an Arabic article works without knowing the
language first. Facets, filters, snippets, "did you mean", relaxed matching and the
"found through an entity" mark behave as with the Whoosh backend (search.backends): both
take their fields, filters and facets from search.query and search.facets.
"""

from __future__ import annotations

from elasticsearch.helpers import bulk, scan
from haystack.backends import BaseEngine
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.models import SearchResult

from search.query import (
    EXACT_FIELDS,
    SearchFilters,
    UserQuerySearchQuery,
    as_user_query,
    can_relax,
    no_results,
    own_fields,
    page_length,
    search_fields,
)
from search.text.query_syntax import UserQuery

LANGUAGE_ANALYZERS = {"ar": "arabic", "en": "english"}
FOLDING_ANALYZER = "archive_folded"
SNIPPET_CHARS = 240
INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Exact word forms: Arabic spelling folded (hamza, alef maqsura, ta marbuta,
                # harakat, tatweel), Arabic-Indic digits as ASCII, lowercase; no stemming.
                FOLDING_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization"],
                }
            }
        }
    }
}


def _text_mapping(analyzer: str, *, per_language: bool) -> dict:
    mapping = {"type": "text", "analyzer": analyzer}
    if per_language:
        mapping["fields"] = {
            code: {"type": "text", "analyzer": name} for code, name in LANGUAGE_ANALYZERS.items()
        }
    return mapping


def field_mapping(field) -> dict:
    """The Elasticsearch mapping of one haystack field, from its `analysis` (search.fields)."""
    analysis = getattr(field, "analysis", None)
    if analysis == "stemmed":
        return _text_mapping(FOLDING_ANALYZER, per_language=True)
    if analysis == "exact":
        return _text_mapping(FOLDING_ANALYZER, per_language=False)
    if analysis in ("keyword", "keyword_list"):
        return {"type": "keyword"}
    if analysis == "stored":
        return {"type": "keyword", "index": False, "doc_values": False}
    if field.field_type in ("date", "datetime"):
        return {"type": "date"}
    raise SearchBackendError(f"field {field.index_fieldname!r} has no analysis the backend knows")


def query_fields(fields: dict[str, float]) -> list[str]:
    """`title^3`-style names: stemmed fields through their language subfields."""
    names = []
    for name, boost in fields.items():
        targets = [name] if name in EXACT_FIELDS else [f"{name}.{code}" for code in LANGUAGE_ANALYZERS]
        names += [f"{target}^{boost:g}" for target in targets]
    return names


def _match(text: str, fields: list[str], *, phrase: bool) -> dict:
    kind = "phrase" if phrase or " " in text.strip() else "best_fields"
    return {"multi_match": {"query": text, "fields": fields, "type": kind}}


def text_query(user_query: UserQuery, fields: list[str], *, require_all: bool = True) -> dict | None:
    positives = [_match(word, fields, phrase=False) for word in user_query.words]
    positives += [_match(phrase, fields, phrase=True) for phrase in user_query.phrases]
    negatives = [
        _match(text, fields, phrase=True) for text in user_query.excluded_words + user_query.excluded_phrases
    ]
    if not positives:
        return None
    query: dict = {"must": positives} if require_all else {"should": positives, "minimum_should_match": 1}
    if negatives:
        query["must_not"] = negatives
    return {"bool": query}


def filter_clauses(filters: SearchFilters | None) -> list[dict]:
    clauses: list[dict] = [{"term": {DJANGO_CT: "archive.article"}}]
    if filters is None:
        return clauses
    clauses += [{"term": {field: value}} for field, value in filters.facet_terms()]
    if filters.date_from or filters.date_to:
        bounds = {}
        if filters.date_from:
            bounds["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            bounds["lte"] = filters.date_to.isoformat()
        clauses.append({"range": {"published": bounds}})
    return clauses


def search_body(
    user_query: UserQuery,
    *,
    filters: SearchFilters | None = None,
    facets: tuple[str, ...] | list[str] = (),
    sort_by: list[str] | None = None,
    start_offset: int = 0,
    end_offset: int | None = None,
    highlight: bool = False,
    exact: bool = False,
    entities: bool = True,
    require_all: bool = True,
    spelling: bool = True,
) -> dict | None:
    """The request body for one search page, or None when the query has no words."""
    fields = search_fields(exact=exact, entities=entities)
    matching = text_query(user_query, query_fields(fields), require_all=require_all)
    if matching is None:
        return None
    own_query = text_query(user_query, query_fields(own_fields(fields)), require_all=require_all)
    # Named so each hit says whether its own words matched (else: through an entity).
    should = [{**own_query, "bool": {**own_query["bool"], "_name": "own"}}] if own_query else []
    body: dict = {
        "query": {"bool": {"must": [matching], "filter": filter_clauses(filters), "should": should}},
        "from": start_offset,
        "size": page_length(start_offset, end_offset),
        "track_total_hits": True,
        "_source": {"excludes": ["text", "exact", "exact_title", "entity_names"]},
    }
    if facets:
        body["aggs"] = dict(map(_aggregation, facets))
    if sort_by:
        field = sort_by[0]
        body["sort"] = [{field.lstrip("-"): {"order": "desc" if field.startswith("-") else "asc"}}]
    if highlight:
        body["highlight"] = {
            "encoder": "html",  # article text is escaped; only the <mark> tags are markup
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "require_field_match": False,
            "fields": {
                name: {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
                for name in ("exact",) + (() if exact else ("text.ar", "text.en"))
            },
        }
    words = " ".join(user_query.words)
    if spelling and words:
        body["suggest"] = {"text": words, "spelling": {"term": {"field": "exact", "suggest_mode": "missing"}}}
    return body


COMBINED = "/"  # joins the fields of a combination facet in its aggregation's name


def _aggregation(facet: str | tuple[str, ...]) -> tuple[str, dict]:
    """A facet's terms aggregation; a combination of fields (a tuple) nests one per field."""
    fields = (facet,) if isinstance(facet, str) else facet
    aggregation: dict = {}
    for field in reversed(fields):
        inner = {"aggs": aggregation} if aggregation else {}
        aggregation = {field: {"terms": {"field": field, "size": 50}, **inner}}
    return COMBINED.join(fields), aggregation[fields[0]]


def _buckets(aggregation: dict, fields: list[str]) -> list[tuple]:
    """((value, ...), count) of a terms aggregation nested one level per field."""
    found = []
    for bucket in aggregation.get("buckets", []):
        if len(fields) == 1:
            found.append(((bucket["key"],), bucket["doc_count"]))
        else:
            inner = _buckets(bucket[fields[1]], fields[1:])
            found += [((bucket["key"], *values), count) for values, count in inner]
    return found


def _facet_counts(aggregations: dict) -> dict:
    """The backend's facet counts: {field: [(value, count)]}, and for a combination facet
    {(field, ...): [((value, ...), count)]}, most first as the Whoosh backend gives them."""
    counts = {}
    for name, aggregation in aggregations.items():
        fields = name.split(COMBINED)
        found = _buckets(aggregation, fields)
        if len(fields) == 1:
            counts[name] = [(key, count) for (key,), count in found]
        else:
            counts[tuple(fields)] = sorted(found, key=lambda item: (-item[1], item[0]))
    return counts


def _snippet(highlights: dict) -> str:
    for name in ("exact", "text.ar", "text.en"):
        fragments = highlights.get(name) or []
        if any("<mark>" in fragment for fragment in fragments):
            return fragments[0]
    for fragments in highlights.values():
        if fragments:
            return fragments[0]
    return ""


def suggestion(raw: dict, user_query: UserQuery) -> str | None:
    options = {
        entry["text"]: entry["options"][0]["text"]
        for entry in raw.get("suggest", {}).get("spelling", [])
        if entry.get("options")
    }
    if not options:
        return None
    words = [options.get(word, word) for word in user_query.words]
    return " ".join(words + [f'"{phrase}"' for phrase in user_query.phrases])


def process_response(raw: dict, user_query: UserQuery, *, result_class=None) -> dict:
    """Haystack's result shape (as search.backends returns it) from a search response."""
    result_class = result_class or SearchResult
    results = []
    for hit in raw.get("hits", {}).get("hits", []):
        source = dict(hit.get("_source", {}))
        app_label, model_name = source.pop(DJANGO_CT).split(".")
        pk = source.pop(DJANGO_ID)
        source.pop(ID, None)
        source["highlighted"] = {"text": [_snippet(hit.get("highlight", {}))]}
        source["via_entity"] = "own" not in hit.get("matched_queries", [])
        results.append(result_class(app_label, model_name, pk, hit.get("_score") or 0, **source))
    facets = _facet_counts(raw.get("aggregations", {}))
    total = raw.get("hits", {}).get("total", 0)
    return {
        "results": results,
        "hits": total["value"] if isinstance(total, dict) else total,
        "facets": {"fields": facets},
        "spelling_suggestion": suggestion(raw, user_query),
    }


class ArchiveElasticsearchSearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = INDEX_SETTINGS

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.silently_fail = False  # as with Whoosh: a drifting index must be seen
        self.batch_size = int(connection_options.get("BATCH_SIZE", 500))

    def build_schema(self, fields):
        content_field_name = ""
        mapping = {ID: {"type": "keyword"}, DJANGO_CT: {"type": "keyword"}, DJANGO_ID: {"type": "keyword"}}
        for field in fields.values():
            mapping[field.index_fieldname] = field_mapping(field)
            if field.document:
                content_field_name = field.index_fieldname
        return content_field_name, mapping

    def _actions(self, index, iterable):
        for obj in iterable:
            doc = {key: self._from_python(value) for key, value in index.full_prepare(obj).items()}
            doc["_id"] = doc[ID]
            yield doc

    def update(self, index, iterable, commit=True):
        """Stream documents to the bulk API in chunks: memory stays flat on big imports."""
        if not self.setup_complete:
            self.setup()
        bulk(self.conn, self._actions(index, iterable), index=self.index_name, chunk_size=self.batch_size)
        if commit:
            self.conn.indices.refresh(index=self.index_name)

    def indexed_revisions(self) -> list[str]:
        if not self.setup_complete:
            self.setup()
        hits = scan(self.conn, index=self.index_name, query={"_source": ["revision"]})
        return [hit["_source"].get("revision") or "" for hit in hits]

    def search(
        self, query_string, sort_by=None, start_offset=0, end_offset=None, highlight=False,
        facets=None, spelling_query=None, result_class=None, filters: SearchFilters | None = None,
        exact: bool = False, entities: bool = True, **kwargs,
    ):  # fmt: skip
        if not self.setup_complete:
            self.setup()
        user_query = as_user_query(query_string)
        options = {
            "filters": filters, "facets": tuple(facets or ()), "sort_by": sort_by,
            "start_offset": start_offset, "end_offset": end_offset, "highlight": highlight,
            "exact": exact, "entities": entities, "spelling": self.include_spelling,
        }  # fmt: skip
        body = search_body(user_query, **options)
        if body is None:
            return no_results()
        outcome = process_response(self.conn.search(index=self.index_name, body=body), user_query,
                                   result_class=result_class)  # fmt: skip
        outcome["relaxed"] = False
        if not outcome["hits"] and can_relax(user_query):
            # No article has every word: show those with most of them, and say so.
            relaxed_body = search_body(user_query, **options, require_all=False)
            relaxed = process_response(self.conn.search(index=self.index_name, body=relaxed_body),
                                       user_query, result_class=result_class)  # fmt: skip
            if relaxed["hits"]:
                outcome = {**relaxed, "relaxed": True}
        return outcome


class ArchiveElasticsearchSearchQuery(UserQuerySearchQuery, Elasticsearch7SearchQuery):
    """Haystack's Elasticsearch query with the user's text left to the project's parser."""


class ArchiveElasticsearchEngine(BaseEngine):
    backend = ArchiveElasticsearchSearchBackend
    query = ArchiveElasticsearchSearchQuery
