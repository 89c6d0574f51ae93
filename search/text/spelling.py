"""Spelling correction as pure functions: typing-aware edit distance, delete keys, ranking.

Words reach these functions already normalised by the search analyzer (search.text), so
Arabic hamza-on-alef forms, ى/ي and ة/ه are folded before any distance is taken; the
cheaper costs below cover what folding leaves apart: letters that sound or look alike
(ض/ظ, ذ/ز/ظ, س/ص, ت/ط, hamza on و/ي/the line) and keys next to each other on the Arabic
101 and QWERTY layouts, the two keyboards an archive searcher types on.

Candidates are found the SymSpell way (symmetric deletes of a word's prefix: a typo and
its word share a key when at most two letters separate them) and ranked by the weighted
distance, frequency breaking near-ties.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

INSERT_DELETE = 1.0
SUBSTITUTE = 1.0
# Measured on the typo sets (bench/known_item.py): cheaper than a blind substitution,
# dearer than nothing, so a confusable or neighbour letter wins a tie on frequency alone
# only when the other candidate is far more common.
CONFUSABLE = 0.5
KEYBOARD = 0.75
TRANSPOSE = 0.75
REPEATED_LETTER = 0.75  # "comittee", "committtee"
# A letter left out is as common a slip as a neighbour key (Kukich 1992 counts omissions among
# the commonest): at a full edit, a word one neighbour key or one extra letter from the typed
# one beat the intended word (syia: shia before syria; الصاب: الشاب before المصاب) on the typo
# sets' tuning seed (bench/README.md).
MISSING_LETTER = 0.75
# How much an order of magnitude of document frequency is worth, in edits.
FREQUENCY_WEIGHT = 0.05

PREFIX_LENGTH = 7  # SymSpell's prefix: keys stay few for long words, typos past it still rank
SHORT_WORD = 4  # up to this many letters, one edit at most: two would reach most short words

# Letters Arabic writers interchange (sound-alike or one dot apart), after the analyzer's
# folding; the hamza seats and their bare letters are kept for words typed without hamza.
CONFUSABLE_GROUPS = (
    "ضظ", "ذزظ", "سص", "تط", "هة", "ىي", "ئي", "ؤو", "ءا", "ءئؤ", "أإآا", "دذ", "ثس",
)  # fmt: skip

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Arabic 101: the keys under QWERTY's; the لا key is a two-letter key, held by a space.
ARABIC_101_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤر ىةوزظ")


def _pairs_of_groups(groups: Iterable[str]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for group in groups for pair in combinations(group, 2))


def _keyboard_pairs(rows: tuple[str, ...]) -> frozenset[frozenset[str]]:
    """Keys that touch on a staggered keyboard: beside each other on a row, and the two
    keys of the row above that a key sits between."""
    pairs = set()
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            touching = [row[i + 1]] if i + 1 < len(row) else []
            if r > 0:
                above = rows[r - 1]
                touching += [above[j] for j in (i, i + 1) if j < len(above)]
            pairs.update(frozenset((key, other)) for other in touching if " " not in (key, other))
    return frozenset(pairs)


CONFUSABLE_PAIRS = _pairs_of_groups(CONFUSABLE_GROUPS)
KEYBOARD_PAIRS = _keyboard_pairs(QWERTY_ROWS) | _keyboard_pairs(ARABIC_101_ROWS)


@lru_cache(maxsize=4096)
def substitution_cost(a: str, b: str) -> float:
    """What typing b for a costs: nothing, a confusable letter, a neighbour key, or a full edit."""
    if a == b:
        return 0.0
    pair = frozenset((a, b))
    if pair in CONFUSABLE_PAIRS:
        return CONFUSABLE
    if pair in KEYBOARD_PAIRS:
        return KEYBOARD
    return SUBSTITUTE


def _beside(word: str, i: int) -> tuple[str, ...]:
    return tuple(word[j] for j in (i - 1, i + 1) if 0 <= j < len(word))


@lru_cache(maxsize=4096)
def extra_letter_costs(typed: str) -> tuple[float, ...]:
    """What each letter of the typed word costs if it is one too many: less when it repeats
    the letter beside it or is the key beside that letter's (a finger slipping)."""
    costs = []
    for i, char in enumerate(typed):
        beside = _beside(typed, i)
        if char in beside:
            costs.append(REPEATED_LETTER)
        elif any(frozenset((char, other)) in KEYBOARD_PAIRS for other in beside):
            costs.append(KEYBOARD)
        else:
            costs.append(INSERT_DELETE)
    return tuple(costs)


@lru_cache(maxsize=65536)
def missing_letter_costs(word: str) -> tuple[float, ...]:
    """What leaving out each letter of the word costs: less for one of a doubled letter."""
    return tuple(min(REPEATED_LETTER, MISSING_LETTER) if word[i] in _beside(word, i) else MISSING_LETTER
                 for i in range(len(word)))  # fmt: skip


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):  # the shorter one ends first
        if x != y:
            return i
    return min(len(a), len(b))


