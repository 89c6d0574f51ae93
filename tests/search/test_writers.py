"""The bulk writers: their spill format and length lookups give the same index as Whoosh's, and
haystack's update_index / rebuild_index / remove go through them too."""

import multiprocessing
import os
import random
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.exceptions import SkipDocument

from archive.models import Article
from search.indexing import _Articles, article_document_id, article_index
from search.whoosh_internals import _ListedLengths
from search.writers import WhooshBulkWriter

WORDS = [f"w{n:04d}" for n in range(3000)]


def articles(count: int) -> list[int]:
    rng = random.Random(5)
    return [
        Article.objects.create(
            title=f"Story {n} " + " ".join(rng.sample(WORDS, 3)),
            body=" ".join(rng.choices(WORDS, k=rng.randrange(50, 400))) + f" marker{n} alpha beta",
            raw_text=str(n), language="en", fingerprint=str(n), origin=f"test#{n}",
        ).pk  # fmt: skip
        for n in range(count)
    ]


def index_contents() -> tuple[set, set]:
    """Every posting (with its positions) and every field length, by article id."""
    backend = connections["default"].get_backend()
    with backend.index.refresh().reader() as reader:
        ids = {docnum: fields["django_id"] for docnum, fields in reader.iter_docs()}
        postings = {(field, term, ids[docnum], weight, value)
                    for field, term, docnum, weight, value in reader.iter_postings()}  # fmt: skip
        lengths = {(ids[docnum], field, reader.doc_field_length(docnum, field))
                   for docnum in ids for field in reader.schema.scorable_names()}  # fmt: skip
    return postings, lengths


def assert_listed_lengths_match_the_columns() -> None:
    """The writer's length lists (used for each posting block's length bounds) are the columns."""
    with connections["default"].get_backend().index.refresh().reader() as reader:
        for segment, _ in reader.leaf_readers():
            columns, listed = segment._perdoc, _ListedLengths(segment._perdoc)
            for docnum in range(segment.doc_count_all()):
                for field in reader.schema.scorable_names():
                    expected = columns.doc_field_length(docnum, field) or 0
                    assert listed.doc_field_length(docnum, field) == expected


def ranking(query: str) -> list[tuple[int, float]]:
    """Every hit with its score, equal scores in article order: two writer processes take the
    hand-over files in whichever order they come free, so which segment (and document number)
    an article gets, and with it the order of equal scores, differs from run to run."""
    found = connections["default"].get_backend().search(query, end_offset=500)
    hits = [(int(result.pk), round(result.score, 6)) for result in found["results"]]
    return sorted(hits, key=lambda hit: (-hit[1], hit[0]))


def test_spilled_postings_and_lengths_rank_exactly_as_a_plain_whoosh_writer(db):
    ids = articles(120)
    article_index(ids=ids)
    queries = ["w0007", "w0100 w0200", '"alpha beta"', "marker17", "story"]
    expected = {query: ranking(query) for query in queries}
    assert all(expected.values())
    contents = index_contents()

    connections["default"].get_backend().clear()
    index = connections["default"].get_unified_index().get_index(Article)
    # A 1 MB pool spills many runs for 120 articles of up to 400 words.
    writer = WhooshBulkWriter(connections["default"].get_backend(), index, procs=2, limitmb=1)
    writer.add(_Articles(index, ids[:70]))
    writer.add(_Articles(index, ids[70:]))
    writer.commit()
    assert index_contents() == contents
    assert_listed_lengths_match_the_columns()
    assert {query: ranking(query) for query in queries} == expected


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited; nobody reaped it yet


def test_writer_processes_exit_when_the_import_that_started_them_is_killed(db):
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    pids = multiprocessing.get_context("fork").SimpleQueue()
    importer = os.fork()
    if importer == 0:  # the import: starts a writer process, then dies without a word
        try:
            writer = WhooshBulkWriter(backend, index, procs=1)
            writer.writer._new_task()
            pids.put([process.pid for process in writer.processes])
        except BaseException as error:
            pids.put(repr(error))
        finally:
            os._exit(0)
    os.waitpid(importer, 0)
    started = pids.get()
    assert isinstance(started, list), started
    (writer_pid,) = started
    deadline = time.monotonic() + 10
    while _alive(writer_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(writer_pid)
    # and the index lock died with the import: a normal write goes through
    ids = articles(2)
    article_index(ids=ids)
    assert len(ranking("story")) == 2


@pytest.fixture
def opened_procs(monkeypatch):
    import search.writers

    opened = []
    original = search.writers.segment_writer

    def spy(ix, *, procs, **options):
        opened.append(procs)
        return original(ix, procs=procs, **options)

    monkeypatch.setattr(search.writers, "segment_writer", spy)
    return opened


def test_update_index_and_rebuild_index_build_the_bulk_paths_index(db, opened_procs):
    ids = articles(60)
    article_index(ids=ids)
    contents = index_contents()
    call_command("update_index", "--batch-size", "25", verbosity=0)  # over the full index
    assert index_contents() == contents
    call_command("rebuild_index", "--noinput", "--batch-size", "25", verbosity=0)
    assert index_contents() == contents
    # One job each, as an import's index phase, not one writer per 25-article chunk.
    assert opened_procs[1:] == [0, 0]


def test_update_index_of_a_big_archive_uses_the_writer_processes(db, opened_procs, settings):
    backend = connections["default"].get_backend()
    backend.multiprocess_min_docs = 10
    articles(12)
    call_command("update_index", verbosity=0)
    assert opened_procs == [backend.writer_procs]
    assert len(ranking("story")) == 12


def test_update_index_remove_drops_documents_of_deleted_articles(db):
    ids = articles(3)
    article_index(ids=ids)
    # Deleted behind the signals' back (a raw SQL clean-up, another process without haystack).
    Article.objects.filter(pk=ids[0])._raw_delete(using="default")
    call_command("update_index", "--remove", verbosity=0)
    assert sorted(pk for pk, _ in ranking("story")) == ids[1:]


def test_a_big_update_call_uses_the_writer_processes(db, opened_procs):
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    backend.multiprocess_min_docs = 10
    backend.update(index, list(Article.objects.filter(pk__in=articles(12))))
    backend.update(index, list(Article.objects.all()[:3]))
    assert opened_procs == [backend.writer_procs, 0]
    assert len(ranking("story")) == 12


def test_update_skips_documents_the_index_declines(db, monkeypatch):
    ids = articles(3)
    article_index(ids=ids)
    index = connections["default"].get_unified_index().get_index(Article)
    prepare = index.full_prepare

    def declining(article):
        if article.pk == ids[0]:
            raise SkipDocument
        return prepare(article)

    monkeypatch.setattr(index, "full_prepare", declining)
    Article.objects.filter(pk__in=ids).update(body="renamed everywhere")
    connections["default"].get_backend().update(index, list(Article.objects.filter(pk__in=ids)))
    assert len(connections["default"].get_backend().search("renamed", end_offset=10)["results"]) == 2
    assert [pk for pk, _ in ranking("marker0")] == [ids[0]], "the skipped article keeps its document"


def test_remove_deletes_one_document(db):
    ids = articles(2)
    article_index(ids=ids)
    connections["default"].get_backend().remove(article_document_id(ids[0]))
    assert [pk for pk, _ in ranking("story")] == [ids[1]]
