"""Every test gets its own data directory and Whoosh index: no test sees another's state."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Set before Django reads its settings, so nothing a test does lands in the checkout's var/.
# The folder is this run's own (removed when the run ends), unless the caller chose one.
_OWN_DATA_DIR = None
if "ARCHIVE_DATA_DIR" not in os.environ:
    _OWN_DATA_DIR = tempfile.mkdtemp(prefix="archive-test-data-")
    os.environ["ARCHIVE_DATA_DIR"] = _OWN_DATA_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"


def pytest_configure(config):
    # The .mo files are not committed: without this a bare `pytest` would test an English-only site.
    from config.compile_messages import compile_catalogs

    compile_catalogs()


def pytest_unconfigure(config):
    if _OWN_DATA_DIR is not None:
        shutil.rmtree(_OWN_DATA_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.ARCHIVE_DATA_DIR = tmp_path
    # An import run in the test process would otherwise lower the whole test run's priority.
    settings.ARCHIVE_IMPORT_NICE = 0


@pytest.fixture(autouse=True)
def whoosh_index(tmp_path):
    """A fresh, empty Whoosh index for each test, in the test's own temporary folder."""
    from haystack import connections

    info = connections.connections_info["default"]
    previous = info.get("PATH")
    if "PATH" in info:
        info["PATH"] = str(tmp_path / "whoosh_index")
    connections.reload("default")
    yield info.get("PATH")
    if previous is not None:
        info["PATH"] = previous
    connections.reload("default")


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """The five seed files copied somewhere a test may change them."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


@pytest.fixture
def imported_seeds(transactional_db):
    """The seeds imported through the real command, tagged and indexed like `make run` does.

    An earlier transactional test flushed what the migrations wrote; the gazetteer goes
    back first (the loader adds only what is missing), so every such test sees the same.
    """
    from django.core.management import call_command

    from archive.editing import gazetteer_load

    # The seeds' names are all in the base gazetteer; the world's 3,600 names would cost every
    # transactional test a second of loading (the flush after each one empties the table).
    gazetteer_load()

    call_command("import_seeds", str(SEEDS_DIR))
    from archive.models import Article

    return {Path(article.origin).name[:3]: article for article in Article.objects.all()}


@pytest.fixture
def gazetteer(db):
    """The shipped gazetteer and Editors group, as the migration leaves them.

    A transactional test flushes the tables it ran against, migration data included, so a
    test that runs after one loads them again (the loaders add only what is missing).
    """
    restore_migration_data()


def restore_migration_data() -> None:
    """The gazetteer and Editors group back if a transactional test flushed them."""
    from archive.editing import editors_group_sync, gazetteer_load
    from archive.models import EntityAlias
    from archive.tagging import WORLD_GAZETTEER_PATH

    if not EntityAlias.objects.exists():
        gazetteer_load()
        gazetteer_load(path=WORLD_GAZETTEER_PATH)
    editors_group_sync()


@pytest.fixture
def tagged_seeds(gazetteer, django_capture_on_commit_callbacks):
    """The seeds imported and tagged by the real command and indexed, in the test's transaction."""
    from io import StringIO

    from django.core.management import call_command

    from archive.models import Article
    from search.indexing import bulk_indexing

    with bulk_indexing(), django_capture_on_commit_callbacks(execute=True):
        call_command("import_seeds", str(SEEDS_DIR), stdout=StringIO())
    return {Path(article.origin).name[:3]: article for article in Article.objects.all()}


@pytest.fixture
def editor(gazetteer):
    """A staff member of the Editors group (not a superuser)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor-of-tags", is_staff=True)  # no password: force_login
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def writer_procs(monkeypatch):
    """The procs each bulk writer was opened with."""
    import search.indexing

    opened = []
    original = search.indexing.bulk_writer

    def spy(backend, index, *, procs, **options):
        opened.append(procs)
        return original(backend, index, procs=procs, **options)

    monkeypatch.setattr(search.indexing, "bulk_writer", spy)
    return opened


def index_documents(documents) -> list[int]:
    """(title, body) pairs stored and indexed as articles, their language from the script."""
    from archive.models import Article
    from search.indexing import article_index

    ids = [
        Article.objects.create(
            title=title, body=body, raw_text=body, language="ar" if title[0] > "z" else "en",
            fingerprint=title, origin=f"test#{number}",
        ).pk  # fmt: skip
        for number, (title, body) in enumerate(documents)
    ]
    article_index(ids=ids)
    return ids
