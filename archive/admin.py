"""The editors' pages. Staff only; the Editors group may correct tags, entities and aliases.

Every correction goes through archive.editing, so an editor's tag is marked as theirs and
survives re-tagging, and django-simple-history records who changed what.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from archive import editing
from archive.models import Article, Entity, EntityAlias, Source, Tag
from search.indexing import bulk_indexing


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "language", "slug"]
    list_filter = ["language"]
    search_fields = ["name", "native_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# -- tags -------------------------------------------------------------------------------
class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["entity", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["state"].initial = Tag.State.CONFIRMED


class TagInline(admin.TabularInline):
    model = Tag
    form = TagForm
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ["entity", "state", "origin", "mentions"]
    readonly_fields = ["origin", "mentions"]
    # Removing a tag is rejecting it: a deleted tag would come back with the next tagging.
    can_delete = False


def _decide_tags(request, queryset, decide) -> int:
    with bulk_indexing():
        tags = list(queryset.select_related("entity"))
        for tag in tags:
            decide(tag=tag, editor=request.user)
    return len(tags)


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    form = TagForm
    list_display = ["entity", "article", "state", "origin", "mentions", "updated_at"]
    list_filter = ["state", "origin", "entity__kind", "article__language"]
    search_fields = ["entity__name", "entity__aliases__name", "article__title"]
    autocomplete_fields = ["article", "entity"]
    list_select_related = ["entity", "article"]
    actions = ["confirm_tags", "reject_tags"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "entity", "state"]
        return ["article", "entity", "state", "origin", "mentions"]

    def get_readonly_fields(self, request, obj=None):
        return ["article", "origin", "mentions"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        editing.tag_save_by_editor(tag=obj, editor=request.user)

    @admin.action(description=_("Confirm the selected tags"), permissions=["change"])
    def confirm_tags(self, request, queryset):
        count = _decide_tags(request, queryset, editing.tag_confirm)
        message = ngettext("%(count)d tag confirmed.", "%(count)d tags confirmed.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected tags"), permissions=["change"])
    def reject_tags(self, request, queryset):
        count = _decide_tags(request, queryset, editing.tag_reject)
        message = ngettext("%(count)d tag rejected.", "%(count)d tags rejected.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


# -- articles ---------------------------------------------------------------------------
@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "source", "published", "author", "imported_at"]
    list_filter = ["language", "source", "published", "section"]
    search_fields = ["title", "author", "origin", "url"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["raw_text", "origin", "fingerprint", "imported_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "language", "source", "author", "section", "published"]}),
        (_("Text"), {"fields": ["body"]}),
        (
            _("Provenance"),
            {"fields": ["url", "origin", "fingerprint", "imported_at", "updated_at", "raw_text"]},
        ),
    ]
    inlines = [TagInline]

    @staticmethod
    def _may_edit_article(request) -> bool:
        return request.user.has_perm("archive.change_article")

    def has_change_permission(self, request, obj=None):
        # Editors open an article to correct its tags, not to change the article.
        return super().has_change_permission(request, obj) or request.user.has_perm("archive.change_tag")

    def get_readonly_fields(self, request, obj=None):
        if self._may_edit_article(request):
            return self.readonly_fields
        return [name for _, options in self.fieldsets for name in options["fields"]]

    def save_model(self, request, obj, form, change):
        if self._may_edit_article(request):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Tag:
            return super().save_formset(request, form, formset, change)
        for tag in formset.save(commit=False):
            editing.tag_save_by_editor(tag=tag, editor=request.user)


# -- entities and aliases ---------------------------------------------------------------
class EntityAliasForm(forms.ModelForm):
    class Meta:
        model = EntityAlias
        fields = ["entity", "name", "language"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            entity = cleaned.get("entity") or getattr(self.instance, "entity", None)
            error = editing.entity_alias_error(entity=entity, name=name, alias=self.instance)
            if error:
                self.add_error("name", error)
        return cleaned


class EntityAliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        names = [
            form.cleaned_data.get("name") or ""
            for form in self.forms
            if hasattr(form, "cleaned_data") and not form.cleaned_data.get("DELETE")
        ]
        if editing.aliases_repeated(names):
            raise forms.ValidationError(editing.ALIASES_REPEATED)


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    form = EntityAliasForm
    formset = EntityAliasFormSet
    extra = 1
    fields = ["name", "language"]


@admin.register(EntityAlias)
class EntityAliasAdmin(SimpleHistoryAdmin):
    form = EntityAliasForm
    list_display = ["name", "language", "entity", "normalized"]
    list_filter = ["language", "entity__kind"]
    search_fields = ["name", "normalized", "entity__name"]
    autocomplete_fields = ["entity"]
    list_select_related = ["entity"]

    def save_model(self, request, obj, form, change):
        editing.entity_alias_save(alias=obj, editor=request.user)


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "state", "article_count", "merged_into"]
    list_filter = ["state", "kind", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__name"]
    readonly_fields = ["merged_into"]
    fields = ["name", "kind", "state", "merged_into"]
    inlines = [EntityAliasInline]
    actions = ["merge_entities", "confirm_entities", "reject_entities"]

    def get_queryset(self, request):
        # A GROUP BY drops Meta.ordering: order again, or autocomplete pages are unstable.
        return super().get_queryset(request).annotate(
            article_count=Count("tags", filter=Q(tags__state=Tag.State.CONFIRMED))
        ).select_related("merged_into").order_by("name", "pk")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, entity):
        return entity.article_count

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            # Tag with the entity that was kept, never with one merged away.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        editing.entity_save(entity=obj, changed_fields=form.changed_data, editor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EntityAlias:
            return super().save_formset(request, form, formset, change)
        for alias in formset.save(commit=False):
            editing.entity_alias_save(alias=alias, editor=request.user)
        for alias in formset.deleted_objects:
            editing.entity_alias_delete(alias=alias, editor=request.user)

    @admin.action(description=_("Merge the selected entities into one…"), permissions=["change"])
    def merge_entities(self, request, queryset):
        entities = list(queryset.filter(merged_into__isnull=True).order_by("-article_count", "name"))
        if len(entities) < 2:
            self.message_user(request, _("Select at least two entities (not merged already) to merge."),
                              messages.WARNING)
            return None
        into = next((e for e in entities if str(e.pk) == request.POST.get("into")), None)
        if request.POST.get("confirm") == "yes" and into is not None:
            with bulk_indexing():
                report = editing.entity_merge(
                    entities=[e for e in entities if e.pk != into.pk], into=into, editor=request.user
                )
            message = _("Merged into “%(name)s”: %(tags)d tags and %(aliases)d names moved.") % {
                "name": into.name,
                "tags": report.tags_moved + report.tags_combined,
                "aliases": report.aliases_moved,
            }
            self.message_user(request, message, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge entities"),
            "opts": self.model._meta,
            "entities": entities,
            "into": into or entities[0],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/archive/entity/merge_confirmation.html", context)

    @admin.action(description=_("Confirm the selected entities"), permissions=["change"])
    def confirm_entities(self, request, queryset):
        with bulk_indexing():
            for entity in queryset:
                editing.entity_confirm(entity=entity, editor=request.user)
        self.message_user(request, _("Entities confirmed."), messages.SUCCESS)

    @admin.action(description=_("Reject the selected entities (never tag them)"), permissions=["change"])
    def reject_entities(self, request, queryset):
        with bulk_indexing():
            for entity in queryset:
                editing.entity_reject(entity=entity, editor=request.user)
        self.message_user(request, _("Entities rejected; their automatic tags are rejected too."),
                          messages.SUCCESS)
