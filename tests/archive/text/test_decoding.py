from __future__ import annotations

import codecs

import pytest

from archive.text.decoding import UndecodableText, decode_bytes

ARABIC_PARAGRAPH = (
    "شهدت دمشق اليوم انعقاد الملتقى السوري الأردني لتكنولوجيا المعلومات والاتصالات، "
    "الذي أثمر توقيع عدد من عقود الشراكة في مجالات التدريب."
)
ARABIC_WITH_HARAKAT = "وتمّ التأكيد على أن تكون عُمان نقطة عبور"
ENGLISH_WITH_QUOTES = "The minister\u2019s visit was \u201cfruitful\u201d, officials said."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(ARABIC_PARAGRAPH.encode("utf-8"), ARABIC_PARAGRAPH, id="utf-8"),
        pytest.param(
            codecs.BOM_UTF8 + ARABIC_WITH_HARAKAT.encode("utf-8"),
            ARABIC_WITH_HARAKAT,
            id="utf-8 with BOM: BOM stripped, harakat kept",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + ARABIC_PARAGRAPH.encode("utf-16-le"),
            ARABIC_PARAGRAPH,
            id="utf-16 LE with BOM",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + ARABIC_PARAGRAPH.encode("utf-16-be"),
            ARABIC_PARAGRAPH,
            id="utf-16 BE with BOM",
        ),
        pytest.param(ARABIC_PARAGRAPH.encode("cp1256"), ARABIC_PARAGRAPH, id="windows-1256 paragraph"),
        pytest.param(
            ARABIC_WITH_HARAKAT.encode("cp1256"),
            ARABIC_WITH_HARAKAT,
            id="windows-1256 with harakat",
        ),
        pytest.param(
            # Too short for statistics: detectors call this Big5.
            "وزير".encode("cp1256"),
            "وزير",
            id="windows-1256 single word",
        ),
        pytest.param(
            ENGLISH_WITH_QUOTES.encode("cp1252"),
            ENGLISH_WITH_QUOTES,
            id="windows-1252 English is not mistaken for Arabic",
        ),
        pytest.param(
            "Größe über Straße, schön und gut.".encode("cp1252"),
            "Größe über Straße, schön und gut.",
            id="windows-1252 German is not mistaken for Arabic",
        ),
        pytest.param(
            "Le café résumé à Noël était très agréable.".encode("cp1252"),
            "Le café résumé à Noël était très agréable.",
            id="windows-1252 French keeps its accents",
        ),
        pytest.param(
            "Привет, как дела? Это текст на русском языке.".encode("cp1251"),
            "Привет, как дела? Это текст на русском языке.",
            id="other legacy code pages are left to detection",
        ),
        pytest.param(
            b"first line\r\nsecond line\rthird line\r\n",
            "first line\nsecond line\nthird line\n",
            id="CRLF and CR become LF",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "سطر أول\r\nسطر ثان".encode("utf-16-le"),
            "سطر أول\nسطر ثان",
            id="utf-16 CRLF becomes LF",
        ),
        pytest.param(
            "سطر أول\r\nسطر ثان".encode("cp1256"),
            "سطر أول\nسطر ثان",
            id="windows-1256 CRLF becomes LF",
        ),
    ],
)
def test_decodes_text_files_to_the_original_text(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_utf8_cut_mid_character_keeps_the_text_and_marks_the_damage() -> None:
    data = ARABIC_PARAGRAPH.encode("utf-8")[:-2]  # cuts "ة" in half
    decoded = decode_bytes(data)
    assert decoded.startswith(ARABIC_PARAGRAPH[:-2])
    assert decoded.endswith("\ufffd")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "file is empty", id="empty"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "looks like binary data, not text",
            id="PNG header",
        ),
        pytest.param(b"abc\x00\x00\x00def", "looks like binary data, not text", id="NUL bytes"),
        pytest.param(
            bytes(range(1, 9)) * 20 + b"some words",
            "looks like binary data, not text",
            id="mostly control characters",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + b"a\x00b",
            "not valid UTF-16-LE",
            id="UTF-16 BOM with truncated content",
        ),
    ],
)
def test_rejects_what_is_not_readable_text(data: bytes, reason: str) -> None:
    with pytest.raises(UndecodableText, match=reason):
        decode_bytes(data)


def test_file_on_disk_round_trips(tmp_path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(codecs.BOM_UTF8 + f"{ARABIC_PARAGRAPH}\r\n".encode())
    assert decode_bytes(path.read_bytes()) == f"{ARABIC_PARAGRAPH}\n"


# -- streams: CSV, JSON and JSON lines decoded like text files --------------------------------
def _stream_text(data: bytes, chunk: int) -> str:
    import io

    from archive.text.decoding import Utf8Stream

    return io.TextIOWrapper(Utf8Stream(io.BytesIO(data), chunk=chunk), encoding="utf-8", newline="").read()


_CSV_ASCII_THEN_1252 = "id,title\r\n" + "".join(f"{n},plain row\r\n" for n in range(81)) + (
    "82,Caf\u00e9 \u201cquoted\u201d \u2013 na\u00efve\r\n"
)
_CSV_ARABIC = "عنوان,نص\n" + "وزير الخارجية يستقبل السفير في الرياض اليوم\n" * 30


@pytest.mark.parametrize("chunk", [3, 64, 1 << 20])
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(_CSV_ARABIC.encode("utf-8"), _CSV_ARABIC, id="utf-8 passes through"),
        pytest.param(codecs.BOM_UTF8 + _CSV_ARABIC.encode("utf-8"), _CSV_ARABIC, id="utf-8 BOM dropped"),
        pytest.param(_CSV_ARABIC.encode("utf-16"), _CSV_ARABIC, id="utf-16 with BOM"),
        pytest.param(_CSV_ARABIC.encode("utf-16-le"), _CSV_ARABIC, id="utf-16 LE without BOM"),
        pytest.param(_CSV_ARABIC.encode("utf-16-be"), _CSV_ARABIC, id="utf-16 BE without BOM"),
        pytest.param(_CSV_ARABIC.encode("cp1256"), _CSV_ARABIC, id="windows-1256"),
        pytest.param(_CSV_ASCII_THEN_1252.encode("cp1252"), _CSV_ASCII_THEN_1252,
                     id="windows-1252 after 81 ASCII rows"),  # fmt: skip
    ],
)
def test_a_stream_in_any_text_encoding_reads_back_whole(data, expected, chunk):
    assert _stream_text(data, chunk) == expected


def test_a_binary_stream_is_refused():
    with pytest.raises(UndecodableText, match="binary"):
        _stream_text(b"\x00\x01\x02\x03" * 100, 1 << 20)
