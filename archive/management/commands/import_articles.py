import itertools
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries
from tqdm import tqdm

from archive.importers.files import FORMATS, files_in, input_size, read_paths
from archive.importers.mapping import DEFAULT_FIELDS, FieldMap, drafts_from
from archive.importers.outlets import outlet_source
from archive.services import articles_import_records, bulk_import_report, origin_for_path
from archive.tagging import TaggingRun
from search.consistency import articles_needing_index
from search.indexing import bulk_indexing, deferred_indexing


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
            "--index-procs", type=int, help="Whoosh writer processes (default: the WRITER_PROCS setting)"
        )

    def handle(self, *args, paths, format, source, batch_size, limit, index_procs, **options):
        try:
            fields = FieldMap().overridden(**{name: options[f"{name}_field"] for name in DEFAULT_FIELDS})
        except ValueError as error:
            raise CommandError(str(error)) from None
        outlet = outlet_source(source) if source else None
        show = self.stderr.isatty()
        started = time.monotonic()
        records = read_paths(paths, fmt=format, origin_of=origin_for_path)
        if limit:
            records = itertools.islice(records, limit)
        drafts = drafts_from(records, fields=fields, source=outlet)
        tagging = TaggingRun()
        with deferred_indexing() as pending, bulk_indexing(procs=index_procs) as indexer:

            def stored(ids: list[int]) -> None:
                # With DEBUG on, Django keeps every SQL statement, bulk inserts with whole
                # articles in them: forget them per batch so memory stays flat.
                reset_queries()
                if ids:
                    # Tagged and handed to the index while the next batch is read and stored.
                    tagging.tag(ids)
                    indexer.add(ids)

            with _bar(show, total=_input_bytes(paths), unit="B", unit_scale=True, desc="import") as bar:
                report = articles_import_records(
                    records=_counted(drafts, bar),
                    batch_size=batch_size,
                    report=bulk_import_report(),
                    on_batch=stored,
                )
            # Articles an interrupted run stored but did not finish are met again unchanged.
            unfinished = articles_needing_index(ids=report.unchanged_ids)
            if unfinished:
                tagging.tag(unfinished)
            # Taken out of the deferred set first: a Ctrl-C while indexing must not start it again.
            indexer.add(sorted(unfinished | (pending - indexer.written)))
            pending.clear()
            if show:
                self.stderr.write(f"index: committing {len(indexer.written) + len(indexer.waiting)} articles")
        indexed = indexer.indexed
        for origin, reason in report.skips:
            self.stderr.write(f"{origin}: skipped: {reason}")
        for origin, reason in report.failures:
            self.stderr.write(f"{origin}: {reason}")
        elapsed = time.monotonic() - started
        summary = f"import_articles: {report.summary()}; {indexed} indexed in {elapsed:.1f} s"
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(summary)


def _bar(show: bool, **options):
    return tqdm(file=sys.stderr, dynamic_ncols=True, **options) if show else nullcontext()


def _counted(drafts, bar):
    """Advance the bar by each record's size: totals are known in bytes, not records."""
    for item in drafts:
        if bar is not None:
            raw = getattr(item, "raw_text", "")
            bar.update(len(raw.encode("utf-8")) if raw else 0)
        yield item


def _input_bytes(paths) -> int | None:
    try:
        return sum(input_size(path) for path in files_in(paths))
    except OSError:
        return None
