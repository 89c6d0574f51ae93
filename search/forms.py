"""The search page's and the API's form: the shared archive filters plus the query, year,
sort order and match options, turned into the selector's `SearchParams`."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from archive.forms import ArchiveFilterForm
from search.selectors import SearchParams
from search.text.query_syntax import MAX_QUERY_LENGTH

ORIGINAL_VALUES = frozenset({"1", "on", "true", "yes"})


class SortOrder:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    choices = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest first")),
        (OLDEST, _("Oldest first")),
    ]


class SearchForm(ArchiveFilterForm):
    """Every search state is a URL: the form reads only the query string."""

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    # Year is set by following a facet link, not typed.
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1000, max_value=9999, widget=forms.HiddenInput
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SortOrder.choices)
    exact = forms.BooleanField(label=_("Exact word forms only"), required=False)
    entities = forms.ChoiceField(
        label=_("Match through entities"),
        required=False,
        choices=[("on", _("on")), ("off", _("off"))],
        help_text=_("Also find articles tagged with an entity whose name you searched."),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    field_order = [
        "q", "lang", "source", "entity", "year", "date_from", "date_to", "sort", "exact", "entities", "page"
    ]  # fmt: skip

    def clean_q(self):
        value = self.cleaned_data.get("q", "")
        self.query_truncated = len(value) > MAX_QUERY_LENGTH
        return value[:MAX_QUERY_LENGTH]

    def original_forced(self) -> bool:
        """`original=1` ("search instead for"): the query as typed, not its correction. Read
        from the query string rather than a form field, so that the page's form does not
        carry it into the next query typed in the box."""
        return (self.data.get("original") or "").lower() in ORIGINAL_VALUES

    def to_params(self) -> SearchParams:
        data = self.valid_data()
        return SearchParams(
            q=data.get("q") or "",
            language=data.get("lang") or "",
            source=data.get("source") or "",
            entity=data.get("entity"),
            year=data.get("year"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
            exact=bool(data.get("exact")),
            entities=data.get("entities") != "off",
            original=self.original_forced(),
            page=data.get("page") or 1,
        )


def spelling_query_string(query_string: str, q: str, *, original: bool = False) -> str:
    """The search's query string with another query: page reset; `original=1` forces the
    query as typed (the "search instead for" link), and is dropped otherwise."""
    params = QueryDict(query_string or "", mutable=True)
    params.pop("page", None)
    params.pop("original", None)
    params["q"] = q
    if original:
        params["original"] = "1"
    return params.urlencode()
