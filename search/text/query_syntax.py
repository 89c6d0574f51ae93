"""What a searcher typed, split into the few things the search box understands.

The syntax is deliberately small and forgiving: words, "phrases in quotes", and `-word` or
`-"phrase"` to exclude. Everything else (stray operators, wildcards, brackets, unbalanced
quotes, control characters) is treated as plain text, so no input can make the engine fail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500

# Quotes people actually type: ASCII, typographic, guillemets (common in Arabic text).
_QUOTES = "\"“”«»„"
_PART = re.compile(rf"(-?)[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]|(\S+)")
# Characters Whoosh or Lucene would read as syntax; for us they only separate words.
_SYNTAX = re.compile(r"[*?:()\[\]{}^~\\/+!&|<>=;,.،؛؟]+")


@dataclass(frozen=True)
class UserQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded_words: tuple[str, ...] = ()
    excluded_phrases: tuple[str, ...] = ()
    truncated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)

    @property
    def has_exclusions(self) -> bool:
        return bool(self.excluded_words or self.excluded_phrases)


def clean_query_text(text: str) -> str:
    """Drop control characters (NUL included) and fold compatibility forms (Arabic ligatures)."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\u200c\u200d" else " "
                   for ch in text)
    return unicodedata.normalize("NFKC", text)


def _words_of(text: str) -> list[str]:
    return [word for word in _SYNTAX.sub(" ", text).split() if word.strip("-'\"")]


def parse_user_query(text: str, *, max_length: int = MAX_QUERY_LENGTH) -> UserQuery:
    text = clean_query_text(text or "")
    truncated = len(text) > max_length
    if truncated:
        text = text[:max_length]
    # An odd quote count means an unbalanced quote: the lone last one is ordinary text.
    if sum(text.count(q) for q in _QUOTES) % 2:
        last = max(text.rfind(q) for q in _QUOTES)
        text = text[:last] + " " + text[last + 1 :]
    words, phrases, excluded_words, excluded_phrases = [], [], [], []
    for match in _PART.finditer(text):
        minus, quoted, bare = match.groups()
        if quoted is not None:
            phrase_words = _words_of(quoted)
            if not phrase_words:
                continue
            target = excluded_phrases if minus else phrases
            if len(phrase_words) == 1:
                target = excluded_words if minus else words
                target.append(phrase_words[0])
            else:
                target.append(" ".join(phrase_words))
            continue
        excluded = bare.startswith("-") and len(bare) > 1
        for word in _words_of(bare.lstrip("-") if excluded else bare):
            word = word.strip("-'")
            if word:
                (excluded_words if excluded else words).append(word)
    return UserQuery(
        words=tuple(dict.fromkeys(words)),
        phrases=tuple(dict.fromkeys(phrases)),
        excluded_words=tuple(dict.fromkeys(excluded_words)),
        excluded_phrases=tuple(dict.fromkeys(excluded_phrases)),
        truncated=truncated,
    )


def format_user_query(query: UserQuery) -> str:
    """The canonical text of a query, used to rebuild it with corrected words."""
    parts = list(query.words)
    parts += [f'"{phrase}"' for phrase in query.phrases]
    parts += [f"-{word}" for word in query.excluded_words]
    parts += [f'-"{phrase}"' for phrase in query.excluded_phrases]
    return " ".join(parts)