def single_edit_cost(typed: str, word: str) -> float | None:
    """What typing `typed` for `word` costs when one edit (or one transposition) separates
    them, else None. The same as typing_distance then: any two edits cost at least as much
    (every cost is at least half an edit, none more than one); a candidate one plain edit
    away is most of what a lookup ranks, and this takes a few string comparisons instead of
    the whole table."""
    i = _first_difference(typed, word)
    if len(typed) == len(word):
        if i == len(typed):
            return 0.0
        if typed[i + 1 :] == word[i + 1 :]:
            return substitution_cost(typed[i], word[i])
        if typed[i + 1 : i + 2] == word[i : i + 1] and typed[i] == word[i + 1 : i + 2]:
            return TRANSPOSE if typed[i + 2 :] == word[i + 2 :] else None
        return None
    longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
    if len(longer) != len(shorter) + 1 or longer[i + 1 :] != shorter[i:]:
        return None
    # The letter left out (or typed too many) may be any of a run of the same letter.
    costs = extra_letter_costs(typed) if longer is typed else missing_letter_costs(word)
    first = i
    while first > 0 and longer[first - 1] == longer[i]:
        first -= 1
    return min(costs[first : i + 1])


def typing_distance(typed: str, word: str, limit: float = math.inf) -> float:
    """Damerau-Levenshtein distance (optimal string alignment) with typing-aware costs.

    Returns a value above `limit` (not necessarily the exact distance) once no alignment
    can stay within it, so ranking many candidates stays cheap."""
    if typed == word:
        return 0.0
    single = single_edit_cost(typed, word)
    if single is not None:
        return single if single <= limit else math.inf
    rows, cols = len(typed), len(word)
    if abs(rows - cols) * REPEATED_LETTER > limit:
        return math.inf
    extra, missing = extra_letter_costs(typed), missing_letter_costs(word)
    previous2: list[float] = []
    previous = [0.0]
    for j in range(cols):
        previous.append(previous[-1] + missing[j])
    for i in range(1, rows + 1):
        extra_cost = extra[i - 1]
        current = [previous[0] + extra_cost]
        a = typed[i - 1]
        for j in range(1, cols + 1):
            b = word[j - 1]
            cost = min(
                previous[j] + extra_cost,
                current[j - 1] + missing[j - 1],
                previous[j - 1] + (0.0 if a == b else substitution_cost(a, b)),
            )
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b and a != b:
                cost = min(cost, previous2[j - 2] + TRANSPOSE)
            current.append(cost)
        if min(current) > limit:
            return math.inf
        previous2, previous = previous, current
    return previous[cols]


def max_edits(word: str) -> int:
    """Edits allowed for a word: one for short words, two otherwise."""
    return 1 if len(word) <= SHORT_WORD else 2


def delete_keys(word: str, edits: int, prefix_length: int = PREFIX_LENGTH) -> set[str]:
    """The word's prefix with up to `edits` letters deleted, itself included (SymSpell).

    A word and a typo of it within `edits` edits share at least one key."""
    prefix = word[:prefix_length]
    keys = frontier = {prefix}
    for _ in range(edits):
        frontier = {key[:i] + key[i + 1 :] for key in frontier if len(key) > 1 for i in range(len(key))}
        keys = keys | frontier
    return keys


def candidate_score(distance: float, frequency: int) -> float:
    """Lower is better: edits first, an order of magnitude of frequency worth a few tenths."""
    return distance - FREQUENCY_WEIGHT * math.log10(max(frequency, 1))


def ranked_corrections(
    typed: str, candidates: Iterable[tuple[str, int]], *, limit: int = 3, within: float = 0.5
) -> list[tuple[str, float, int]]:
    """The best candidates (word, document frequency) for the typed word within its allowed
    edits, best first, as (word, typing distance, frequency): at most `limit`, and only
    those scoring within `within` of the best (the rest are no real alternative)."""
    allowed = float(max_edits(typed))
    scored = []
    for word, frequency in candidates:
        if word == typed:
            continue
        distance = typing_distance(typed, word, allowed)
        if distance <= allowed:
            scored.append((candidate_score(distance, frequency), word, distance, frequency))
    scored.sort()
    if not scored:
        return []
    return [(word, distance, frequency) for score, word, distance, frequency in scored[:limit]
            if score <= scored[0][0] + within]  # fmt: skip


def best_correction(typed: str, candidates: Iterable[tuple[str, int]]) -> tuple[str, float] | None:
    """The candidate closest to the typed word within its allowed edits, with its distance."""
    ranked = ranked_corrections(typed, candidates, limit=1)
    return (ranked[0][0], ranked[0][1]) if ranked else None


def restore_spelling(typed: str, folded: str, correction: str) -> str:
    """The correction written as the searcher wrote the letters it shares with the typed
    word: their hamza, ة and ى (which the index folds away) and an English capital.

    `folded` is the typed word as the analyzer normalised it; letters are copied back only
    where typed and folded line up one to one (no vowel marks, no expanded ligature)."""
    if correction == folded:
        return typed
    bare = typed.casefold() if typed.isascii() else typed
    restored = list(correction)
    if len(bare) == len(folded):
        matcher = SequenceMatcher(None, folded, correction, autojunk=False)
        for tag, i1, i2, j1, _ in matcher.get_opcodes():
            if tag == "equal":
                restored[j1 : j1 + (i2 - i1)] = bare[i1:i2]
    text = "".join(restored)
    if typed[:1].isupper() and typed.isascii():
        text = text[:1].upper() + text[1:]
    return text
