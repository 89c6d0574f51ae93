"""The editors' pages. Staff only; the Editors group may correct tags, entities and aliases.

Every correction goes through archive.editing, so an editor's tag is marked as theirs and
survives re-tagging, and django-simple-history records who changed what.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from archive import editing
from archive.admin_review import review_view
from archive.admin_search import folded_name_q, folded_title_q
from archive.models import Article, Entity, EntityAlias, EntityMerge, Source, Tag
from search.indexing import bulk_indexing

AUTO_DIRECTION = {"dir": "auto"}


class LineEndingsField(forms.CharField):
    """Text as the editor typed it, with the browser's CRLF line breaks back to LF.

    Folded in to_python, which has_changed uses too: an untouched text is not a change
    (no rewrite, no "Changed Body" in the history).
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


def _text_field(db_field, **kwargs):
    if isinstance(db_field, models.TextField):
        # A text keeps its leading and trailing white space: stripping it would be a change too.
        kwargs.update(widget=forms.Textarea(attrs=AUTO_DIRECTION), strip=False)
    else:
        kwargs.update(widget=forms.TextInput(attrs=AUTO_DIRECTION))
    return db_field.formfield(form_class=LineEndingsField, **kwargs)


class TextFieldsAdmin:
    """Text fields keep their line breaks and follow their own script's direction."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Exactly these classes: URLs, slugs and e-mail addresses keep their own validation.
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            return _text_field(db_field, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Source)
class SourceAdmin(TextFieldsAdmin, admin.ModelAdmin):
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
    search_fields = ["article__title"]
    autocomplete_fields = ["article", "entity"]
    list_select_related = ["entity", "article"]
    actions = ["confirm_tags", "reject_tags"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "entity", "state"]
        return ["article", "entity", "state", "origin", "mentions"]

    def get_readonly_fields(self, request, obj=None):
        return ["article", "origin", "mentions"] if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        by_name = folded_name_q(search_term, field="entity__aliases__normalized")
        if by_name is None:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(folded_title_q(search_term, field="article__title_folded") | by_name), True

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
class ArticleAdmin(TextFieldsAdmin, admin.ModelAdmin):
    list_display = ["title", "language", "source", "published", "author", "imported_at"]
    list_filter = ["language", "source", "published", "section"]
    search_fields = ["author", "origin", "url"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["raw_text", "origin", "fingerprint", "imported_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "language", "source", "author", "section", "published"]}),
        (_("Text"), {"fields": ["body"], "classes": ["collapse"]}),
        (
            _("Provenance"),
            {"fields": ["url", "origin", "fingerprint", "imported_at", "updated_at", "raw_text"],
             "classes": ["collapse"]},
        ),
    ]
    inlines = [TagInline]

    def get_search_results(self, request, queryset, search_term):
        # Authors, origins and URLs as typed; titles folded, so عمان finds عُمان.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        by_title = folded_title_q(search_term)
        if by_title is None:
            return found, duplicates
        return queryset.filter(Q(pk__in=found.values("pk")) | by_title), duplicates

    # Shown instead of the fields to whoever may not change them, in the text's own direction.
    in_own_direction = {"title": "title_text", "body": "body_text", "raw_text": "raw_text_text"}

    @staticmethod
    def _may_edit_article(request) -> bool:
        return request.user.has_perm("archive.change_article")

    def has_change_permission(self, request, obj=None):
        # Editors open an article to correct its tags, not to change the article.
        return super().has_change_permission(request, obj) or request.user.has_perm("archive.change_tag")

    def _shown_as(self, request) -> dict[str, str]:
        """The fields shown as text instead of an input: all of them, to whom may not edit."""
        if self._may_edit_article(request):
            return {"raw_text": self.in_own_direction["raw_text"]}
        return self.in_own_direction

    def get_fieldsets(self, request, obj=None):
        shown_as = self._shown_as(request)
        return [
            (title, {**options, "fields": [shown_as.get(f, f) for f in options["fields"]]})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        shown_as = self._shown_as(request)
        if self._may_edit_article(request):
            return [shown_as.get(f, f) for f in self.readonly_fields]
        return [name for _, options in self.get_fieldsets(request, obj) for name in options["fields"]]

    @staticmethod
    def _in_direction(article, text: str, *, paragraphs: bool = False):
        # linebreaks escapes the text itself; only its <p> and <br> are markup.
        content = mark_safe(linebreaks(text, autoescape=True)) if paragraphs else text
        return format_html('<div class="article-text" lang="{}" dir="{}">{}</div>',
                           article.language, article.direction, content)

    @admin.display(description=_("title"))
    def title_text(self, article):
        return self._in_direction(article, article.title)

    @admin.display(description=_("body"))
    def body_text(self, article):
        return self._in_direction(article, article.body, paragraphs=True)

    @admin.display(description=_("raw text"))
    def raw_text_text(self, article):
        return format_html('<pre class="article-text" dir="auto">{}</pre>', article.raw_text)

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


class EntityAliasInline(TextFieldsAdmin, admin.TabularInline):
    model = EntityAlias
    form = EntityAliasForm
    formset = EntityAliasFormSet
    extra = 1
    fields = ["name", "language"]


@admin.register(EntityAlias)
class EntityAliasAdmin(TextFieldsAdmin, SimpleHistoryAdmin):
    form = EntityAliasForm
    list_display = ["name", "language", "entity", "normalized"]
    list_filter = ["language", "entity__kind"]
    search_fields = []
    autocomplete_fields = ["entity"]
    list_select_related = ["entity"]

    def get_search_results(self, request, queryset, search_term):
        by_name = folded_name_q(search_term, field="normalized")
        return (queryset if by_name is None else queryset.filter(by_name)), False

    def get_search_fields(self, request):
        return ["normalized"]  # shows the search box; get_search_results does the searching

    def save_model(self, request, obj, form, change):
        editing.entity_alias_save(alias=obj, editor=request.user)


def _confirmed_articles():
    # A subquery, not Count("tags"): the search joins the names, and a join would count
    # every article once per matching name.
    confirmed = Tag.objects.filter(entity=OuterRef("pk"), state=Tag.State.CONFIRMED)
    count = confirmed.order_by().values("entity").annotate(n=Count("article", distinct=True)).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


@admin.register(Entity)
class EntityAdmin(TextFieldsAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "state", "article_count", "merged_into"]
    list_filter = ["state", "kind", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    readonly_fields = ["merged_into", "merges"]
    fields = ["name", "kind", "state", "merged_into", "merges"]
    inlines = [EntityAliasInline]
    actions = ["merge_entities", "unmerge_entities", "confirm_entities", "reject_entities"]
    change_list_template = "admin/archive/entity/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=_confirmed_articles()).select_related(
            "merged_into"
        ).order_by("name", "pk")

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_queue)
        return [path("review/", review, name="archive_entity_review"), *super().get_urls()]

    def review_queue(self, request):
        return review_view(self, request)

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, entity):
        return entity.article_count

    @admin.display(description=_("merges"))
    def merges(self, entity):
        if entity.pk is None:
            return "–"
        records = EntityMerge.objects.filter(merged=entity) | EntityMerge.objects.filter(into=entity)
        records = records.select_related("merged", "into", "merged_by", "undone_by")[:20]
        lines = format_html_join("", "<li>{}</li>", ((editing.merge_summary(record=r),) for r in records))
        return format_html("<ul>{}</ul>", lines) if lines else "–"

    def get_search_results(self, request, queryset, search_term):
        by_name = folded_name_q(search_term)
        if by_name is not None:
            queryset = queryset.filter(by_name)
        if request.path.endswith("/autocomplete/"):
            # Tag with the entity that was kept, never with one merged away.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, by_name is not None

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
        kinds = sorted({entity.get_kind_display() for entity in entities})
        kinds_accepted = len(kinds) == 1 or request.POST.get("kinds_differ") == "yes"
        if request.POST.get("confirm") == "yes" and into is not None and kinds_accepted:
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
            "kinds": kinds if len(kinds) > 1 else None,
            "kinds_unaccepted": request.POST.get("confirm") == "yes" and not kinds_accepted,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/archive/entity/merge_confirmation.html", context)

    def has_unmerge_permission(self, request):
        return request.user.has_perm("archive.unmerge_entitymerge")

    @admin.action(description=_("Undo the merge of the selected entities"), permissions=["unmerge"])
    def unmerge_entities(self, request, queryset):
        undone, refused = [], []
        with bulk_indexing():
            for entity in queryset.filter(merged_into__isnull=False):
                record = EntityMerge.objects.filter(merged=entity, undone_at__isnull=True).first()
                error = editing.UNMERGE_NOT_LATEST if record is None else editing.unmerge_error(record=record)
                if error:
                    refused.append(f"{entity.name}: {error}")
                    continue
                editing.entity_unmerge(record=record, editor=request.user)
                undone.append(entity.name)
        if undone:
            self.message_user(request, _("Merge undone: %(names)s.") % {"names": ", ".join(undone)},
                              messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)
        if not undone and not refused:
            self.message_user(request, _("Select entities that were merged into another."), messages.WARNING)

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
