"""The editors' services: one place for the alias rules and the entity saves, with history."""

from __future__ import annotations

import pytest

from archive import editing
from archive.models import Entity, EntityAlias, EntityKind, Tag


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Rostov", None),
        ("روستوف", None),
        ("2030", None),
        ("«»", None),  # quotes are words to the gazetteer
        ("...", editing.ALIAS_NEEDS_LETTERS),
        ("  ", editing.ALIAS_NEEDS_LETTERS),
        ("\u064e\u0640", editing.ALIAS_NEEDS_LETTERS),  # a fatha and a tatweel: nothing to match
    ],
)
def test_alias_name_error(name, error):
    assert editing.alias_name_error(name) == error


@pytest.mark.parametrize(
    ("names", "repeated"),
    [
        (["Rostov", "Rostov-on-Don"], False),
        (["Rostov", "ROSTOV"], True),
        (["إياد الخطيب", "اياد الخطيب"], True),  # hamza on alef folds away
        (["الخطيب", "الخطيبة"], False),
        (["", "..."], False),  # empty names get their own message
    ],
)
def test_aliases_repeated(names, repeated):
    assert editing.aliases_repeated(names) is repeated


@pytest.mark.parametrize(
    ("name", "language"),
    [("Rostov", "en"), ("روستوف", "ar"), ("Rostov روستوف", "ar"), ("2030", "en")],
)
def test_language_of_a_name(name, language):
    assert editing.language_of(name) == language


def test_entity_alias_error_knows_the_entitys_names_in_any_spelling(gazetteer):
    khatib = Entity.objects.get(name="Iyad Al-Khatib")
    assert editing.entity_alias_error(entity=khatib, name="IYAD AL-KHATIB") == editing.ALIAS_TAKEN
    assert editing.entity_alias_error(entity=khatib, name="اياد الخطيب") == editing.ALIAS_TAKEN
    assert editing.entity_alias_error(entity=khatib, name="Abu Mohammad") is None
    own = khatib.aliases.get(name="Khatib")
    assert editing.entity_alias_error(entity=khatib, name="KHATIB", alias=own) is None  # renaming itself
    assert editing.entity_alias_error(entity=Entity(name="New"), name="Khatib") is None  # not saved yet


def test_entity_alias_save_folds_detects_language_and_records_the_editor(gazetteer, editor):
    khatib = Entity.objects.get(name="Iyad Al-Khatib")
    alias = editing.entity_alias_save(alias=EntityAlias(entity=khatib, name="  أبو محمد "), editor=editor)
    alias.refresh_from_db()
    assert (alias.name, alias.normalized, alias.language) == ("أبو محمد", "ابو محمد", "ar")
    assert alias.history.latest().history_user == editor


def test_entity_alias_delete_records_the_editor(gazetteer, editor):
    alias = Entity.objects.get(name="Iyad Al-Khatib").aliases.get(name="Khatib")
    pk = alias.pk
    editing.entity_alias_delete(alias=alias, editor=editor)
    assert not EntityAlias.objects.filter(pk=pk).exists()
    removed = EntityAlias.history.filter(id=pk).latest()
    assert (removed.history_type, removed.history_user) == ("-", editor)


def test_entity_save_names_a_new_entity_by_its_canonical_name(gazetteer, editor):
    entity = editing.entity_save(entity=Entity(name="Rostov-on-Don", kind=EntityKind.PLACE),
                                 changed_fields=["name", "kind"], editor=editor)
    assert list(entity.aliases.values_list("name", "language")) == [("Rostov-on-Don", "en")]
    assert entity.history.latest().history_user == editor


def test_entity_save_renames_and_keeps_the_old_name(gazetteer, editor):
    entity = Entity.objects.get(name="Rostov")
    entity.name = "Rostov-on-Don"
    editing.entity_save(entity=entity, changed_fields=["name"], editor=editor)
    assert {"Rostov", "Rostov-on-Don"} <= set(entity.aliases.values_list("name", flat=True))


def test_entity_save_carries_a_new_state_to_the_automatic_tags(tagged_seeds, editor):
    hilal = Entity.objects.get(name="Amer Ismail Hilal")
    assert hilal.tags.filter(origin=Tag.Origin.AUTO).exists()
    hilal.state = Entity.State.REJECTED
    editing.entity_save(entity=hilal, changed_fields=["state"], editor=editor)
    assert set(hilal.tags.values_list("state", "origin")) == {("rejected", "editor")}
    assert hilal.tags.first().history.latest().history_user == editor


def test_entity_save_without_a_state_change_leaves_the_tags(tagged_seeds, editor):
    hilal = Entity.objects.get(name="Amer Ismail Hilal")
    before = set(hilal.tags.values_list("pk", "state", "origin"))
    hilal.state = Entity.State.REJECTED
    editing.entity_save(entity=hilal, changed_fields=[], editor=editor)
    assert set(hilal.tags.values_list("pk", "state", "origin")) == before
