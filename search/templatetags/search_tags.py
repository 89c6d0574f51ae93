"""Template tags through which other apps' pages show what the search index knows.

The archive's article page lists articles of similar wording without importing search.
"""

from django import template

from search.selectors import article_more_like_this

register = template.Library()

# Ask for more than are shown: the page leaves out what it already lists as related.
_SIMILAR_ASKED = 8
_SIMILAR_SHOWN = 4


@register.simple_tag
def similar_articles(article, exclude=()):
    """Articles whose wording is closest to this one's, minus those in ``exclude``."""
    shown = {item.pk for item in exclude}
    similar = article_more_like_this(article=article, limit=_SIMILAR_ASKED)
    return [item for item in similar if item.pk not in shown][:_SIMILAR_SHOWN]
