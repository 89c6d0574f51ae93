"""Template tags of the spelling partial (templates/search/_spelling.html): links to the
corrected or the typed query that keep the search's filters, and the language of a query."""

from django import template

from search.forms import spelling_query_string
from search.text.script import has_arabic

register = template.Library()


@register.simple_tag(takes_context=True)
def spelling_link(context, q, original=False):
    """`?...` for the search page with query q and the current filters."""
    return "?" + spelling_query_string(context.get("query_string", ""), q, original=bool(original))


@register.filter
def query_language(text: str) -> str:
    return "ar" if has_arabic(text or "") else "en"
