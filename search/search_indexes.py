"""The article's index document: its fields and the bounded reads that feed them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from haystack import indexes

from archive.models import Article, Tag
from archive.selectors import article_confirmed_entities_prefetched
from archive.text.mentions import normalize_name
from search import fields
from search.revisions import article_revision


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = fields.StemmedTextField(document=True, model_attr="body")
    title = fields.StemmedTextField(model_attr="title", boost=2.0)
    exact_title = fields.ExactTextField(model_attr="title", boost=2.0)
    exact = fields.ExactTextField(model_attr="body")
    entity_names = fields.StemmedTextField(boost=0.7)
    # Each name of each confirmed entity as one folded term: a query matches an entity only
    # when it spells one of its names whole (search/backends/whoosh_query.py).
    entity_keys = fields.KeywordListField()
    language = fields.KeywordField(model_attr="language")
    source = fields.KeywordField(null=True)
    year = fields.KeywordField(null=True)
    entity = fields.KeywordListField()
    published = indexes.DateField(model_attr="published", null=True)
    source_name = fields.StoredField(null=True)
    author = fields.StoredField(model_attr="author", null=True)
    url = fields.StoredField(model_attr="url", null=True)
    origin = fields.StoredField(model_attr="origin", null=True)
    # What the document was built from; check_index compares it with the database.
    revision = fields.KeywordField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # The entities come joined to their tags: a prefetch of them names every entity of
        # the chunk in one OR, deeper than SQLite allows once a chunk touches ~1,000 entities.
        # The aliases are read by prefetch_entity_aliases, in bounded chunks.
        return Article.objects.select_related("source").prefetch_related(
            Prefetch("tags", queryset=Tag.objects.select_related("entity"))
        )

    def _confirmed_entities(self, article):
        # index_queryset prefetched the tags: reading them costs no query per article.
        return article_confirmed_entities_prefetched(article=article)

    def prepare_entity_names(self, article):
        # Aliases in both languages make the Arabic article findable by its English names.
        names = []
        for entity in self._confirmed_entities(article):
            names.append(entity.name)
            names.extend(alias.name for alias in entity.aliases.all())
        return "\n".join(dict.fromkeys(names))

    def prepare_entity_keys(self, article):
        keys = []
        for entity in self._confirmed_entities(article):
            keys.append(normalize_name(entity.name))
            keys.extend(alias.normalized for alias in entity.aliases.all())
        return [key for key in dict.fromkeys(keys) if key]

    def prepare_entity(self, article):
        return [str(entity.pk) for entity in self._confirmed_entities(article)]

    def prepare_source(self, article):
        return article.source.slug if article.source else None

    def prepare_source_name(self, article):
        return article.source.name if article.source else None

    def prepare_revision(self, article):
        tags = article.tags.all()
        latest = max((tag.updated_at for tag in tags), default=None)
        return article_revision(article.pk, article.updated_at, len(tags), latest)

    def prepare_year(self, article):
        return str(article.published.year) if article.published else None


# Entities per alias query: well below SQLite's expression depth and parameter limits.
ALIAS_CHUNK = 500


def prefetch_entity_aliases(articles: Iterable[Article], *, chunk: int = ALIAS_CHUNK) -> None:
    """Fill the aliases of the tagged entities of articles read with index_queryset, a few
    queries of at most ``chunk`` entities each (the documents then need no query per entity)."""
    by_pk: dict[int, list] = {}
    for article in articles:
        for tag in article.tags.all():
            by_pk.setdefault(tag.entity_id, []).append(tag.entity)
    groups = list(by_pk.values())
    for start in range(0, len(groups), chunk):
        prefetch_related_objects(
            [entity for group in groups[start : start + chunk] for entity in group], "aliases"
        )
