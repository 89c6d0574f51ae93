from __future__ import annotations

import pytest

from archive.text.language import count_letters, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Syrian-Russian talks in field of communications", "en", id="english"),
        pytest.param("اتفاقيات تقنية جديدة بين سوريا والأردن في دمشق", "ar", id="arabic"),
        pytest.param("وتمّ التأكيد خلال الاجتماع على متانة العلاقات", "ar", id="arabic harakat"),
        pytest.param(
            "أعلنت شركة Microsoft وشركة Google عن شراكة جديدة في مجال الذكاء الاصطناعي",
            "ar",
            id="arabic quoting english names",
        ),
        pytest.param(
            "The minister visited the Umayyad Mosque (الجامع الأموي) on Friday.",
            "en",
            id="english quoting an arabic name",
        ),
        pytest.param("تبلغ ٢٢٥ عارضاً في 2025", "ar", id="digits do not count"),
    ],
)
def test_detects_the_majority_script(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_counts_letters_by_script_ignoring_marks_and_digits() -> None:
    counts = count_letters("عُمان Oman 2030 ـ!")
    assert (counts.arabic, counts.latin, counts.other) == (4, 4, 0)
