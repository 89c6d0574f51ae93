from django.core.management.base import BaseCommand, CommandError

from archive.editing import gazetteer_load
from archive.models import Article
from archive.tagging import WORLD_GAZETTEER_PATH, articles_tag
from search.indexing import article_index, articles_needing_index, bulk_indexing


class Command(BaseCommand):
    help = (
        "Re-tag all articles (or those given with --article) with the current gazetteer and the "
        "learned Arabic tagger (its names become suggested entities); "
        "editors' tags and rejected tags are kept as they are. Indexes in bulk at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article", dest="article_ids", type=int, action="append", metavar="ID",
            help="an article id (repeat for several); default: every article",
        )
        parser.add_argument(
            "--load-gazetteer", action="store_true",
            help="first add the shipped gazetteers' entities and names that are missing",
        )
        parser.add_argument(
            "--no-learned", dest="learned", action="store_false",
            help="leave out the learned Arabic tagger's suggestions (imports leave them out)",
        )

    def handle(self, *args, article_ids=None, load_gazetteer=False, learned=True, **options):
        if article_ids:
            missing = set(article_ids) - set(
                Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"tag_entities: no article with id {', '.join(map(str, sorted(missing)))}")
        prefix = ""
        if load_gazetteer:
            loaded = gazetteer_load()
            world = gazetteer_load(path=WORLD_GAZETTEER_PATH)
            loaded.entities += world.entities
            loaded.aliases += world.aliases
            prefix = f"gazetteer: {loaded.entities} entities and {loaded.aliases} names added; "
        with bulk_indexing():
            report = articles_tag(article_ids=article_ids, learned=learned)
            # Suggested tags are in the documents' revisions too, and the tagging names only
            # the articles whose confirmed tags changed: every changed article is indexed.
            tagged = article_ids or Article.objects.values_list("pk", flat=True)
            article_index(ids=articles_needing_index(ids=tagged))
        self.stdout.write(f"tag_entities: {prefix}{report.summary()}")
