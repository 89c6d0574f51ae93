"""Finding the gazetteer's names in article text (pure functions: no Django, no Whoosh).

Text and names are cut into words and folded the way search folds them (harakat,
hamza forms, ta marbuta, case, possessive 's), then every name is found in one pass
of an Aho-Corasick automaton built once per tagging run. Arabic names are also
looked up behind the clitics glued to them (و ف before ب ل ك, and ل + ال = لل).
When names overlap the longest wins; a name shared by two entities, or a person's
bare surname, only counts where the article names that entity unambiguously too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from search.text.arabic import ARABIC_MARKS, normalize_arabic
from search.text.english import normalize_english
from search.text.script import ARABIC_LETTERS

PERSON = "person"
_MARKS_RE = re.compile(f"[{ARABIC_MARKS}]+")
QUOTE = '"'
_QUOTES = '"«»“”„'
_ARABIC_START_RE = re.compile(f"[{ARABIC_LETTERS}]")
_WORD_CHAR = rf"[^\W_{ARABIC_LETTERS}{ARABIC_MARKS}]"
_TOKEN_RE = re.compile(
    rf"(?P<ar>[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*)"
    rf"|(?P<en>{_WORD_CHAR}+(?:['\u2019]{_WORD_CHAR}+)*)"
    # Quotes are words of their own: «الوطن» (the paper) is not الوطن (the homeland).
    rf"|(?P<quote>[{_QUOTES}])"
)
# A clitic written apart from its word (لـ«الوطن») belongs to the word, not to a name.
_DETACHED_CLITICS = frozenset("وفبلك")
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_ARTICLE = "ال"
# Latin particles inside names that writers capitalise or not (al-Khatib, Al-Khatib).
NAME_PARTICLES = frozenset(
    "al el ad ad-din as ash at az bin ibn bint abu abd ul de da del der di la le van von of the and".split()
)

ANY_CASE, CAPITALISED, UPPER = 0, 1, 2
PLACE = "place"
# Clitic forms of a name that are a common word too (وجده: "he found it", not و + جدة).
CLITIC_LOOKALIKES = frozenset({"وجده"})
# A place right after these is part of a body's name (شركة قطر للغاز, Bank of China)...
ORGANISATION_HEADS = frozenset(
    """
    شركه بنك مصرف جامعه مجموعه مؤسسه طيران خطوط ناقلات صندوق بورصه قناه صحيفه وكاله
    bank university airlines airways company corporation group fund exchange
    """.split()
)
# ...and so is a place right before these (Qatar Airways, China Daily).
ORGANISATION_TAILS = frozenset("airways airlines bank petroleum telecom daily times post railways".split())


class Token(NamedTuple):
    text: str  # as written in the article
    norm: str  # folded for matching
    start: int
    end: int
    arabic: bool
    gap: str  # punctuation between the previous word and this one ("" when only spaces)


_new_token = tuple.__new__  # Token(...) without namedtuple's Python-level __new__, per word


@lru_cache(maxsize=1 << 15)
def _word_forms(word: str) -> tuple[bool, tuple[str, ...]] | None:
    """(arabic, folded parts) of a word as the token pattern matched it; None: a word that is
    no token (a detached clitic, nothing left after folding). A word's script decides its kind,
    so the few thousand distinct words of a batch are folded once, not at every occurrence."""
    if len(word) == 1 and word in _QUOTES:
        return False, (QUOTE,)
    arabic = _ARABIC_START_RE.match(word) is not None
    folded = tuple((normalize_arabic(word) if arabic else normalize_english(word)).split())
    if not folded or (arabic and len(folded) == 1 and folded[0] in _DETACHED_CLITICS):
        return None
    return arabic, folded


def tokenize(text: str) -> list[Token]:
    """The words (and quotes) of a text, folded, with their offsets in the original."""
    tokens: list[Token] = []
    append = tokens.append
    previous_end = 0
    pending_gap = ""
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        if start == previous_end:
            gap = pending_gap
        else:
            between = text[previous_end:start]
            gap = pending_gap if between.isspace() else pending_gap + "".join(between.split())
        previous_end = end
        word = match.group()
        forms = _word_forms(word)
        if forms is None:
            pending_gap = gap
            continue
        pending_gap = ""
        arabic, folded = forms
        for part in folded:
            append(_new_token(Token, (word, part, start, end, arabic, gap)))
    return tokens


def normalize_name(name: str) -> str:
    """The folded form of a name, as stored in EntityAlias.normalized and matched."""
    return " ".join(token.norm for token in tokenize(name))


def arabic_clitic_forms(word: str, *, article: bool | None = None) -> Iterator[str]:
    """The first word of an Arabic name as it appears behind و ف ب ل ك (itself first),
    without the forms that are common words of their own (CLITIC_LOOKALIKES). `article`:
    whether the word's ال is the article (folding makes ألمانيا and آل look like it)."""
    if article is None:
        article = word.startswith(_ARTICLE)
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            if preposition == "ل" and article:
                form = conjunction + preposition + word[1:]  # ل + الاردن = للاردن
            else:
                form = conjunction + preposition + word
            if form == word or form not in CLITIC_LOOKALIKES:
                yield form


