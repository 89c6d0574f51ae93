import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importers.files import FORMATS, files_in, input_size
from archive.importers.mapping import DEFAULT_FIELDS, FieldMap
from archive.services import articles_import_paths


class Command(BaseCommand):
    help = (
        "Import news dumps (files, folders, .zip archives of JSON arrays, JSON lines, CSV or "
        "plain text) in batches, tag entities, then index the new and changed articles in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files, folders or .zip archives")
        parser.add_argument("--format", choices=FORMATS, default="auto", help="default: by file suffix")
        parser.add_argument("--source", help="outlet of every article (an id such as 'was' or a name)")
        for name, candidates in DEFAULT_FIELDS.items():
            parser.add_argument(
                f"--{name}-field",
                metavar="FIELD",
                help=f"record field for the {name} (default: {'/'.join(candidates)})",
            )
        parser.add_argument("--batch-size", type=int, default=500, help="articles per transaction")
        parser.add_argument("--limit", type=int, help="stop after this many records (a trial run)")
        parser.add_argument(
            "--index-procs", type=int,
            help="Whoosh writer processes (default: the WRITER_PROCS setting; 0: this process writes)",
        )  # fmt: skip
        parser.add_argument(
            "--nice", type=int, metavar="N",
            help="run the import and its writer processes at niceness N (a lower CPU priority), so "
                 "that a server on the same cores keeps answering (default: the ARCHIVE_IMPORT_NICE "
                 "setting, 10; 0: unchanged)",
        )  # fmt: skip

    def handle(self, *args, paths, format, source, batch_size, limit, index_procs, nice, **options):
        try:
            fields = FieldMap().overridden(**{name: options[f"{name}_field"] for name in DEFAULT_FIELDS})
        except ValueError as error:
            raise CommandError(str(error)) from None
        # Before the writer processes start: they inherit the niceness.
        _lower_priority(settings.ARCHIVE_IMPORT_NICE if nice is None else nice)
        show = self.stderr.isatty()
        started = time.monotonic()
        with _bar(show, total=_input_bytes(paths), unit="B", unit_scale=True, desc="import") as bar:
            report = articles_import_paths(
                paths=paths, fmt=format, source=source, fields=fields, batch_size=batch_size,
                limit=limit, index_procs=index_procs,
                on_progress=bar.update if bar is not None else None,
                on_index_commit=(lambda count: self.stderr.write(f"index: committing {count} articles"))
                if show else None,
            )  # fmt: skip
        for origin, reason in report.skips:
            self.stderr.write(f"{origin}: skipped: {reason}")
        for origin, reason in report.failures:
            self.stderr.write(f"{origin}: {reason}")
        elapsed = time.monotonic() - started
        summary = f"import_articles: {report.summary()}; {report.indexed} indexed in {elapsed:.1f} s"
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(summary)


def _lower_priority(niceness: int) -> None:
    """At least `niceness`: an import already niced further by its caller stays so."""
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness > current:
        os.setpriority(os.PRIO_PROCESS, 0, min(niceness, 19))


def _bar(show: bool, **options):
    return tqdm(file=sys.stderr, dynamic_ncols=True, **options) if show else nullcontext()


def _input_bytes(paths) -> int | None:
    try:
        return sum(input_size(path) for path in files_in(paths))
    except OSError:
        return None
