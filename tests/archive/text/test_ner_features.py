"""The learned tagger's word features: clitics stripped, the gazetteer and titles seen."""

import pytest

from archive.text.ner_features import (
    document_features,
    fold,
    lexicon_from_names,
    make_word_features,
    multiword_names,
    name_table,
    sentence_features,
    spans_from_labels,
    strip_clitics,
    with_neighbour_votes,
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
    ("word", "folded"),
    [
        ("بنها\u200f", "بنها"),  # a direction mark the web left in the word
        ("\u200fالمنصورة", "المنصوره"),
        ("القاهرة", "القاهره"),
        ("Google", "google"),
    ],
)
def test_fold(word, folded):
    assert fold(word) == folded


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


@pytest.mark.parametrize(
    ("keys", "labels", "expected"),
    [
        # نجيب محفوظ in full once, then محفوظ alone: the lone one hears it was a name
        ([["نجيب", "محفوظ"], ["قال", "محفوظ"]], [["B-PERS", "I-PERS"], ["O", "O"]],
         [[[], ["d=O"]], [[], ["d=PERS"]]]),
        # a word's own label does not vote for itself
        ([["مصر"]], [["B-LOC"]], [[[]]]),
        # every kind the other occurrences were given, not only the commonest
        ([["الجزيره", "الجزيره", "الجزيره"]], [["B-ORG", "B-LOC", "O"]],
         [[["d=LOC"], ["d=ORG"], ["d=LOC", "d=ORG"]]]),
        ([["في", "في"]], [["O", "O"]], [[["d=O"], ["d=O"]]]),
    ],
)  # fmt: skip
def test_document_features(keys, labels, expected):
    assert document_features(keys, labels) == expected


def test_a_word_has_its_cluster_at_each_level_and_the_clitic_free_form_its_own():
    clusters = {"لبنان": ("7", "2"), "ولبنان": ("9", "3")}
    own, neighbour = make_word_features({"لبنان": "pla1"}, clusters)("ولبنان")
    assert {"c0=9", "c1=3", "sc0=7", "sc1=2"} <= set(own) and "sc0=7" in neighbour
    assert "c=none" in make_word_features({}, clusters)("غريب")[0]


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        # نجيب (never named alone) hears that the next word, محفوظ, was a name elsewhere
        ([[], ["d=PERS"], ["d=O"]], [["1d=PERS"], ["d=PERS", "1d=O"], ["d=O", "-1d=PERS"]]),
        ([["d=LOC"]], [["d=LOC"]]),
        ([], []),
    ],
)
def test_with_neighbour_votes(votes, expected):
    assert with_neighbour_votes(votes) == expected


def test_a_word_the_news_names_organisations_by_is_marked_behind_its_clitics():
    features = make_word_features({}, orgs={"اهلي": "hi:club"})
    own, neighbour = features("والأهلي")
    assert {"org=hi", "orgg=club"} <= set(own) and "org=hi" in neighbour
    assert not any(feature.startswith("org") for feature in features("الهلال")[0])


@pytest.mark.parametrize(
    ("sentence", "runs"),
    [
        # the genitive chain of a long name, each word further in
        ("قالت الهيئة العامة للتأمين الصحي إن", [None, None, "inorg=1", "inorg=2", "inorg=3", None]),
        ("وزارة الداخلية والخارجية في", [None, "inorg=1", "inorg=2", None]),
        # a word without the article ends the run
        ("شركة أرامكو السعودية", [None, None, None]),
        ("في الرياض الكبرى", [None, None, None]),
    ],
)
def test_words_inside_a_run_a_head_word_starts(sentence, runs):
    rows = sentence_features(sentence.split(), make_word_features({}))
    assert [next((f for f in row if f.startswith("inorg=")), None) for row in rows] == runs


def test_a_run_of_words_that_is_a_multiword_gazetteer_name_is_marked_behind_its_clitics():
    lexicon = multiword_names([("الأمم المتحدة", "organisation"), ("بنك التنمية الأفريقي", "organisation")])
    assert lexicon == {"امم متحده": "org", "بنك تنميه افريقي": "org"}
    features = make_word_features(lexicon)
    rows = sentence_features(
        "وقال الأمين العام للأمم المتحدة إن".split(), features, names=name_table(lexicon)
    )
    marks = [[f for f in row if "gz=" in f] for row in rows]
    assert marks == [[], [], ["1gz=orgB"], ["gz=orgB", "1gz=orgI"], ["gz=orgI", "-1gz=orgB"], ["-1gz=orgI"]]
    # the words alone, or in another order, are no name
    rows = sentence_features("المتحدة للأمم".split(), features, names=name_table(lexicon))
    assert not any("gz=" in f for row in rows for f in row)
