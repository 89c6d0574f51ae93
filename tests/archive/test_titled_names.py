"""People named after a title whom the gazetteer does not know: suggestions for editors."""

from __future__ import annotations

import pytest

from archive.text.mentions import Gazetteer, find_spans, tokenize
from archive.text.titled_names import find_titled_names

GAZETTEER = Gazetteer(
    [
        (1, "Iyad Al-Khatib", "person"),
        (1, "إياد الخطيب", "person"),
        (2, "Lattakia", "place"),
        (3, "سلطنة عمان", "place"),
        (4, "الأردن", "place"),
        (5, "Telecommunications and Postal Regulatory Authority", "organisation"),
    ]
)


def names(text: str) -> list[str]:
    tokens = tokenize(text)
    return [name.name for name in find_titled_names(text, tokens, find_spans(GAZETTEER, tokens))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Director-General of the Telecommunications and Postal Regulatory Authority, "
         "Eng. Manhal Junaidi said", ["Manhal Junaidi"]),
        ("the Iranian Minister of Communications and Information Technology, Dr. Issa Zarei Pur, and",
         ["Issa Zarei Pur"]),
        ("headed by the Deputy Minister of Industry and Energy Atmansyev Andrei Anatolyevich, discussed",
         ["Atmansyev Andrei Anatolyevich"]),
        ("the Governor of Lattakia, Eng. Amer Ismail Hilal, means", ["Amer Ismail Hilal"]),
        ("President Bashar al-Assad received", ["Bashar al-Assad"]),
        # known people, a lone surname, a lower-case title, a sentence break: no suggestion
        ("Minister of Communications and Technology, Eng. Iyad Al-Khatib, discussed", []),
        ("Minister Al-Khatib underlined", []),
        ("the Iranian minister Hassan Rouhani", []),
        ("He met the Minister. John Smith said", []),
        ("Minister of Communications discusses with his Iranian counterpart", []),
        # Arabic: title, portfolio of definite words and known places, then the name
        ("وأكد وزير الاتصالات وتقانة المعلومات عبد السلام هيكل أن", ["عبد السلام هيكل"]),
        ("أكد وزير الاقتصاد الرقمي والريادة الأردني سامي سميرات أن", ["سامي سميرات"]),
        ("مع وزير النقل والاتصالات في سلطنة عمان سعيد المعولي افتراضياً", ["سعيد المعولي"]),
        ("وشارك معاونة وزير الاتّصالات والتّقانة فاديا سليمان ومدير عام", ["فاديا سليمان"]),
        ("استقبل وزير خارجية الأردن أيمن الصفدي الوفد", ["أيمن الصفدي"]),
        ("التقى المهندس منهل الجنيدي الوفد", ["منهل الجنيدي"]),
        ("وقال د. سعيد بن حمود المعولي", ["سعيد بن حمود المعولي"]),
        ("اجتمع وزير الاتصالات والتقانة إياد الخطيب أمس", []),
        ("واعتبر الوزير هيكل أن انعقاد الملتقى", []),
        ("وزير الاتصالات السوري ونظيره العماني يناقشان", []),
        ("معاونة وزير الاتصالات لـ«الوطن» نعمل", []),
        ("ومدير عام الهيئة الوطنية لخدمات الشبكة، ومدير التخطيط", []),
        ("الوزير أكد ضرورة التعاون", []),
        # on real text: dynasties, possessives, bodies and obituary formulas
        ("استقبل الأمير سلمان بن عبدالعزيز آل سعود الوفد", ["سلمان بن عبدالعزيز آل سعود"]),
        ("President James Baker's visit", ["James Baker"]),
        ("said the President of Nomura Securities International", []),
        ("افتتح الأمير فهد الأمنية", []),
        ("مركز الملك فيصل للدراسات", []),
        ("الملك فيصل -رحمه الله", []),
        # the faults of #11: a noun behind ل/ب, a preposition after the name, a lone surname
        ("وزير الدولة لرعاية الشباب فيصل", []),
        ("قدم الرئيس لشركة تقنية المعلومات", []),
        ("وقال الرئيس اوباما بحسب البيان", []),
        ("استقبل الوزير سامي حداد بحسب البيان", ["سامي حداد"]),
        ("President Reagan said on Monday", ["Reagan"]),
        ("Secretary of State George Shultz said", ["George Shultz"]),
    ],
)
def test_titled_names(text, expected):
    assert names(text) == expected
