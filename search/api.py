"""The JSON API: the same search as the page, in the shape DESIGN.md fixes.

Spelling: `suggestion` is the corrected query (or null); `searched` the query whose results
these are and `corrected` whether that is the suggestion; `other` the query not run, with
the link that runs it (`original=1` forces the query as typed).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import translation
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from archive.models import Article, Entity, Tag
from archive.selectors import article_confirmed_entities, article_public_tags, articles_confirmed_entities
from search.forms import SearchForm, spelling_query_string
from search.selectors import article_search
from search.via_entity import via_entities


def entity_brief(entity: Entity) -> dict:
    return {"id": entity.pk, "name": entity.name, "kind": entity.kind}


def confirmed_entities(article: Article) -> list[dict]:
    return [entity_brief(entity) for entity in article_confirmed_entities(article=article)]


def entity_names(entity: Entity) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {"en": [], "ar": []}
    for alias in entity.aliases.all():
        names.setdefault(alias.language, []).append(alias.name)
    return names


def article_entity_items(article: Article) -> list[dict]:
    """The article detail's `entities`: every tag not rejected, with where the body names it
    (offsets into the stored body, end exclusive), as DESIGN.md's contract fixes."""
    return [
        {
            **entity_brief(tag.entity),
            "names": entity_names(tag.entity),
            "state": tag.state,
            "mentions": [list(span) for span in tag.spans],
        }
        for tag in article_public_tags(article=article)
    ]


class ArticleSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    entities = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "language",
            "source",
            "published",
            "author",
            "url",
            "origin",
            "link",
            "entities",
        ]

    def get_source(self, article):
        return article.source.name if article.source else None

    def get_link(self, article):
        request = self.context.get("request")
        path = article.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_url(self, article):
        return article.url or None

    def get_entities(self, article):
        return confirmed_entities(article)


def _confirmed_entities_of(articles: list[Article]) -> dict[int, list[dict]]:
    """Each article's confirmed entities as ArticleSerializer lists them, in one query."""
    found = articles_confirmed_entities(ids=[article.pk for article in articles])
    return {
        article_id: [entity_brief(entity) for entity in entities]
        for article_id, entities in found.items()
    }


def _article_record(article: Article, request, entities: list[dict]) -> dict:
    """What ArticleSerializer gives, built by hand: for a page of 20 results the serializer
    machinery cost a sixth of an API search (test_api checks the two agree)."""
    return {
        "id": article.pk,
        "title": article.title,
        "language": article.language,
        "source": article.source.name if article.source else None,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "url": article.url or None,
        "origin": article.origin,
        "link": request.build_absolute_uri(article.get_absolute_url()),
        "entities": entities,
    }


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = ArticleSerializer.Meta.fields + ["section", "body", "raw_text", "imported_at", "updated_at"]

    def get_entities(self, article):
        return article_entity_items(article)


class SearchView(APIView):
    def get(self, request):
        form = SearchForm(request.GET)
        form.is_valid()
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if errors:
            return Response({"errors": errors}, status=400)
        # The API has no /ar/ prefix: names follow the language cookie or Accept-Language.
        language = "ar" if translation.get_language_from_request(request).startswith("ar") else "en"
        with translation.override(language):
            outcome = article_search(params=form.to_params())
        entities = _confirmed_entities_of([hit.article for hit in outcome.hits])
        via = via_entities(hits=outcome.hits, query=outcome.params.q, language=language)
        results = [
            {
                **_article_record(hit.article, request, entities.get(hit.article.pk, [])),
                "snippet": hit.snippet,
                "via_entity": hit.via_entity,
                # Which tagged entities brought a hit found through one (names in the
                # reader's language): [{"id", "name"}].
                "via_entities": [
                    {"id": entity.pk, "name": entity.reader_name}
                    for entity in (via[hit.article.pk].entities if hit.article.pk in via else [])
                ],
            }
            for hit in outcome.hits
        ]
        return Response(
            {
                "query": outcome.params.q,
                "count": outcome.page.paginator.count,
                "page": outcome.page.number,
                "num_pages": outcome.page.paginator.num_pages,
                "results": results,
                "facets": {
                    name: {value.value: value.count for value in values}
                    for name, values in outcome.facets.items()
                },
                # The same values' names (entities in the reader's language), beside the counts
                # whose shape clients already read.
                "facet_labels": {
                    name: {value.value: value.label for value in values}
                    for name, values in outcome.facets.items()
                },
                "suggestion": outcome.suggestion,
                "truncated": getattr(form, "query_truncated", False),
                **spelling_fields(request, outcome),
            }
        )


def spelling_fields(request, outcome) -> dict:
    """Which query ran, and the other one with the link that runs it instead."""
    other = outcome.other_query
    if other is None:
        return {"searched": outcome.searched, "corrected": False, "other": None}
    query_string = spelling_query_string(request.GET.urlencode(), other, original=outcome.corrected)
    link = request.build_absolute_uri(f"{request.path}?{query_string}")
    other_query = {"query": other, "link": link}
    return {"searched": outcome.searched, "corrected": outcome.corrected, "other": other_query}


class ArticleView(APIView):
    def get(self, request, pk: int):
        article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


class EntityView(APIView):
    def get(self, request, pk: int):
        entity = get_object_or_404(Entity, pk=pk)
        articles = Article.objects.filter(tags__entity=entity, tags__state=Tag.State.CONFIRMED).values_list(
            "id", flat=True
        )
        return Response(
            {
                "id": entity.pk,
                "name": entity.name,
                "kind": entity.kind,
                "merged_into": entity.merged_into_id,
                "aliases": [
                    {"name": alias.name, "language": alias.language} for alias in entity.aliases.all()
                ],
                "articles": list(articles),
                "link": request.build_absolute_uri(entity.get_absolute_url()),
            }
        )
