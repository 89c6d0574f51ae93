"""Token-by-token analysis of mixed Arabic/English text, with offsets into the original."""

import pytest

from search.text.tokenize import ARABIC, ENGLISH, analyze, iter_tokens, iter_words, word_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (term, original slice) for each token
        (
            "وَزِيرُ the Minister",
            [("وزير", "وَزِيرُ"), ("minist", "Minister")],
        ),
        (
            "الاتِّصَالاتِ الحديثة",
            [("اتصال", "الاتِّصَالاتِ"), ("حديث", "الحديثة")],
        ),
        (
            "العـــربية",
            [("عرب", "العـــربية")],
        ),
        (
            "قال الوزير: إن «الاتصالات» ستتحسن",
            [("قال", "قال"), ("وزير", "الوزير"), ("اتصال", "الاتصالات"), ("ستتحسن", "ستتحسن")],
        ),
        (
            "Syria’s ministers met in الرياض",
            [("syria", "Syria’s"), ("minist", "ministers"), ("met", "met"), ("رياض", "الرياض")],
        ),
        (
            "iPhoneالجديد",  # no space between the scripts
            [("iphon", "iPhone"), ("جديد", "الجديد")],
        ),
        (
            "قتل ٢٢٥ شخصاً في 2015م",
            [("قتل", "قتل"), ("225", "٢٢٥"), ("شخصا", "شخصاً"), ("2015", "2015")],
        ),
        (
            "تفجيرات بـ5 قنابل",  # the single letter ب is dropped, the digit kept
            [("تفجير", "تفجيرات"), ("5", "5"), ("قنابل", "قنابل")],
        ),
        (
            "نما 2.5% و٣٫٥",
            [("نما", "نما"), ("2.5", "2.5"), ("3.5", "٣٫٥")],
        ),
    ],
)
def test_terms_and_original_offsets(text, expected):
    tokens = list(iter_tokens(text))
    assert [(token.term, text[token.start : token.end]) for token in tokens] == expected


def test_positions_count_the_terms_kept():
    tokens = list(iter_tokens("وزير في the الاتصالات Minister"))
    assert [token.position for token in tokens] == [0, 1, 2]


@pytest.mark.parametrize(
    ("text", "scripts"),
    [
        ("وزير Minister", [ARABIC, ENGLISH]),
        ("Москва ٢٢٥", [ENGLISH, ENGLISH]),  # other scripts and numbers: the English chain
    ],
)
def test_each_token_knows_its_script(text, scripts):
    assert [token.script for token in iter_tokens(text)] == scripts


@pytest.mark.parametrize(
    ("text", "stemmed", "unstemmed"),
    [
        ("والاتصالات الحديثة", ["اتصال", "حديث"], ["والاتصالات", "الحديثه"]),
        ("وَزِيرُ the Minister", ["وزير", "minist"], ["وزير", "minister"]),
        ("Communications satellites", ["communic", "satellit"], ["communications", "satellites"]),
        ("في من إلى على the of", [], []),
        ("", [], []),
    ],
)
def test_analyze(text, stemmed, unstemmed):
    assert analyze(text) == stemmed
    assert analyze(text, stem=False) == unstemmed


def test_stop_words_can_be_kept_and_flagged_unstemmed():
    tokens = list(iter_tokens("the ministers في الوزارات", remove_stops=False))
    assert [(token.term, token.stopped) for token in tokens] == [
        ("the", True),
        ("minist", False),
        ("في", True),
        ("وزار", False),
    ]
    assert [token.position for token in tokens] == [0, 1, 2, 3]


def test_stop_decision_uses_the_unfolded_word():
    # على (on) is a stop word; the name علي (Ali) folds to the same letters but is kept
    assert analyze("على") == []
    assert analyze("علي") == ["عل"]


def test_iter_words_keeps_stop_words_unstemmed():
    words = list(iter_words("الوزير في"))
    assert [(word.term, word.is_stop) for word in words] == [("الوزير", False), ("في", True)]


@pytest.mark.parametrize(
    ("text", "term", "script"),
    [
        ("الإتصالات", "الاتصالات", ARABIC),
        ("Minister", "minister", ENGLISH),
        ("وزير*", "وزير*", ARABIC),
    ],
)
def test_word_of_takes_the_whole_text_as_one_word(text, term, script):
    word = word_of(text)
    assert (word.term, word.script, word.start, word.end) == (term, script, 0, len(text))
