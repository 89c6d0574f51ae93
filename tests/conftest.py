"""Every test gets its own data directory and Whoosh index: no test sees another's state."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Set before Django reads its settings, so nothing a test does lands in the checkout's var/.
os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="archive-test-data-"))

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"


def pytest_configure(config):
    # The .mo files are not committed: without this a bare `pytest` would test an English-only site.
    from config.compile_messages import compile_catalogs

    compile_catalogs()


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.ARCHIVE_DATA_DIR = tmp_path


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
    """The seeds imported through the real command, indexed like `make run` does."""
    from django.core.management import call_command

    call_command("import_seeds", str(SEEDS_DIR))
    from archive.models import Article

    return {Path(article.origin).name[:3]: article for article in Article.objects.all()}
