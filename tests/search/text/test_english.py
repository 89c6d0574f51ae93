"""English normalisation, stop words and Snowball stemming."""

import pytest

from search.text.english import (
    is_english_stop_word,
    normalize_english,
    stem_english,
)


def stem(word: str) -> str:
    return stem_english(normalize_english(word))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Minister", "minister"),
        ("NASA", "nasa"),
        ("Syria's", "syria"),  # possessive
        ("Syria’s", "syria"),  # typographic apostrophe
        ("don't", "dont"),
        ("café", "cafe"),  # accents on Latin letters fold
        ("Łódź", "łodz"),
        ("ＡＢＣ", "abc"),  # full-width forms
        ("١٢", "12"),  # Arabic-Indic digits in Latin text
        ("नमस्ते", "नमस्ते"),  # marks that are part of another script's letters stay
    ],
)
def test_normalize_english(word, expected):
    assert normalize_english(word) == expected


@pytest.mark.parametrize(
    "forms",
    [
        pytest.param(["Communications", "communication", "communicate"], id="communication"),
        pytest.param(["satellites", "satellite", "Satellite"], id="satellite"),
        pytest.param(["killed", "kills", "killing", "kill"], id="kill"),
        pytest.param(["negotiations", "negotiation", "negotiating"], id="negotiation"),
        pytest.param(["Syria's", "Syria", "syria"], id="possessive"),
    ],
)
def test_inflections_share_one_stem(forms):
    stems = {form: stem(form) for form in forms}
    assert len(set(stems.values())) == 1, stems


@pytest.mark.parametrize(
    ("word", "is_stop"),
    [
        ("the", True),
        ("The", True),
        ("and", True),
        ("of", True),
        ("with", True),
        ("minister", False),
        ("us", False),  # U.S.
        ("who", False),  # WHO
        ("it", True),
    ],
)
def test_english_stop_words(word, is_stop):
    assert is_english_stop_word(word) is is_stop
