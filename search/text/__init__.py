"""Arabic and English text analysis as pure functions (no Whoosh, no Django)."""

from search.text.arabic import (
    ARABIC_STOP_WORDS,
    fold_digits,
    is_arabic_stop_word,
    normalize_arabic,
    stem_arabic,
    strip_diacritics,
)
from search.text.english import (
    ENGLISH_STOP_WORDS,
    is_english_stop_word,
    normalize_english,
    stem_english,
)
from search.text.tokenize import (
    ARABIC,
    ENGLISH,
    AnalyzedToken,
    Word,
    analyze,
    iter_tokens,
    iter_words,
    stem_term,
    word_of,
)

__all__ = [
    "ARABIC",
    "ARABIC_STOP_WORDS",
    "ENGLISH",
    "ENGLISH_STOP_WORDS",
    "AnalyzedToken",
    "Word",
    "analyze",
    "fold_digits",
    "is_arabic_stop_word",
    "is_english_stop_word",
    "iter_tokens",
    "iter_words",
    "normalize_arabic",
    "normalize_english",
    "stem_arabic",
    "stem_english",
    "stem_term",
    "strip_diacritics",
    "word_of",
]
