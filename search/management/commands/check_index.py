from django.core.management.base import BaseCommand, CommandError

from search.consistency import index_differences
from search.indexing import index_rebuild, index_repair

_SHOWN = 10


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: articles missing from the index, "
        "documents of deleted articles, and articles changed since they were indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="index, re-index and remove to match")

    def handle(self, *args, repair, **options):
        differences = index_differences()
        for label, ids in (("missing", differences.missing), ("stale", differences.stale),
                           ("changed", differences.changed)):  # fmt: skip
            if ids:
                shown = ", ".join(map(str, sorted(ids)[:_SHOWN]))
                more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
                self.stderr.write(f"{label}: article {shown}{more}")
        summary = f"check_index: {differences.summary()}"
        if not differences:
            self.stdout.write(f"{summary}: the index matches the database")
            return
        if not repair:
            raise CommandError(f"{summary} (run with --repair to fix)")
        if differences.unversioned:
            # Documents written before revisions existed cannot be matched: rebuild them all.
            count = index_rebuild()
            self.stdout.write(f"{summary}; rebuilt the index with {count} articles")
            return
        index_repair(differences=differences)
        after = index_differences()
        if after:
            raise CommandError(f"{summary}; still differing after repair: {after.summary()}")
        self.stdout.write(f"{summary}; repaired")
