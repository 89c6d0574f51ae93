"""Spelling ("did you mean"): the whole corrected query when some word is unknown to the
index or far rarer than a close word, also for a query with no hits (haystack's stock
backend suggests nothing then), and the words left for the typo-tolerant fallback.

A word is corrected against the index's own vocabulary (whoosh_vocabulary) with the
typing-aware distance of search.text.spelling. When several corrections are about as close,
the first that occurs in some article beside the query's other words wins: نجود in
"نجود وقف" is جنود there, not the commoner وجود.
"""

from __future__ import annotations

import math
import threading
import weakref
from array import array
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from search.backends.whoosh_vocabulary import Vocabulary
from search.text.query_syntax import UserQuery, format_user_query
from search.text.spelling import candidate_score, restore_spelling

# A known word is still corrected when it is in at most this many documents and a word
# one edit away is in this many times more (a typo that happens to be in one article).
RARE_DF = 1
RARER_BY = 200
TOLERANT_MIN_LENGTH = 5  # the typo-tolerant fallback: words this long, one edit
# Where a correction is looked for beside the query's other words: the stemmed body and title
# (a query's words are often a headline's, and a headline word may be missing from its body).
CONTEXT_FIELDS = ("text", "title")
HEADLINE_FIELDS = ("exact_title", "title")  # a candidate's own word, the other words' stems
# Corrections about as close as the best that the context may choose between.
CONTEXT_CANDIDATES = 6
CONTEXT_WEIGHT = 0.1  # edits an order of magnitude of articles with all the query's words is worth
# A word known through its stem is corrected when a correction is beside the other words in
# more than this many times the articles (see _stem_known_correction).
STEM_KNOWN_CLEARLY_MORE = 3
DOC_IDS_KEPT = 512
NO_DOCS = np.zeros(0, dtype=np.int64)  # terms whose documents a reader keeps for the context checks


@dataclass(frozen=True)
class Spelling:
    suggestion: str | None = None  # the whole query, corrected
    tolerant_words: tuple[str, ...] = ()  # unknown words with no correction (searched fuzzily)


EXACT_FIELDS = ("exact", "exact_title")


def _exact_frequency(reader, term: str) -> int:
    # At least this many documents have the word (in the title, the body or both).
    return max(reader.doc_frequency(name, term) for name in EXACT_FIELDS)


def _stem(schema, term: str) -> tuple[str, ...]:
    return tuple(token.text for token in schema["text"].analyzer(term, mode="query"))


# A word is known through its stem in an article's own words or in the names of the entities
# it is tagged with (روسيا finds the English articles tagged Russia).
STEM_FIELDS = ("text", "title", "entity_names")


def _stem_known(schema, reader, word: str) -> bool:
    fields = [name for name in STEM_FIELDS if name in schema]
    return any(reader.doc_frequency(name, stem) > 0 for name in fields for stem in _stem(schema, word))


def _checked_term(schema, word: str) -> str | None:
    terms = [token.text for token in schema["exact"].analyzer(word, mode="query")]
    if len(terms) != 1 or not terms[0].isalpha():
        return None
    return terms[0]


def _segment_ids(segment, fieldname: str, term: str) -> array:
    """A term's documents in one segment, read a postings block at a time (Whoosh's
    all_ids steps one document at a time in Python; a Term query's matcher also sets up a
    scorer, which was most of a context check's cost)."""
    ids = array("q")
    btext = segment.schema[fieldname].to_bytes(term)
    if (fieldname, btext) not in segment:
        return ids
    matcher = segment.postings(fieldname, btext)
    if not hasattr(matcher, "_read_ids"):  # not the whoosh3 codec: the generic way
        ids.extend(matcher.all_ids())
        return ids
    while matcher.is_active():
        matcher._read_ids()
        ids.extend(matcher._ids)
        matcher._next_block()
    return ids


