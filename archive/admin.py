from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, Entity, EntityAlias, Source, Tag


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "language", "slug"]
    list_filter = ["language"]
    search_fields = ["name", "native_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TagInline(admin.TabularInline):
    model = Tag
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ["entity", "state", "origin", "mentions"]
    readonly_fields = ["origin", "mentions"]


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


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "language"]


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "merged_into"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [EntityAliasInline]
