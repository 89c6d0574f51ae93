"""Turn the bytes of an imported text file into a str, whatever its encoding.

Syrian and Gulf news files arrive as UTF-8 (with or without BOM), as UTF-16 saved by
Windows tools, and as Windows-1256 from older Arabic sites. Statistical detectors are
unreliable on short Arabic legacy text (they answer Big5, cp1252 or mac_cyrillic), so
Windows-1256 gets an explicit plausibility check instead of blind trust.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from archive.text.language import count_letters
from search.text.script import ARABIC_LETTER_PATTERN

# UTF-32 LE's BOM starts with UTF-16 LE's, so the longer one must be tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_ARABIC_LEGACY_ENCODING = "cp1256"
_WESTERN_LEGACY_ENCODING = "cp1252"
# Western prose (even French) stays well under this; Cyrillic or Greek read as cp1252
# is nearly all non-ASCII letters.
_MAX_NON_ASCII_LETTER_SHARE = 0.3
_TEXT_CONTROL_CHARS = frozenset("\t\n\r\f\v\x1b")
# A few stray control characters happen in real files (copy-paste from Word);
# beyond this share the content is not prose.
_MAX_CONTROL_SHARE = 0.05
_BINARY_SAMPLE_SIZE = 64 * 1024
_REPLACEMENT = "\ufffd"
_MIN_INTACT_PER_DAMAGED = 20
# Share of Arabic letters glued to ASCII letters above which a cp1256 reading is
# mojibake (e.g. German "Größe" read as cp1256 gives "Grِكe").
_MAX_MIXED_SCRIPT_SHARE = 0.05
_ASCII_LETTER = re.compile("[A-Za-z]")
_ARABIC_GLUED_TO_ASCII = re.compile(
    rf"{ARABIC_LETTER_PATTERN}(?=[A-Za-z])|[A-Za-z](?={ARABIC_LETTER_PATTERN})"
)


class UndecodableText(Exception):
    """The bytes are not text this archive can read; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_bytes(data: bytes) -> str:
    """Decode a text file's bytes to a str with LF line ends and no BOM."""
    if not data:
        raise UndecodableText("file is empty")
    text = _decode_by_bom(data)
    if text is None:
        if _bytes_look_binary(data[:_BINARY_SAMPLE_SIZE]):
            raise UndecodableText("looks like binary data, not text")
        text = _decode_utf8(data)
    if text is None:
        text = _decode_damaged_utf8(data)
    if text is None:
        text = _decode_legacy(data)
    if _text_looks_binary(text):
        raise UndecodableText("looks like binary data, not text")
    return normalise_line_ends(text.removeprefix("\ufeff"))


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_by_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise UndecodableText(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {error.start + len(bom)})"
                ) from error
    return None


def _bytes_look_binary(sample: bytes) -> bool:
    # Without a BOM, NUL never occurs in text encodings this archive accepts.
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and chr(byte) not in _TEXT_CONTROL_CHARS)
    return controls > len(sample) * _MAX_CONTROL_SHARE


def _text_looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE_SIZE]
    if "\x00" in sample:
        return True
    controls = sum(
        1
        for char in sample
        if unicodedata.category(char) == "Cc"
        and char not in _TEXT_CONTROL_CHARS
        and not "\x80" <= char <= "\x9f"  # C1 codes: mojibake at worst, not binary
    )
    return controls > len(sample) * _MAX_CONTROL_SHARE


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_damaged_utf8(data: bytes) -> str | None:
    """Accept UTF-8 with a few broken bytes (a file cut mid-character, one stray byte).

    Read as cp1256 such a file would turn into fluent-looking mojibake, so plenty of
    valid multi-byte characters count as proof of UTF-8; the damage stays visible
    as U+FFFD rather than being guessed at.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())
    intact = sum(1 for char in text if not char.isascii() and char != _REPLACEMENT)
    if intact >= _MIN_INTACT_PER_DAMAGED * damaged:
        return text
    return None


def _decode_legacy(data: bytes) -> str:
    """Pick a legacy code page: Arabic first, then the Western default, then detection.

    Statistical detection alone misreads both of this archive's legacy cases: short
    Arabic text comes back as Big5 or mac_cyrillic, and English with Windows curly
    quotes as cp852. Each explicit candidate must prove itself on the decoded text.
    """
    detected = from_bytes(data).best()
    detected_text = str(detected) if detected is not None else None
    for candidate in (detected_text, _strict_decode(data, _ARABIC_LEGACY_ENCODING)):
        if candidate is not None and looks_like_arabic_writing(candidate):
            return candidate
    western = _strict_decode(data, _WESTERN_LEGACY_ENCODING)
    if western is not None and _is_mostly_ascii_letters(western):
        return western
    if detected_text is not None:
        return detected_text
    raise UndecodableText("cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1256)")


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _is_mostly_ascii_letters(text: str) -> bool:
    """English, French or German prose: accented letters are the exception, not the rule."""
    letters = [char for char in text if char.isalpha()]
    non_ascii = sum(1 for char in letters if not char.isascii())
    return bool(letters) and non_ascii <= len(letters) * _MAX_NON_ASCII_LETTER_SHARE


def looks_like_arabic_writing(text: str) -> bool:
    """True when the non-ASCII letters form Arabic words rather than mojibake."""
    counts = count_letters(text)
    non_ascii_letters = counts.total - len(_ASCII_LETTER.findall(text))
    if not counts.arabic or counts.arabic < 0.9 * non_ascii_letters:
        return False
    glued_to_ascii = len(_ARABIC_GLUED_TO_ASCII.findall(text))
    return glued_to_ascii <= counts.arabic * _MAX_MIXED_SCRIPT_SHARE
