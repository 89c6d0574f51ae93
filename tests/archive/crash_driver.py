"""import_articles in a process of its own, SIGKILLed mid-index (for test_import_crash.py).

python crash_driver.py KILL_AFTER PIDS_FILE PATH...: streams from the first batch and commits
every 2 batches; the KILL_AFTER-th time the writer processes hold uncommitted documents it
writes their pids to PIDS_FILE and kills itself with SIGKILL (KILL_AFTER 0: no kill).
"""

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

import search.indexing  # noqa: E402

BATCH = 20
settings.HAYSTACK_CONNECTIONS["default"]["WRITER_PROCS_MIN_DOCS"] = 1
settings.SEARCH_COMMIT_DOCS = settings.SEARCH_COMMIT_MAX_DOCS = 2 * BATCH


def main(kill_after: int, pids_file: str, paths: list[str]) -> None:
    call_command("migrate", verbosity=0)
    handed = search.indexing.IndexingBatch.hand_over

    def hand_over(batch):
        handed(batch)
        if batch.writer is not None:  # documents handed to the writer processes, uncommitted
            hand_over.open += 1
            if hand_over.open == kill_after:
                Path(pids_file).write_text(" ".join(str(process.pid) for process in batch.processes))
                os.kill(os.getpid(), signal.SIGKILL)

    hand_over.open = 0
    if kill_after:
        search.indexing.IndexingBatch.hand_over = hand_over
    call_command("import_articles", *paths, "--batch-size", str(BATCH), "--index-procs", "2")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3:])
