"""Migration 0003 ships the gazetteer and the Editors group from frozen data and code."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from archive.editing import EDITOR_PERMISSIONS
from archive.models import Entity, EntityAlias
from archive.text.mentions import normalize_name

frozen = importlib.import_module("archive.migrations.0003_gazetteer_and_editors")
merges = importlib.import_module("archive.migrations.0004_entity_merges")
titles = importlib.import_module("archive.migrations.0008_article_title_folded")
FROZEN_ENTITIES = json.loads(frozen.GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]


def test_the_migration_imports_no_live_archive_code():
    source = open(frozen.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from archive\b|import archive\b)", source, re.MULTILINE)


@pytest.mark.parametrize(
    "name", ["  وَزِيرُ الخارجية ", "لـ«الوطن»", "Iyad's", "Café ٢٠٢٥", "ﻻ", "al-Khatib’s", "..."]
)
def test_the_frozen_folding_is_todays_normalize_name(name):
    # When normalize_name changes on purpose, the stored forms need a migration of their own.
    assert frozen.normalize_name(name) == normalize_name(name)


def test_the_frozen_folding_gives_todays_forms_for_every_shipped_name():
    names = {name for item in FROZEN_ENTITIES for lang in ("en", "ar") for name in item.get(lang, [])}
    differing = {name for name in names if frozen.normalize_name(name) != normalize_name(name)}
    assert len(names) > 400 and differing == set()


def test_migrating_loads_the_frozen_gazetteer_and_the_editors_group(db):
    EntityAlias.objects.all().delete()
    Entity.objects.all().delete()
    Group.objects.filter(name="Editors").delete()

    frozen.gazetteer_load(apps)
    frozen.editors_group_sync(apps)
    frozen.gazetteer_load(apps)  # running again adds nothing

    assert Entity.objects.count() == len(FROZEN_ENTITIES)
    khatib = Entity.objects.get(name="Iyad Al-Khatib")
    assert khatib.aliases.get(name="إياد الخطيب").normalized == "اياد الخطيب"
    assert khatib.aliases.get(name="Khatib").language == "en"
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert codenames == {
        f"{action}_{model}" for model, actions in frozen.EDITOR_PERMISSIONS.items() for action in actions
    }


def test_the_migrations_give_editors_todays_permissions():
    # 0003's group plus what later migrations added: archive.editing's list, no more, no less.
    def codenames(permissions) -> set[str]:
        return {f"{action}_{model}" for model, actions in permissions.items() for action in actions}

    migrated = codenames(frozen.EDITOR_PERMISSIONS) | set(merges.NEW_EDITOR_PERMISSIONS)
    assert migrated == codenames(EDITOR_PERMISSIONS)


def test_the_merges_migration_imports_no_live_archive_code():
    source = open(merges.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from archive\b|import archive\b)", source, re.MULTILINE)


world = importlib.import_module("archive.migrations.0006_world_gazetteer")
WORLD_ENTITIES = json.loads(world.GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]


def test_the_world_migration_imports_no_live_code_and_folds_as_today():
    source = open(world.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from archive\b|import archive\b)", source, re.MULTILINE)
    names = {name for item in WORLD_ENTITIES for lang in ("en", "ar") for name in item.get(lang, [])}
    assert len(names) > 2500
    assert {name for name in names if world.normalize_name(name) != normalize_name(name)} == set()


def test_the_world_migration_adds_names_and_keeps_editors_changes(gazetteer):
    from archive import editing

    saudi = Entity.objects.get(name="Saudi Arabia")
    editing.entity_reject(entity=saudi)
    renamed = Entity.objects.get(name="Egypt")
    renamed.name = "Arab Republic of Egypt"
    renamed.save()
    EntityAlias.objects.filter(entity__name="Soviet Union").delete()
    Entity.objects.filter(name="Soviet Union").delete()
    count = Entity.objects.count()

    world.gazetteer_load(apps)
    world.gazetteer_load(apps)  # running again adds nothing

    assert Entity.objects.count() == count + 1  # the Soviet Union again, nothing twice
    assert Entity.objects.get(name="Saudi Arabia").state == Entity.State.REJECTED
    assert not Entity.objects.filter(name="Egypt").exists()  # the renamed entity got the names
    assert renamed.aliases.filter(name="المصريين").exists()
    soviet = Entity.objects.get(name="Soviet Union")
    assert {"USSR", "الاتحاد السوفيتي"} <= set(soviet.aliases.values_list("name", flat=True))


additions = importlib.import_module("archive.migrations.0007_world_gazetteer_additions")


def test_the_additions_migration_imports_no_live_code_and_folds_as_today():
    source = open(additions.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from archive\b|import archive\b)", source, re.MULTILINE)
    items = json.loads(additions.GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
    names = {name for item in items for lang in ("en", "ar") for name in item.get(lang, [])}
    assert {name for name in names if additions.normalize_name(name) != normalize_name(name)} == set()


def test_the_additions_migration_adds_only_what_is_new_and_keeps_editors_changes(gazetteer):
    from archive import editing

    editing.entity_reject(entity=Entity.objects.get(name="United Kingdom"))
    EntityAlias.objects.filter(entity__name="United Kingdom", name="U.K.").delete()
    EntityAlias.objects.filter(entity__name="United Kingdom", name="Britain").delete()  # an editor's
    ivory = Entity.objects.get(name="Côte d'Ivoire")
    ivory.name = "Republic of Côte d'Ivoire"
    ivory.save()
    EntityAlias.objects.filter(entity=ivory, name="Ivory Coast").delete()
    Entity.objects.filter(name="Soviet Union").delete()  # an editor deleted a 0006 entity
    Entity.objects.filter(name="Minneapolis").delete()
    count = Entity.objects.count()

    additions.gazetteer_load(apps)
    additions.gazetteer_load(apps)  # running again adds nothing

    assert Entity.objects.count() == count + 1  # Minneapolis (new in 0007) again, nothing twice
    uk = Entity.objects.get(name="United Kingdom")
    assert uk.state == Entity.State.REJECTED
    assert uk.aliases.filter(name="U.K.").exists()  # new since 0006
    assert not uk.aliases.filter(name="Britain").exists()  # deleted by an editor: not back
    assert not Entity.objects.filter(name="Soviet Union").exists()
    assert not Entity.objects.filter(name="Côte d'Ivoire").exists()  # the renamed one got the name
    assert ivory.aliases.filter(name="Ivory Coast").exists()
    assert Entity.objects.get(name="Minneapolis").aliases.filter(name="مينيابوليس").exists()


@pytest.mark.django_db
def test_the_title_migration_folds_the_titles_already_stored():
    from archive.models import Article

    title = "هل تكون عُمان نقطة عبور؟"
    Article.objects.bulk_create([Article(title=title, body="x", raw_text="x", fingerprint="f1")])
    assert Article.objects.get().title_folded == ""  # written before the column was filled
    titles.fold_titles(apps, None)
    assert Article.objects.get().title_folded == normalize_name(title)
    assert "عمان" in Article.objects.get().title_folded
