from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.text.mentions import normalize_name


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class EntityKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    PLACE = "place", _("place")
    TOPIC = "topic", _("topic")


class Source(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    native_name = models.CharField(_("native name"), max_length=200, blank=True)
    home_url = models.URLField(_("home page"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:source_detail", kwargs={"slug": self.slug})


class Article(models.Model):
    title = models.TextField(_("title"))
    # The title as the admin's search compares it (harakat, hamza forms, case folded away).
    title_folded = models.TextField(_("folded title"), editable=False, blank=True, default="")
    body = models.TextField(_("body"), help_text=_("The article text without site furniture."))
    raw_text = models.TextField(
        _("raw text"), help_text=_("The text exactly as imported; never thrown away.")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    author = models.CharField(_("author"), max_length=300, blank=True)
    section = models.CharField(_("section"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True, db_index=True)
    url = models.URLField(_("original URL"), max_length=2000, blank=True)
    origin = models.CharField(
        _("origin"),
        max_length=1000,
        blank=True,
        db_index=True,
        help_text=_("The file (and member or record inside it) the article was imported from."),
    )
    fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the raw text: a re-import updates or skips, never duplicates."),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published", "-imported_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["language", "published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.title_folded = normalize_name(self.title)
        super().save(*args, **kwargs)

    @property
    def direction(self) -> str:
        return "rtl" if self.language == Language.ARABIC else "ltr"

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class Entity(models.Model):
    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    name = models.CharField(_("canonical name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.CONFIRMED,
        db_index=True,
        help_text=_(
            "A suggested entity (a name found after a title) gets only suggested tags until "
            "an editor confirms it; a rejected entity's names are never tagged or suggested again."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text=_("Set when an editor merged this entity into another; its page redirects."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="unique_entity_name_kind")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:entity_detail", kwargs={"pk": self.pk})


class EntityAlias(models.Model):
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    normalized = models.CharField(
        _("normalised form"), max_length=300, db_index=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "normalized"], name="unique_alias_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    class Origin(models.TextChoices):
        AUTO = "auto", _("automatic")
        EDITOR = "editor", _("editor")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="tags"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="tags"
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    mentions = models.PositiveIntegerField(_("mentions"), default=0)
    spans = models.JSONField(
        _("mention offsets"),
        default=list,
        blank=True,
        help_text=_("Where the body names the entity: [start, end] character offsets, end exclusive."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-mentions", "entity__name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="unique_tag_per_article")
        ]
        # The review queue counts an entity's articles and picks its latest ones from this alone.
        indexes = [models.Index(fields=["entity", "article", "state"], name="tag_entity_article_state")]

    def __str__(self) -> str:
        return f"{self.entity} @ {self.article_id}"


class EntityMerge(models.Model):
    """What one merge moved, so that undoing it restores exactly what was there before.

    `moved` holds primary keys and the previous field values (archive.editing writes and
    reads it); rows deleted by the merge (names and tags the kept entity had already) are
    kept whole, so undoing recreates them with their own keys and history.
    """

    merged = models.ForeignKey(
        Entity, verbose_name=_("merged entity"), on_delete=models.CASCADE, related_name="merges_away"
    )
    into = models.ForeignKey(
        Entity, verbose_name=_("kept entity"), on_delete=models.CASCADE, related_name="merges_in"
    )
    moved = models.JSONField(_("what moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("entity merge")
        verbose_name_plural = _("entity merges")
        indexes = [models.Index(fields=["merged", "undone_at"], name="entitymerge_open")]
        permissions = [("unmerge_entitymerge", _("Can undo a merge of entities"))]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.into_id}"
