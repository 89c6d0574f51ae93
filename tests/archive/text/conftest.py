"""The text parser is pure Python: its tests need no Django settings and no search index.

The project-wide autouse fixtures set up both for every test; overriding them here by
name keeps these tests fast and runnable while the rest of the project is broken or
half-built (and with `-p no:django`).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_settings():
    yield


@pytest.fixture(autouse=True)
def whoosh_index():
    yield None
