"""Similar articles: Whoosh's more_like, scored in arrays instead of a tree of matchers.

Whoosh's `more_like` takes the twelve terms of highest Bo1 weight in the article and runs
their Or through its matchers: a union tree that steps posting by posting, several Python
calls for each of the 10,000-30,000 postings of twelve common stems (50-200 ms an article
page at 50,000 articles). Here the same key terms are scored the same way (BM25F, each term's
boost its Bo1 weight, summed) with one numpy expression per term and segment over its whole
posting list, and the top taken in Whoosh's order (score, then document number): the same
articles in the same order, in about a third of the time (bench/similar_bench.py), except
where Whoosh's block-quality pruning skipped an article that scores higher than one it kept
(7 of 300 Reuters stories' lists): every posting is scored here.
"""

from __future__ import annotations

import weakref

import numpy as np
from whoosh import classify

NUMTERMS = 12


class StoredHit:
    """What the backend reads of a Whoosh hit: its stored fields and its score."""

    def __init__(self, searcher, docnum: int, score: float):
        self.searcher, self.docnum, self.score = searcher, docnum, score

    def fields(self) -> dict:
        return self.searcher.stored_fields(self.docnum)


def similar(
    searcher, docnum: int, fieldname: str, *, top: int, numterms: int = NUMTERMS
) -> list[tuple[int, float]]:
    """The (document number, score) of the `top` documents most like this one, best first:
    those `Searcher.more_like(docnum, fieldname, top=top, numterms=numterms)` returns."""
    terms = key_terms(searcher, docnum, fieldname, numterms=numterms)
    if not terms:
        return []
    return best(scored(searcher, fieldname, terms), top=top, exclude=docnum)


# -- key terms: Whoosh's Searcher.key_terms, its collection frequencies kept per segment ------
# A segment never changes, and an article's key-term candidates (its few hundred distinct
# stems) are mostly the same common stems from one article to the next: looked up in each
# segment's term table, twice (Whoosh's `in`, then its frequency), they cost two thirds of
# the key terms at ten segments.
_FREQUENCIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FREQUENCIES_KEPT = 100_000  # terms per segment; past it, that segment's are forgotten


def _collection_frequency(leaves, fieldname: str, btext: bytes) -> int:
    total = 0
    for leaf in leaves:
        kept = _FREQUENCIES.get(leaf)
        if kept is None or len(kept) >= _FREQUENCIES_KEPT:
            kept = _FREQUENCIES[leaf] = {}
        frequency = kept.get((fieldname, btext))
        if frequency is None:
            frequency = kept[(fieldname, btext)] = leaf.frequency(fieldname, btext)
        total += frequency
    return total


def key_terms(searcher, docnum: int, fieldname: str, *, numterms: int = NUMTERMS) -> list[tuple[str, float]]:
    """`Searcher.key_terms([docnum], fieldname, numterms, normalize=False)`: the terms of the
    article's text of highest Bo1 weight, each divided by the highest (classify.Expander)."""
    reader = searcher.reader()
    expander = classify.Expander(reader, fieldname, model=classify.Bo1Model)
    expander.add_document(docnum)
    field = reader.schema[fieldname]
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    weighted = []
    for word, weight in expander.topN_weight.items():
        frequency = _collection_frequency(leaves, fieldname, field.to_bytes(word))
        if frequency:  # Whoosh's `(fieldname, btext) in ixreader`
            weighted.append((expander.model.score(weight, frequency, expander.top_total), word))
    if not weighted:
        return []
    highest = max(score for score, _ in weighted)
    weighted = [(score / highest, word) for score, word in weighted]
    weighted.sort(key=lambda item: (0 - item[0], item[1]))
    return [(word, score) for score, word in weighted[:numterms]]


# -- scoring: Whoosh's BM25F sums, one array per segment instead of a tree of matchers --------
_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _field_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length in the field (1 when it has none, as Whoosh's scorer reads it),
    kept per segment reader: a segment's lengths never change."""
    kept = _LENGTHS.setdefault(reader, {})
    if fieldname not in kept:
        kept[fieldname] = np.fromiter(
            (reader.doc_field_length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())),
            dtype=np.float64,
            count=reader.doc_count_all(),
        )
    return kept[fieldname]


def _postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The term's document numbers and weights in one segment, deleted documents included."""
    matcher = reader.postings(fieldname, btext)
    matcher = getattr(matcher, "child", matcher)  # the filter of deleted documents
    ids: list[int] = []
    weights: list[float] = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        # Whoosh 3's posting blocks, whole: stepping posting by posting cost most of the time.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids[matcher._i :])
            weights.extend(matcher._weights[matcher._i :])
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def scored(searcher, fieldname: str, terms: list[tuple[str, float]]) -> np.ndarray:
    """Each document's score for the Or of the boosted terms, as Whoosh's BM25F gives it."""
    weighting = searcher.weighting
    k1 = weighting.K1
    b = weighting._field_B.get(fieldname, weighting.B)
    average = searcher.avg_field_length(fieldname) or 1
    field = searcher.schema[fieldname]
    scores = np.zeros(searcher.doc_count_all(), dtype=np.float64)
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        lengths = None
        for term, boost in terms:
            btext = field.to_bytes(term)
            if (fieldname, btext) not in reader:
                continue
            if lengths is None:
                lengths = _field_lengths(reader, fieldname)
            ids, tf = _postings(reader, fieldname, btext)
            idf = searcher.idf(fieldname, term)
            # scoring.bm25, in its order of operations, times the term's boost
            scores[offset + ids] += (
                idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[ids] / average)))
            ) * boost
        if lengths is not None and reader.has_deletions():
            segment = scores[offset : offset + reader.doc_count_all()]
            for docnum in np.flatnonzero(segment):
                if reader.is_deleted(int(docnum)):
                    segment[docnum] = 0.0
    return scores


def best(scores: np.ndarray, *, top: int, exclude: int | None = None) -> list[tuple[int, float]]:
    """The `top` documents of highest score above 0, ties by document number (Whoosh's order)."""
    if exclude is not None:
        scores = scores.copy()
        scores[exclude] = 0.0
    matched = np.flatnonzero(scores > 0)
    if len(matched) > top:
        # A superset of the top (every document tied with the last kept), then the exact order.
        threshold = np.partition(scores[matched], len(matched) - top)[len(matched) - top]
        matched = matched[scores[matched] >= threshold]
    order = np.lexsort((matched, -scores[matched]))[:top]
    return [(int(matched[i]), float(scores[matched[i]])) for i in order]
