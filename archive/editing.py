"""Editors' corrections to entities, aliases and tags, and the shipped gazetteer.

An editor's decision always wins: every tag these services touch becomes origin=editor,
and automatic tagging (archive.tagging) never removes or flips such a tag. Saves go one
by one so django-simple-history records who changed what and the index follows.

The alias rules are here once: entity_alias_error (and aliases_repeated) give the admin
forms their messages, the services keep the same rules when they write. Migration 0003
holds its own frozen copy of the gazetteer loader; the one here follows the live models.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from archive.models import Entity, EntityAlias, EntityKind, EntityMerge, Language, Tag
from archive.signals import tags_bulk_changed
from archive.text.mentions import normalize_name
from search.text.script import script_language

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.json"
EDITORS_GROUP = "Editors"
# What the Editors group may do: tags, entities and aliases, and only look at the rest.
EDITOR_PERMISSIONS = {
    "tag": ("add", "change", "view"),
    "entity": ("add", "change", "view"),
    "entityalias": ("add", "change", "delete", "view"),
    "entitymerge": ("unmerge", "view"),
    "article": ("view",),
    "source": ("view",),
}
ALIAS_NEEDS_LETTERS = _("A name needs letters or digits.")
ALIAS_TAKEN = _("The entity already has this name (in this or another spelling).")
ALIASES_REPEATED = _("Two names here are the same name in different spellings.")


def _as(instance, editor):
    """Attribute the next save to the editor in the history (outside a request too)."""
    if editor is not None:
        instance._history_user = editor
    return instance


def language_of(name: str) -> str:
    return Language(script_language(name))


def live_entity(entity):
    """The entity an editor merged this one into (following chains), or itself."""
    seen = set()
    while entity.merged_into_id and entity.pk not in seen:
        seen.add(entity.pk)
        entity = entity.merged_into
    return entity


# -- aliases (the gazetteer) ------------------------------------------------------------
def _alias_prepared(alias):
    """Every alias, however it is written, is stored with its folded form and a language."""
    alias.name = alias.name.strip()
    alias.normalized = normalize_name(alias.name)
    if not alias.normalized:
        raise ValueError(f"alias {alias.name!r} has no letters or digits to match")
    alias.language = alias.language or language_of(alias.name)
    return alias


def alias_name_error(name: str):
    """Why the name cannot be an alias (a message for the editor), or None."""
    return None if normalize_name(name) else ALIAS_NEEDS_LETTERS


def aliases_repeated(names: Iterable[str]) -> bool:
    """Whether two of the names are one name in different spellings."""
    forms = [form for form in map(normalize_name, names) if form]
    return len(forms) != len(set(forms))


def entity_alias_error(*, entity, name: str, alias=None):
    """Why the entity cannot have this name (a message for the editor), or None.

    The rules entity_alias_save keeps; the forms show them before anything is saved.
    """
    error = alias_name_error(name)
    if error or entity is None or not entity.pk:
        return error
    same = EntityAlias.objects.filter(entity=entity, normalized=normalize_name(name))
    if alias is not None and alias.pk:
        same = same.exclude(pk=alias.pk)
    return ALIAS_TAKEN if same.exists() else None


def entity_alias_save(*, alias, editor=None):
    """Save one alias (an editor's, or a suggested name) with its folded form."""
    _as(_alias_prepared(alias), editor).save()
    return alias


def entity_alias_delete(*, alias, editor=None) -> None:
    """The entity is no longer found by this name; the history says who removed it."""
    _as(alias, editor).delete()


def entity_alias_add(*, entity, name: str, language: str = "", editor=None):
    """Give the entity another name; None when it already has that name (in any spelling)."""
    normalized = normalize_name(name)
    if not normalized or entity.aliases.filter(normalized=normalized).exists():
        return None
    return entity_alias_save(alias=EntityAlias(entity=entity, name=name, language=language), editor=editor)


@dataclass
class GazetteerLoad:
    entities: int = 0
    aliases: int = 0


def _bulk_create(model, objects) -> None:
    bulk_create_with_history(objects, model, default_change_reason="shipped gazetteer")


@transaction.atomic
def gazetteer_load(*, path: Path = GAZETTEER_PATH) -> GazetteerLoad:
    """Add the shipped entities and names that are missing; re-running adds nothing.

    Names are prepared exactly as an editor's are (_alias_prepared) and written in bulk.
    Names of an entity an editor merged go to the entity it was merged into.
    """
    items = json.loads(path.read_text(encoding="utf-8"))["entities"]
    existing = set(Entity.objects.values_list("name", "kind"))
    new_entities = [
        Entity(name=item["name"], kind=item["kind"])
        for item in items
        if (item["name"], item["kind"]) not in existing
    ]
    _bulk_create(Entity, new_entities)
    entities = {(e.name, e.kind): e for e in Entity.objects.select_related("merged_into")}
    known = set(EntityAlias.objects.values_list("entity_id", "normalized"))
    new_aliases = []
    for item in items:
        entity = live_entity(entities[(item["name"], item["kind"])])
        for language in (Language.ENGLISH, Language.ARABIC):
            for name in item.get(language, []):
                alias = _alias_prepared(EntityAlias(entity=entity, name=name, language=language))
                if (entity.pk, alias.normalized) not in known:
                    known.add((entity.pk, alias.normalized))
                    new_aliases.append(alias)
    _bulk_create(EntityAlias, new_aliases)
    tagged = Tag.objects.filter(entity_id__in={a.entity_id for a in new_aliases})
    article_ids = sorted(set(tagged.values_list("article_id", flat=True)))
    if article_ids:  # their articles are found by these names from now on
        tags_bulk_changed.send(sender=Tag, article_ids=article_ids)
    return GazetteerLoad(entities=len(new_entities), aliases=len(new_aliases))


def editors_group_sync() -> Group:
    """The Editors group, allowed to correct tags, entities and aliases and nothing else."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=codenames
    )
    group.permissions.set(permissions)
    return group


# -- entities ---------------------------------------------------------------------------
def entity_save(*, entity: Entity, changed_fields: Iterable[str] = (), editor=None) -> Entity:
    """Save an editor's new or changed entity, and what follows from the change.

    A new or renamed entity is found by its canonical name too; a changed state carries
    to its automatic tags exactly as the confirm and reject actions do.
    """
    created = entity.pk is None
    changed_fields = set(changed_fields)
    _as(entity, editor).save()
    if created or "name" in changed_fields:
        entity_alias_add(entity=entity, name=entity.name, editor=editor)
    if not created and "state" in changed_fields:
        if entity.state == Entity.State.CONFIRMED:
            entity_confirm(entity=entity, editor=editor)
        elif entity.state == Entity.State.REJECTED:
            entity_reject(entity=entity, editor=editor)
    return entity


@transaction.atomic
def entities_suggest(*, names, kind: str = EntityKind.PERSON) -> dict[str, Entity]:
    """Names found after titles (or by the learned tagger), as suggested entities of that kind
    (people by default): {name: entity}, a few queries in all.

    A name that is already an entity's (a rejected one's too) maps to that entity, and so
    does a name an editor rejected, in any spelling: it is never suggested again.
    """
    names = list(dict.fromkeys(name.strip() for name in names))
    people = Entity.objects.filter(kind=kind, name__in=names).select_related("merged_into")
    existing = {entity.name: live_entity(entity) for entity in people}
    existing.update(_rejected_names([name for name in names if name not in existing]))
    new = [Entity(name=name, kind=kind, state=Entity.State.SUGGESTED)
           for name in names if name not in existing]
    bulk_create_with_history(new, Entity, default_change_reason="suggested by automatic tagging")
    found = {**existing, **{entity.name: entity for entity in new}}
    taken = set(EntityAlias.objects.filter(entity__in=found.values()).values_list("entity_id", "normalized"))
    aliases = {}
    for name, entity in found.items():
        alias = _alias_prepared(EntityAlias(entity=entity, name=name))
        aliases.setdefault((entity.pk, alias.normalized), alias)
    bulk_create_with_history(
        [alias for key, alias in aliases.items() if key not in taken], EntityAlias,
        default_change_reason="suggested by automatic tagging",
    )
    return found


def _rejected_names(names) -> dict[str, Entity]:
    """The names, among these, that fold to a name of an entity editors rejected."""
    folded = {name: normalize_name(name) for name in names}
    rejected = EntityAlias.objects.filter(
        normalized__in=set(folded.values()) - {""}, entity__state=Entity.State.REJECTED
    ).select_related("entity__merged_into")
    by_form = {alias.normalized: live_entity(alias.entity) for alias in rejected}
    return {name: by_form[form] for name, form in folded.items() if form in by_form}


def entity_confirm(*, entity: Entity, editor=None) -> Entity:
    """The editor vouches for the entity: its suggested automatic tags count from now on."""
    if entity.state != Entity.State.CONFIRMED:
        entity.state = Entity.State.CONFIRMED
        _as(entity, editor).save(update_fields=["state"])
    for tag in entity.tags.filter(origin=Tag.Origin.AUTO, state=Tag.State.SUGGESTED):
        tag.state = Tag.State.CONFIRMED
        _as(tag, editor).save(update_fields=["state", "updated_at"])
    return entity


def entity_reject(*, entity: Entity, editor=None) -> Entity:
    """Not an entity (or not one worth tagging): its names never tag or get suggested again."""
    entity.state = Entity.State.REJECTED
    _as(entity, editor).save(update_fields=["state"])
    for tag in entity.tags.filter(origin=Tag.Origin.AUTO).exclude(state=Tag.State.REJECTED):
        tag_reject(tag=tag, editor=editor)
    return entity


@dataclass
class MergeReport:
    merged: int = 0
    tags_moved: int = 0
    tags_combined: int = 0
    aliases_moved: int = 0
    records: list = field(default_factory=list)


def _alias_row(alias) -> dict:
    return {"id": alias.pk, "name": alias.name, "language": alias.language, "normalized": alias.normalized}


def _tag_row(tag) -> dict:
    return {"id": tag.pk, "article": tag.article_id, "origin": tag.origin, "state": tag.state,
            "mentions": tag.mentions}


def _move_aliases(source: Entity, target: Entity, editor, report: MergeReport, moved: dict) -> None:
    taken = set(target.aliases.values_list("normalized", flat=True))
    for alias in source.aliases.all():
        if alias.normalized in taken:
            moved["aliases_deleted"].append(_alias_row(alias))
            _as(alias, editor).delete()
            continue
        moved["aliases_moved"].append(alias.pk)
        alias.entity = target
        _as(alias, editor).save()
        taken.add(alias.normalized)
        report.aliases_moved += 1


def _move_tags(source: Entity, target: Entity, editor, report: MergeReport, moved: dict) -> None:
    on_target = {tag.article_id: tag for tag in target.tags.all()}
    for tag in source.tags.all():
        kept = on_target.get(tag.article_id)
        if kept is None:
            moved["tags_moved"].append(tag.pk)
            tag.entity = target
            _as(tag, editor).save()
            report.tags_moved += 1
            continue
        moved["tags_combined"].append({"deleted": _tag_row(tag), "kept": _tag_row(kept)})
        # Both were tagged on one article: an editor's decision outranks automatic
        # tagging; between two editors' decisions the target's stands.
        if tag.origin == Tag.Origin.EDITOR and kept.origin == Tag.Origin.AUTO:
            kept.origin, kept.state = tag.origin, tag.state
        kept.mentions += tag.mentions
        _as(kept, editor).save()
        _as(tag, editor).delete()
        report.tags_combined += 1


def _noted(entity: Entity, editor, reason: str) -> None:
    """A history entry on an entity the action changed through its names or tags only."""
    entity._change_reason = reason
    _as(entity, editor).save()


@transaction.atomic
def entity_merge(*, entities, into: Entity, editor=None) -> MergeReport:
    """Merge entities into one: their tags and names move, their pages redirect to it.

    Each merge is recorded (EntityMerge) with what it moved, so entity_unmerge can undo it,
    and is in the history of both entities.
    """
    into = live_entity(into)
    report = MergeReport()
    for source in entities:
        source = live_entity(source)
        if source.pk == into.pk:
            continue
        moved = {"state": source.state, "merged_into": source.merged_into_id, "into_state": into.state,
                 "into_confirmed_tags": [], "aliases_moved": [], "aliases_deleted": [],
                 "tags_moved": [], "tags_combined": [], "earlier": []}
        _move_aliases(source, into, editor, report, moved)
        _move_tags(source, into, editor, report, moved)
        if source.state == Entity.State.CONFIRMED and into.state == Entity.State.SUGGESTED:
            suggested = into.tags.filter(origin=Tag.Origin.AUTO, state=Tag.State.SUGGESTED)
            moved["into_confirmed_tags"] = list(suggested.values_list("pk", flat=True))
            entity_confirm(entity=into, editor=editor)
        source.merged_into = into
        source._change_reason = f"merged into {into.name} (#{into.pk})"
        _as(source, editor).save(update_fields=["merged_into"])
        for earlier in source.merged_from.exclude(pk=into.pk):
            moved["earlier"].append(earlier.pk)
            earlier.merged_into = into
            _as(earlier, editor).save(update_fields=["merged_into"])
        _noted(into, editor, f"{source.name} (#{source.pk}) merged into this entity")
        report.records.append(EntityMerge.objects.create(
            merged=source, into=into, moved=moved, merged_by=editor if _is_user(editor) else None
        ))
        report.merged += 1
    return report


def _is_user(editor) -> bool:
    return editor is not None and getattr(editor, "pk", None) is not None


UNMERGE_NOT_LATEST = _("Only the latest merge of an entity can be undone, and only once.")
UNMERGE_KEPT_MERGED = _("The kept entity was merged into another since: undo that merge first.")


def unmerge_error(*, record: EntityMerge):
    """Why this merge cannot be undone now (a message for the editor), or None."""
    latest = EntityMerge.objects.filter(merged_id=record.merged_id).order_by("-merged_at", "-id").first()
    if record.undone_at is not None or latest is None or latest.pk != record.pk:
        return UNMERGE_NOT_LATEST
    record.merged.refresh_from_db()
    record.into.refresh_from_db()
    if record.into.merged_into_id is not None:
        return UNMERGE_KEPT_MERGED
    if record.merged.merged_into_id != record.into_id:
        return UNMERGE_NOT_LATEST
    return None


def _restore_alias(row: dict, entity: Entity, editor) -> None:
    alias = EntityAlias(entity=entity, id=row["id"], name=row["name"], language=row["language"],
                        normalized=row["normalized"])
    if EntityAlias.objects.filter(pk=row["id"]).exists():
        alias.pk = None
    _as(alias, editor).save()


def _restore_tag(row: dict, entity: Entity, editor) -> Tag:
    tag = Tag.objects.filter(pk=row["id"]).first() or Tag(id=row["id"], article_id=row["article"])
    tag.entity = entity
    tag.origin, tag.state, tag.mentions = row["origin"], row["state"], row["mentions"]
    _as(tag, editor).save()
    return tag


@transaction.atomic
def entity_unmerge(*, record: EntityMerge, editor=None) -> Entity:
    """Undo one merge: the merged entity, its names and its tags are back as they were.

    Raises ValueError (with unmerge_error's message) when the merge cannot be undone.
    """
    error = unmerge_error(record=record)
    if error:
        raise ValueError(str(error))
    source, into, moved = record.merged, record.into, record.moved
    for alias in EntityAlias.objects.filter(pk__in=moved["aliases_moved"], entity=into):
        alias.entity = source
        _as(alias, editor).save()
    for row in moved["aliases_deleted"]:
        _restore_alias(row, source, editor)
    for tag in Tag.objects.filter(pk__in=moved["tags_moved"], entity=into):
        tag.entity = source
        _as(tag, editor).save()
    for pair in moved["tags_combined"]:
        _restore_tag(pair["kept"], into, editor)
        _restore_tag(pair["deleted"], source, editor)
    if moved["into_confirmed_tags"] and into.state != moved["into_state"]:
        into.state = moved["into_state"]
        for tag in into.tags.filter(pk__in=moved["into_confirmed_tags"], state=Tag.State.CONFIRMED):
            tag.state = Tag.State.SUGGESTED
            _as(tag, editor).save(update_fields=["state", "updated_at"])
    into._change_reason = f"merge of {source.name} (#{source.pk}) undone"
    _as(into, editor).save()
    Entity.objects.filter(pk__in=moved["earlier"], merged_into=into).update(merged_into=source)
    for earlier in Entity.objects.filter(pk__in=moved["earlier"]):
        _noted(earlier, editor, f"merge of {source.name} (#{source.pk}) undone")
    source.merged_into_id, source.state = moved["merged_into"], moved["state"]
    source._change_reason = f"merge into {into.name} (#{into.pk}) undone"
    _as(source, editor).save()
    record.undone_at = timezone.now()
    record.undone_by = editor if _is_user(editor) else None
    record.save(update_fields=["undone_at", "undone_by"])
    return source


# -- tags -------------------------------------------------------------------------------
def tag_save_by_editor(*, tag: Tag, editor=None) -> Tag:
    """Whatever the editor set on a tag is their decision now, and stays."""
    tag.origin = Tag.Origin.EDITOR
    _as(tag, editor).save()
    if tag.state == Tag.State.CONFIRMED and tag.entity.state == Entity.State.SUGGESTED:
        entity_confirm(entity=tag.entity, editor=editor)
    return tag


def tag_add(*, article, entity: Entity, editor=None) -> Tag:
    entity = live_entity(entity)
    tag = Tag.objects.filter(article=article, entity=entity).first() or Tag(
        article=article, entity=entity
    )
    tag.state = Tag.State.CONFIRMED
    return tag_save_by_editor(tag=tag, editor=editor)


def tag_confirm(*, tag: Tag, editor=None) -> Tag:
    tag.state = Tag.State.CONFIRMED
    return tag_save_by_editor(tag=tag, editor=editor)


def tag_reject(*, tag: Tag, editor=None) -> Tag:
    """The article is not about this entity: the tag stays, rejected, through any re-tagging."""
    tag.state = Tag.State.REJECTED
    return tag_save_by_editor(tag=tag, editor=editor)


def merge_summary(*, record: EntityMerge) -> str:
    """One line on a merge for the entities' pages: who merged what into what, when, undone?"""
    line = _("%(merged)s (#%(merged_id)d) merged into %(into)s (#%(into_id)d) by %(who)s, %(when)s") % {
        "merged": record.merged.name, "merged_id": record.merged_id, "into": record.into.name,
        "into_id": record.into_id, "who": record.merged_by or "–",
        "when": f"{record.merged_at:%Y-%m-%d %H:%M}",
    }
    if record.undone_at:
        line += "; " + _("undone by %(who)s, %(when)s") % {
            "who": record.undone_by or "–", "when": f"{record.undone_at:%Y-%m-%d %H:%M}"
        }
    return line


# -- the review queue of suggested entities ---------------------------------------------
LINK_SAME_LANGUAGE = _("“%(name)s” is in the language of “%(into)s”: merge it instead.")


def _suggestion_kept(entities: list[Entity], editor) -> Entity:
    """One entity for a group of suggestions with one folded name: the others merge into it."""
    kept, *others = entities
    if others:
        entity_merge(entities=others, into=kept, editor=editor)
    return kept


@transaction.atomic
def suggestions_confirm(*, entities, kind: str, editor=None) -> Entity:
    """The suggested name is an entity of this kind: its tags count from now on.

    An entity of that name and kind already there is the one kept (the suggestion merges in).
    """
    kept = _suggestion_kept(list(entities), editor)
    if kind != kept.kind:
        twin = Entity.objects.filter(name=kept.name, kind=kind, merged_into__isnull=True).first()
        if twin is not None:
            entity_merge(entities=[kept], into=twin, editor=editor)
            return entity_confirm(entity=twin, editor=editor)
        kept.kind = kind
        _as(kept, editor).save(update_fields=["kind"])
    return entity_confirm(entity=kept, editor=editor)


@transaction.atomic
def suggestions_reject(*, entities, editor=None) -> int:
    """Not names of anything: rejected, with their tags, and never suggested again."""
    entities = list(entities)
    for entity in entities:
        entity_reject(entity=entity, editor=editor)
    return len(entities)


@transaction.atomic
def suggestions_merge(*, entities, into: Entity, editor=None) -> MergeReport:
    """Another spelling of an existing entity: the name becomes its alias, the tags move."""
    report = entity_merge(entities=entities, into=into, editor=editor)
    into = live_entity(into)
    if into.state == Entity.State.SUGGESTED:
        entity_confirm(entity=into, editor=editor)
    return report


def link_error(*, entities, into: Entity):
    """Why these names cannot be linked as the other language's name of into, or None."""
    into_language = language_of(into.name)
    for entity in entities:
        if language_of(entity.name) == into_language:
            return LINK_SAME_LANGUAGE % {"name": entity.name, "into": into.name}
    return None


def suggestions_link(*, entities, into: Entity, editor=None) -> MergeReport:
    """The name in the other language of an existing entity: merged in, its alias in that language."""
    entities = list(entities)
    error = link_error(entities=entities, into=into)
    if error:
        raise ValueError(str(error))
    return suggestions_merge(entities=entities, into=into, editor=editor)
