"""Which documents match, unscored, and what they count per facet.

Whoosh's own matchers step through every match in Python; here And, Or and AndNot become
set operations on postings per segment (`Matches`), the documents a filter allows are kept
per searcher (`FilterCache`), facet values are read once per segment reader
(`SegmentValues`), and only the page's hits are scored (`top_hits`), through Ors that
match lazily (`lazy_ors`). The caches are keyed weakly by Whoosh's objects, so they go
when a refreshed searcher drops them.
"""

from __future__ import annotations

import copy
import itertools
import weakref
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from whoosh import collectors, sorting
from whoosh import query as wq

# Filter combinations whose documents a searcher keeps (see FilterCache).
FILTER_CACHE_SIZE = 64


def lazy_ors(query: wq.Query) -> wq.Query:
    """The query with every Or matched by Whoosh's binary tree of union matchers.

    On a segment under 5,000 documents Whoosh otherwise picks its preloading Or, which reads
    and scores every posting of every term up front (in 2,048-document arrays cleared in
    Python) before the first hit: building those matchers was most of the ranking's time
    (bench/README.md). Whoosh keeps the tree where the caller needs the current document
    (matching_among's matcher), not for a top-k collector. The tree reads postings as it
    goes and lets the collector skip blocks that cannot reach the page. Both add the same
    scores per document (not the coordination bonus of a relaxed query, see top_hits);
    tests/search/test_ranking.py holds the page to a full stock ranking."""

    def tree(part: wq.Query) -> wq.Query:
        if isinstance(part, wq.Or) and part.matcher_type != wq.Or.DEFAULT_MATCHER:
            part = copy.copy(part)
            part.matcher_type = wq.Or.DEFAULT_MATCHER
        return part

    return query.accept(tree)


