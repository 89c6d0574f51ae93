"""Script detection: which characters and texts count as Arabic, table by table."""

import pytest

from search.text.script import (
    has_arabic,
    has_arabic_script,
    is_arabic_letter,
    is_latin_letter,
    script_language,
)


@pytest.mark.parametrize(
    ("char", "arabic_char", "arabic_letter", "latin_letter"),
    [
        ("ب", True, True, False),
        ("ة", True, True, False),
        ("ﻻ", True, True, False),  # lam-alef presentation form from old Windows software
        ("\u064e", True, False, False),  # fatha: a mark, not a letter
        ("\u0640", True, False, False),  # tatweel only stretches a word
        ("٣", True, False, False),  # Arabic-Indic digit
        ("؟", True, False, False),  # Arabic question mark
        ("a", False, False, True),
        ("é", False, False, True),
        ("3", False, False, False),
        ("ж", False, False, False),
    ],
)
def test_classifies_characters(char, arabic_char, arabic_letter, latin_letter):
    assert has_arabic_script(char) is arabic_char
    assert is_arabic_letter(char) is arabic_letter
    assert is_latin_letter(char) is latin_letter


@pytest.mark.parametrize(
    ("text", "letters", "script", "language"),
    [
        ("روسيا", True, True, "ar"),
        ("Russia", False, False, "en"),
        ("Iyad al-Khatib إياد الخطيب", True, True, "ar"),  # any Arabic letter makes a name Arabic
        ("وَزِيرُ", True, True, "ar"),
        ("score ٣-١", False, True, "en"),  # digits are reordered on display, yet name no word
        ("؟", False, True, "en"),
        ("", False, False, "en"),
        ("2030", False, False, "en"),
    ],
)
def test_classifies_texts(text, letters, script, language):
    assert has_arabic(text) is letters
    assert has_arabic_script(text) is script
    assert script_language(text) == language
