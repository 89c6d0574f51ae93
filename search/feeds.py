"""An Atom feed per search: a saved search is its URL, and a feed reader polling it sees the
newest matches first (the feed always sorts by date, whatever order the page used)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from search.forms import SearchForm
from search.selectors import article_search

FEED_LENGTH = 50


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        params = SearchForm(request.GET).to_params()
        self.request = request
        return replace(params, sort="newest", page=1, per_page=FEED_LENGTH)

    def title(self, params):
        return gettext("Search: %(query)s") % {"query": params.q} if params.q else gettext("Search")

    def link(self, params):
        query = self.request.GET.copy()
        return reverse("search:search") + (f"?{query.urlencode()}" if query else "")

    def subtitle(self, params):
        return gettext("The newest articles of the archive matching this search.")

    def items(self, params):
        return article_search(params=params).hits

    def item_title(self, hit):
        return hit.article.title

    def item_description(self, hit):
        return hit.snippet  # escaped text with <mark> tags only

    def item_link(self, hit):
        return hit.article.get_absolute_url()

    def item_guid(self, hit):
        return self.request.build_absolute_uri(hit.article.get_absolute_url())

    def item_pubdate(self, hit):
        article = hit.article
        if article.published:
            return datetime.combine(article.published, time(), tzinfo=UTC)
        return article.imported_at

    def item_updateddate(self, hit):
        return hit.article.updated_at

    def item_author_name(self, hit):
        return hit.article.author or None

    def item_categories(self, hit):
        return [hit.article.get_language_display()]
