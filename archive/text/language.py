"""Tell an Arabic article from an English one by counting letters of each script.

Which characters are letters of which script is search.text.script's to say.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from search.text.script import Language, is_arabic_letter, is_latin_letter, is_letter


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
