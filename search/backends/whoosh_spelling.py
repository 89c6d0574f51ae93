"""Spelling ("did you mean"): the whole corrected query when some word is unknown to the
index or far rarer than a close word, also for a query with no hits (haystack's stock
backend suggests nothing then), and the words left for the typo-tolerant fallback.

A word counts as known when its exact form or one of its stems is in the index; it is
corrected against the index's own vocabulary (whoosh_vocabulary) with the typing-aware
distance of search.text.spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.backends.whoosh_vocabulary import Vocabulary
from search.text.query_syntax import UserQuery, format_user_query
from search.text.spelling import restore_spelling

# A known word is still corrected when it is in at most this many documents and a word
# one edit away is in this many times more (a typo that happens to be in one article).
RARE_DF = 1
RARER_BY = 200
TOLERANT_MIN_LENGTH = 5  # the typo-tolerant fallback: words this long, one edit


@dataclass(frozen=True)
class Spelling:
    suggestion: str | None = None  # the whole query, corrected
    tolerant_words: tuple[str, ...] = ()  # unknown words with no correction (searched fuzzily)


def _exact_frequency(reader, term: str) -> int:
    return sum(reader.doc_frequency(name, term) for name in ("exact", "exact_title"))


def _stem_known(schema, reader, word: str) -> bool:
    stems = [token.text for token in schema["text"].analyzer(word, mode="query")]
    return any(reader.doc_frequency(name, stem) > 0 for name in ("text", "title") for stem in stems)


def _checked_term(schema, word: str) -> str | None:
    terms = [token.text for token in schema["exact"].analyzer(word, mode="query")]
    if len(terms) != 1 or not terms[0].isalpha():
        return None
    return terms[0]


def _corrected(schema, reader, vocabulary: Vocabulary, word: str) -> tuple[str | None, bool]:
    """(the corrected word or None, whether the word is unknown to the index)."""
    term = _checked_term(schema, word)
    if term is None:
        return None, False
    frequency = _exact_frequency(reader, term)
    if frequency == 0 and _stem_known(schema, reader, word):
        return None, False
    correction = vocabulary.correction(term)
    if frequency == 0:
        return (restore_spelling(word, term, correction[0]) if correction else None), True
    if correction and frequency <= RARE_DF and correction[1] <= 1.0 and correction[2] >= RARER_BY * frequency:
        return restore_spelling(word, term, correction[0]), False
    return None, False


def check(schema, reader, vocabulary: Vocabulary, user_query: UserQuery) -> Spelling:
    """The corrected query (when any word changed) and the words to search typo-tolerantly."""
    words, tolerant, changed = [], [], False
    for word in user_query.words:
        corrected, unknown = _corrected(schema, reader, vocabulary, word)
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
