"""How editors find entities and articles in the admin, folded as the gazetteer folds.

A word matches the start of a word of a name (harakat, hamza forms, case and accents folded
away), so عمان finds عُمان and "Iyad" finds Iyad Al-Khatib but not Riyadh. In a title a word
matches anywhere, so that its clitics need not be typed: الاردن finds والأردن.
"""

from __future__ import annotations

from django.db.models import Q

from archive.text.mentions import normalize_name


def folded_name_q(term: str, *, field: str = "aliases__normalized") -> Q | None:
    """Every word of the term starting a word of one name; None when the term has no words."""
    return _every_word(
        term, lambda word: Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
    )


def folded_title_q(term: str, *, field: str = "title_folded") -> Q | None:
    """Every word of the term inside the folded title; None when the term has no words."""
    return _every_word(term, lambda word: Q(**{f"{field}__contains": word}))


def _every_word(term: str, matching) -> Q | None:
    words = normalize_name(term).split()
    if not words:
        return None
    query = Q()
    for word in words:
        query &= matching(word)
    return query
