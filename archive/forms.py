"""The filters a reader narrows articles by, as URL parameters.

`ArchiveFilterForm` holds the five filters the article list and the search page share
(language, source, entity, date range) with their URL names and the date check;
`ArticleFilterForm` turns them into the article list's filters, search.forms.SearchForm
adds the query and its options.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Language, Source
from archive.selectors import ArticleFilters

# The largest primary key SQLite and PostgreSQL (bigint) can hold.
MAX_ID = 2**63 - 1


class ArchiveFilterForm(forms.Form):
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    # Entity is set by following a link (an entity page, a facet), not typed.
    # Bounded by the database's id range: a larger number overflowed SQLite's integer (HTTP 500).
    entity = forms.IntegerField(
        label=_("Entity"), required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    # "from" and "to" are the design's URL names but Python keywords, so the fields map to them.
    url_names = {"date_from": "from", "date_to": "to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All sources"))] + list(
            Source.objects.order_by("name").values_list("slug", "name")
        )

    def add_prefix(self, field_name: str) -> str:
        return self.url_names.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            # Shown at the end date, which is then ignored: a bad filter is reported, not fatal.
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def valid_data(self) -> dict:
        """The fields that passed validation; a bad filter is reported and ignored, not fatal."""
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))


class ArticleFilterForm(ArchiveFilterForm):
    def to_filters(self) -> ArticleFilters:
        data = self.valid_data()
        return ArticleFilters(
            language=data.get("lang") or "",
            source=data.get("source") or "",
            entity=data.get("entity"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
