"""The one indexing entry point: now, at the end of a bulk_indexing() block, or streamed."""

import pytest
from haystack import connections
from haystack.utils import get_identifier

from archive.models import Article
from search.consistency import index_differences
from search.indexing import article_document_id, article_index, article_unindex, bulk_indexing
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


def test_the_document_id_is_haystacks_identifier(db):
    (pk,) = new_articles(["cocoa"])
    assert article_document_id(pk) == get_identifier(Article.objects.get(pk=pk)) == f"archive.article.{pk}"


def test_outside_a_block_articles_are_written_at_once_and_gone_ones_removed(db):
    ids = new_articles(["cocoa", "coffee"])
    assert article_index(ids=ids) == 2
    assert hits("cocoa") == 1
    Article.objects.filter(pk=ids[0])._raw_delete("default")  # gone without a signal
    assert article_index(ids=ids) == 1
    assert hits("cocoa") == 0 and hits("coffee") == 1
    article_unindex(ids=[ids[1]])
    assert hits("coffee") == 0


@pytest.mark.parametrize("procs", [1, 2])
def test_steps_past_the_threshold_stream_to_writer_processes_and_are_searchable_once(db, procs):
    with bulk_indexing(procs=procs, threshold=1) as batch:
        with bulk_indexing():
            first = new_articles(["cocoa", "coffee"])
            article_index(ids=first)
        assert batch.writer is not None, "past the threshold the bulk writer takes over"
        assert len(batch.processes) >= 1
        with bulk_indexing():
            article_index(ids=new_articles(["sugar"]))
        # An article changed after its step was written: indexed again after the commit.
        Article.objects.filter(pk=first[0]).update(body="Ministers discussed tea today.")
        article_index(ids=[first[0]])
    assert batch.indexed == 3
    assert hits("sugar") == 1 and hits("coffee") == 1
    assert hits("tea") == 1 and hits("discussed") == 3
    assert not index_differences()


def test_a_small_job_is_indexed_in_one_commit_at_the_end(db, writer_procs):
    with bulk_indexing(procs=2, threshold=100) as batch:
        with bulk_indexing():  # nested: joins the outer block
            article_index(ids=new_articles(["cocoa", "coffee"]))
        assert batch.writer is None
        assert hits("cocoa") == 0
    assert hits("cocoa") == 1 and batch.indexed == 2
    assert writer_procs == [0], "below the threshold this process writes one segment"


def test_removals_inside_a_block_wait_for_its_end(db):
    kept, removed = new_articles(["cocoa", "coffee"])
    article_index(ids=[kept, removed])
    with bulk_indexing():
        article_unindex(ids=[removed])
        assert hits("coffee") == 1
        article_index(ids=[kept])
    assert hits("coffee") == 0 and hits("cocoa") == 1


def test_a_failed_job_releases_the_index_and_leaves_it_as_it_was(db):
    kept = new_articles(["cocoa"])
    article_index(ids=kept)
    with pytest.raises(KeyboardInterrupt), bulk_indexing(procs=2, threshold=1) as batch:
        with bulk_indexing():
            article_index(ids=new_articles(["coffee", "sugar"]))
        processes = batch.processes
        assert len(processes) == 1
        raise KeyboardInterrupt
    assert hits("coffee") == 0 and hits("cocoa") == 1
    # The lock is free again and the writer processes are gone: a normal write goes through.
    assert not any(process.is_alive() for process in processes)
    article_index(ids=Article.objects.values_list("pk", flat=True))
    assert hits("coffee") == 1 and not index_differences()


def test_an_error_in_a_small_job_still_indexes_what_it_saved(db):
    # An admin action that fails half way: the articles it committed must stay searchable.
    with pytest.raises(ValueError), bulk_indexing():
        article_index(ids=new_articles(["cocoa"]))
        raise ValueError
    assert hits("cocoa") == 1 and not index_differences()


def test_ctrl_c_in_a_small_job_writes_nothing(db):
    with pytest.raises(KeyboardInterrupt), bulk_indexing():
        article_index(ids=new_articles(["cocoa"]))
        raise KeyboardInterrupt
    assert hits("cocoa") == 0
    assert article_index(ids=Article.objects.values_list("pk", flat=True)) == 1, "outside the block again"


def test_other_engines_get_one_update_per_step(db, monkeypatch):
    backend = connections["default"].get_backend()
    calls = []
    monkeypatch.setattr("search.writers.ArchiveWhooshSearchBackend", type("Other", (), {}))
    original = backend.update
    monkeypatch.setattr(
        backend, "update", lambda index, items: calls.append(len(items)) or original(index, items)
    )
    with bulk_indexing(procs=2, threshold=1):
        with bulk_indexing():
            article_index(ids=new_articles(["cocoa", "coffee"]))
        with bulk_indexing():
            article_index(ids=new_articles(["sugar"]))
    assert calls == [2, 1]
    assert hits("sugar") == 1


