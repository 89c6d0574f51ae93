"""The corrector's vocabulary kept beside the index (search.backends.whoosh_vocabulary)."""

from __future__ import annotations

import pytest
from haystack import connections

from archive.models import Article
from search.backends.whoosh_vocabulary import Vocabulary, VocabularyStore
from search.indexing import article_index

FREQUENCIES = {"texas": 40, "than": 900, "taxes": 60, "pfizer": 12, "prior": 500, "المجاعه": 15,
               "الجمعه": 800, "zanzibar": 1, "2024": 50}  # fmt: skip


@pytest.fixture
def vocabulary():
    return Vocabulary.from_frequencies(FREQUENCIES, generation=3, doc_count=1000)


def test_only_words_in_two_documents_are_candidates(vocabulary):
    assert "zanzibar" not in vocabulary.terms  # in one document: as likely a typo itself
    assert "2024" not in vocabulary.terms  # numbers are never corrections
    assert vocabulary.frequency("than") == 900 and vocabulary.frequency("zanzibar") == 0


def test_a_headline_word_is_a_candidate_however_rare():
    vocabulary = Vocabulary.from_frequencies(FREQUENCIES, headline=frozenset({"zanzibar", "2024"}))
    assert vocabulary.correction("zanzibra")[0] == "zanzibar"
    assert "2024" not in vocabulary.terms


@pytest.mark.parametrize(
    "typed, expected",
    [("txas", "texas"), ("pfizr", "pfizer"), ("الكجاعه", "المجاعه"), ("zanzibra", None), ("qqqq", None)],
)
def test_correction_over_the_vocabulary(vocabulary, typed, expected):
    found = vocabulary.correction(typed)
    assert (found[0] if found else None) == expected


def test_saved_beside_the_index_and_loaded_back(vocabulary, tmp_path):
    path = vocabulary.save(tmp_path, "MAIN")
    assert path.name == "spelling_MAIN_3.npz"
    loaded = Vocabulary.load(path)
    assert loaded.terms == vocabulary.terms and loaded.generation == 3 and loaded.doc_count == 1000
    assert loaded.correction("txas")[0] == "texas"
    Vocabulary.from_frequencies(FREQUENCIES, generation=4).save(tmp_path, "MAIN")
    assert [p.name for p in tmp_path.glob("spelling_*")] == ["spelling_MAIN_4.npz"]  # the old one goes


def _articles(words: list[str]) -> list[int]:
    return [
        Article.objects.create(
            title=f"Report on {word}",
            body=f"Ministers discussed {word} today.",
            raw_text=word,
            language="en",
            fingerprint=word,
            origin=f"test#{word}",
        ).pk  # fmt: skip
        for word in words
    ]


def test_the_vocabulary_follows_imports_and_is_shared_through_the_index_folder(db, whoosh_index):
    article_index(ids=_articles(["cocoa", "coffee", "tobacco"]))  # "report", "discussed"...: in all
    backend = connections["default"].get_backend()
    backend.index = backend.index.refresh()
    reader = backend.index.reader()
    first = backend.vocabularies.get(reader)
    assert {"report", "ministers", "discussed", "cocoa"} <= set(first.terms)  # title and body count apart
    assert "pumpkin" not in first.terms
    article_index(ids=_articles(["pumpkin"]))
    reader = backend.index.refresh().reader()
    second = backend.vocabularies.get(reader)
    assert second.generation == reader.generation() and "pumpkin" in second.terms
    # Another process serving the same index loads the saved vocabulary instead of building it.
    other = VocabularyStore(backend.path).get(reader)
    assert other.terms == second.terms and other.built_at == pytest.approx(second.built_at, abs=1)


def test_a_large_index_keeps_its_previous_vocabulary_while_a_thread_builds_the_new_one(
    db, whoosh_index, monkeypatch
):
    monkeypatch.setattr("search.backends.whoosh_vocabulary.BACKGROUND_MIN_DOCS", 1)
    article_index(ids=_articles(["cocoa", "coffee", "tobacco"]))
    backend = connections["default"].get_backend()
    backend.index = backend.index.refresh()
    store = VocabularyStore(backend.path)
    first = store.get(backend.index.reader(), reopen=backend.index.reader)
    article_index(ids=_articles(["pumpkin"]))
    index = backend.index.refresh()
    served = store.get(index.reader(), reopen=index.reader)
    assert served is first  # no search waits for the rebuild
    store._building.join(timeout=30)
    rebuilt = store.get(index.reader(), reopen=index.reader)
    assert rebuilt.generation == index.latest_generation() and "pumpkin" in rebuilt.terms
