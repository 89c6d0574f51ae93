"""The learned tagger's word features: clitics stripped, the gazetteer and titles seen."""

import pytest

from archive.text.ner_features import (
    lexicon_from_names,
    make_word_features,
    sentence_features,
    spans_from_labels,
    strip_clitics,
)


@pytest.mark.parametrize(
    ("folded", "stripped"),
    [
        ("ولبنان", "لبنان"),
        ("بالرياض", "رياض"),
        ("للامم", "امم"),
        ("والسعوديه", "سعوديه"),
        ("فرنسا", "فرنسا"),
        ("وزير", "وزير"),  # the و is the word's own
        ("بن", "بن"),
        ("لبنان", "لبنان"),
        ("الرئيس", "رئيس"),
    ],
)
def test_strip_clitics(folded, stripped):
    assert strip_clitics(folded, known={"لبنان"}) == stripped


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["O", "B-PERS", "I-PERS", "O"], [(1, 2, "PERS")]),
        (["B-LOC", "B-LOC"], [(0, 0, "LOC"), (1, 1, "LOC")]),
        (["I-ORG", "I-ORG", "O", "B-MISC"], [(0, 1, "ORG"), (3, 3, "MISC")]),
        (["B-PERS", "I-LOC"], [(0, 0, "PERS"), (1, 1, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_spans_from_labels(labels, spans):
    assert spans_from_labels(labels) == spans


def test_a_word_behind_clitics_is_found_in_the_gazetteer_and_titles_are_marked():
    lexicon = lexicon_from_names([("لبنان", "place"), ("الأمم المتحدة", "organisation")])
    features = make_word_features(lexicon)
    own, _ = features("ولبنان")
    assert "g=pla1" in own
    assert "g=orgB" in features("للأمم")[0]
    assert "m=title" in features("الرئيس")[0]


def test_sentence_features_see_the_neighbours():
    features = make_word_features({})
    rows = sentence_features(["قال", "الرئيس", "السيسي"], features)
    assert len(rows) == 3
    assert "-1m=title" in rows[2] and "-2m=say" in rows[2]
    assert "1edge" in rows[2] and "-2edge" in rows[0]
