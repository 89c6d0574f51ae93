"""The project's haystack backend for Whoosh: a thin class over this package's modules.

It keeps haystack's engine contract (update/remove/clear/search) and fixes what the stock
backend gets wrong for a bilingual archive: analyzers per field (Arabic-aware), a forgiving
multi-field query (whoosh_query), unscored matching and facet counts as array operations
(whoosh_matching), highlighting with the field's own analyzer over escaped text
(whoosh_highlight), spelling suggestions also for queries with no hits, over a vocabulary
kept beside the index (whoosh_spelling, whoosh_vocabulary), a typo-tolerant fallback,
and index writes that wait for the lock instead of being dropped (whoosh_writing). The
caches it keeps are its own, keyed weakly by Whoosh's readers and searchers.
"""

from __future__ import annotations

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.models import SearchResult
from haystack.utils import get_identifier
from whoosh import query as wq

from search.backends import whoosh_highlight, whoosh_similar, whoosh_spelling
from search.backends.whoosh_matching import (
    FilterCache,
    Lexicons,
    Matches,
    SegmentMasks,
    SegmentValues,
    matching_among,
    top_hits,
)
from search.backends.whoosh_query import ENTITY_KEYS, filters_to_whoosh, ranked_query, user_query_to_whoosh
from search.backends.whoosh_vocabulary import VocabularyStore
from search.backends.whoosh_writing import WhooshWritingMixin
from search.query import (
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

LOCK_WAIT_SECONDS = 30.0


class ArchiveWhooshSearchBackend(WhooshWritingMixin, WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # Never hide a failed index write: a search index that silently drifts from the
        # database is worse than an error an operator can see.
        self.silently_fail = False
        self.lock_wait = float(connection_options.get("LOCK_WAIT_SECONDS", LOCK_WAIT_SECONDS))
        self.writer_procs = int(connection_options.get("WRITER_PROCS", 1))
        # Below this many documents, starting writer processes costs more than it saves.
        self.multiprocess_min_docs = int(connection_options.get("WRITER_PROCS_MIN_DOCS", 2000))
        self._kept_searcher = None
        self._kept_searcher_index = None
        self._filter_cache = FilterCache()
        self._segment_values = SegmentValues()
        self._lexicons = Lexicons((ENTITY_KEYS,))
        self._word_terms = whoosh_highlight.WordTerms()
        self.vocabularies = VocabularyStore(self.path if self.use_file_storage else None)

    # -- compiling ------------------------------------------------------------------------
    @staticmethod
    def search_fields(*, exact: bool, entities: bool) -> dict[str, float]:
        return search_fields(exact=exact, entities=entities)

    def build_user_query(
        self,
        user_query: UserQuery,
        *,
        fields: dict[str, float],
        require_all: bool = True,
        tolerant: frozenset[str] = frozenset(),
    ) -> wq.Query | None:
        return user_query_to_whoosh(
            self.schema, user_query, fields=fields, require_all=require_all, tolerant=tolerant
        )

    def ranking_query(
        self, whoosh_query: wq.Query, user_query: UserQuery, fields: dict[str, float]
    ) -> wq.Query:
        """The query that scores the hits of whoosh_query (which alone decides what matches)."""
        return ranked_query(self.schema, whoosh_query, user_query, fields)

    def filter_query(self, filters: SearchFilters | None, models=None) -> wq.Query | None:
        return filters_to_whoosh(filters)

    # -- searching ------------------------------------------------------------------------
    def _searcher(self):
        """A searcher kept open between queries and refreshed when the index changed (haystack
        keeps one backend per thread): opening one per query cost a sixth of a search."""
        if self._kept_searcher is None or self._kept_searcher_index is not self.index:
            searcher = self.index.searcher()
        else:
            searcher = self._kept_searcher.refresh()
        self._kept_searcher, self._kept_searcher_index = searcher, self.index
        return searcher

    def search(
        self, query_string, sort_by=None, start_offset=0, end_offset=None, highlight=False,
        facets=None, spelling_query=None, result_class=None, filters: SearchFilters | None = None,
        exact: bool = False, entities: bool = True, **kwargs,
    ):  # fmt: skip
        if not self.setup_complete:
            self.setup()
        user_query = as_user_query(query_string)
        fields = search_fields(exact=exact, entities=entities)
        whoosh_query = self.build_user_query(user_query, fields=fields)
        if whoosh_query is None:
            return no_results()
        self.index = self.index.refresh()
        searcher = self._searcher()
        spelling = self.spelling(searcher, user_query)
        tolerant = frozenset(spelling.tolerant_words)
        if tolerant:
            whoosh_query = self.build_user_query(user_query, fields=fields, tolerant=tolerant)
        within = self._filter_cache.matches(searcher, self.filter_query(filters))
        # The leaves' matches, shared by the strict and relaxed queries and the via-entity check.
        masks = SegmentMasks(self._lexicons)
        whoosh_query, matches, relaxed = self._matches(
            searcher, user_query, whoosh_query, fields, within, masks, tolerant=tolerant
        )
        page_hits = []
        if len(matches) > start_offset:
            limit = start_offset + page_length(start_offset, end_offset)
            ranking = self.ranking_query(whoosh_query, user_query, fields)
            page_hits = top_hits(searcher, ranking, start=start_offset, limit=limit, sort_by=sort_by,
                                 within=within, relaxed=relaxed, matches=matches, masks=masks)  # fmt: skip
        via_entity = self._hits_via_entity(
            searcher,
            user_query,
            page_hits,
            fields=fields,
            enabled=entities,
            require_all=not relaxed,
            tolerant=tolerant,
            masks=masks,
        )
        found = [
            self._result(hit, highlight=highlight, user_query=user_query, exact=exact,
                         result_class=result_class, via_entity=hit.docnum in via_entity)
            for hit in page_hits
        ]  # fmt: skip
        counts = {name: matches.facet_counts(name, self._segment_values) for name in facets or ()}
        return {
            "results": found,
            "hits": len(matches),
            "facets": {"fields": counts},
            "spelling_suggestion": spelling.suggestion,
            "relaxed": relaxed,
        }

    def _matches(
        self, searcher, user_query, whoosh_query, fields, within, masks, *, tolerant=frozenset()
    ) -> tuple[wq.Query, Matches, bool]:
        """The query that found the hits, its matches, and whether it had to relax."""
        matches = Matches.of(whoosh_query, searcher, within=within, masks=masks)
        if len(matches) or not can_relax(user_query):
            return whoosh_query, matches, False
        # No article has every word: show those with most of them, and say so.
        whoosh_query = self.build_user_query(user_query, fields=fields, require_all=False, tolerant=tolerant)
        matches = Matches.of(whoosh_query, searcher, within=within, masks=masks)
        return whoosh_query, matches, bool(len(matches))

    def _hits_via_entity(
        self, searcher, user_query, hits, *, fields, enabled, require_all, tolerant=frozenset(), masks=None
    ):
        """Hits that match only through an entity alias, not through their own words."""
        if not enabled or not hits:
            return set()
        own_query = self.build_user_query(
            user_query, fields=own_fields(fields), require_all=require_all, tolerant=tolerant
        )
        docnums = {hit.docnum for hit in hits}
        if own_query is None:
            return docnums
        return docnums - matching_among(own_query, searcher, docnums, masks)

    def _result(self, hit, *, highlight, user_query, exact, result_class, via_entity):
        stored = dict(hit.fields())
        app_label, model_name = stored.pop(DJANGO_CT).split(".")
        pk = stored.pop(DJANGO_ID)
        stored.pop(ID, None)
        if "entity" in stored:
            stored["entity"] = [value for value in (stored["entity"] or "").split(",") if value]
        if highlight:
            stored["highlighted"] = {
                "text": [self.snippet(stored.get("text") or "", user_query, exact=exact)]
            }
        stored["via_entity"] = via_entity
        result_class = result_class or SearchResult
        return result_class(app_label, model_name, pk, hit.score or 0, **stored)

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Articles sharing the most telling stems of this one's text: Whoosh's more_like, its
        twelve key terms and its BM25F scores, summed in arrays (whoosh_similar)."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        limit = end_offset or start_offset + 10
        # The kept searcher, as for searches: opening one cost a sixth of the article page.
        searcher = self._searcher()
        docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
        if docnum is None:
            return {"results": [], "hits": 0}
        hits = whoosh_similar.similar(searcher, docnum, "text", top=limit)[start_offset:]
        found = [
            self._result(
                whoosh_similar.StoredHit(searcher, hit_docnum, score),
                highlight=False,
                user_query=None,
                exact=False,
                result_class=result_class,
                via_entity=False,
            )
            for hit_docnum, score in hits
        ]
        return {"results": found, "hits": len(found)}

    # -- highlighting and spelling --------------------------------------------------------
    def snippet(self, text: str, user_query: UserQuery, *, exact: bool = False) -> str:
        return whoosh_highlight.snippet(self.schema, self._word_terms, text, user_query, exact=exact)

    def spelling(self, searcher, user_query: UserQuery) -> whoosh_spelling.Spelling:
        """The corrected query and the words to search typo-tolerantly (none when spelling is off)."""
        if not self.include_spelling:
            return whoosh_spelling.Spelling()
        vocabulary = self.vocabularies.get(searcher.reader(), reopen=self.index.reader)
        return whoosh_spelling.check(self.schema, searcher, vocabulary, user_query)

    def suggest(self, searcher, user_query: UserQuery) -> str | None:
        return self.spelling(searcher, user_query).suggestion


class ArchiveWhooshSearchQuery(UserQuerySearchQuery, WhooshSearchQuery):
    """Haystack's Whoosh query with the user's text left to the project's parser."""


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshSearchBackend
    query = ArchiveWhooshSearchQuery
