"""Turn the bytes of an imported text file into a str, whatever its encoding.

Syrian and Gulf news files arrive as UTF-8 (with or without BOM), as UTF-16 saved by
Windows tools, and as Windows-1256 from older Arabic sites. Statistical detectors are
unreliable on short Arabic legacy text (they answer Big5, cp1252 or mac_cyrillic), so
Windows-1256 gets an explicit plausibility check instead of blind trust.
"""

from __future__ import annotations

import codecs
import io
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


# -- streams (CSV, JSON, JSON lines) ---------------------------------------------------------
_SNIFF_BYTES = 64 * 1024
_STREAM_CHUNK = 1 << 20


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: text with a NUL in every other byte."""
    # Other text never holds NUL; UTF-16 has one beside every ASCII character (spaces, digits,
    # line ends: a fifth of Arabic text), always on the same side.
    if len(sample) < 16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(8, 0.02 * len(sample)) and even * 10 < odd:
        return "utf-16-le"
    if even >= max(8, 0.02 * len(sample)) and odd * 10 < even:
        return "utf-16-be"
    return None


def legacy_encoding(sample: bytes) -> str:
    """The code page of a sample that is not UTF-8, chosen as for a whole text file."""
    text = _decode_legacy(sample)
    for encoding in (_ARABIC_LEGACY_ENCODING, _WESTERN_LEGACY_ENCODING):
        if _strict_decode(sample, encoding) == text:
            return encoding
    detected = from_bytes(sample).best()
    return detected.encoding if detected is not None else _WESTERN_LEGACY_ENCODING


class Utf8Stream(io.RawIOBase):
    """A binary stream in any encoding plain text files may have, read back as UTF-8.

    UTF-8 passes through unchanged (validated as it goes); a BOM, or UTF-16's NULs, pick
    their encoding from the start; a file that turns out not to be UTF-8 (a Windows-1252
    byte after 80 ASCII rows) switches, at the first invalid byte, to the code page the
    rest of its chunk reads as, like decode_bytes. Memory: one chunk, whatever the size."""

    def __init__(self, binary, *, chunk: int = _STREAM_CHUNK) -> None:
        super().__init__()
        self.binary, self.chunk = binary, chunk
        self.out = b""
        self.decoder = None  # None: UTF-8 passing through; else an incremental decoder
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.encoding = "utf-8"
        self.started = False
        self.eof = False
        self._held = b""

    def readable(self) -> bool:
        return True

    def _start(self, data: bytes) -> bytes:
        self.started = True
        while data and len(data) < _SNIFF_BYTES:
            more = self.binary.read(self.chunk)
            if not more:
                break
            data += more
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                self._switch(encoding)
                return data[len(bom) :]
        sample = data[:_SNIFF_BYTES]
        encoding = _utf16_without_bom(sample)
        if encoding and not _text_looks_binary(sample.decode(encoding, errors="replace")):
            self._switch(encoding)
        elif _bytes_look_binary(sample):
            raise UndecodableText("looks like binary data, not text")
        return data

    def _switch(self, encoding: str) -> None:
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def _convert(self, data: bytes, final: bool) -> bytes:
        if self.decoder is not None:
            return self.decoder.decode(data, final).encode("utf-8")
        # The bytes of a character cut at the previous chunk's end wait in _held; the UTF-8
        # decoder holds the same ones, and its error offsets count from them.
        combined, self._held = self._held + data, b""
        try:
            self.utf8.decode(data, final)
        except UnicodeDecodeError as error:
            rest = combined[error.start :]
            # Enough of the text around the first foreign byte to tell its code page.
            while len(rest) < _SNIFF_BYTES and not final:
                more = self.binary.read(self.chunk)
                final = self.eof = not more
                rest += more
            sample = combined[max(error.start - _SNIFF_BYTES, 0) : error.start] + rest[:_SNIFF_BYTES]
            self._switch(legacy_encoding(sample))
            return combined[: error.start] + self.decoder.decode(rest, final).encode("utf-8")
        pending = len(self.utf8.getstate()[0])
        if pending:
            self._held = combined[-pending:]
            return combined[:-pending]
        return combined

    def readinto(self, buffer) -> int:
        while not self.out and not self.eof:
            data = self.binary.read(self.chunk)
            if not self.started:
                data = self._start(data)
            self.eof = not data
            self.out = self._convert(data, final=self.eof)
        size = min(len(buffer), len(self.out))
        buffer[:size] = self.out[:size]
        self.out = self.out[size:]
        return size
