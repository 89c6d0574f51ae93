"""Which words of a hit's text to mark: those whose index terms, made by the searched
field's own analyzer, include a term of the query.

search.highlight finds the words' offsets and renders the snippet; this module decides
which words match, remembering each distinct word's terms (`WordTerms`).
"""

from __future__ import annotations

import bisect
import itertools
import re

from search.highlight import render_snippet, word_spans
from search.text.query_syntax import UserQuery
from search.text.tokenize import _WORD_RE

# Distinct words whose index terms a backend remembers for highlighting (WordTerms).
WORD_TERMS_CACHE_SIZE = 200_000
# The tokenizer's word pattern with its one group around the whole word, to split texts on.
_WORD_PIECES = re.compile("(" + re.sub(r"\(\?P<\w+>", "(?:", _WORD_RE.pattern) + ")")


class WordTerms:
    """The words whose index terms (as the field's analyzer makes them) include a wanted one.

    Each distinct word is analysed once and remembered both ways (word to terms, term to
    words), so a search's snippets cost set operations; the tokenizer treats every word on
    its own, so a word analysed apart gets the terms and stop word verdict it has in the
    text."""

    def __init__(self, size: int = WORD_TERMS_CACHE_SIZE):
        self.size = size
        self._kept: dict[str, tuple[dict, dict]] = {}

    def matching(self, analyzer, fieldname: str, words: set[str], wanted: set[str]) -> set[str]:
        if fieldname not in self._kept or len(self._kept[fieldname][0]) >= self.size:
            self._kept[fieldname] = ({}, {})
        terms_of, words_of = self._kept[fieldname]
        unseen = list(words.difference(terms_of))
        if unseen:
            # One analyzer pass over the new words, each told apart by where its tokens start.
            starts = list(itertools.accumulate((len(word) + 1 for word in unseen[:-1]), initial=0))
            found: dict[str, set[str]] = {word: set() for word in unseen}
            for token in analyzer(" ".join(unseen), chars=True, mode="index"):
                found[unseen[bisect.bisect_right(starts, token.startchar) - 1]].add(token.text)
            for word, terms in found.items():
                terms_of[word] = terms
                for term in terms:
                    words_of.setdefault(term, set()).add(word)
        return words & set().union(*(words_of.get(term, ()) for term in wanted))


def snippet(schema, word_terms: WordTerms, text: str, user_query: UserQuery, *, exact: bool = False) -> str:
    """The text's best stretch with the query's words marked, as the stemmed (or exact) text
    field's analyzer matches them."""
    fieldname = "exact" if exact else "text"
    analyzer = schema[fieldname].analyzer
    wanted = {
        token.text for part in user_query.words + user_query.phrases for token in analyzer(part, mode="query")
    }
    spans = word_spans(
        text, _WORD_PIECES, lambda words: word_terms.matching(analyzer, fieldname, words, wanted)
    )
    return render_snippet(text, spans)
