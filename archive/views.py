from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from archive import selectors
from archive.forms import ArticleFilterForm
from archive.models import Article, Entity, Source


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
    return render(
        request,
        "archive/article_detail.html",
        {"article": article, "entities": selectors.article_entities(article=article)},
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
            "aliases": entity.aliases.all(),
            "page_obj": paginate(request, articles),
            "query_string": "",
        },
    )