def _case_rule(token: Token) -> int:
    if token.arabic or token.norm in NAME_PARTICLES or token.norm == QUOTE:
        return ANY_CASE
    letters = [char for char in token.text if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return UPPER  # SANA, US: "us" in running text is not the United States
    if letters and letters[0].isupper():
        return CAPITALISED  # Turkey the country, not turkey the bird
    return ANY_CASE


def _case_matches(rule: int, token: Token) -> bool:
    if rule == ANY_CASE:
        return True
    letters = [char for char in token.text if char.isalpha()]
    if not letters:
        return True
    if rule == UPPER:
        return all(char.isupper() for char in letters)
    return letters[0].isupper()


def _case_rules(tokens: list[Token]) -> tuple[int, ...]:
    rules = [_case_rule(token) for token in tokens]
    if len([token for token in tokens if token.norm not in NAME_PARTICLES]) > 1:
        # Several words together are a name in any case ("the international conference
        # on ..."); only acronyms inside them keep their capitals.
        rules = [rule if rule == UPPER else ANY_CASE for rule in rules]
    return tuple(rules)


@dataclass(frozen=True)
class _Candidate:
    entity_id: int
    kind: str
    weak: bool
    case_rules: tuple[int, ...]


def _is_weak(kind: str, tokens: list[Token]) -> bool:
    """A person's bare surname (Khatib, الخطيب, Al-Khatib) names too many people alone."""
    if kind != PERSON:
        return False
    return len([token for token in tokens if token.norm not in NAME_PARTICLES]) <= 1


class Gazetteer:
    """Every alias of every entity, compiled once into an Aho-Corasick automaton."""

    def __init__(self, names: Iterable[tuple[int, str, str]]):
        """names: (entity id, alias as written, entity kind)."""
        by_key: dict[str, list[_Candidate]] = {}
        for entity_id, name, kind in names:
            compiled = _compiled_name(name, kind)
            if compiled is None:
                continue
            weak, case_rules, keys = compiled
            candidate = _Candidate(entity_id, kind, weak, case_rules)
            for key in keys:
                candidates = by_key.setdefault(key, [])
                if candidate not in candidates:
                    candidates.append(candidate)
        self.automaton = ahocorasick.Automaton()
        for key, candidates in by_key.items():
            self.automaton.add_word(key, (len(key), key.count(" ") - 1, tuple(candidates)))
        self.size = len(by_key)
        if by_key:
            self.automaton.make_automaton()

    @staticmethod
    def _keys(tokens: list[Token]) -> Iterator[str]:
        words = [token.norm for token in tokens]
        rest = " ".join(words[1:])
        # ل before ألمانيا or آل is written لألمانيا, لآل: only the article ال merges into لل.
        article = _MARKS_RE.sub("", tokens[0].text).startswith(_ARTICLE)
        first_forms = arabic_clitic_forms(words[0], article=article) if tokens[0].arabic else [words[0]]
        for first in first_forms:
            yield f" {first} {rest} " if rest else f" {first} "

    def __len__(self) -> int:
        return self.size


@lru_cache(maxsize=100_000)
def _compiled_name(name: str, kind: str) -> tuple[bool, tuple[int, ...], tuple[str, ...]] | None:
    """What the automaton needs of one alias: folding thousands of names cost every tagging run
    (each import, each `tag_entities`) most of its start-up, though the names rarely change."""
    tokens = tokenize(name)
    if not tokens:
        return None
    return _is_weak(kind, tokens), _case_rules(tokens), tuple(Gazetteer._keys(tokens))


class Span(NamedTuple):
    """A run of tokens that is some alias; entity_ids is empty when it was not resolved."""

    first: int  # token index
    last: int  # token index, inclusive
    kinds: frozenset[str]
    entity_ids: tuple[int, ...]


@dataclass(frozen=True)
class Mention:
    entity_id: int
    start: int  # character offsets into the text
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


def _raw_spans(gazetteer: Gazetteer, tokens: list[Token]) -> list[tuple[int, int, list[_Candidate]]]:
    if not tokens or not len(gazetteer):
        return []
    offsets: dict[int, int] = {}
    parts = []
    position = 1
    for index, token in enumerate(tokens):
        offsets[position] = index
        parts.append(token.norm)
        position += len(token.norm) + 1
    haystack = " " + " ".join(parts) + " "
    spans = []
    for end, (key_length, count, candidates) in gazetteer.automaton.iter(haystack):
        first = offsets[end - key_length + 2]
        window = tokens[first : first + count]
        fitting = [
            candidate for candidate in candidates if all(map(_case_matches, candidate.case_rules, window))
        ]
        if fitting:
            spans.append((first, first + count - 1, fitting))
    return spans


def _longest_first(spans):
    taken: set[int] = set()
    chosen = []
    for first, last, candidates in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if taken.isdisjoint(range(first, last + 1)):
            taken.update(range(first, last + 1))
            chosen.append((first, last, candidates))
    return sorted(chosen, key=lambda span: span[0])


def _resolve(chosen) -> list[Span]:
    """Keep unambiguous spans; ambiguous or weak ones only for entities named plainly elsewhere."""
    plain = {
        candidates[0].entity_id
        for _, _, candidates in chosen
        if len({c.entity_id for c in candidates}) == 1 and not all(c.weak for c in candidates)
    }
    spans = []
    for first, last, candidates in chosen:
        ids = {c.entity_id for c in candidates}
        if len(ids) == 1 and not all(c.weak for c in candidates):
            resolved = tuple(ids)
        else:
            in_context = ids & plain
            resolved = tuple(in_context) if len(in_context) == 1 else ()
        spans.append(Span(first, last, frozenset(c.kind for c in candidates), resolved))
    return spans


def _inside_organisation(tokens: list[Token], first: int, last: int) -> bool:
    """A place named as part of a body's name the gazetteer does not know (Bank of China)."""
    before = first - 1
    if before >= 0 and tokens[before].norm == "of" and not tokens[before].gap:
        before -= 1
    if before >= 0 and tokens[before].norm in ORGANISATION_HEADS and not tokens[first].gap:
        return True
    after = last + 1
    return after < len(tokens) and tokens[after].norm in ORGANISATION_TAILS and not tokens[after].gap


def _outside_organisations(spans, tokens: list[Token]):
    return [
        (first, last, candidates)
        for first, last, candidates in spans
        if not (all(c.kind == PLACE for c in candidates) and _inside_organisation(tokens, first, last))
    ]


def find_spans(gazetteer: Gazetteer, tokens: list[Token]) -> list[Span]:
    """The aliases found in the tokens, longest first, each resolved to an entity or not;
    a place inside an unknown body's name (شركة قطر للغاز) is not the place."""
    return _resolve(_outside_organisations(_longest_first(_raw_spans(gazetteer, tokens)), tokens))


def find_mentions(gazetteer: Gazetteer, text: str) -> list[Mention]:
    tokens = tokenize(text)
    return [
        Mention(span.entity_ids[0], tokens[span.first].start, tokens[span.last].end)
        for span in find_spans(gazetteer, tokens)
        if span.entity_ids
    ]


def count_mentions(gazetteer: Gazetteer, text: str) -> Counter[int]:
    """How many times the text names each entity: {entity id: mentions}."""
    return Counter(mention.entity_id for mention in find_mentions(gazetteer, text))
