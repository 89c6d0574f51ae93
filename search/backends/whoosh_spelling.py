"""Spelling ("did you mean"): the whole corrected query when some word is unknown to the
index or far rarer than a close word, also for a query with no hits (haystack's stock
backend suggests nothing then), and the words left for the typo-tolerant fallback.

A word is corrected against the index's own vocabulary (whoosh_vocabulary) with the
typing-aware distance of search.text.spelling. When several corrections are about as close,
the one that makes the query a headline's words wins (_Context): نجود in "نجود وقف" is
جنود there, not the commoner وجود.
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
from search.whoosh_internals import posting_ids

# A known word is still corrected when it is in at most this many documents and a word
# one edit away is in this many times more (a typo that happens to be in one article).
RARE_DF = 1
RARER_BY = 200
TOLERANT_MIN_LENGTH = 5  # the typo-tolerant fallback: words this long, one edit
# Where a correction is looked for beside the query's other words (see _Context): the
# headline, the candidate as itself, the other words through their stems.
CANDIDATE_FIELD = "exact_title"
CONTEXT_FIELD = "title"
# Corrections about as close as the best that the context may choose between.
CONTEXT_CANDIDATES = 6
CONTEXT_WEIGHT = 0.1  # edits an order of magnitude of headlines with all the query's words is worth
# A word known through its stem is corrected when a correction is beside the other words in
# more than this many times the headlines (see _stem_known_correction).
STEM_KNOWN_CLEARLY_MORE = 3
DOC_IDS_KEPT = 512  # terms whose documents a reader keeps for the context checks
NO_DOCS = np.zeros(0, dtype=np.int64)
# Fewer documents than postings by this factor are looked up one by one (see members): a
# postings block holds up to 128 documents, each lookup may read one.
LOOKUP_RATIO = 64


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
    """A term's documents in one segment (a Term query's matcher would also set up a scorer,
    which was most of a context check's cost)."""
    btext = segment.schema[fieldname].to_bytes(term)
    if (fieldname, btext) not in segment:
        return array("q")
    return posting_ids(segment.postings(fieldname, btext))


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


def _segment_members(segment, fieldname: str, term: str, docs: list[int]) -> list[int]:
    # Skipping to each document reads the postings blocks' headers, not the blocks between.
    btext = segment.schema[fieldname].to_bytes(term)
    if (fieldname, btext) not in segment:
        return []
    matcher, found = segment.postings(fieldname, btext), []
    for doc in docs:
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        if matcher.is_active() and matcher.id() == doc:
            found.append(doc)
    return found


def members(reader, terms: tuple[tuple[str, str], ...], docs: np.ndarray) -> np.ndarray:
    """Those of the documents (sorted global numbers) that have any of the terms: looked up
    one by one when they are few beside the terms' postings (a common word's thousands of
    documents at 50,000 articles cost most of a check to read), else read whole."""
    if not len(docs) or not terms:
        return NO_DOCS
    postings = sum(reader.doc_frequency(fieldname, term) for fieldname, term in terms)
    if len(docs) * LOOKUP_RATIO >= postings:
        return intersect(DOC_IDS.of(reader, terms), docs)
    found: list[int] = []
    for segment, offset in reader.leaf_readers():
        local = docs[(docs >= offset) & (docs < offset + segment.doc_count_all())] - offset
        if not len(local):
            continue
        local_list = local.tolist()
        for fieldname, term in terms:
            found.extend(offset + doc for doc in _segment_members(segment, fieldname, term, local_list))
    return np.unique(np.array(found, dtype=np.int64)) if found else NO_DOCS


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
    """How often a word, as typed or corrected, occurs in a headline beside the query's
    other words (their stems): with all of them, the query is likely that headline's words,
    as a searcher remembers an article by. Headlines only: with the bodies too, a commoner
    word was beside the others in more stories (نجود وقف: وجود before جنود), and reading a
    common word's body postings took the p95 at 50,000 articles to 15 ms (bench/README.md).

    Only the rarest of the words' documents are read whole: the others are looked up
    among them (members)."""

    def __init__(self, schema, searcher, words: tuple[str, ...]):
        self.schema, self.reader, self.words = schema, searcher.reader(), words
        self._others_of: dict[str, list[tuple[int, tuple]]] = {}

    def _terms(self, fieldname: str, texts) -> tuple[tuple[str, str], ...]:
        return tuple(sorted({(fieldname, text) for text in texts})) if fieldname in self.schema else ()

    def _stems(self, word: str) -> tuple[tuple[str, str], ...]:
        # A query word through its stems: the searcher may type another form of it.
        return self._terms(CONTEXT_FIELD, _stem(self.schema, word))

    def _frequency(self, terms) -> int:
        return sum(self.reader.doc_frequency(name, text) for name, text in terms)

    def _others(self, word: str) -> list[tuple[int, tuple]]:
        """The other words' terms with their postings, rarest first; the words the index does
        not know are left out (they tell nothing)."""
        if word not in self._others_of:
            others = [self._stems(other) for other in self.words if other != word]
            others = sorted((self._frequency(terms), terms) for terms in others if terms)
            self._others_of[word] = [(frequency, terms) for frequency, terms in others if frequency]
        return self._others_of[word]

    def has_others(self, word: str) -> bool:
        return bool(self._others(word))

    def fit(self, word: str, candidate: str | None = None) -> tuple[int, int]:
        """Headlines with the candidate and all the other words, with it and the rarest of
        them; without a candidate, of the word as typed. The rarer of the candidate and the
        rarest other word is read whole, the rest are looked up among its documents."""
        # A candidate as itself: through its stem, a two-letter stem (اب of الاب) would be
        # beside every other word.
        mine = self._stems(word) if candidate is None else self._terms(CANDIDATE_FIELD, (candidate,))
        frequency, others = self._frequency(mine), self._others(word)
        if not others or not frequency:
            return (frequency, frequency)
        (_, rarer), (_, commoner) = sorted([(frequency, mine), others[0]])
        beside_rarest = together = members(self.reader, commoner, DOC_IDS.of(self.reader, rarer))
        for _, terms in others[1:]:
            if not len(together):
                break
            together = members(self.reader, terms, together)
        return (len(together), len(beside_rarest))


def _in_context_score(correction, fit: tuple[int, int]) -> tuple[bool, bool, float]:
    # Lower is better: the whole corrected query is a headline's words, else the word is in
    # a headline beside the rarest other word; then closeness, more headlines with all the
    # words worth a little (the noisy channel's "how likely is this word here").
    word, distance, frequency = correction
    return (
        not fit[0],
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
    is in clearly more headlines beside the query's other words than the word as typed:
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
