"""The corrector's vocabulary kept beside the index (search.backends.whoosh_vocabulary)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

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


def _large(monkeypatch, *, rebuild_seconds: float = 0) -> None:
    """Make the test's few articles a "large" index (background builds) and set the interval."""
    monkeypatch.setattr("search.backends.whoosh_vocabulary.BACKGROUND_MIN_DOCS", 1)
    monkeypatch.setattr("search.backends.whoosh_vocabulary.MIN_REBUILD_SECONDS", rebuild_seconds)


def _index(words: list[str]):
    article_index(ids=_articles(words))
    backend = connections["default"].get_backend()
    backend.index = backend.index.refresh()
    return backend


class _Builds:
    """Counts Vocabulary.from_reader calls (and their threads); with `held`, each waits until
    released, so a test can see what a search gets while a build is still running."""

    def __init__(self, monkeypatch, held: bool = False):
        self.threads: list[threading.Thread] = []
        self.release, self.entered = threading.Event(), threading.Event()
        if not held:
            self.release.set()
        original = Vocabulary.from_reader.__func__

        def from_reader(cls, reader):
            self.threads.append(threading.current_thread())
            self.entered.set()
            assert self.release.wait(timeout=30)
            return original(cls, reader)

        monkeypatch.setattr(Vocabulary, "from_reader", classmethod(from_reader))


def _loads(monkeypatch) -> list:
    loaded = []
    original = Vocabulary.load.__func__

    def load(cls, path):
        loaded.append(path.name)
        return original(cls, path)

    monkeypatch.setattr(Vocabulary, "load", classmethod(load))
    return loaded


def test_a_large_index_with_no_vocabulary_answers_at_once_and_builds_in_the_background(
    db, whoosh_index, monkeypatch
):
    _large(monkeypatch)
    backend = _index(["cocoa", "coffee", "tobacco"])
    builds = _Builds(monkeypatch, held=True)
    store = VocabularyStore(backend.path)
    started = time.monotonic()
    served = store.get(backend.index.reader(), reopen=backend.index.reader)
    # The search goes on at once, without suggestions, while the build is held in its thread.
    assert time.monotonic() - started < 5 and served.terms == [] and served.correction("cocoa") is None
    assert builds.entered.wait(timeout=10) and store._building.is_alive()
    assert builds.threads == [store._building]
    builds.release.set()
    store._building.join(timeout=30)
    built = store.get(backend.index.reader(), reopen=backend.index.reader)
    assert "cocoa" in built.terms and len(builds.threads) == 1


def test_two_processes_on_one_index_build_its_vocabulary_once(db, whoosh_index, monkeypatch):
    _large(monkeypatch)
    backend = _index(["cocoa", "coffee", "tobacco"])
    builds = _Builds(monkeypatch, held=True)
    loads = _loads(monkeypatch)
    first, second = VocabularyStore(backend.path), VocabularyStore(backend.path)  # two gunicorn workers
    assert first.get(backend.index.reader(), reopen=backend.index.reader).terms == []
    assert builds.entered.wait(timeout=10)
    # The second finds the lock file taken: it builds nothing and serves without suggestions.
    assert second.get(backend.index.reader(), reopen=backend.index.reader).terms == []
    assert second._building is None and len(builds.threads) == 1
    builds.release.set()
    first._building.join(timeout=30)
    # Once the first has saved it, the second loads the file (and the interval stops a second build).
    served = second.get(backend.index.reader(), reopen=backend.index.reader)
    assert "cocoa" in served.terms and second._building is None
    assert len(builds.threads) == 1 and loads == [f"spelling_MAIN_{served.generation}.npz"]


def test_a_saved_vocabulary_is_read_only_when_its_generation_is_newer(db, whoosh_index, monkeypatch):
    _large(monkeypatch, rebuild_seconds=3600)
    backend = _index(["cocoa", "coffee", "tobacco"])
    loads = _loads(monkeypatch)
    VocabularyStore(backend.path).get(backend.index.reader())  # built and saved (no reopen: at once)
    assert loads == []
    store = VocabularyStore(backend.path)
    for _ in range(3):
        loaded = store.get(backend.index.reader(), reopen=backend.index.reader)
    assert "cocoa" in loaded.terms and len(loads) == 1
    # Stale (a new generation, a third more documents) and no rebuild yet: the file on disk is
    # the one in memory, so it is not read again on every search.
    index = _index(["pumpkin"]).index
    for _ in range(3):
        assert store.get(index.reader(), reopen=index.reader) is loaded
    assert len(loads) == 1
    # A newer generation saved by another process is read, once.
    Vocabulary.from_reader(index.reader()).save(Path(backend.path), "MAIN")
    for _ in range(3):
        newer = store.get(index.reader(), reopen=index.reader)
    assert "pumpkin" in newer.terms and len(loads) == 2


def test_a_stale_vocabulary_is_rebuilt_at_most_every_interval(db, whoosh_index, monkeypatch):
    _large(monkeypatch, rebuild_seconds=3600)
    backend = _index(["cocoa", "coffee", "tobacco"])
    builds = _Builds(monkeypatch)
    store = VocabularyStore(backend.path)
    store.get(backend.index.reader(), reopen=backend.index.reader)  # none yet: built at once
    store._building.join(timeout=30)
    first = store.get(backend.index.reader(), reopen=backend.index.reader)
    for word in ("pumpkin", "walnut"):  # two commits, each a new generation with a third more documents
        index = _index([word]).index
        assert store.get(index.reader(), reopen=index.reader) is first  # the stale one serves
    other = VocabularyStore(backend.path)  # another process: the interval is the index's, not the store's
    assert other.get(index.reader(), reopen=index.reader).terms == first.terms and other._building is None
    assert len(builds.threads) == 1
    monkeypatch.setattr("search.backends.whoosh_vocabulary.MIN_REBUILD_SECONDS", 0)
    store.get(index.reader(), reopen=index.reader)
    store._building.join(timeout=30)
    rebuilt = store.get(index.reader(), reopen=index.reader)
    assert len(builds.threads) == 2 and {"pumpkin", "walnut"} <= set(rebuilt.terms)


def test_a_large_index_keeps_its_previous_vocabulary_while_a_thread_builds_the_new_one(
    db, whoosh_index, monkeypatch
):
    _large(monkeypatch)
    backend = _index(["cocoa", "coffee", "tobacco"])
    store = VocabularyStore(backend.path)
    store.get(backend.index.reader(), reopen=backend.index.reader)
    store._building.join(timeout=30)
    first = store.get(backend.index.reader(), reopen=backend.index.reader)
    assert "cocoa" in first.terms
    index = _index(["pumpkin"]).index
    served = store.get(index.reader(), reopen=index.reader)
    assert served is first  # no search waits for the rebuild
    store._building.join(timeout=30)
    rebuilt = store.get(index.reader(), reopen=index.reader)
    assert rebuilt.generation == index.latest_generation() and "pumpkin" in rebuilt.terms


def test_counted_segment_by_segment_as_the_whole_index_counts(db, whoosh_index):
    for words in (["cocoa", "coffee"], ["tobacco", "walnut"], ["pumpkin", "barley"]):  # three commits
        article_index(ids=_articles(words))
    reader = connections["default"].get_backend().index.refresh().reader()
    assert len(reader.leaf_readers()) > 1
    vocabulary = Vocabulary.from_reader(reader)
    for term in ("cocoa", "report", "ministers"):  # "report": in all six, across the segments
        whole = reader.doc_frequency("exact", term) + reader.doc_frequency("exact_title", term)
        assert vocabulary.frequency(term) == whole > 1