def test_a_streaming_block_makes_each_commit_searchable_before_it_ends(db, settings):
    settings.SEARCH_COMMIT_DOCS = 2
    with bulk_indexing(procs=0, threshold=1):
        with bulk_indexing():
            article_index(ids=new_articles(["cocoa", "coffee"]))
        assert hits("cocoa") == 1, "committed once two articles were written"
        with bulk_indexing():
            article_index(ids=new_articles(["sugar"]))
        assert hits("sugar") == 0, "below the commit size, not yet"
    assert hits("sugar") == 1 and not index_differences()


@pytest.mark.parametrize(
    ("committed", "first", "most", "due"),
    [
        (0, 2000, 16000, 2000),  # the first articles are searchable soon
        (2000, 2000, 16000, 2000),
        (4000, 2000, 16000, 4000),  # then each commit doubles what is searchable
        (12000, 2000, 16000, 12000),
        (40000, 2000, 16000, 16000),  # never more than the most between two commits
        (0, 0, 0, 1),
    ],
)
def test_commit_threshold(committed, first, most, due):
    from search.indexing import commit_threshold

    assert commit_threshold(committed=committed, first=first, most=most) == due


def test_a_streaming_import_commits_less_often_as_it_grows(db, settings):
    settings.SEARCH_COMMIT_DOCS = 1
    settings.SEARCH_COMMIT_MAX_DOCS = 4
    words = ["cocoa", "coffee", "sugar", "tea", "rice", "wheat", "maize", "barley", "oats", "rye"]
    searchable_at_once = []
    with bulk_indexing(procs=0, threshold=1):
        for word in words:
            with bulk_indexing():
                article_index(ids=new_articles([word]))
            searchable_at_once.append(hits(word) == 1)
    # Commits after 1, 2, 4 and 8 articles (doubling), then every 4 (the most).
    assert [n for n, seen in enumerate(searchable_at_once, start=1) if seen] == [1, 2, 4, 8]
    assert all(hits(word) == 1 for word in words) and not index_differences()


def _index_state():
    from pathlib import Path

    from search.whoosh_internals import background_merge

    backend = connections["default"].get_backend()
    ix = backend.index.refresh()
    return len(ix._segments()), list(Path(ix.storage.folder).glob("merge-*")), background_merge(ix)


def test_an_import_of_many_commits_ends_with_its_small_segments_merged(db, settings):
    settings.SEARCH_COMMIT_DOCS = 1
    settings.SEARCH_COMMIT_MAX_DOCS = 1  # a commit per article, as a huge import has
    words = ["cocoa", "coffee", "sugar", "tea", "rice", "wheat", "maize", "barley", "oats", "rye", "millet"]
    with bulk_indexing(procs=0, threshold=1):
        for word in words:
            with bulk_indexing():
                article_index(ids=new_articles([word]))
    segments, folders, running = _index_state()
    assert segments < len(words), "the commits' one-article segments were merged"
    assert running is None and not folders, "the job waited for its merge and adopted it"
    assert all(hits(word) == 1 for word in words) and not index_differences()


def test_an_interrupted_import_stops_its_merge(db, settings):
    settings.SEARCH_COMMIT_DOCS = 1
    settings.SEARCH_COMMIT_MAX_DOCS = 1
    with pytest.raises(RuntimeError), bulk_indexing(procs=0, threshold=1):
        for word in ["cocoa", "coffee", "sugar", "tea", "rice", "wheat", "maize", "barley", "oats"]:
            with bulk_indexing():
                article_index(ids=new_articles([word]))
        assert _index_state()[2] is not None, "the ninth commit started a merge of the first eight"
        raise RuntimeError("the import failed")
    _, folders, running = _index_state()
    assert running is None and not folders
    assert hits("oats") == 1 and hits("cocoa") == 1


@pytest.fixture
def index_locked(db):
    """Another job (an import) holding the Whoosh write lock."""
    backend = connections["default"].get_backend()
    backend.setup()
    writer = backend.index.refresh().writer()
    yield
    writer.cancel()


def test_a_save_while_an_import_holds_the_index_returns_at_once_and_is_indexed_after(
    index_locked, django_capture_on_commit_callbacks
):
    import time

    from search.models import IndexQueue

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        (pk,) = new_articles(["cocoa"])  # the signals index it when the transaction commits
    assert time.monotonic() - started < 2, "the save did not wait for the lock"
    assert list(IndexQueue.objects.values_list("article_id", flat=True)) == [pk]
    assert index_differences().missing == {pk}


def test_queued_articles_are_written_by_the_next_writer(db):
    from search.indexing import index_queue_add
    from search.models import IndexQueue

    queued = new_articles(["cocoa"])
    index_queue_add(ids=queued)
    article_index(ids=new_articles(["coffee"]))  # an unrelated job: it writes the queue too
    assert hits("cocoa") == 1
    assert not IndexQueue.objects.exists() and not index_differences()


def test_check_index_repair_writes_the_queue(db):
    from io import StringIO

    from django.core.management import call_command

    from search.indexing import index_queue_add
    from search.models import IndexQueue

    index_queue_add(ids=new_articles(["cocoa"]))
    call_command("check_index", "--repair", stdout=StringIO(), stderr=StringIO())
    assert hits("cocoa") == 1 and not IndexQueue.objects.exists()
    call_command("check_index", stdout=StringIO())
