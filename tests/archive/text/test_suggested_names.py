import pytest

from archive.text.suggested_names import conjunction_length, suggestible_name


@pytest.mark.parametrize(
    ("name", "length"),
    [("وخالد بن عبد الله", 1), ("ومحمد الشلهوب", 1), ("وليد سالم", 0), ("والتر بالمر", 0),
     ("فيفا", 0), ("وفاق سطيف", 0), ("فيصل بن خالد", 0), ("خالد الحليبي", 0)],
)
def test_conjunction_length(name, length):
    assert conjunction_length(name) == length


@pytest.mark.parametrize(
    ("name", "person", "expected"),
    [
        ("عبدالفتاح السيسي", True, True),
        ("جامعة جازان", False, True),
        ("ماربيا", False, True),
        ("السيسي", True, False),  # a lone name
        ("محمد هي", True, False),
        ("شئنا أم أبينا", False, False),
        ("محمد بن", True, False),
        ("بوتين زار", True, False),
        ("بالكورنيش", False, False),
        ("بمدينة", False, False),
        ("لشركة تقنية", False, False),
    ],
)
def test_suggestible_name(name, person, expected):
    assert suggestible_name(name, person=person) is expected
