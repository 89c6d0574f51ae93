from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Language, Source
from search.text.query_syntax import MAX_QUERY_LENGTH


class SortOrder:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    choices = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest first")),
        (OLDEST, _("Oldest first")),
    ]


class SearchForm(forms.Form):
    """Every search state is a URL: the form reads only the query string."""

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    # Entity and year are set by following a facet link, not typed.
    entity = forms.IntegerField(label=_("Entity"), required=False, min_value=1, widget=forms.HiddenInput)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1000, max_value=9999, widget=forms.HiddenInput
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
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

    url_names = {"date_from": "from", "date_to": "to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All sources"))] + list(
            Source.objects.order_by("name").values_list("slug", "name")
        )

    def add_prefix(self, field_name: str) -> str:
        return self.url_names.get(field_name, field_name)

    def clean_q(self):
        value = self.cleaned_data.get("q", "")
        self.query_truncated = len(value) > MAX_QUERY_LENGTH
        return value[:MAX_QUERY_LENGTH]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def valid_data(self) -> dict:
        """The fields that passed validation; a bad filter is reported and ignored, not fatal."""
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))
