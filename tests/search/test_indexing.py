"""Bulk indexing while an import runs: batches go to the writer as they are stored."""

import pytest
from haystack import connections

from archive.models import Article
from search.consistency import index_differences
from search.indexing import article_index, bulk_indexing
from search.selectors import SearchParams, article_search


def hits(query: str) -> int:
    return article_search(params=SearchParams(q=query)).count


def new_articles(words: list[str]) -> list[int]:
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


@pytest.mark.parametrize("procs", [1, 2])
def test_batches_written_by_writer_processes_are_searchable_once(db, procs):
    with bulk_indexing(procs=procs, threshold=1) as indexer:
        first = new_articles(["cocoa", "coffee"])
        indexer.add(first)
        assert indexer.writer is not None, "past the threshold the bulk writer takes over"
        indexer.add(new_articles(["sugar"]))
        # An article changed after its batch was written: indexed again after the commit.
        Article.objects.filter(pk=first[0]).update(body="Ministers discussed tea today.")
        indexer.add([first[0]])
    assert indexer.indexed == 3
    assert hits("sugar") == 1 and hits("coffee") == 1
    assert hits("tea") == 1 and hits("discussed") == 3
    assert not index_differences()


def test_a_small_job_is_indexed_in_one_commit_at_the_end(db):
    with bulk_indexing(procs=2, threshold=100) as indexer:
        indexer.add(new_articles(["cocoa", "coffee"]))
        assert indexer.writer is None
        assert hits("cocoa") == 0
    assert hits("cocoa") == 1 and indexer.indexed == 2


def test_a_failed_job_releases_the_index_and_leaves_it_as_it_was(db):
    kept = new_articles(["cocoa"])
    article_index(ids=kept)
    with pytest.raises(KeyboardInterrupt), bulk_indexing(procs=2, threshold=1) as indexer:
        indexer.add(new_articles(["coffee", "sugar"]))
        processes = indexer.writer.processes
        assert len(processes) == 1
        raise KeyboardInterrupt
    assert hits("coffee") == 0 and hits("cocoa") == 1
    # The lock is free again and the writer processes are gone: a normal write goes through.
    assert not any(process.is_alive() for process in processes)
    article_index(ids=Article.objects.values_list("pk", flat=True))
    assert hits("coffee") == 1 and not index_differences()


def test_other_engines_get_one_update_per_batch(db, monkeypatch):
    backend = connections["default"].get_backend()
    calls = []
    monkeypatch.setattr("search.writers.ArchiveWhooshSearchBackend", type("Other", (), {}))
    original = backend.update
    monkeypatch.setattr(
        backend, "update", lambda index, items: calls.append(len(items)) or original(index, items)
    )
    with bulk_indexing(procs=2, threshold=1) as indexer:
        indexer.add(new_articles(["cocoa", "coffee"]))
        indexer.add(new_articles(["sugar"]))
    assert calls == [2, 1]
    assert hits("sugar") == 1
