from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.services import articles_import_text_files
from archive.tagging import articles_tag
from search.indexing import bulk_indexing


class Command(BaseCommand):
    help = "Import plain-text articles (default: the seeds/ folder), tag them, then index them in bulk."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders of .txt articles")

    def handle(self, *args, paths, **options):
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        with bulk_indexing():
            report = articles_import_text_files(paths=paths)
            tagging = articles_tag(article_ids=report.article_ids)
        for origin, reason in report.failures:
            self.stderr.write(f"{origin}: {reason}")
        summary = f"import_seeds: {report.summary()}; {tagging.summary()}"
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(summary)
