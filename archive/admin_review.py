"""The review queue page in the admin: suggested entities, and what editors decide on them.

Thin: archive.review reads the page, archive.editing's suggestions_* services write.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import editing, review
from archive.models import Entity, EntityKind, Tag
from search.indexing import bulk_indexing


class ReviewForm(forms.Form):
    CONFIRM, REJECT, MERGE, LINK = "confirm", "reject", "merge", "link"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CONFIRM, _("Confirm, as the kind chosen")),
            (REJECT, _("Reject (never suggest again)")),
            (MERGE, _("Merge into an existing entity (another spelling)")),
            (LINK, _("Link as the other language's name of an existing entity")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EntityKind.choices, initial=EntityKind.PERSON)
    into = forms.ModelChoiceField(
        label=_("Existing entity"), required=False, queryset=Entity.objects.filter(merged_into__isnull=True)
    )
    groups = forms.MultipleChoiceField(label=_("Names"), error_messages={
        "required": _("Tick at least one name."),
        "invalid_choice": _("A name ticked is not suggested any more (another editor decided on it)."),
    })

    def __init__(self, *args, admin_site, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The same autocomplete as the tag forms: kept entities only, folded search.
        into = self.fields["into"]
        into.widget = AutocompleteSelect(Tag._meta.get_field("entity"), admin_site)
        into.widget.choices = into.choices
        self.fields["groups"].choices = [(key, key) for key in keys]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in (self.MERGE, self.LINK) and not cleaned.get("into"):
            self.add_error("into", _("Choose the existing entity."))
        return cleaned


def _decide(form: ReviewForm, entities: dict[str, list[Entity]], editor) -> str:
    decision, into = form.cleaned_data["decision"], form.cleaned_data.get("into")
    groups = [entities[key] for key in form.cleaned_data["groups"]]
    with bulk_indexing():
        if decision == ReviewForm.CONFIRM:
            for group in groups:
                editing.suggestions_confirm(entities=group, kind=form.cleaned_data["kind"], editor=editor)
            return ngettext("%(count)d name confirmed.", "%(count)d names confirmed.", len(groups))
        if decision == ReviewForm.REJECT:
            for group in groups:
                editing.suggestions_reject(entities=group, editor=editor)
            return ngettext("%(count)d name rejected.", "%(count)d names rejected.", len(groups))
        flat = [entity for group in groups for entity in group if entity.pk != into.pk]
        if decision == ReviewForm.LINK:
            editing.suggestions_link(entities=flat, into=into, editor=editor)
        else:
            editing.suggestions_merge(entities=flat, into=into, editor=editor)
        return ngettext("%(count)d name is now a name of %(into)s.",
                        "%(count)d names are now names of %(into)s.", len(groups))


def review_view(model_admin, request):
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    form = None
    if request.method == "POST":
        keys = request.POST.getlist("groups")
        entities = review.suggestion_entities(keys)
        form = ReviewForm(request.POST, admin_site=model_admin.admin_site, keys=entities)
        if form.is_valid():
            into = form.cleaned_data.get("into")
            error = None
            if form.cleaned_data["decision"] == ReviewForm.LINK:
                ticked = [entity for key in form.cleaned_data["groups"] for entity in entities[key]]
                error = editing.link_error(entities=ticked, into=into)
            if error:
                form.add_error("into", error)
            else:
                message = _decide(form, entities, request.user)
                count = len(form.cleaned_data["groups"])
                model_admin.message_user(request, message % {"count": count, "into": into}, messages.SUCCESS)
                return redirect(request.get_full_path())
    form = form or ReviewForm(admin_site=model_admin.admin_site)
    page = review.suggestion_page(request.GET.get("page"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Suggested entities to review"),
        "opts": model_admin.model._meta,
        "page": page,
        "form": form,
        "ticked": set(request.POST.getlist("groups")) if request.method == "POST" else set(),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/archive/entity/review_queue.html", context)
