"""CLDR display names as news writes them, and the Arabic adjective (nisba) rule."""

import pytest

from archive.text.world_names import arabic_nisba_base, arabic_nisba_forms, display_name_variants


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("Saudi Arabia", ["Saudi Arabia"]),
        ("Myanmar (Burma)", ["Myanmar", "Burma"]),
        ("Congo - Kinshasa", ["Congo Kinshasa"]),
        ("Hong Kong SAR China", ["Hong Kong", "Hong Kong SAR China"]),
        ("هونغ كونغ الصينية (منطقة إدارية خاصة)", ["هونغ كونغ الصينية"]),
        ("Bosnia & Herzegovina", ["Bosnia & Herzegovina", "Bosnia and Herzegovina"]),
        ("Côte d\u2019Ivoire", ["Côte d'Ivoire"]),
    ],
)
def test_display_name_variants(name, variants):
    assert display_name_variants(name) == variants


@pytest.mark.parametrize(
    ("country", "base"),
    [
        ("السعودية", "سعودي"),
        ("سوريا", "سوري"),
        ("فرنسا", "فرنسي"),
        ("العراق", "عراقي"),
        ("مصر", "مصري"),
        ("الأردن", "أردني"),
        ("روسيا", "روسي"),
        ("مالي", None),  # no rule: the adjective table or nothing
        ("الولايات المتحدة", None),  # several words: the exceptions table gives أمريكي
    ],
)
def test_arabic_nisba_base(country, base):
    assert arabic_nisba_base(country) == base


def test_arabic_nisba_forms_cover_gender_number_and_the_article():
    forms = arabic_nisba_forms("سعودي")
    assert {"السعودي", "السعودية", "السعوديين", "السعوديون", "سعودية"} <= set(forms)
    assert "كوري جنوبي" in arabic_nisba_forms("كوري جنوبي")
    assert "الكورية الجنوبية" in arabic_nisba_forms("كوري جنوبي")
