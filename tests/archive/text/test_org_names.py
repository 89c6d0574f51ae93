"""Organisation names learned from the words that introduce them in unlabelled news."""

import pytest

from archive.text.ner_features import fold
from archive.text.org_names import count_followers, head_group, org_lexicon, share_bucket


@pytest.mark.parametrize(
    ("word", "group"),
    [
        ("نادي", "club"),
        ("لنادي", "club"),  # a glued preposition strip_clitics leaves on
        ("والنادي", "club"),
        ("صحيفة", "media"),
        ("قناة", "media"),
        ("للشركة", "company"),
        ("الهيئة", "body"),
        ("وزارة", "body"),
        ("الأهلي", None),
        ("لندن", None),
    ],
)
def test_head_group(word, group):
    assert head_group(fold(word)) == group


@pytest.mark.parametrize(
    ("share", "bucket"),
    [(0.5, "hi"), (0.3, "hi"), (0.2, "mid"), (0.05, "lo"), (0.01, None)],
)
def test_share_bucket(share, bucket):
    assert share_bucket(share) == bucket


def news(*lines: str) -> list[list[str]]:
    return [[fold(word) for word in line.split()] for line in lines]


def test_a_club_named_alone_is_known_by_what_introduced_it_elsewhere():
    sentences = news(
        *["فاز نادي الأهلي على الهلال"] * 6,
        *["وقال الأهلي في بيان"] * 4,
        *["قناة الجزيرة بثت الخبر"] * 5,
        *["في جزيرة الجزيرة"] * 60,  # the word is mostly a place: a smaller share
        *["زار وزير السعودية"] * 40,
        *["وزارة السعودية"] * 2,  # after a head word, but too seldom to count
    )
    lexicon = org_lexicon(*count_followers(sentences))
    words = lexicon["words"]
    assert words["اهلي"] == "hi:club"  # 6 of its 10 occurrences follow نادي
    assert words["جزيره"] == "lo:media"  # 5 of 65
    assert "سعوديه" not in words and "وزير" not in words


def test_a_name_in_quotes_after_its_head_word_is_counted():
    sentences = news(*['قالت صحيفة " الراية " القطرية'] * 5, *["الراية"] * 5)
    lexicon = org_lexicon(*count_followers(sentences))
    assert lexicon["words"] == {"رايه": "hi:media"}


def test_what_follows_a_ministry_or_a_team_is_a_description_not_a_name():
    sentences = news(*["قالت وزارة الخارجية"] * 10, *["فريق العمل"] * 10, *["حزب الوفد"] * 10)
    assert org_lexicon(*count_followers(sentences))["words"] == {"وفد": "hi:party"}
