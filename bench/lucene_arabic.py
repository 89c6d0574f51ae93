"""Lucene's ArabicAnalyzer (Elasticsearch's `arabic` analyzer) as a Whoosh analyzer.

The benchmark's yardstick, re-implemented rule for rule from Lucene's sources:
StandardTokenizer -> LowerCaseFilter -> DecimalDigitFilter -> StopFilter (Savoy's list,
matched *before* normalisation, as Lucene does) -> ArabicNormalizationFilter ->
ArabicStemFilter. Classes are module-level because Whoosh pickles analyzers.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import CompositeAnalyzer, Filter, RegexTokenizer

# UAX#29 in short: letters, digits and combining marks form words (so harakat do not
# split them, and بـ5 stays one token); "." and apostrophes join letters, "," joins
# digits.
_WORD_CHAR = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
STANDARD_TOKEN_PATTERN = rf"{_WORD_CHAR}+(?:(?:[.'\u2019]|(?<=\d)[,;](?=\d)){_WORD_CHAR}+)*"

# Lucene's ar/stopwords.txt (Jacques Savoy, BSD), not normalised.
LUCENE_ARABIC_STOP_WORDS = frozenset(
    """
    من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا الا ألا
    إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان
    فأن وان وأن وإن التى التي الذى الذي الذين الى الي إلى إلي على عليها عليه اما أما
    إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى وهي وهو فهى فهي فهو انت أنت لك لها
    له هذه هذا تلك ذلك هناك كانت كان يكون تكون وكانت وكان غير بعض قد نحو بين بينما منذ
    ضمن حيث الان الآن خلال بعد قبل حتى عند عندما لدى جميع
    """.split()
)

_NORMALIZATION = str.maketrans(
    {
        "\u0622": "\u0627",  # ALEF_MADDA
        "\u0623": "\u0627",  # ALEF_HAMZA_ABOVE
        "\u0625": "\u0627",  # ALEF_HAMZA_BELOW
        "\u0649": "\u064a",  # DOTLESS_YEH
        "\u0629": "\u0647",  # TEH_MARBUTA
        # TATWEEL, KASRATAN, DAMMATAN, FATHATAN, FATHA, DAMMA, KASRA, SHADDA, SUKUN
        **dict.fromkeys("\u0640\u064d\u064c\u064b\u064e\u064f\u0650\u0651\u0652"),
    }
)

_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def lucene_normalize(term: str) -> str:
    """ArabicNormalizer.normalize."""
    return term.translate(_NORMALIZATION)


def _starts_with_check_length(term: str, prefix: str) -> bool:
    if len(prefix) == 1 and len(term) < 4:  # wa- prefix requires at least 3 characters
        return False
    if len(term) < len(prefix) + 2:  # other prefixes require only 2
        return False
    return term.startswith(prefix)


def _ends_with_check_length(term: str, suffix: str) -> bool:
    return len(term) >= len(suffix) + 2 and term.endswith(suffix)


def lucene_stem(term: str) -> str:
    """ArabicStemmer.stem: the first matching prefix, then every matching suffix in order."""
    for prefix in _PREFIXES:
        if _starts_with_check_length(term, prefix):
            term = term[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if _ends_with_check_length(term, suffix):
            term = term[: -len(suffix)]
    return term


def _fold_decimal_digits(term: str) -> str:
    if term.isascii():
        return term
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in term
    )


class LuceneLowerCaseDigitFilter(Filter):
    """LowerCaseFilter then DecimalDigitFilter."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _fold_decimal_digits(token.text.lower())
            yield token


class LuceneStopFilter(Filter):
    """StopFilter over the raw (lower-cased, unnormalised) token."""

    def __call__(self, tokens):
        for token in tokens:
            if token.text not in LUCENE_ARABIC_STOP_WORDS:
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


class LuceneArabicNormalizationFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = lucene_normalize(token.text)
            yield token


class LuceneArabicStemFilter(Filter):
    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = lucene_stem(token.text)
            yield token


def lucene_arabic_analyzer() -> CompositeAnalyzer:
    return CompositeAnalyzer(
        RegexTokenizer(re.compile(STANDARD_TOKEN_PATTERN)),
        LuceneLowerCaseDigitFilter(),
        LuceneStopFilter(),
        LuceneArabicNormalizationFilter(),
        LuceneArabicStemFilter(),
    )
