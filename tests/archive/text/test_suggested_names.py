import pytest

from archive.text.suggested_names import (
    conjunction_length,
    neighbour_words,
    person_name_end,
    suggestible_name,
)


@pytest.mark.parametrize(
    ("name", "length"),
    [("وخالد بن عبد الله", 1), ("ومحمد الشلهوب", 1), ("وليد سالم", 0), ("والتر بالمر", 0),
     ("فيفا", 0), ("وفاق سطيف", 0), ("فيصل بن خالد", 0), ("خالد الحليبي", 0),
     # a short word is و + a name's start
     ("وعبد المعطي كعكي", 1), ("وسان خوسيه", 1), ("وعد", 0),
     ("فرحان سليم العنزي", 0), ("فعبد الله", 1)],  # ف: only before a name's start
)  # fmt: skip
def test_conjunction_length(name, length):
    assert conjunction_length(name) == length


@pytest.mark.parametrize(
    ("name", "person", "before", "after", "expected"),
    [
        ("عبدالفتاح السيسي", True, "", "", True),
        ("جامعة جازان", False, "", "", True),
        ("ماربيا", False, "", "", True),
        ("عبد الكريم القحطاني", True, "الشاب", "الصاعد", True),
        ("محمد بن نايف", True, "الأمير", "", True),
        ("السيسي", True, "", "", False),  # a lone name
        ("محمد هي", True, "", "", False),
        ("شئنا أم أبينا", False, "", "", False),
        ("محمد بن", True, "", "", False),
        ("بوتين زار", True, "", "", False),
        ("بالكورنيش", False, "", "", False),
        ("بمدينة", False, "", "", False),
        ("لشركة تقنية", False, "", "", False),
        # a common word first: verb, time word, question word, adjective, plural in construct
        ("قاد ديافرا ساخو", True, "", "", False),
        ("حينذاك هاري", True, "", "", False),
        ("وأين بيتي", True, "", "", False),
        ("رمزية بن غوريون", True, "", "", False),
        ("لاعبو برشلونة", True, "", "", False),
        ("لاعبو الفريق", True, "", "", False),
        ("ليوم الدين", True, "", "", False),  # ل + a common noun
        ("كالمملكة مثلا", False, "", "", False),
        ("طالب جامعي", True, "", "", False),
        # cut short: a link or, after a given name in two words, a family name follows
        ("محمد بن منصور", True, "", "آل", False),
        ("عبدالله يحيى", True, "أسرة", "آل", False),
        ("حمد بن عبد العزيز", True, "", "السويلم", False),
        ("عبد الله بن دخيل الله", True, "المهندس", "الميال", False),
        ("عبد العزيز", True, "الاستاذ", "المسلم", False),
        ("أبو بكر", True, "", "الصديق", False),
        ("أبو بكر", True, "كتيبة", "", False),  # a battalion's name
        # ... but a whole name followed by a function word, a title or a time word is whole
        ("بندر بن سلطان", True, "الأمير", "الذي", True),
        ("سلمان بن عبد العزيز", True, "الملك", "إلى", True),
        ("عبدالله بن مساعد", True, "الأمير", "الرئيس", True),
        ("ابن لادن", True, "عائلة", "البارحة", True),
        ("أبو مازن", True, "", "", True),  # a kunya alone is a name
        ("واين روني", True, "يجد", "نفسه", True),  # Wayne, not و + أين
        # a word no name has: an adverb, ل/ب on a hamza word, a dual in construct, a glued title
        ("عبدالله جانباً", True, "", "", False),
        ("روحاني لإردوغان", True, "", "", False),
        ("ناديي النصر", True, "", "", False),
        ("الدكتورعبدالله بن عبدالعزيز الربيعة", True, "", "", False),
        ("Lenovo IdeaPad", True, "", "", False),
        ("دير شبيجل", True, "مجلة", "", False),  # a magazine
        # a place inside a body's name
        ("بوسطن", False, "من جامعة", "", False),
        ("الصين", False, "بورصة", "", False),
        ("لوزان", False, "لمدينة", "", True),
        ("كورنيش", False, "منطقة", "النيل", False),
        ("الريف", False, "في", "الجنوبي", False),
        ("وشرق", False, "شمال شرق", "ووسط", False),
        ("عيسى بن علي", True, "بيت الشيخ", "", False),  # a house (a museum) named after him
        ("مرسى", False, "", "دبي", False),
        ("آباد", False, "إسلام", "", False),
        # a person's name inside a body's or a place's name
        ("محمد بن ناصر", True, "مستشفى", "", False),
        ("الملك عبدالله", True, "مدينة", "", False),
        ("سطام بن عبدالعزيز", True, "جامعة الأمير", "", False),
        ("فهد بن سلمان", True, "مركز الأمير", "", False),
        ("فهد بن سلمان", True, "استقبل الأمير", "", True),
    ],
)
def test_suggestible_name(name, person, before, after, expected):
    assert suggestible_name(name, person=person, before=before, after=after) is expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("مدير جامعة الأمير سطام بن عبدالعزيز الدكتور", "سطام بن عبدالعزيز", ("جامعة الأمير", "الدكتور")),
        ("قال محمد الشهري، إن", "محمد الشهري", ("قال", "")),
        ("هذا، محمد الشهري\nالمسلم", "محمد الشهري", ("", "")),
        ("محمد الشهري", "محمد الشهري", ("", "")),
    ],
)
def test_neighbour_words(text, name, expected):
    start = text.index(name)
    assert neighbour_words(text, start, start + len(name)) == expected


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("وتابع محمد بن منصور القرني جهود الوزارة", "محمد بن منصور", "محمد بن منصور القرني"),
        ("الأمير مقرن بن عبد العزيز آل سعود رئيسا", "مقرن بن عبد العزيز", "مقرن بن عبد العزيز آل سعود"),
        ("المهندس خالد بن عبدالعزيز الفالح كتب", "خالد بن عبدالعزيز", "خالد بن عبدالعزيز الفالح"),
        ("أسرة عبدالله يحيى آل مشراف الشهراني", "عبدالله يحيى", "عبدالله يحيى آل مشراف"),
        ("والشيخ محمد بن", "محمد", "محمد"),  # a link with nothing after it
        ("الأمير بندر بن سلطان الذي زار", "بندر بن سلطان", "بندر بن سلطان"),
        ("والتقى فهد الشليمي الخبير", "فهد الشليمي", "فهد الشليمي"),
        ("وصرح لخضر بن خلاف القيادي في حزب", "لخضر بن خلاف", "لخضر بن خلاف"),  # a title follows
    ],
)
def test_a_person_name_cut_short_is_taken_to_its_end(text, found, whole):
    start = text.index(found)
    assert text[start : person_name_end(text, start, start + len(found))] == whole
