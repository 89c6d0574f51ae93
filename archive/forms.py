from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Language, Source
from archive.selectors import ArticleFilters


class ArticleFilterForm(forms.Form):
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    entity = forms.IntegerField(label=_("Entity"), required=False, min_value=1, widget=forms.HiddenInput)
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
        self.fields["source"].choices = [("", _("All sources"))] + [
            (source.slug, source.name) for source in Source.objects.only("slug", "name")
        ]

    def add_prefix(self, field_name: str) -> str:
        return self.url_names.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def to_filters(self) -> ArticleFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})  # the valid fields still filter
        return ArticleFilters(
            language=data.get("lang") or "",
            source=data.get("source") or "",
            entity=data.get("entity"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
