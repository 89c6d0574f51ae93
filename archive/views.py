"""The archive's pages: thin views over archive.selectors (search's own pages are in search.views)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language, gettext

from archive import charts, selectors
from archive.citations import article_citation
from archive.forms import ArticleFilterForm, EntityIndexForm, canonical_redirect
from archive.models import Article, Entity, Language, Source

# Part of a chart's ETag: a change to how charts are drawn must not be hidden by a 304.
CHART_DRAWING = "2"


def paginate(request, items):
    paginator = Paginator(items, settings.ARCHIVE_PAGE_SIZE)
    # get_page() turns "abc" and pages past the end into a real page instead of an error.
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def reader_language() -> str:
    return Language.ARABIC if (get_language() or "").startswith("ar") else Language.ENGLISH


def home(request):
    return render(
        request,
        "archive/home.html",
        {
            "latest": selectors.article_latest(limit=10),
            "sources": selectors.source_list_with_counts(),
            "languages": selectors.language_counts(),
            "entities": selectors.entity_reader_names(
                selectors.entity_top(limit=15), language=reader_language()
            ),
        },
    )


def article_list(request):
    if (canonical := canonical_redirect(request)) is not None:
        return canonical
    form = ArticleFilterForm(request.GET or None)
    articles = selectors.article_list(filters=form.to_filters() if form.is_bound else None)
    return render(
        request,
        "archive/article_list.html",
        {
            "form": form,
            "chips": form.chips(request.GET, language=reader_language()) if form.is_bound else [],
            "clear_url": form.clear_url(request.GET),
            "page_obj": paginate(request, articles),
            "query_string": query_without_page(request),
        },
    )


def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    # Articles of similar wording come from the search app's similar_articles tag.
    related = selectors.article_related(article=article, limit=6)
    link = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "entities": selectors.entity_reader_names(
                selectors.article_confirmed_entities(article=article), language=reader_language()
            ),
            "related": related,
            "citation": article_citation(
                title=article.title,
                author=article.author,
                source=article.source.name if article.source else "",
                published=article.published,
                url=article.url,
                link=link,
                undated=gettext("date unknown"),
            ),
        },
    )


def article_raw(request, pk: int):
    article = get_object_or_404(Article.objects.only("raw_text"), pk=pk)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{pk}.txt"'
    return response


def source_index(request):
    page = paginate(request, selectors.source_index())
    return render(request, "archive/source_index.html", {"page_obj": page, "query_string": ""})


def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    articles = selectors.article_list(filters=selectors.ArticleFilters(source=source.slug))
    return render(
        request,
        "archive/source_detail.html",
        {"source": source, "page_obj": paginate(request, articles), "query_string": ""},
    )


def entity_index(request):
    if (canonical := canonical_redirect(request)) is not None:
        return canonical
    form = EntityIndexForm(request.GET)
    data = form.valid_data()
    page = paginate(request, selectors.entity_index(kind=data.get("kind") or "", query=data.get("q") or ""))
    page.object_list = selectors.entity_reader_names(page.object_list, language=reader_language())
    return render(
        request,
        "archive/entity_index.html",
        {
            "form": form,
            "kinds": form.kind_links(request.GET, counts=selectors.entity_kind_counts()),
            "page_obj": page,
            "query_string": query_without_page(request),
        },
    )


def entity_detail(request, pk: int):
    entity = get_object_or_404(Entity, pk=pk)
    if entity.merged_into_id:
        return redirect(entity.merged_into, permanent=True)
    language = reader_language()
    articles = selectors.article_list(filters=selectors.ArticleFilters(entity=entity.pk))
    return render(
        request,
        "archive/entity_detail.html",
        {
            "entity": selectors.entity_reader_name(entity, language=language),
            "aliases": selectors.entity_aliases(entity=entity),
            "language_counts": selectors.entity_language_counts(entity=entity),
            "cooccurring": selectors.entity_reader_names(
                selectors.entity_cooccurring(entity=entity, limit=10), language=language
            ),
            "undated": selectors.entity_undated_articles(entity=entity),
            "page_obj": paginate(request, articles),
            "query_string": "",
        },
    )


def _chart_title(entity: Entity, language: str) -> str:
    named = selectors.entity_reader_name(entity, language=language)
    return f"{named.reader_name} · {named.other_name}" if named.other_name else named.reader_name


def entity_chart(request, pk: int):
    """Mentions per month as a PNG, validated by the entity's revision: an unchanged chart is
    a 304 (or the cached bytes), drawn again only when its names, tags or articles change."""
    entity = get_object_or_404(Entity, pk=pk)
    if entity.merged_into_id:
        return redirect("archive:entity_chart", pk=entity.merged_into_id, permanent=True)
    language = reader_language()
    revision = selectors.entity_revision(entity=entity)
    etag = f'"{revision}-{language}-{CHART_DRAWING}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        key = f"entity-chart:{pk}:{etag}"
        png = cache.get(key)
        if png is None:
            chart = charts.MentionsChart(
                title=_chart_title(entity, language),
                y_label=gettext("mentions"),
                empty_label=gettext("No dated articles yet"),
                series_labels={code: str(label) for code, label in Language.choices},
                counts=selectors.entity_mentions_by_month(entity=entity),
            )
            png = charts.mentions_chart_png(chart)
            cache.set(key, png, timeout=24 * 3600)
        response = HttpResponse(png, content_type="image/png")
    response["ETag"] = etag
    # Revalidated on every view: the ETag makes that a few queries, not a drawing.
    response["Cache-Control"] = "no-cache"
    return response
