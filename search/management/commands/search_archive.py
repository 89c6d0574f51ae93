from django.core.management.base import BaseCommand, CommandError

from search.selectors import SearchParams, article_search
from search.terminal import shape_for_terminal, snippet_for_terminal


class Command(BaseCommand):
    help = "Search the archive from the terminal."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--lang", choices=["ar", "en"], default="")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--exact", action="store_true", help="exact word forms only")
        parser.add_argument(
            "--shape",
            action="store_true",
            help="reshape and reorder Arabic for terminals without bidi support",
        )

    def handle(self, *args, query, lang, limit, exact, shape, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        outcome = article_search(
            params=SearchParams(q=query, language=lang, exact=exact, per_page=limit)
        )
        show = shape_for_terminal if shape else (lambda text: text)
        bold = self.stdout.isatty() and not shape
        for number, hit in enumerate(outcome.hits, start=1):
            article = hit.article
            date = article.published.isoformat() if article.published else "undated"
            source = article.source.name if article.source else "unknown source"
            self.stdout.write(f"{number:>3}. {show(article.title)}")
            self.stdout.write(f"     {article.language} · {source} · {date} · /articles/{article.pk}/")
            if hit.snippet:
                snippet = snippet_for_terminal(hit.snippet, bold=bold)
                self.stdout.write(f"     {show(snippet)}")
        if outcome.suggestion:
            self.stdout.write(f"Did you mean: {show(outcome.suggestion)}")
        self.stdout.write(f"search_archive: {outcome.count} results for {show(query)!s}")
