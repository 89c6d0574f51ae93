"""An import killed with SIGKILL in its index phase: the writers die with it, a re-run finishes
the job, and the tags are those of an import that was never interrupted."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.search.test_writers import _alive

PROJECT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("crash_driver.py")
RECORDS = 140  # 7 batches of 20


def _record(i: int) -> dict:
    # A titled name early on becomes a suggestion; later records name it without a title
    # (tagged only if the suggestion were matched anywhere, which a re-run would then do).
    name = "Dr. Karim Haddad" if i < 30 else "Karim Haddad"
    body = f"Minister of Health, {name}, met officials in Damascus and Aleppo (report {i})."
    return {"id": i, "date": "2015-07-21", "title": f"Talks in Damascus, day {i}", "body": body}


@pytest.fixture
def dump(tmp_path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(RECORDS)), encoding="utf-8")
    return path


@pytest.fixture
def env():
    """A run's environment for its data dir. On PostgreSQL each data dir also gets a database of
    its own: sharing the server's, the second import found everything imported by the first."""
    url = os.environ.get("DATABASE_URL", "")
    made: dict[Path, str] = {}

    def of(data_dir: Path) -> dict:
        environment = {
            **os.environ,
            "ARCHIVE_DATA_DIR": str(data_dir),
            "DJANGO_DEBUG": "0",
            "SEARCH_WRITER_PROCS": "2",
            # At the test run's own priority: a niced re-run could outlast the timeout on a busy machine.
            "ARCHIVE_IMPORT_NICE": "0",
        }
        if url.startswith("postgres"):
            if data_dir not in made:
                made[data_dir] = _create_database(url, f"crash_{data_dir.name}_{os.getpid()}")
            environment["DATABASE_URL"] = f"{url.rpartition('/')[0]}/{made[data_dir]}"
        return environment

    yield of
    for database in made.values():
        _drop_database(url, database)


def _create_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drive(env: dict, dump: Path, *, kill_after: int = 0) -> subprocess.CompletedProcess:
    pids = Path(env["ARCHIVE_DATA_DIR"]) / "writer-pids"
    return subprocess.run(
        [sys.executable, str(DRIVER), str(kill_after), str(pids), str(dump)],
        env=env, cwd=PROJECT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=PROJECT,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


TAGS = (
    "from archive.models import Tag; "
    "print(sorted((t.article.origin.rsplit('#', 1)[1], t.entity.name, t.state, t.mentions) "
    "for t in Tag.objects.select_related('article', 'entity')))"
)


def test_a_killed_index_phase_is_finished_by_a_rerun_with_the_tags_of_a_clean_import(tmp_path, dump, env):
    killed_dir = tmp_path / "killed"
    (tmp_path / "clean").mkdir()
    killed_dir.mkdir()
    clean, killed = env(tmp_path / "clean"), env(killed_dir)
    assert _drive(clean, dump).returncode == 0

    crashed = _drive(killed, dump, kill_after=2)
    assert crashed.returncode == -9, crashed.stderr
    killed_at = time.monotonic()
    writers = [int(pid) for pid in (killed_dir / "writer-pids").read_text().split()]
    assert writers, "the writer processes held documents when the import was killed"
    while any(_alive(pid) for pid in writers) and time.monotonic() - killed_at < 5:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in writers)
    assert time.monotonic() - killed_at < 1.0, "writers die within a second of the import"
    # The batches committed before the kill are searchable already; the rest is missing.
    check = _manage(killed, "check_index")
    assert check.returncode == 1 and " missing" in check.stderr

    rerun = _manage(killed, "import_articles", str(dump), "--batch-size", "20")
    assert rerun.returncode == 0, rerun.stderr
    assert "0 failed" in rerun.stdout
    check = _manage(killed, "check_index")
    assert check.returncode == 0, check.stderr + check.stdout
    assert _manage(killed, "shell", "-c", TAGS).stdout == _manage(clean, "shell", "-c", TAGS).stdout
