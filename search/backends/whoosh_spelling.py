"""Spelling suggestions ("did you mean"): a corrected query when some word is unknown to the index, also for a
query with no hits (haystack's stock backend suggests nothing then).

Words are corrected against the exact (unstemmed) field, and a word counts as known when
its exact form or one of its stems is in the index.
"""

from __future__ import annotations

from search.text.query_syntax import UserQuery, format_user_query


def _known_word(schema, reader, word: str, exact_term: str) -> bool:
    if reader.doc_frequency("exact", exact_term) > 0:
        return True
    stems = [token.text for token in schema["text"].analyzer(word, mode="query")]
    return any(reader.doc_frequency(name, stem) > 0 for name in ("text", "title") for stem in stems)


def suggest(schema, searcher, user_query: UserQuery) -> str | None:
    """A corrected query when some word is unknown to the index, even with zero hits."""
    reader = searcher.reader()
    analyzer = schema["exact"].analyzer
    corrector = searcher.corrector("exact")
    changed = False
    words = []
    for word in user_query.words:
        terms = [token.text for token in analyzer(word, mode="query")]
        if len(terms) != 1 or _known_word(schema, reader, word, terms[0]):
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
