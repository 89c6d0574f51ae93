"""The boundaries the layout promises (README, Layout): who may import what.

A move that breaks one of them (archive reaching into the search backend, Whoosh imported
outside search/, a private Whoosh name outside its guarded module) fails here first.
"""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def sources(app: str, *, migrations: bool = True) -> list[Path]:
    files = sorted((PROJECT / app).rglob("*.py"))
    return [path for path in files if migrations or "migrations" not in path.parts]


def test_the_check_sees_imports():
    assert "search.indexing" in imported_modules(PROJECT / "archive" / "services.py")


@pytest.mark.parametrize("path", sources("archive"), ids=lambda path: str(path.relative_to(PROJECT)))
def test_archive_uses_only_searchs_text_functions_and_its_indexing_entry_point(path):
    allowed = ("search.text", "search.indexing")
    reached = {
        module
        for module in imported_modules(path)
        if module.split(".")[0] == "search" and not module.startswith(allowed)
    }
    assert not reached, f"{path.relative_to(PROJECT)} imports {sorted(reached)}"


@pytest.mark.parametrize(
    "path",
    sources("archive") + sources("config"),
    ids=lambda path: str(path.relative_to(PROJECT)),
)
def test_whoosh_is_imported_only_inside_search(path):
    assert not {module for module in imported_modules(path) if module.split(".")[0] == "whoosh"}


def test_migrations_import_no_live_project_code():
    for path in (PROJECT / "archive" / "migrations").glob("*.py"):
        live = {m for m in imported_modules(path) if m.split(".")[0] in {"archive", "search", "config"}}
        assert not live, f"{path.name} imports {sorted(live)}"
