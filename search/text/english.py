"""English (and any other non-Arabic script) normalisation, stop words and stemming."""

from __future__ import annotations

import unicodedata
from functools import cache

import Stemmer

from search.text.arabic import fold_digits

# Lucene's English stop set plus a few pronouns and auxiliaries. Deliberately small:
# "us" (U.S.) and "who" (WHO) are news terms, not noise.
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    """
    a an and are as at be been but by for from had has have he her his if in into is it
    its no not of on or she such that the their then there these they this to was
    were will with
    """.split()
)
_END_OF_LATIN = 0x0250  # Basic Latin .. Latin Extended-B
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _fold_latin_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    # Only accents on Latin letters go: Devanagari or Hangul marks are letters' parts.
    if any(not unicodedata.combining(char) and ord(char) >= _END_OF_LATIN for char in decomposed):
        return word
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_english(word: str) -> str:
    """Lower case, accents folded (café -> cafe), possessive 's dropped, ASCII digits."""
    word = _fold_latin_accents(fold_digits(word).translate(_APOSTROPHES))
    word = unicodedata.normalize("NFKC", word).casefold()
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def is_english_stop_word(word: str) -> bool:
    return normalize_english(word) in ENGLISH_STOP_WORDS


@cache
def _snowball_english() -> Stemmer.Stemmer:
    # One C stemmer per process; it keeps its own cache of recent words.
    return Stemmer.Stemmer("english")


def stem_english(word: str) -> str:
    """Snowball (Porter2) English stem of a normalised word: satellites -> satellit."""
    return _snowball_english().stemWord(word)
