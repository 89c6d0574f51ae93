"""Tell Arabic from English text by counting letters of each script."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Language = Literal["ar", "en"]

# Arabic, Arabic Supplement, Arabic Extended-A and the presentation forms that old
# Windows software still emits.
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Basic Latin through Latin Extended-B, plus Latin Extended Additional (Vietnamese etc.).
_LATIN_RANGES = ((0x0041, 0x024F), (0x1E00, 0x1EFF))


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


_TATWEEL = "\u0640"


def is_letter(char: str) -> bool:
    # Harakat, digits and punctuation are not letters to isalpha(); tatweel is (it is a
    # "modifier letter"), yet it is only a stretching stroke.
    return char.isalpha() and char != _TATWEEL


def is_arabic_letter(char: str) -> bool:
    return is_letter(char) and _in_ranges(char, _ARABIC_RANGES)


def is_latin_letter(char: str) -> bool:
    return is_letter(char) and _in_ranges(char, _LATIN_RANGES)


ARABIC_LETTER_PATTERN = (
    "["
    + "".join(
        re.escape(chr(code))
        for low, high in _ARABIC_RANGES
        for code in range(low, high + 1)
        if is_arabic_letter(chr(code))
    )
    + "]"
)


@dataclass(frozen=True)
class LetterCounts:
    arabic: int
    latin: int
    other: int

    @property
    def total(self) -> int:
        return self.arabic + self.latin + self.other


def count_letters(text: str) -> LetterCounts:
    # Classify each distinct character once: imports feed whole dumps through here.
    arabic = latin = other = 0
    for char, occurrences in Counter(text).items():
        if is_arabic_letter(char):
            arabic += occurrences
        elif is_latin_letter(char):
            latin += occurrences
        elif is_letter(char):
            other += occurrences
    return LetterCounts(arabic=arabic, latin=latin, other=other)


def detect_language(text: str) -> Language:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'.

    Arabic articles routinely quote English names and acronyms (and English ones quote
    Arabic terms), so the majority script decides, not the mere presence of a script.
    The archive holds only these two languages, so English is the fallback.
    """
    counts = count_letters(text)
    return "ar" if counts.arabic > counts.latin else "en"
