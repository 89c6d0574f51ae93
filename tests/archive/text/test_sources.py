from __future__ import annotations

import pytest

from archive.text.sources import AL_WATAN, SANA, SYRIAN_OBSERVER, Source, detect_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Headline\n\nDamascus, SANA- The authority discussed", SANA, id="dateline"),
        pytest.param("Headline\n\nHoms, SANA – Work continues", SANA, id="dateline en dash"),
        pytest.param("Headline\nSANA- The ministry said", SANA, id="bare SANA dateline"),
        pytest.param("عنوان\nدمشق-سانا\nبحث وزير الاتصالات", SANA, id="arabic dateline"),
        pytest.param("عنوان\nحلب - سانا\nافتتح", SANA, id="arabic dateline spaced"),
        pytest.param("نص الخبر\n\nزر الذهاب إلى الأعلى\nصحيفة الوطن", AL_WATAN, id="masthead"),
        pytest.param("بينت لـ«الوطن» أن الهدف", AL_WATAN, id="house credit"),
        pytest.param(
            "Text.\nThis article was edited by The Syrian Observer. The Syrian Observer has "
            "not verified the content of this story.",
            SYRIAN_OBSERVER,
            id="republisher note",
        ),
        pytest.param(
            "Damascus, SANA- Officials met.\n\nThis article was edited by The Syrian Observer.",
            SYRIAN_OBSERVER,
            id="republisher wins over the original dateline",
        ),
    ],
)
def test_detects_the_outlet_from_what_the_text_states(text: str, expected: Source) -> None:
    assert detect_source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Officials met, according to SANA.", id="citation is not a source"),
        pytest.param("In a statement to SANA reporter, he said", id="mention mid-sentence"),
        pytest.param("نقلت صحيفة الوطن عن الوزير أن الاتفاق سيوقع", id="paper quoted by another"),
        pytest.param("Minister of Communications discusses cooperation", id="nothing stated"),
    ],
)
def test_never_guesses_an_outlet(text: str) -> None:
    assert detect_source(text) is None


def test_sources_carry_their_native_names() -> None:
    assert (AL_WATAN.name, AL_WATAN.native_name, AL_WATAN.language) == ("Al-Watan", "الوطن", "ar")
    assert SANA.native_name == "سانا"
