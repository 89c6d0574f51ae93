"""The learned Arabic name tagger: training learns, the shipped model finds names with offsets."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from archive.ner import (
    ArabicNameTagger,
    FoundName,
    build_org_names,
    load_org_names,
    news_sentences,
    read_iob,
    shipped_tagger,
    train,
)
from archive.text.ner_features import fold, spans_from_labels, strip_clitics

# Beside the checkout, as for bench/ (ARCHIVE_CORPORA_DIR names another place).
CORPUS = Path(os.environ.get("ARCHIVE_CORPORA_DIR", Path(__file__).resolve().parents[3] / "shared/corpora"))
ANERCORP = CORPUS / "anercorp" / "ANERCorp.dev.txt"
GIVEN = ["أحمد", "محمد", "سعيد", "خالد", "عمر", "علي", "حسن", "يوسف", "سامي", "كريم"]
FAMILY = ["الخطيب", "المعولي", "حداد", "منصور", "العلي", "الحسيني", "سليمان", "النجار", "الشامي", "عيسى"]
CITIES = ["دمشق", "عمان", "القاهرة", "بيروت", "بغداد", "الرياض", "تونس", "الجزائر", "الدوحة", "مسقط"]


def sentence(given: str, family: str, city: str) -> list[tuple[str, str]]:
    return [
        ("وقال", "O"),
        ("الرئيس", "O"),
        (given, "B-PERS"),
        (family, "I-PERS"),
        ("في", "O"),
        (city, "B-LOC"),
        ("إن", "O"),
        ("البلاد", "O"),
        ("بخير", "O"),
        (".", "O"),
    ]


def test_training_on_a_small_slice_learns_the_pattern(tmp_path):
    training = [sentence(g, f, c) for g, f, c in zip(GIVEN[:8], FAMILY[:8], CITIES[:8], strict=True)] * 3
    model = tmp_path / "small.crfsuite"
    train(training, model_path=model, lexicon={}, options={"max_iterations": 60})
    tagger = ArabicNameTagger(model, lexicon={})
    # names it never saw, in the same places of the sentence
    labels = tagger.labels([word for word, _ in sentence("كريم", "عيسى", "مسقط")])
    assert spans_from_labels(labels) == [(2, 3, "PERS"), (5, 5, "LOC")]


def article(given: str, family: str, city: str, other: str) -> list[list[tuple[str, str]]]:
    """A name in full after a title, later its family name alone; another family name, in the
    same place but never named in this article, is not a name here (a word, as حداد "mourning")."""
    return [
        sentence(given, family, city),
        [("وأضاف", "O"), (family, "B-PERS"), ("أن", "O"), ("الوضع", "O"), ("هادئ", "O"), (".", "O")],
        [("وقال", "O"), ("مصدر", "O"), ("في", "O"), (city, "B-LOC"), (".", "O")],
        [("وأضاف", "O"), (other, "O"), ("أن", "O"), ("الوضع", "O"), ("هادئ", "O"), (".", "O")],
    ]


def test_the_second_pass_tags_a_lone_family_name_the_article_named_in_full(tmp_path):
    # every family name is a name in one article and a word in another: only the article tells
    rows = [(GIVEN[n], FAMILY[n], CITIES[n], FAMILY[(n + shift) % 8]) for shift in (1, 3) for n in range(8)]
    articles = [article(*row) for row in rows]
    training = [sentence for sentences in articles for sentence in sentences]
    model, second = tmp_path / "first.crfsuite", tmp_path / "second.crfsuite"
    train(training, model_path=model, lexicon={}, options={"max_iterations": 60},
          document_model_path=second, document_sentences=4)  # fmt: skip
    tagger = ArabicNameTagger(model, lexicon={}, document_model_path=second)
    doc = [[word for word, _ in s] for s in article(GIVEN[9], FAMILY[9], CITIES[9], FAMILY[8])]
    labels = tagger.document_labels(doc)
    assert spans_from_labels(labels[1]) == [(1, 1, "PERS")]  # عيسى alone, after كريم عيسى
    assert spans_from_labels(labels[3]) == []  # النجار, in the same place, not named here


def made_up(first: str, second: str) -> str:
    return "ال" + first + second + "ي"


def test_a_club_named_alone_is_tagged_when_the_news_introduced_it_by_its_head_word(tmp_path):
    # Clubs and common words of one shape in the same place of the sentence: only the lexicon
    # counted from the news tells them apart. The test words' letters were never seen.
    seen = [made_up(a, b) for a in "بتثجحخ" for b in "دذرزسش"]
    clubs, words = seen[::2], seen[1::2]
    club, word = made_up("ص", "ض"), made_up("ط", "ظ")
    orgs = {"words": {strip_clitics(fold(name)): "hi:club" for name in [*clubs, club]}}

    def sentence_with(name: str, label: str) -> list[tuple[str, str]]:
        return [("وقال", "O"), ("مدرب", "O"), (name, label), ("إن", "O"), ("الفريق", "O"), (".", "O")]

    training = [sentence_with(c, "B-ORG") for c in clubs] + [sentence_with(w, "O") for w in words]
    model = tmp_path / "clubs.crfsuite"
    train(training * 2, model_path=model, lexicon={}, options={"max_iterations": 60}, orgs=orgs)
    tagger = ArabicNameTagger(model, lexicon={}, orgs=orgs)
    assert spans_from_labels(tagger.labels([w for w, _ in sentence_with(club, "")])) == [(2, 2, "ORG")]
    assert spans_from_labels(tagger.labels([w for w, _ in sentence_with(word, "")])) == []


def test_read_iob_cuts_sentences_at_full_stops():
    lines = ["أعلن O", "اتحاد B-ORG", "الصناعة I-ORG", ". O", "", "في O", "ألمانيا B-LOC", ". O", "bad"]
    assert read_iob(lines) == [
        [("أعلن", "O"), ("اتحاد", "B-ORG"), ("الصناعة", "I-ORG"), (".", "O")],
        [("في", "O"), ("ألمانيا", "B-LOC"), (".", "O")],
    ]


@pytest.mark.skipif(not ANERCORP.is_file(), reason="ANERcorp (shared/corpora/anercorp) is absent")
def test_training_on_a_slice_of_anercorp_tags_held_out_places(tmp_path):
    sentences = read_iob(ANERCORP.read_text(encoding="utf-8").splitlines())
    model = tmp_path / "slice.crfsuite"
    train(sentences[:600], model_path=model, lexicon={}, options={"max_iterations": 40})
    tagger = ArabicNameTagger(model, lexicon={})
    right = gold = 0
    for held in sentences[-200:]:
        truth = {s for s in spans_from_labels([label for _, label in held]) if s[2] == "LOC"}
        found = {s for s in spans_from_labels(tagger.labels([w for w, _ in held])) if s[2] == "LOC"}
        right, gold = right + len(truth & found), gold + len(truth)
    assert right / gold > 0.4


def test_the_shipped_model_finds_people_places_and_organisations_with_offsets():
    tagger = shipped_tagger()
    assert tagger is not None, "archive/data/arabic_ner.crfsuite ships with the code"
    # لودريان (rare in the news, clustered with ال- nouns) the model trained 2026-12-02 08:00 loses
    text = "وقال وزير الخارجية الفرنسي لوران فابيوس في باريس إن الأمم المتحدة ستجتمع.\n\nThe end."
    found = tagger.names(text)
    assert all(isinstance(name, FoundName) for name in found)
    by_text = {name.text_in(text): name.kind for name in found}
    assert by_text.get("باريس") == "place"
    assert by_text.get("لوران فابيوس") == "person", by_text
    assert tagger.names("An English sentence about Paris.") == []


def test_news_sentences_are_the_folded_words_of_each_sentence_of_the_daily_zips(tmp_path):
    body = "قال الدفاع المدني إن الأمطار غزيرة.\u200f وحذر السكان."
    articles = [{"title": "أمطار في جدة", "content": body}]
    with zipfile.ZipFile(tmp_path / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(articles, ensure_ascii=False))
    assert list(news_sentences(tmp_path)) == [
        ["امطار", "في", "جده"],
        ["قال", "الدفاع", "المدني", "ان", "الامطار", "غزيره", "."],
        ["وحذر", "السكان", "."],
    ]


def test_the_organisation_lexicon_is_built_from_the_daily_zips_and_read_back(tmp_path):
    articles = [{"title": "رياضة", "content": "فاز نادي الظفرة على ضيفه. " * 6 + "وتأهل الظفرة. " * 4}]
    with zipfile.ZipFile(tmp_path / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(articles, ensure_ascii=False))
    path = tmp_path / "orgs.json"
    assert build_org_names(tmp_path, path) == 1
    assert load_org_names(path) == {"words": {"ظفره": "hi:club"}}
    assert load_org_names(tmp_path / "absent.json") == {}


def test_the_shipped_lexicon_holds_the_gazetteers_multiword_names_its_model_was_trained_with():
    from archive.ner import LEXICON_PATH

    shipped = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    assert shipped.get("امم متحده") == "org" and "orgB" in shipped.get("امم", "")
    assert len([key for key in shipped if " " in key]) > 300
