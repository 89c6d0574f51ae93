"""Which script text is written in: the one place that knows the Arabic letter ranges.

Two questions are answered here, and they differ on purpose at a few rare code points:
- which characters are Arabic letters *for words*: ``ARABIC_LETTERS``, the class search
  and tagging cut words with (changing it would change every index's terms);
- which characters count for *language detection and display*: the Arabic Unicode blocks
  (``ARABIC_BLOCKS``), their letters for counting, any of their characters for reordering.
Pure functions, no Django, no Whoosh: archive and search both use them.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["ar", "en"]

# Letters of the Arabic script (base, supplement, extended-A, presentation forms);
# digits, punctuation and marks are not in it. A regex character-class body.
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc"
    "\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
# Arabic, Arabic Supplement, Arabic Extended-A and the presentation forms that old
# Windows software still emits.
ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Basic Latin through Latin Extended-B, plus Latin Extended Additional (Vietnamese etc.).
LATIN_BLOCKS = ((0x0041, 0x024F), (0x1E00, 0x1EFF))
_TATWEEL = "\u0640"

_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
_ARABIC_SCRIPT_RE = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ARABIC_BLOCKS) + "]"
)


def _in_blocks(char: str, blocks: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in blocks)


def is_letter(char: str) -> bool:
    # Harakat, digits and punctuation are not letters to isalpha(); tatweel is (it is a
    # "modifier letter"), yet it is only a stretching stroke.
    return char.isalpha() and char != _TATWEEL


def is_arabic_letter(char: str) -> bool:
    return is_letter(char) and _in_blocks(char, ARABIC_BLOCKS)


def is_latin_letter(char: str) -> bool:
    return is_letter(char) and _in_blocks(char, LATIN_BLOCKS)


# is_arabic_letter as a regex character class, for patterns over whole texts.
ARABIC_LETTER_PATTERN = (
    "["
    + "".join(
        re.escape(chr(code))
        for low, high in ARABIC_BLOCKS
        for code in range(low, high + 1)
        if is_arabic_letter(chr(code))
    )
    + "]"
)


def has_arabic(text: str) -> bool:
    """Whether the text holds an Arabic letter (a word search or tagging would see)."""
    return _ARABIC_LETTER_RE.search(text) is not None


def has_arabic_script(text: str) -> bool:
    """Whether any character is from the Arabic blocks: Arabic digits and punctuation are
    reordered by the bidi algorithm too, so a display shaping text must treat them."""
    return _ARABIC_SCRIPT_RE.search(text) is not None


def script_language(text: str) -> Language:
    """'ar' for text with any Arabic letter (a name, a short label), else 'en'.

    For whole articles, which quote the other language, count letters instead
    (archive.text.language.detect_language).
    """
    return "ar" if has_arabic(text) else "en"
