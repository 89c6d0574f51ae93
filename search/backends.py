"""The project's haystack backend for Whoosh.

It keeps haystack's engine contract (update/remove/clear/search) and fixes what the stock
backend gets wrong for a bilingual archive: analyzers per field (Arabic-aware), a forgiving
multi-field query, highlighting with the field's own analyzer over escaped text, spelling
suggestions also for queries with no hits, and index writes that wait for the lock instead
of being dropped.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.models import SearchResult
from haystack.utils import get_identifier
from whoosh import collectors
from whoosh import query as wq
from whoosh.fields import DATETIME, KEYWORD, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.index import LockError

from search.analyzers import bilingual_analyzer, exact_analyzer
from search.highlight import render_snippet, word_spans
from search.text.query_syntax import UserQuery, format_user_query, parse_user_query
from search.text.tokenize import _WORD_RE

log = logging.getLogger(__name__)

# Which fields a query searches, at what weight (on top of the title's index-time boost).
# The exact title adds a little for articles spelled like the query; weighting exact forms
# higher, or adding the exact body, lowered MRR@10 on the known-item set (bench/README.md)
# because a searcher's spelling often differs from the article's.
STEMMED_FIELDS = {"title": 1.0, "text": 1.0, "exact_title": 0.5}
EXACT_FIELDS = {"exact_title": 1.0, "exact": 1.0}
ENTITY_FIELD = ("entity_names", 0.7)
FACET_FIELDS = ("language", "source", "entity", "year")
LOCK_WAIT_SECONDS = 30.0
# Filter combinations whose documents a searcher keeps (see _filter_matches).
FILTER_CACHE_SIZE = 64
# Distinct words whose index terms a backend remembers for highlighting (_words_with_terms).
WORD_TERMS_CACHE_SIZE = 200_000
# The tokenizer's word pattern with its one group around the whole word, to split texts on.
_WORD_PIECES = re.compile("(" + re.sub(r"\(\?P<\w+>", "(?:", _WORD_RE.pattern) + ")")


@dataclass(frozen=True)
class SearchFilters:
    language: str = ""
    source: str = ""
    entity: str = ""
    year: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _as_datetime(value: date, *, end: bool = False) -> datetime:
    if end:
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return datetime(value.year, value.month, value.day)


def _segment_docs(query: wq.Query, searcher) -> set[int]:
    """The documents of one segment that match, unscored. And, Or and AndNot become set
    operations on their parts' postings: Whoosh's own matchers step through every match
    in Python, which on a common word cost more than the whole rest of a search."""
    if isinstance(query, wq.And):
        parts = sorted((_segment_docs(part, searcher) for part in query.subqueries), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(query, wq.Or):
        return set().union(*(_segment_docs(part, searcher) for part in query.subqueries))
    if isinstance(query, wq.AndNot):
        positive = _segment_docs(query.a, searcher)
        return positive - _segment_docs(query.b, searcher) if positive else positive
    return set(query.docs(searcher))


@dataclass
class _Matches:
    """The matching documents of each segment (segment-relative numbers), unscored."""

    segments: list[tuple[object, int, set[int]]]

    @classmethod
    def of(cls, query: wq.Query, searcher, within: _Matches | None = None) -> _Matches:
        segments = []
        for index, (segment, offset) in enumerate(searcher.leaf_searchers()):
            docs = _segment_docs(query, segment)
            if within is not None:
                docs &= within.segments[index][2]
            segments.append((segment, offset, docs))
        return cls(segments)

    def __len__(self) -> int:
        return sum(len(docs) for _, _, docs in self.segments)

    @cached_property
    def global_docnums(self) -> set[int]:
        return {offset + docnum for _, offset, docs in self.segments for docnum in docs}

    def facet_counts(self, fieldname: str) -> Counter:
        """How many of the documents have each value of the field."""
        counts: Counter = Counter()
        for segment, _, docs in self.segments:
            reader = segment.reader()
            values = _segment_values(reader, fieldname)
            picked = map(values.__getitem__, docs)
            counts.update(picked if reader.has_column(fieldname) else itertools.chain.from_iterable(picked))
        return counts


def _matching_among(query: wq.Query, searcher, docnums: set[int]) -> set[int]:
    """Which of a few documents match: the matcher skips straight to each of them instead of
    walking every posting of a common word."""
    matched = set()
    for segment, offset in searcher.leaf_searchers():
        end = offset + segment.doc_count_all()
        wanted = sorted(docnum - offset for docnum in docnums if offset <= docnum < end)
        if not wanted:
            continue
        matcher = query.matcher(segment)
        for docnum in wanted:
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                matched.add(docnum + offset)
    return matched


def _segment_values(reader, fieldname: str) -> list:
    """Each document's value (a column) or values (a keyword list) in one segment, read once:
    a segment never changes and its reader lives as long as the kept searcher."""
    kept = reader.__dict__.setdefault("_archive_facet_values", {})
    values = kept.get(fieldname)
    if values is None:
        if reader.has_column(fieldname):
            values = list(reader.column_reader(fieldname))
        else:
            field = reader.schema[fieldname]
            values = [[] for _ in range(reader.doc_count_all())]
            for term in field.sortable_terms(reader, fieldname):
                name = field.from_bytes(term)
                for docnum in reader.postings(fieldname, term).all_ids():
                    values[docnum].append(name)
        kept[fieldname] = values
    return values


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # Never hide a failed index write: a search index that silently drifts from the
        # database is worse than an error an operator can see.
        self.silently_fail = False
        self.lock_wait = float(connection_options.get("LOCK_WAIT_SECONDS", LOCK_WAIT_SECONDS))
        self.writer_procs = int(connection_options.get("WRITER_PROCS", 1))
        # Below this many documents, starting writer processes costs more than it saves.
        self.multiprocess_min_docs = int(connection_options.get("WRITER_PROCS_MIN_DOCS", 2000))

    # -- schema ---------------------------------------------------------------------------
    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            analysis = getattr(field, "analysis", None)
            if analysis == "stemmed":
                schema_fields[name] = TEXT(
                    analyzer=bilingual_analyzer(),
                    stored=name in {"text", "title"},
                    field_boost=field.boost,
                )
            elif analysis == "exact":
                schema_fields[name] = TEXT(analyzer=exact_analyzer(), stored=False, field_boost=field.boost)
            elif analysis == "keyword":
                # A column per keyword field: facets count from it, and check_index reads
                # every document's revision without unpickling its stored text.
                schema_fields[name] = WHOOSH_ID(stored=True, sortable=True)
            elif analysis == "keyword_list":
                schema_fields[name] = KEYWORD(stored=True, commas=True, scorable=False)
            elif analysis == "stored":
                schema_fields[name] = STORED()
            elif field.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=True, sortable=True)
            else:
                raise SearchBackendError(f"field {name!r} has no analysis the backend knows")
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    # -- writing --------------------------------------------------------------------------
    def _writer(self, make=None, **kwargs):
        """A writer that waits for the lock; raises instead of dropping the update.

        ``make(index)`` builds another writer class (search.writers) under the same wait."""
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return make(self.index) if make else self.index.writer(**kwargs)
            except LockError:
                if time.monotonic() >= deadline:
                    raise SearchBackendError(
                        f"the search index at {self.path} stayed locked for {self.lock_wait:.0f} s; "
                        "another import or rebuild is probably running"
                    ) from None
                time.sleep(0.05)

    def _document(self, index, obj) -> dict:
        doc = index.full_prepare(obj)
        for key in doc:
            doc[key] = self._from_python(doc[key])
        doc.pop("boost", None)
        return doc

    def update(self, index, iterable, commit=True):
        """Write documents through the bulk writer path (search.writers), streaming: haystack's
        update_index and rebuild_index come here, as do engines' callers of update()."""
        from search.writers import whoosh_update  # search.writers builds on this module

        whoosh_update(self, index, iterable, commit=commit)

    def indexed_revisions(self) -> list[str]:
        """The `revision` of every live document, read from its column (see check_index)."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.reader() as reader:
            if "revision" not in reader.schema or not reader.has_column("revision"):
                return []
            column = reader.column_reader("revision")
            return [column[docnum] for docnum in reader.all_doc_ids()]

    def remove(self, obj_or_string, commit=True):
        from search.writers import whoosh_remove  # search.writers builds on this module

        whoosh_remove(self, [get_identifier(obj_or_string)])

    # -- searching ------------------------------------------------------------------------
    def _field_query(self, fieldname: str, text: str, boost: float) -> wq.Query | None:
        """One word or phrase in one field, analysed exactly as that field was indexed."""
        analyzer = self.schema[fieldname].analyzer
        terms = [token.text for token in analyzer(text, mode="query")]
        if not terms:
            return None
        if len(terms) == 1:
            return wq.Term(fieldname, terms[0], boost=boost)
        return wq.Phrase(fieldname, terms, boost=boost)

    def _text_query(self, text: str, fields: dict[str, float]) -> wq.Query | None:
        parts = [self._field_query(name, text, boost) for name, boost in fields.items()]
        parts = [part for part in parts if part is not None]
        if not parts:
            return None
        return wq.Or(parts) if len(parts) > 1 else parts[0]

    def search_fields(self, *, exact: bool, entities: bool) -> dict[str, float]:
        fields = dict(EXACT_FIELDS if exact else STEMMED_FIELDS)
        if entities:
            fields[ENTITY_FIELD[0]] = ENTITY_FIELD[1]
        return fields

    def build_user_query(
        self, user_query: UserQuery, *, fields: dict[str, float], require_all: bool = True
    ) -> wq.Query | None:
        positives = [self._text_query(text, fields) for text in user_query.words]
        positives += [self._text_query(text, fields) for text in user_query.phrases]
        positives = [part for part in positives if part is not None]
        negatives = [
            self._text_query(text, fields) for text in user_query.excluded_words + user_query.excluded_phrases
        ]
        negatives = [part for part in negatives if part is not None]
        if not positives:
            return None
        combined = wq.And(positives) if require_all else wq.Or(positives, scale=0.9)
        if negatives:
            combined = wq.AndNot(combined, wq.Or(negatives))
        return combined

    def filter_query(self, filters: SearchFilters | None, models=None) -> wq.Query | None:
        # Articles are the only documents (search_indexes.py): a django_ct term would match
        # the whole index and cost a bitset of every document on each query.
        parts: list[wq.Query] = []
        if filters:
            for name in ("language", "source", "year"):
                value = getattr(filters, name)
                if value:
                    parts.append(wq.Term(name, value))
            if filters.entity:
                parts.append(wq.Term("entity", str(filters.entity)))
            if filters.date_from or filters.date_to:
                parts.append(
                    wq.DateRange(
                        "published",
                        _as_datetime(filters.date_from) if filters.date_from else None,
                        _as_datetime(filters.date_to, end=True) if filters.date_to else None,
                    )
                )
        if not parts:
            return None
        return wq.And(parts) if len(parts) > 1 else parts[0]

    @contextmanager
    def _searcher(self):
        """A searcher kept open between queries and refreshed when the index changed (haystack
        keeps one backend per thread): opening one per query cost a sixth of a search."""
        searcher = getattr(self, "_kept_searcher", None)
        if searcher is None or searcher._ix is not self.index:
            searcher = self.index.searcher()
        else:
            searcher = searcher.refresh()
        self._kept_searcher = searcher
        yield searcher

    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        highlight=False,
        facets=None,
        spelling_query=None,
        result_class=None,
        filters: SearchFilters | None = None,
        exact: bool = False,
        entities: bool = True,
        **kwargs,
    ):
        if not self.setup_complete:
            self.setup()
        user_query = query_string if isinstance(query_string, UserQuery) else parse_user_query(query_string)
        empty = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None, "relaxed": False}
        fields = self.search_fields(exact=exact, entities=entities)
        whoosh_query = self.build_user_query(user_query, fields=fields)
        if whoosh_query is None:
            return empty
        self.index = self.index.refresh()
        with self._searcher() as searcher:
            page_length = max(1, (end_offset or start_offset + 20) - start_offset)
            limit = start_offset + page_length
            within = self._filter_matches(searcher, self.filter_query(filters))
            matches = _Matches.of(whoosh_query, searcher, within=within)
            relaxed = False
            if not len(matches) and len(user_query.words) + len(user_query.phrases) > 1:
                # No article has every word: show those with most of them, and say so.
                whoosh_query = self.build_user_query(user_query, fields=fields, require_all=False)
                matches = _Matches.of(whoosh_query, searcher, within=within)
                relaxed = bool(len(matches))
            hits = len(matches)
            page_hits = []
            if hits > start_offset:
                page_hits = self._top_hits(
                    searcher,
                    whoosh_query,
                    start=start_offset,
                    limit=limit,
                    sort_by=sort_by,
                    within=within,
                    relaxed=relaxed,
                )
            via_entity = self._hits_via_entity(
                searcher, user_query, page_hits, fields=fields, enabled=entities, require_all=not relaxed
            )
            found = [
                self._result(
                    hit,
                    highlight=highlight,
                    user_query=user_query,
                    exact=exact,
                    result_class=result_class,
                    via_entity=hit.docnum in via_entity,
                )
                for hit in page_hits
            ]
            facet_counts = {name: self._facet_counts(matches, name) for name in (facets or ())}
            suggestion = None
            if self.include_spelling and hits < 3:
                suggestion = self.suggest(searcher, user_query)
        return {
            "results": found,
            "hits": hits,
            "facets": {"fields": facet_counts},
            "spelling_suggestion": suggestion,
            "relaxed": relaxed,
        }

    @staticmethod
    def _filter_matches(searcher, filter_query: wq.Query | None) -> _Matches | None:
        """The documents a filter allows, kept with the searcher: readers narrow by the same
        language, source or year again and again, and a language matches half the archive."""
        if filter_query is None:
            return None
        kept = searcher.__dict__.setdefault("_archive_filters", {})
        key = repr(filter_query)
        if key not in kept:
            if len(kept) >= FILTER_CACHE_SIZE:
                kept.pop(next(iter(kept)))
            kept[key] = _Matches.of(filter_query, searcher)
        return kept[key]

    @staticmethod
    def _top_hits(searcher, query, *, start, limit, sort_by, within: _Matches | None, relaxed: bool) -> list:
        """Hits `start` to `limit` by score (or date), without facets, so Whoosh may skip the
        posting blocks whose best score cannot reach the top. Its matcher replacement (on by
        default) prunes nested Ors against the whole minimum score and lost real top hits
        (6 of 300 benchmark queries on 10,000 articles); block skipping alone stays exact."""
        if sort_by:
            field = sort_by[0]
            collector = collectors.SortingCollector(
                field.lstrip("-"), limit=limit, reverse=field.startswith("-")
            )
        elif relaxed:
            # The relaxed Or's coordination bonus breaks block skipping (it compares the bonus
            # score with its parts' plain scores) and it scores as the old full search did
            # only when every match is scored in order; these queries are rare.
            collector = collectors.UnlimitedCollector()
        else:
            collector = collectors.TopCollector(limit, usequality=True, replace=0)
        if within is not None:
            collector = collectors.FilterCollector(collector, allow=within.global_docnums)
        searcher.search_with_collector(query, collector)
        # A slice of the ranked list: len() on Results would count every match again.
        return collector.results()[start:limit]

    @staticmethod
    def _facet_counts(matches: _Matches, name: str) -> list[tuple[str, int]]:
        counts = [
            (value, count) for value, count in matches.facet_counts(name).items() if value not in (None, "")
        ]
        return sorted(counts, key=lambda item: (-item[1], item[0]))

    def _hits_via_entity(self, searcher, user_query, hits, *, fields, enabled, require_all):
        """Hits that match only through an entity alias, not through their own words."""
        if not enabled or not hits:
            return set()
        own_fields = {name: boost for name, boost in fields.items() if name != ENTITY_FIELD[0]}
        own_query = self.build_user_query(user_query, fields=own_fields, require_all=require_all)
        docnums = {hit.docnum for hit in hits}
        if own_query is None:
            return docnums
        return docnums - _matching_among(own_query, searcher, docnums)

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
        """Articles sharing the most telling stems of this one's text (Whoosh's more_like)."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        limit = end_offset or start_offset + 10
        with self.index.searcher() as searcher:
            docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
            if docnum is None:
                return {"results": [], "hits": 0}
            hits = list(
                searcher.more_like(docnum, "text", top=limit, numterms=12, filter=self.filter_query(None))
            )[start_offset:limit]
            found = [
                self._result(
                    hit,
                    highlight=False,
                    user_query=None,
                    exact=False,
                    result_class=result_class,
                    via_entity=False,
                )
                for hit in hits
            ]
        return {"results": found, "hits": len(found)}

    # -- highlighting and spelling --------------------------------------------------------
    def snippet(self, text: str, user_query: UserQuery, *, exact: bool = False) -> str:
        fieldname = "exact" if exact else "text"
        analyzer = self.schema[fieldname].analyzer
        wanted = {
            token.text
            for part in user_query.words + user_query.phrases
            for token in analyzer(part, mode="query")
        }
        spans = word_spans(text, _WORD_PIECES, lambda words: self._words_with_terms(fieldname, words, wanted))
        return render_snippet(text, spans)

    def _words_with_terms(self, fieldname: str, words: set[str], wanted: set[str]) -> set[str]:
        """The words whose index terms (as the field's analyzer makes them) include a wanted one.

        Each distinct word is analysed once and remembered both ways (word to terms, term to
        words), so a search's snippets cost set operations; the tokenizer treats every word on
        its own, so a word analysed apart gets the terms and stop word verdict it has in the
        text."""
        kept = self.__dict__.setdefault("_kept_word_terms", {})
        if fieldname not in kept or len(kept[fieldname][0]) >= WORD_TERMS_CACHE_SIZE:
            kept[fieldname] = ({}, {})
        terms_of, words_of = kept[fieldname]
        unseen = list(words.difference(terms_of))
        if unseen:
            analyzer = self.schema[fieldname].analyzer
            # One analyzer pass over the new words, each told apart by where its tokens start.
            starts = list(itertools.accumulate((len(word) + 1 for word in unseen[:-1]), initial=0))
            found: dict[str, set[str]] = {word: set() for word in unseen}
            for token in analyzer(" ".join(unseen), chars=True, mode="index"):
                found[unseen[bisect.bisect_right(starts, token.startchar) - 1]].add(token.text)
            for word, terms in found.items():
                terms_of[word] = terms
                for term in terms:
                    words_of.setdefault(term, set()).add(word)
        return words & set().union(*(words_of.get(term, ()) for term in wanted))

    def _known_word(self, reader, word: str, exact_term: str) -> bool:
        if reader.doc_frequency("exact", exact_term) > 0:
            return True
        stems = [token.text for token in self.schema["text"].analyzer(word, mode="query")]
        return any(reader.doc_frequency(name, stem) > 0 for name in ("text", "title") for stem in stems)

    def suggest(self, searcher, user_query: UserQuery) -> str | None:
        """A corrected query when some word is unknown to the index, even with zero hits."""
        reader = searcher.reader()
        analyzer = self.schema["exact"].analyzer
        corrector = searcher.corrector("exact")
        changed = False
        words = []
        for word in user_query.words:
            terms = [token.text for token in analyzer(word, mode="query")]
            if len(terms) != 1 or self._known_word(reader, word, terms[0]):
                words.append(word)
                continue
            candidates = corrector.suggest(terms[0], limit=1, maxdist=2, prefix=1)
            if candidates:
                words.append(candidates[0])
                changed = True
            else:
                words.append(word)
        if not changed:
            return None
        return format_user_query(
            UserQuery(
                words=tuple(words),
                phrases=user_query.phrases,
                excluded_words=user_query.excluded_words,
                excluded_phrases=user_query.excluded_phrases,
            )
        )


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshSearchBackend
    query = WhooshSearchQuery
