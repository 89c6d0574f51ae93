"""Split mixed Arabic/English text into search terms, keeping offsets into the original.

Words are found in the text exactly as stored (vowelled, with tatweel) and the marks are
treated as part of the word they sit in; they are stripped from each word afterwards.
That has the effect of stripping them before tokenising (a word is never split at a
haraka, as Whoosh's own tokenizer does) while every offset still points into the
original text, so a highlighter can mark وَزِيرُ itself rather than a shifted slice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from search.text.arabic import (
    ARABIC_MARKS,
    is_arabic_stop_word,
    normalize_arabic,
    stem_arabic,
)
from search.text.english import ENGLISH_STOP_WORDS, normalize_english, stem_english
from search.text.script import ARABIC_LETTERS, has_arabic

ARABIC = "ar"
ENGLISH = "en"  # Latin letters, digits and any other script: the English chain

_NOT_ARABIC_WORD_CHAR = rf"[^\W_{ARABIC_LETTERS}{ARABIC_MARKS}]"
_WORD_RE = re.compile(
    rf"(?P<ar>[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*)"
    # 2.5, 1,000 and ٣٫٥ stay one number
    rf"|(?P<number>\d+(?:[.,\u066b\u066c]\d+)+)"
    # Latin (and other) words; an inner apostrophe keeps Syria's or don't in one piece
    rf"|(?P<en>{_NOT_ARABIC_WORD_CHAR}+(?:['\u2019]{_NOT_ARABIC_WORD_CHAR}+)*)"
)
_MIN_WORD_LENGTH = 2  # single letters (a stray و or the ب of بـ5) are noise; digits are not


class Word(NamedTuple):
    """A normalised, unstemmed word and where it was in the original text."""

    term: str
    start: int
    end: int
    script: str
    is_stop: bool


class AnalyzedToken(NamedTuple):
    """A search term; text[start:end] is the original word it came from."""

    term: str
    start: int
    end: int
    position: int
    script: str
    stopped: bool = False


def _is_too_short(term: str) -> bool:
    return len(term) < _MIN_WORD_LENGTH and not term.isdigit()


# News text repeats its words (Zipf): caching the analysis of each distinct raw word (and
# stem) makes indexing several times faster. 32k words catch the frequent ones; a bigger
# cache only grows (by ~250 bytes a word) with the rare ones, in every writer process of a
# 50,000-article import.
WORD_CACHE_SIZE = 1 << 15


def _normalise(raw: str, script: str) -> tuple[str, bool]:
    """(normalised text, is it a stop word) for a raw word of the given script."""
    if script == ARABIC:
        return normalize_arabic(raw), is_arabic_stop_word(raw)
    normalised = normalize_english(raw)
    return normalised, normalised in ENGLISH_STOP_WORDS


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _terms_of(raw: str, script: str) -> tuple[tuple[str, bool], ...]:
    """(term, is it a stop word or too short) for each term a raw word normalises to."""
    normalised, is_stop = _normalise(raw, script)
    terms = normalised.split()
    if len(terms) > 1:
        # A compatibility form expanded into several words (ﷺ): they share its span.
        stops = [_normalise(term, script)[1] for term in terms]
    else:
        stops = [is_stop] * len(terms)
    pairs = zip(terms, stops, strict=True)
    return tuple((term, term_is_stop or _is_too_short(term)) for term, term_is_stop in pairs)


_new_word = tuple.__new__  # Word(...) goes through a Python-level __new__: one frame a word


def iter_words(text: str) -> Iterator[Word]:
    """Every word of the text, normalised but not stemmed, stop words included."""
    # Each distinct raw word is normalised once (_terms_of): tokenising is most of the
    # indexing time of a body, analysed once for the stemmed and exact fields together.
    for match in _WORD_RE.finditer(text):
        script = ARABIC if match.lastgroup == ARABIC else ENGLISH
        start, end = match.span()
        for term, is_stop in _terms_of(match.group(), script):
            yield _new_word(Word, (term, start, end, script, is_stop))


def word_of(text: str) -> Word:
    """The whole text as one word, for Whoosh's tokenize=False (ranges, wildcards)."""
    script = ARABIC if has_arabic(text) else ENGLISH
    normalised, is_stop = _normalise(text.strip(), script)
    return Word(normalised, 0, len(text), script, is_stop)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem_term(term: str, script: str) -> str:
    """Stem a normalised term with its script's stemmer."""
    if script == ARABIC:
        return stem_arabic(term)
    return term if term.isdigit() else stem_english(term)


def iter_tokens(text: str, *, stem: bool = True, remove_stops: bool = True) -> Iterator[AnalyzedToken]:
    """Analyse text token by token, each with the chain of its own script.

    Positions count the tokens yielded, so a phrase skips removed stop words the same
    way at index and query time. With remove_stops=False stop words are yielded
    unstemmed and flagged, as Whoosh's highlighter expects.
    """
    position = 0
    for word in iter_words(text):
        if word.is_stop and remove_stops:
            continue
        term = stem_term(word.term, word.script) if stem and not word.is_stop else word.term
        yield AnalyzedToken(term, word.start, word.end, position, word.script, word.is_stop)
        position += 1


def analyze(text: str, *, stem: bool = True) -> list[str]:
    """The search terms of a text: analyze("والاتصالات الحديثة") == ["اتصال", "حديث"]."""
    return [token.term for token in iter_tokens(text, stem=stem)]
