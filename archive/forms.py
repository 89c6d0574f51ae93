"""The filters a reader narrows articles by, as URL parameters.

`ArchiveFilterForm` holds the five filters the article list and the search page share
(language, source, entity, date range) with their URL names and the date check;
`ArticleFilterForm` turns them into the article list's filters, search.forms.SearchForm
adds the query and its options.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from archive.models import Entity, EntityKind, Language, Source
from archive.selectors import ArticleFilters, entity_reader_name

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

    # Not filters (the query, the order, the page) or filters at their default value.
    not_chips = {"q", "sort", "page"}
    chip_defaults = {"entities": "on"}

    def _chip_text(self, name: str, value, language: str) -> str:
        field = self.fields[name]
        if name == "entity":
            entity = Entity.objects.filter(pk=value).first()
            return entity_reader_name(entity, language=language).reader_name if entity else str(value)
        if isinstance(value, bool):
            return ""  # a checkbox: its label says it all
        if isinstance(value, date):
            return date_format(value, "DATE_FORMAT")
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        return str(value)

    def chips(self, query, *, language: str) -> list[dict]:
        """The filters in force, each with its label, its value as a reader reads it, and the
        link (query string) that removes it and goes back to the first page."""
        data = self.valid_data()
        chips = []
        for name, field in self.fields.items():
            value = data.get(name)
            if name in self.not_chips or value in (None, "", False) or self.chip_defaults.get(name) == value:
                continue
            remaining = query.copy()
            remaining.pop(self.add_prefix(name), None)
            remaining.pop("page", None)
            chips.append(
                {"label": field.label, "text": self._chip_text(name, value, language),
                 "url": "?" + remaining.urlencode()}
            )
        return chips

    def clear_url(self, query) -> str:
        """The link that removes every filter and keeps the query and the order."""
        kept = query.copy()
        for key in list(kept):
            if key not in self.not_chips or key == "page":
                kept.pop(key)
        return "?" + kept.urlencode()


def canonical_redirect(request):
    """A GET form submits every field, empty ones too: the same URL without them (and their
    order kept) is where the reader is sent, so links, bookmarks and feeds stay short."""
    query = request.GET
    if "" not in (value for _key, values in query.lists() for value in values):
        return None
    kept = query.copy()
    for key in list(kept):
        values = [value for value in kept.getlist(key) if value != ""]
        if values:
            kept.setlist(key, values)
        else:
            kept.pop(key)
    return HttpResponseRedirect(request.path + (f"?{kept.urlencode()}" if kept else ""))


class EntityIndexForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EntityKind.choices]
    )

    def valid_data(self) -> dict:
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))

    def kind_links(self, query, *, counts: dict[str, int]) -> list[dict]:
        """One link per kind (and one for all) keeping the name searched, with how many
        entities it has; the one chosen is marked."""
        chosen = self.valid_data().get("kind") or ""
        links = []
        for value, label in self.fields["kind"].choices:
            target = query.copy()
            target.pop("page", None)
            target.pop("kind", None)
            if value:
                target["kind"] = value
            links.append({
                "label": label, "selected": value == chosen, "url": "?" + target.urlencode(),
                "count": counts.get(value) if value else sum(counts.values()),
            })  # fmt: skip
        return links


class ArticleFilterForm(ArchiveFilterForm):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first")), ("title", _("Title"))],
    )

    def to_filters(self) -> ArticleFilters:
        data = self.valid_data()
        return ArticleFilters(
            sort=data.get("sort") or "newest",
            language=data.get("lang") or "",
            source=data.get("source") or "",
            entity=data.get("entity"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
