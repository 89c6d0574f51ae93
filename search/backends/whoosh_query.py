"""The user's query and filters as Whoosh queries.

Each word or phrase is analysed exactly as the field it searches was indexed, in every
searched field at that field's weight; all words are required (or any of them, for the
relaxed retry), excluded ones are subtracted. Filters become terms and a date range.
A word unknown to the index with no spelling correction can be searched typo-tolerantly:
the words one edit away in the exact fields, at a weight below any real match. The page is
ranked by that query plus a bonus for a headline holding the words in the order typed.
"""

from __future__ import annotations

from datetime import date, datetime

from whoosh import query as wq

from archive.text.mentions import normalize_name
from search.query import ENTITY_FIELD, SearchFilters
from search.text.query_syntax import UserQuery

# The whole names of an article's entities, one term each (search_indexes.entity_keys).
ENTITY_KEYS = "entity_keys"
MAX_NAME_WORDS = 6


def field_query(schema, fieldname: str, text: str, boost: float) -> wq.Query | None:
    """One word or phrase in one field, analysed exactly as that field was indexed."""
    analyzer = schema[fieldname].analyzer
    terms = [token.text for token in analyzer(text, mode="query")]
    if not terms:
        return None
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0], boost=boost)
    return wq.Phrase(fieldname, terms, boost=boost)


def text_query(schema, text: str, fields: dict[str, float]) -> wq.Query | None:
    parts = [field_query(schema, name, text, boost) for name, boost in fields.items()]
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return wq.Or(parts) if len(parts) > 1 else parts[0]


# The typo-tolerant expansion's weight: under an exact or stemmed match of any word.
TOLERANT_BOOST = 0.3
TOLERANT_FIELDS = ("exact_title", "exact")


def tolerant_text_query(schema, text: str, fields: dict[str, float]) -> wq.Query | None:
    """A word as text_query searches it, or else a word one edit away (same first letter)
    in the exact fields: a typo that the corrector had no suggestion for still finds its article."""
    plain = text_query(schema, text, fields)
    terms = [token.text for token in schema["exact"].analyzer(text, mode="query")]
    if len(terms) != 1:
        return plain
    fuzzy = [
        wq.FuzzyTerm(name, terms[0], boost=TOLERANT_BOOST * fields.get(name, 1.0), maxdist=1, prefixlength=1)
        for name in TOLERANT_FIELDS
        if name in schema
    ]
    parts = ([plain] if plain is not None else []) + fuzzy
    return wq.Or(parts) if len(parts) > 1 else (parts[0] if parts else None)


# The query's words in the order typed, in the headline with at most this many words between
# two of them: a searcher recalls a headline's words in its order, and near-duplicate
# headlines (the same event, the same words) differ mostly in that order. Its weight, a
# share of the title field's, adds about the title score once more. Chosen on the FA-KES
# title set's tuning seed (bench/README.md #14): slop 3 / 5 / 10 / 20 gave 0.845 / 0.847 /
# 0.853 / 0.853, weight 0.5 / 1 / 2 about the same.
TITLE_ORDER_SLOP = 10
TITLE_ORDER_WEIGHT = 1.0
TITLE_FIELDS = ("title", "exact_title")


def title_order_bonus(schema, user_query: UserQuery, fields: dict[str, float]) -> wq.Query | None:
    """The query's words in their order in the headline (the first title field searched)."""
    field = next((name for name in TITLE_FIELDS if name in fields and name in schema), None)
    if field is None:
        return None
    analyzer = schema[field].analyzer
    terms = [token.text for token in analyzer(" ".join(user_query.words), mode="query")]
    if len(terms) < 2:
        return None
    return wq.Phrase(field, terms, slop=TITLE_ORDER_SLOP, boost=TITLE_ORDER_WEIGHT * fields[field])


def ranked_query(schema, matching: wq.Query, user_query: UserQuery, fields: dict[str, float]) -> wq.Query:
    """The query that orders the hits of `matching`: the same documents, a headline holding
    the words in the order typed ranked higher."""
    bonus = title_order_bonus(schema, user_query, fields)
    return matching if bonus is None else wq.AndMaybe(matching, bonus)


def _whole_names(words: list[str], boost: float) -> list[list[wq.Query]]:
    """For each word, the entity names that a run of the query's words around it spells whole:
    "United Kingdom" is a name, its words alone are not (nor "Kingdom" + another "United")."""
    keys = [normalize_name(word) for word in words]
    alternatives: list[list[wq.Query]] = [[] for _ in words]
    for first in range(len(words)):
        for last in range(first, min(len(words), first + MAX_NAME_WORDS)):
            key = " ".join(key for key in keys[first : last + 1] if key)
            if key:
                term = wq.Term(ENTITY_KEYS, key, boost=boost)
                for index in range(first, last + 1):
                    alternatives[index].append(term)
    return alternatives


def _with_names(own: wq.Query | None, names: list[wq.Query]) -> wq.Query | None:
    parts = [part for part in [own, *names] if part is not None]
    if not parts:
        return None
    return wq.Or(parts) if len(parts) > 1 else parts[0]


def user_query_to_whoosh(
    schema,
    user_query: UserQuery,
    *,
    fields: dict[str, float],
    require_all: bool = True,
    tolerant: frozenset[str] = frozenset(),
) -> wq.Query | None:
    """`tolerant`: the words searched with tolerant_text_query."""
    entity_boost = fields.get(ENTITY_FIELD[0])
    names_indexed = entity_boost is not None and ENTITY_KEYS in schema.names()
    if names_indexed:
        # Through an entity only by a whole name of it: the via-entity part of the query.
        fields = {name: boost for name, boost in fields.items() if name != ENTITY_FIELD[0]}

    def own(text: str) -> wq.Query | None:
        return (tolerant_text_query if text in tolerant else text_query)(schema, text, fields)

    words, phrases = user_query.words, user_query.phrases
    if names_indexed:
        positives = [
            _with_names(own(text), names)
            for text, names in zip(words, _whole_names(words, entity_boost), strict=True)
        ]
        positives += [
            _with_names(text_query(schema, text, fields), _whole_names([text], entity_boost)[0])
            for text in phrases
        ]
        # A word the text analysis drops (a stop word, "<b>") must not become required through
        # the entity names alone; a longer name spelled with it still counts for its other words.
        searched = [text_query(schema, text, fields) is not None for text in [*words, *phrases]]
        positives = [part if kept else None for part, kept in zip(positives, searched, strict=True)]
    else:
        positives = [own(text) for text in words]
        positives += [text_query(schema, text, fields) for text in phrases]
    positives = [part for part in positives if part is not None]
    negatives = [
        text_query(schema, text, fields) for text in user_query.excluded_words + user_query.excluded_phrases
    ]
    negatives = [part for part in negatives if part is not None]
    if not positives:
        return None
    combined = wq.And(positives) if require_all else wq.Or(positives, scale=0.9)
    if negatives:
        combined = wq.AndNot(combined, wq.Or(negatives))
    return combined


def _as_datetime(value: date, *, end: bool = False) -> datetime:
    if end:
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return datetime(value.year, value.month, value.day)


def filters_to_whoosh(filters: SearchFilters | None) -> wq.Query | None:
    # Articles are the only documents (search_indexes.py): a django_ct term would match
    # the whole index and cost a bitset of every document on each query.
    parts: list[wq.Query] = []
    if filters:
        parts += [wq.Term(field, value) for field, value in filters.facet_terms()]
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