def segment_docs(query: wq.Query, searcher) -> set[int]:
    """The documents of one segment that match, unscored. And, Or and AndNot become set
    operations on their parts' postings: Whoosh's own matchers step through every match
    in Python, which on a common word cost more than the whole rest of a search."""
    if isinstance(query, wq.And):
        parts = sorted((segment_docs(part, searcher) for part in query.subqueries), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(query, wq.Or):
        return set().union(*(segment_docs(part, searcher) for part in query.subqueries))
    if isinstance(query, wq.AndNot):
        positive = segment_docs(query.a, searcher)
        return positive - segment_docs(query.b, searcher) if positive else positive
    return set(query.docs(searcher))


class SegmentValues:
    """Each document's value (a column) or values (a keyword list) per segment reader and
    field, read once: a segment never changes and its reader lives as long as the kept
    searcher."""

    def __init__(self):
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def of(self, reader, fieldname: str) -> list:
        kept = self._kept.setdefault(reader, {})
        values = kept.get(fieldname)
        if values is None:
            values = kept[fieldname] = self._read(reader, fieldname)
        return values

    @staticmethod
    def _read(reader, fieldname: str) -> list:
        if reader.has_column(fieldname):
            return list(reader.column_reader(fieldname))
        field = reader.schema[fieldname]
        values = [[] for _ in range(reader.doc_count_all())]
        for term in field.sortable_terms(reader, fieldname):
            name = field.from_bytes(term)
            for docnum in reader.postings(fieldname, term).all_ids():
                values[docnum].append(name)
        return values


@dataclass
class Matches:
    """The matching documents of each segment (segment-relative numbers), unscored."""

    segments: list[tuple[object, int, set[int]]]

    @classmethod
    def of(cls, query: wq.Query, searcher, within: Matches | None = None) -> Matches:
        segments = []
        for index, (segment, offset) in enumerate(searcher.leaf_searchers()):
            docs = segment_docs(query, segment)
            if within is not None:
                docs &= within.segments[index][2]
            segments.append((segment, offset, docs))
        return cls(segments)

    def __len__(self) -> int:
        return sum(len(docs) for _, _, docs in self.segments)

    @cached_property
    def global_docnums(self) -> set[int]:
        return {offset + docnum for _, offset, docs in self.segments for docnum in docs}

    def facet_counts(self, fieldname: str | tuple[str, ...], values: SegmentValues) -> list[tuple]:
        """How many of the documents have each value of the field, most first (then by value).

        A tuple of fields counts their combinations ((year, language) pairs for the
        histogram), each document once per combination of its values that has no empty one."""
        if isinstance(fieldname, tuple):
            return self._combination_counts(fieldname, values)
        counts: Counter = Counter()
        for segment, _, docs in self.segments:
            reader = segment.reader()
            picked = map(values.of(reader, fieldname).__getitem__, docs)
            counts.update(picked if reader.has_column(fieldname) else itertools.chain.from_iterable(picked))
        return _most_first(counts)

    def _combination_counts(self, fieldnames: tuple[str, ...], values: SegmentValues) -> list[tuple]:
        counts: Counter = Counter()
        for segment, _, docs in self.segments:
            reader = segment.reader()
            columns = [(values.of(reader, name), reader.has_column(name)) for name in fieldnames]
            for docnum in docs:
                picked = [[column[docnum]] if single else column[docnum] for column, single in columns]
                counts.update(
                    combination
                    for combination in itertools.product(*picked)
                    if None not in combination and "" not in combination
                )
        return _most_first(counts)


def _most_first(counts: Counter) -> list[tuple]:
    found = [(value, count) for value, count in counts.items() if value not in (None, "")]
    return sorted(found, key=lambda item: (-item[1], item[0]))


class FilterCache:
    """The documents a filter allows, kept per searcher: readers narrow by the same
    language, source or year again and again, and a language matches half the archive."""

    def __init__(self, size: int = FILTER_CACHE_SIZE):
        self.size = size
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def matches(self, searcher, filter_query: wq.Query | None) -> Matches | None:
        if filter_query is None:
            return None
        kept = self._kept.setdefault(searcher, {})
        key = repr(filter_query)
        if key not in kept:
            if len(kept) >= self.size:
                kept.pop(next(iter(kept)))
            kept[key] = Matches.of(filter_query, searcher)
        return kept[key]


def matching_among(query: wq.Query, searcher, docnums: set[int]) -> set[int]:
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


def date_order(searcher, field: str):
    """The sort on `field` ("-published": newest first) with the documents without a value
    last either way: Whoosh gives them the column's default, the largest number, which a
    reversed sort would put first."""
    name = field.lstrip("-")
    if not field.startswith("-"):
        return sorting.FieldFacet(name)
    missing = getattr(searcher.schema[name], "default", None)
    return sorting.TranslateFacet(lambda key: (key == missing, -key), sorting.FieldFacet(name))


def top_hits(searcher, query, *, start, limit, sort_by, within: Matches | None, relaxed: bool) -> list:
    """Hits `start` to `limit` by score (or date), without facets, so Whoosh may skip the
    posting blocks whose best score cannot reach the top. Its matcher replacement (on by
    default) prunes nested Ors against the whole minimum score and lost real top hits
    (6 of 300 benchmark queries on 10,000 articles); block skipping alone stays exact."""
    if sort_by:
        collector = collectors.SortingCollector(date_order(searcher, sort_by[0]), limit=limit)
    elif relaxed:
        # The relaxed Or's coordination bonus breaks block skipping (it compares the bonus
        # score with its parts' plain scores) and it scores as the old full search did
        # only when every match is scored in order; these queries are rare.
        collector = collectors.UnlimitedCollector()
    else:
        collector = collectors.TopCollector(limit, usequality=True, replace=0)
    if within is not None:
        collector = collectors.FilterCollector(collector, allow=within.global_docnums)
    # The relaxed Or's coordination bonus counts the terms its parts expose, which differ
    # between the two kinds of Or: it keeps Whoosh's own choice, and its scores.
    searcher.search_with_collector(query if relaxed else lazy_ors(query), collector)
    # A slice of the ranked list: len() on Results would count every match again.
    return collector.results()[start:limit]