def _global_ids(reader, terms: tuple[tuple[str, str], ...]) -> np.ndarray:
    parts = [
        np.frombuffer(_segment_ids(segment, fieldname, term), dtype=np.int64) + offset
        for segment, offset in reader.leaf_readers()
        for fieldname, term in terms
    ]
    parts = [part for part in parts if len(part)]
    if not parts:
        return NO_DOCS
    return parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The documents in both sorted arrays, looked up from the shorter (cheap when one is a
    common word's thousands of documents)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    positions = np.searchsorted(b, a)
    positions[positions == len(b)] = 0
    return a[b[positions] == a]


class _DocIds:
    """The documents that have any of some terms (sorted global document numbers), kept
    per reader for the terms the context checks meet again: a common word's postings
    took most of a check's time at 50,000 articles."""

    def __init__(self, size: int = DOC_IDS_KEPT):
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self.size = size

    def of(self, reader, terms: tuple[tuple[str, str], ...]) -> np.ndarray:
        with self._lock:
            kept = self._kept.setdefault(reader, OrderedDict())
            found = kept.get(terms)
            if found is not None:
                kept.move_to_end(terms)
                return found
        found = _global_ids(reader, terms)
        with self._lock:
            kept[terms] = found
            if len(kept) > self.size:
                kept.popitem(last=False)
        return found


DOC_IDS = _DocIds()


class _Context:
    """How often a word, as typed or corrected, occurs in an article beside the query's
    other words (their stems, in the body or the title): with all of them, the whole
    query finds that article; with all of them in its headline, the query is likely
    that headline's words, as a searcher remembers an article by."""

    def __init__(self, schema, searcher, words: tuple[str, ...]):
        self.schema, self.reader, self.words = schema, searcher.reader(), words
        self._docs: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}

    def _word_docs(self, word: str, fields: tuple[str, ...] = CONTEXT_FIELDS) -> np.ndarray:
        # A query word through its stems: the searcher may type another form of it.
        key = (word, fields)
        if key not in self._docs:
            names = [name for name in fields if name in self.schema]
            terms = tuple(sorted({(name, stem) for stem in _stem(self.schema, word) for name in names}))
            self._docs[key] = DOC_IDS.of(self.reader, terms) if terms else NO_DOCS
        return self._docs[key]

    def _term_docs(self, term: str, fields: tuple[str, ...] = EXACT_FIELDS) -> np.ndarray:
        # A candidate as itself: through its stem, a two-letter stem (اب of الاب) would be
        # beside every other word.
        return DOC_IDS.of(self.reader, tuple((name, term) for name in fields if name in self.schema))

    def _others(self, word: str, fields: tuple[str, ...] = CONTEXT_FIELDS) -> list[np.ndarray]:
        # The other words the index knows, rarest first (unknown ones tell nothing).
        found = [self._word_docs(other, fields) for other in self.words if other != word]
        return sorted((docs for docs in found if len(docs)), key=len)

    def has_others(self, word: str) -> bool:
        return bool(self._others(word))

    @staticmethod
    def _together(mine: np.ndarray, others: list[np.ndarray]) -> tuple[int, int]:
        if not len(mine) or not others:
            return (len(mine), len(mine))
        beside_rarest = together = intersect(mine, others[0])
        for docs in others[1:]:
            if not len(together):
                break
            together = intersect(together, docs)
        return (len(together), len(beside_rarest))

    def fit(self, word: str, candidate: str | None = None) -> tuple[int, int, int]:
        """Articles with the candidate and all the other words, with it and the rarest of
        them, with it and all of them in the headline; without a candidate, the word as typed."""
        mine = self._word_docs(word) if candidate is None else self._term_docs(candidate)
        together, beside_rarest = self._together(mine, self._others(word))
        if not together or candidate is None:
            return (together, beside_rarest, 0)
        headline = self._term_docs(candidate, (HEADLINE_FIELDS[0],))
        others = self._others(word, HEADLINE_FIELDS[1:])
        return (together, beside_rarest, self._together(headline, others)[0] if others else 0)


def _in_context_score(correction, fit: tuple[int, int, int]) -> tuple[bool, bool, bool, float]:
    # Lower is better: the whole corrected query finds articles (better, in a headline),
    # else the word is found beside the rarest other word; then closeness, more articles
    # with all the words worth a little (the noisy channel's "how likely is this word here").
    word, distance, frequency = correction
    return (
        not fit[0],
        not fit[2],
        not fit[1],
        candidate_score(distance, frequency) - CONTEXT_WEIGHT * math.log10(1 + fit[0]),
    )


def _pick(corrections, word: str, context: _Context | None):
    """The best correction in the query's context (corrections come closest first)."""
    if len(corrections) > 1 and context is not None:
        return min(
            corrections,
            key=lambda correction: _in_context_score(correction, context.fit(word, correction[0])),
        )
    return corrections[0] if corrections else None


def _stem_known_correction(vocabulary, term: str, word: str, context: _Context | None):
    """A word found only through its stem is corrected when a close word of another stem
    is in clearly more articles beside the query's other words than the word as typed:
    the light stemmer makes many typos "known" (المملك is found through المملكة), and
    correcting every such word gave suggestions to 5.7 % of correctly spelled queries
    (bench/README.md). Another form of the typed word's own stem never passes the test:
    its articles are among the typed word's."""
    if context is None or not context.has_others(word):
        return None
    typed = context.fit(word)[0]
    corrections = vocabulary.corrections(term, limit=CONTEXT_CANDIDATES)
    fitting = [c for c in corrections if context.fit(word, c[0])[0] > STEM_KNOWN_CLEARLY_MORE * typed]
    return _pick(fitting, word, context)


def _corrected(schema, reader, vocabulary: Vocabulary, word: str, context) -> tuple[str | None, bool]:
    """(the corrected word or None, whether the word is unknown to the index)."""
    term = _checked_term(schema, word)
    if term is None:
        return None, False
    frequency = _exact_frequency(reader, term)
    if frequency == 0 and _stem_known(schema, reader, word):
        best = _stem_known_correction(vocabulary, term, word, context)
        return (restore_spelling(word, term, best[0]) if best else None), False
    if frequency == 0:
        best = _pick(vocabulary.corrections(term, limit=CONTEXT_CANDIDATES), word, context)
        return (restore_spelling(word, term, best[0]) if best else None), True
    if frequency <= RARE_DF:
        best = vocabulary.correction(term)
        if best and best[1] <= 1.0 and best[2] >= RARER_BY * frequency:
            return restore_spelling(word, term, best[0]), False
    return None, False


def check(schema, searcher, vocabulary: Vocabulary, user_query: UserQuery) -> Spelling:
    """The corrected query (when any word changed) and the words to search typo-tolerantly."""
    reader = searcher.reader()
    context = _Context(schema, searcher, user_query.words) if len(user_query.words) > 1 else None
    words, tolerant, changed = [], [], False
    for word in user_query.words:
        corrected, unknown = _corrected(schema, reader, vocabulary, word, context)
        if corrected is not None:
            words.append(corrected)
            changed = True
            continue
        words.append(word)
        if unknown and len(_checked_term(schema, word) or "") >= TOLERANT_MIN_LENGTH:
            tolerant.append(word)
    suggestion = None
    if changed:
        suggestion = format_user_query(
            UserQuery(
                words=tuple(words),
                phrases=user_query.phrases,
                excluded_words=user_query.excluded_words,
                excluded_phrases=user_query.excluded_phrases,
            )
        )
    return Spelling(suggestion=suggestion, tolerant_words=tuple(tolerant))
