"""The archive's pages: thin views over archive.selectors (search's own pages are in search.views)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from archive import charts, selectors
from archive.forms import ArticleFilterForm
from archive.models import Article, Entity, Language, Source


def paginate(request, items):
    paginator = Paginator(items, settings.ARCHIVE_PAGE_SIZE)
    # get_page() turns "abc" and pages past the end into a real page instead of an error.
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def home(request):
    return render(
        request,
        "archive/home.html",
        {
            "latest": selectors.article_latest(limit=10),
            "sources": selectors.source_list_with_counts(),
            "languages": selectors.language_counts(),
            "entities": selectors.entity_top(limit=15),
        },
    )


def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    articles = selectors.article_list(filters=form.to_filters() if form.is_bound else None)
    return render(
        request,
        "archive/article_list.html",
        {
            "form": form,
            "page_obj": paginate(request, articles),
            "query_string": query_without_page(request),
        },
    )


def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    # Articles of similar wording come from the search app's similar_articles tag.
    related = selectors.article_related(article=article, limit=6)
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "entities": selectors.article_confirmed_entities(article=article),
            "related": related,
        },
    )


def article_raw(request, pk: int):
    article = get_object_or_404(Article.objects.only("raw_text"), pk=pk)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{pk}.txt"'
    return response


def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    articles = selectors.article_list(filters=selectors.ArticleFilters(source=source.slug))
    return render(
        request,
        "archive/source_detail.html",
        {"source": source, "page_obj": paginate(request, articles), "query_string": ""},
    )


def entity_detail(request, pk: int):
    entity = get_object_or_404(Entity, pk=pk)
    if entity.merged_into_id:
        return redirect(entity.merged_into, permanent=True)
    articles = selectors.article_list(filters=selectors.ArticleFilters(entity=entity.pk))
    return render(
        request,
        "archive/entity_detail.html",
        {
            "entity": entity,
            "aliases": selectors.entity_aliases(entity=entity),
            "language_counts": selectors.entity_language_counts(entity=entity),
            "cooccurring": selectors.entity_cooccurring(entity=entity, limit=10),
            "undated": selectors.entity_undated_articles(entity=entity),
            "page_obj": paginate(request, articles),
            "query_string": "",
        },
    )


def entity_chart(request, pk: int):
    """Mentions per month as a PNG; Arabic labels are shaped for drawing (see archive.charts)."""
    entity = get_object_or_404(Entity, pk=pk)
    if entity.merged_into_id:
        return redirect("archive:entity_chart", pk=entity.merged_into_id, permanent=True)
    # The first Arabic name given (the gazetteer lists the usual spelling first).
    arabic = entity.aliases.filter(language=Language.ARABIC).order_by("pk").first()
    title = entity.name if arabic is None else f"{entity.name} · {arabic.name}"
    chart = charts.MentionsChart(
        title=title,
        y_label=gettext("mentions"),
        empty_label=gettext("No dated articles yet"),
        series_labels={code: str(label) for code, label in Language.choices},
        counts=selectors.entity_mentions_by_month(entity=entity),
    )
    response = HttpResponse(charts.mentions_chart_png(chart), content_type="image/png")
    response["Cache-Control"] = "max-age=300"
    return response
