import pytest

from search.text.query_syntax import UserQuery, format_user_query, parse_user_query


@pytest.mark.parametrize(
    ("typed", "words", "phrases", "excluded_words", "excluded_phrases"),
    [
        ("وزير الاتصالات", ("وزير", "الاتصالات"), (), (), ()),
        ('"information technology" Syria', ("Syria",), ("information technology",), (), ()),
        ("«وزير الاتصالات» -عمان", (), ("وزير الاتصالات",), ("عمان",), ()),
        ('Syria -"Iranian minister"', ("Syria",), (), (), ("Iranian minister",)),
        ('"unbalanced quote', ("unbalanced", "quote"), (), (), ()),
        ("*", (), (), (), ()),
        ("a*", ("a",), (), (), ()),
        ("AND OR NOT ( ) : ^ ~", ("AND", "OR", "NOT"), (), (), ()),
        ("title:Syria", ("title", "Syria"), (), (), ()),
        ("Syrian-Russian", ("Syrian-Russian",), (), (), ()),
        ("- -- ---", (), (), (), ()),
        ("nul\x00byte", ("nul", "byte"), (), (), ()),
        ('"one"', ("one",), (), (), ()),
        ("ﻻ", ("لا",), (), (), ()),
    ],
)
def test_parse_user_query(typed, words, phrases, excluded_words, excluded_phrases):
    query = parse_user_query(typed)
    assert query.words == words
    assert query.phrases == phrases
    assert query.excluded_words == excluded_words
    assert query.excluded_phrases == excluded_phrases


def test_long_queries_are_truncated_and_say_so():
    query = parse_user_query("word " * 1000)
    assert query.truncated
    assert query.words == ("word",)
    assert not parse_user_query("short").truncated


@pytest.mark.parametrize("typed", ["", "   ", "*", "-x", '""'])
def test_queries_without_positive_words_are_empty(typed):
    assert parse_user_query(typed).is_empty


def test_format_round_trips():
    query = UserQuery(words=("a", "b"), phrases=("c d",), excluded_words=("e",),
                      excluded_phrases=("f g",))
    assert parse_user_query(format_user_query(query)) == query
