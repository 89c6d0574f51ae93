"""The corrector's pure functions: typing-aware distance, delete keys, ranking, spelling kept."""

from __future__ import annotations

import math

import pytest

from search.text.spelling import (
    CONFUSABLE,
    KEYBOARD,
    MISSING_LETTER,
    REPEATED_LETTER,
    SUBSTITUTE,
    TRANSPOSE,
    best_correction,
    delete_keys,
    max_edits,
    ranked_corrections,
    restore_spelling,
    single_edit_cost,
    substitution_cost,
    typing_distance,
)


@pytest.mark.parametrize(
    "a, b, cost",
    [
        ("ض", "ظ", CONFUSABLE),
        ("ذ", "ز", CONFUSABLE),
        ("ز", "ظ", CONFUSABLE),
        ("س", "ص", CONFUSABLE),
        ("ت", "ط", CONFUSABLE),
        ("ه", "ة", CONFUSABLE),
        ("ى", "ي", CONFUSABLE),
        ("ؤ", "و", CONFUSABLE),
        ("ئ", "ي", CONFUSABLE),
        ("ء", "ا", CONFUSABLE),
        ("ك", "م", KEYBOARD),  # Arabic 101: the ; and l keys
        ("ش", "س", KEYBOARD),  # a and s
        ("ب", "ل", KEYBOARD),  # f and g
        ("ض", "ش", KEYBOARD),  # q above a
        ("a", "s", KEYBOARD),
        ("q", "w", KEYBOARD),
        ("g", "t", KEYBOARD),
        ("m", "k", KEYBOARD),
        ("a", "p", SUBSTITUTE),
        ("ج", "ر", SUBSTITUTE),
        ("e", "e", 0.0),
    ],
)
def test_substitution_costs(a, b, cost):
    assert substitution_cost(a, b) == cost
    assert substitution_cost(b, a) == cost


@pytest.mark.parametrize(
    "typed, word, distance",
    [
        ("texas", "texas", 0.0),
        ("txas", "texas", MISSING_LETTER),  # a letter left out
        ("teaxs", "texas", TRANSPOSE),
        ("tezas", "texas", KEYBOARD),  # z beside x
        ("tepas", "texas", SUBSTITUTE),
        ("comittee", "committee", REPEATED_LETTER),  # one of a double letter left out
        ("committtee", "committee", REPEATED_LETTER),  # a letter typed twice
        ("pfizwer", "pfizer", KEYBOARD),  # w typed beside e
        ("نجود", "جنود", TRANSPOSE),
        ("الضلام", "الظلام", CONFUSABLE),
        ("الكجاعه", "المجاعه", KEYBOARD),
        ("مسؤل", "مسؤول", MISSING_LETTER),
        ("الاتصلات", "الاتصالات", MISSING_LETTER),
        ("txap", "texas", MISSING_LETTER + SUBSTITUTE),  # a letter left out, and p for s
        ("tdxas", "texas", KEYBOARD),  # d for e: a neighbour key
        ("abcdef", "badcfe", 3 * TRANSPOSE),
    ],
)
def test_typing_distance(typed, word, distance):
    assert typing_distance(typed, word) == pytest.approx(distance)


@pytest.mark.parametrize(
    "typed, word, cost",
    [
        ("texas", "texas", 0.0),
        ("tezas", "texas", KEYBOARD),
        ("teaxs", "texas", TRANSPOSE),
        ("txas", "texas", MISSING_LETTER),
        ("committtee", "committee", REPEATED_LETTER),  # any of the three t's
        ("comittee", "committee", REPEATED_LETTER),
        ("الضلام", "الظلام", CONFUSABLE),
        ("tepas", "texas", SUBSTITUTE),
        ("tezaz", "texas", None),  # two edits: the full table decides
        ("teaxz", "texas", None),
        ("txs", "texas", None),
    ],
)
def test_a_single_edit_is_priced_without_the_table(typed, word, cost):
    assert single_edit_cost(typed, word) == (None if cost is None else pytest.approx(cost))
    if cost is not None:
        assert typing_distance(typed, word) == pytest.approx(cost)


def test_typing_distance_gives_up_past_the_limit():
    assert typing_distance("cat", "elephant", limit=2.0) == math.inf
    assert typing_distance("abcdefgh", "abcdwxyz", limit=2.0) > 2.0


@pytest.mark.parametrize("word, edits", [("war", 1), ("text", 1), ("texas", 2), ("المجاعة", 2)])
def test_short_words_get_one_edit(word, edits):
    assert max_edits(word) == edits


@pytest.mark.parametrize(
    "word, typo, edits",
    [("texas", "txas", 2), ("texas", "teaxs", 2), ("المجاعه", "الكجاعه", 2), ("جنود", "نجود", 1)],
)
def test_a_word_and_its_typo_share_a_delete_key(word, typo, edits):
    assert delete_keys(word, edits) & delete_keys(typo, edits)


def test_delete_keys_cover_only_the_prefix():
    keys = delete_keys("international", 1, prefix_length=7)
    assert "interna" in keys and "intrna" in keys
    assert all(len(key) <= 7 for key in keys)


@pytest.mark.parametrize(
    "typed, candidates, expected",
    [
        # Whoosh's own corrector ranks by frequency alone and picks the common word.
        ("txas", [("than", 900), ("texas", 40), ("taxes", 60)], "texas"),
        ("pfizr", [("prior", 500), ("pfizer", 12)], "pfizer"),
        ("الكجاعه", [("الجمعه", 800), ("المجاعه", 15)], "المجاعه"),
        ("الضلام", [("السلام", 900), ("الظلام", 20)], "الظلام"),
        # A letter left out costs what a neighbour key does: the commoner word wins.
        ("syia", [("shia", 13), ("syria", 799)], "syria"),
        ("الصاب", [("الشاب", 91), ("المصاب", 430)], "المصاب"),
        # Equally close: the more frequent wins.
        ("hause", [("haute", 3), ("house", 300)], "house"),
    ],
)
def test_edit_distance_first_then_frequency(typed, candidates, expected):
    assert best_correction(typed, candidates)[0] == expected


def test_no_correction_beyond_the_allowed_edits():
    assert best_correction("war", [("wards", 1000)]) is None  # two edits on a short word
    assert best_correction("elephant", [("elegant", 50)]) is not None
    assert best_correction("qqqqqq", [("abcdef", 50)]) is None


def test_ranked_corrections_keep_only_close_alternatives():
    ranked = ranked_corrections("nato", [("nat", 10), ("nazo", 10), ("zzzz", 10), ("nation", 99)])
    assert [word for word, _, _ in ranked] == ["nat", "nazo"]  # "nation" is two edits from a short word


@pytest.mark.parametrize(
    "typed, folded, correction, shown",
    [
        ("الكجاعة", "الكجاعه", "المجاعه", "المجاعة"),  # the searcher's ة comes back
        ("أمريكيا", "امريكيا", "امريكا", "أمريكا"),  # and their hamza
        ("Pfizr", "pfizr", "pfizer", "Pfizer"),
        ("txas", "txas", "texas", "texas"),
        ("مَجاعه", "مجاعه", "مجاعة", "مجاعة"),  # vowelled: letters no longer line up
    ],
)
def test_the_correction_keeps_the_searchers_spelling(typed, folded, correction, shown):
    assert restore_spelling(typed, folded, correction) == shown
