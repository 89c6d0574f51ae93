"""Whoosh analyzers built on the project's own text chain (search.text).

Whoosh pickles analyzers into the index schema, so everything here is a module-level
class with plain attributes: no lambdas, no stemmer objects, nothing bound at runtime.
The same analyzer object serves indexing, query parsing, highlighting (which calls it
with chars=True, removestops=False) and spelling (no_morph=True skips stemming), so a
word is analysed identically wherever it is met.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer
from whoosh.formats import Positions

from search.text.tokenize import ENGLISH, iter_words, stem_term, word_of


class _RecentTexts(threading.local):
    def __init__(self) -> None:
        self.words: dict[str, list] = {}


_recent = _RecentTexts()
# Whoosh analyses a document's fields in name order (exact, exact_title, text, title), so
# the body comes back after the title: keep a few texts, not only the last one.
_RECENT_TEXTS = 4


def _words_of(value: str) -> list:
    """The words of the text; the stemmed and exact fields analyse the same body in turn,
    so the last few texts' words are kept (per thread) and each body is split only once."""
    recent = _recent.words
    words = recent.get(value)
    if words is None:
        if len(recent) >= _RECENT_TEXTS:
            del recent[next(iter(recent))]
        words = recent[value] = list(iter_words(value))
    return words


class BilingualTokenizer(Tokenizer):
    """Finds Arabic and English words, normalised, with offsets into the original text.

    Each token carries ``script`` ("ar" or "en") for the stemming filter and
    ``stop_word`` for the stop filter, decided on the unfolded word (على is a stop
    word, the name علي is not).
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        # One Token object reused for every word, as Whoosh's own tokenizers do.
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = _words_of(value) if tokenize else iter([word_of(value)])
        for position, word in enumerate(words, start=start_pos):
            token.text = word.term
            token.script = word.script
            token.stop_word = word.is_stop
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = value[word.start : word.end]
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + word.start
                token.endchar = start_char + word.end
            yield token


class BilingualStopFilter(Filter):
    """Drops (or, with removestops=False, marks) stop words, like Whoosh's StopFilter.

    Positions are renumbered over the remaining words, as Whoosh's StopFilter does by
    default, so phrase queries behave the same as with Whoosh's stock analyzers.
    """

    def __init__(self, renumber: bool = True):
        self.renumber = renumber

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        position = None
        for token in tokens:
            if not getattr(token, "stop_word", False):
                if self.renumber and token.positions:
                    position = token.pos if position is None else position + 1
                    token.pos = position
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


class BilingualStemFilter(Filter):
    """Stems each token with its own script's stemmer (light Arabic or Snowball English)."""

    # Lets Whoosh skip this filter (no_morph=True) where it wants surface words: spelling.
    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.stopped:
                token.text = stem_term(token.text, getattr(token, "script", ENGLISH))
            yield token


def bilingual_analyzer() -> CompositeAnalyzer:
    """Normalise, drop stop words and stem: the main text fields."""
    return CompositeAnalyzer(BilingualTokenizer(), BilingualStopFilter(), BilingualStemFilter())


def exact_analyzer() -> CompositeAnalyzer:
    """Normalise and drop stop words, no stemming: the "exact" fields that rank exact forms."""
    return CompositeAnalyzer(BilingualTokenizer(), BilingualStopFilter())


# -- indexing: each text analysed once for its stemmed and exact fields ----------------------
STEMMED, EXACT = "stemmed", "exact"


def chain_kind(analyzer) -> str | None:
    """STEMMED or EXACT for the two chains above (as built there), else None."""
    items = getattr(analyzer, "items", None)
    if not isinstance(analyzer, CompositeAnalyzer) or not items or type(items[0]) is not BilingualTokenizer:
        return None
    kinds = [type(item) for item in items[1:]]
    if not (kinds and kinds[0] is BilingualStopFilter and items[1].renumber):
        return None
    if kinds == [BilingualStopFilter]:
        return EXACT
    return STEMMED if kinds == [BilingualStopFilter, BilingualStemFilter] else None


class _RecentTables(threading.local):
    def __init__(self) -> None:
        self.tables: dict[str, dict[str, dict[str, list[int]]]] = {}


_tables = _RecentTables()


def index_positions(value: str, kind: str) -> dict[str, list[int]]:
    """Each term of the text, in the order first met, with its positions, exactly as indexing
    with that chain counts them (stop words dropped and the rest renumbered from the first
    one kept). The exact and stemmed fields index the same title and body: both tables are
    made in one pass over the words, each stem the stem of an exact term."""
    recent = _tables.tables
    tables = recent.get(value)
    if tables is None:
        if len(recent) >= _RECENT_TEXTS:
            del recent[next(iter(recent))]
        tables = recent[value] = _positions_tables(value)
    return tables[kind]


def _positions_tables(value: str) -> dict[str, dict[str, list[int]]]:
    exact: dict[str, list[int]] = {}
    scripts: dict[str, str] = {}
    position = None
    for index, word in enumerate(_words_of(value)):
        if word.is_stop:
            continue
        position = index if position is None else position + 1
        positions = exact.get(word.term)
        if positions is None:
            exact[word.term] = [position]
            scripts[word.term] = word.script
        else:
            positions.append(position)
    stemmed: dict[str, list[int]] = {}
    for term, positions in exact.items():
        stem = stem_term(term, scripts[term])
        known = stemmed.get(stem)
        if known is None:
            stemmed[stem] = positions
        else:
            # Two forms of one stem: their positions interleave.
            stemmed[stem] = sorted(known + positions)
    return {EXACT: exact, STEMMED: stemmed}


class IndexPositions(Positions):
    """Whoosh's Positions format, with the postings of the two bilingual chains taken from
    index_positions: the same terms, frequencies, weights and encoded positions, without a
    token object through three generators per word of every field (a third of a writer
    process's time before, bench/README.md #16). Any other analyzer or option: Whoosh's way."""

    def word_values(self, value, analyzer, **kwargs):
        kind = chain_kind(analyzer) if kwargs == {"mode": "index"} and isinstance(value, str) else None
        if kind is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for term, positions in index_positions(value, kind).items():
            # Whoosh sums a boost of 1.0 per token: the frequency as a float.
            yield (term, len(positions), float(len(positions)) * boost, encode(positions))
