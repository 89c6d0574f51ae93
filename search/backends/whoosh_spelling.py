"""Spelling ("did you mean"): the whole corrected query when some word is unknown to the
index or far rarer than a close word, also for a query with no hits (haystack's stock
backend suggests nothing then), and the words left for the typo-tolerant fallback.

A word is corrected against the index's own vocabulary (whoosh_vocabulary) with the
typing-aware distance of search.text.spelling. When several corrections are about as close,
the first that occurs in some article beside the query's other words wins: نجود in
"نجود وقف" is جنود there, not the commoner وجود.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from search.backends.whoosh_vocabulary import Vocabulary
from search.text.query_syntax import UserQuery, format_user_query
from search.text.spelling import restore_spelling

# A known word is still corrected when it is in at most this many documents and a word
# one edit away is in this many times more (a typo that happens to be in one article).
RARE_DF = 1
RARER_BY = 200
TOLERANT_MIN_LENGTH = 5  # the typo-tolerant fallback: words this long, one edit
CONTEXT_FIELD = "text"  # the body (stemmed): titles are about what their body says


@dataclass(frozen=True)
class Spelling:
    suggestion: str | None = None  # the whole query, corrected
    tolerant_words: tuple[str, ...] = ()  # unknown words with no correction (searched fuzzily)


def _exact_frequency(reader, term: str) -> int:
    # At least this many documents have the word (in the title, the body or both).
    return max(reader.doc_frequency(name, term) for name in ("exact", "exact_title"))


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


class _Context:
    """Whether a correction occurs in some article beside the query's other words."""

    def __init__(self, schema, searcher, words: tuple[str, ...]):
        self.schema, self.searcher, self.words = schema, searcher, words
        self._rarest: dict[str, wq.Query | None] = {}

    def _rarest_other(self, word: str) -> wq.Query | None:
        # The rarest known other word alone: a cheap test, and the one that tells most.
        if word not in self._rarest:
            reader = self.searcher.reader()
            others = [stem for other in self.words if other != word for stem in _stem(self.schema, other)]
            stems = [(reader.doc_frequency(CONTEXT_FIELD, stem), stem) for stem in others]
            stems = [found for found in stems if found[0] > 0]
            self._rarest[word] = wq.Term(CONTEXT_FIELD, min(stems)[1]) if stems else None
        return self._rarest[word]

    def fits(self, word: str, correction: str) -> bool:
        other = self._rarest_other(word)
        mine = _stem(self.schema, correction)
        if other is None or len(mine) != 1:
            return True
        return wq.And([wq.Term(CONTEXT_FIELD, mine[0]), other]).matcher(self.searcher).is_active()


def _pick(corrections, word: str, context: _Context | None):
    if len(corrections) > 1 and context is not None:
        for correction in corrections:
            if context.fits(word, correction[0]):
                return correction
    return corrections[0] if corrections else None


def _corrected(schema, reader, vocabulary: Vocabulary, word: str, context) -> tuple[str | None, bool]:
    """(the corrected word or None, whether the word is unknown to the index)."""
    term = _checked_term(schema, word)
    if term is None:
        return None, False
    frequency = _exact_frequency(reader, term)
    if frequency == 0 and _stem_known(schema, reader, word):
        # Found through its stem (another form of a known word): correcting it gave
        # suggestions to 5.7 % of correctly spelled queries instead of 1 % (bench/README.md).
        return None, False
    if frequency == 0:
        best = _pick(vocabulary.corrections(term), word, context)
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
