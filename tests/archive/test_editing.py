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


def _snapshot(entity: Entity):
    entity.refresh_from_db()
    return {
        "entity": (entity.name, entity.kind, entity.state, entity.merged_into_id),
        "aliases": set(entity.aliases.values_list("pk", "name", "language", "normalized")),
        "tags": set(entity.tags.values_list("pk", "article_id", "origin", "state", "mentions")),
    }


def test_unmerge_restores_both_entities_names_and_tags_exactly(tagged_seeds, editor):
    port, city = Entity.objects.get(name="Lattakia port"), Entity.objects.get(name="Lattakia")
    # A name both have: the merge drops the merged entity's copy, undoing must bring it back.
    EntityAlias.objects.create(entity=port, name="Lattakia", language="en", normalized="lattakia")
    shared = Tag.objects.filter(entity=city).first()
    Tag.objects.get_or_create(article=shared.article, entity=port,
                              defaults={"origin": "editor", "state": "rejected", "mentions": 2})
    before = {"port": _snapshot(port), "city": _snapshot(city)}
    report = editing.entity_merge(entities=[port], into=city, editor=editor)
    assert report.tags_combined >= 1 and _snapshot(port)["aliases"] == set()
    assert report.records[0].moved["aliases_deleted"]  # the shared name was dropped, and kept
    editing.entity_unmerge(record=report.records[0], editor=editor)
    assert {"port": _snapshot(port), "city": _snapshot(city)} == before
    record = report.records[0]
    record.refresh_from_db()
    assert record.undone_by == editor and record.undone_at is not None
    with pytest.raises(ValueError):
        editing.entity_unmerge(record=record, editor=editor)  # once only


def test_a_merge_and_its_undoing_are_in_both_entities_history_with_the_editor(gazetteer, editor):
    riyadh, khatib = Entity.objects.get(name="Riyadh"), Entity.objects.get(name="Iyad Al-Khatib")
    record = editing.entity_merge(entities=[riyadh], into=khatib, editor=editor).records[0]
    for entity in (riyadh, khatib):
        latest = entity.history.latest()
        assert latest.history_user == editor and "merged into" in latest.history_change_reason
    editing.entity_unmerge(record=record, editor=editor)
    for entity in (riyadh, khatib):
        latest = entity.history.latest()
        assert latest.history_user == editor and "undone" in latest.history_change_reason
    riyadh.refresh_from_db()
    assert riyadh.merged_into is None and riyadh.aliases.filter(name="الرياض").exists()


def test_only_the_latest_merge_of_an_entity_is_undone(gazetteer, editor):
    riyadh, khatib, oman = (Entity.objects.get(name=n) for n in ("Riyadh", "Iyad Al-Khatib", "Oman"))
    first = editing.entity_merge(entities=[riyadh], into=khatib, editor=editor).records[0]
    editing.entity_merge(entities=[khatib], into=oman, editor=editor)
    assert editing.unmerge_error(record=first) == editing.UNMERGE_KEPT_MERGED


def test_unmerge_puts_back_the_suggested_state_a_merge_confirmed(gazetteer, editor):
    from archive.models import Article

    story = Article.objects.create(title="t", body="b", raw_text="b", language="en", fingerprint="u-1")
    suggested = editing.entities_suggest(names=["Nadia Karam"])["Nadia Karam"]
    tag = Tag.objects.create(article=story, entity=suggested, origin="auto", state="suggested", mentions=1)
    confirmed = Entity.objects.create(name="Eng. Nadia Karam", kind="person")
    record = editing.entity_merge(entities=[confirmed], into=suggested, editor=editor).records[0]
    tag.refresh_from_db()
    assert tag.state == "confirmed"
    editing.entity_unmerge(record=record, editor=editor)
    tag.refresh_from_db()
    suggested.refresh_from_db()
    assert (tag.state, suggested.state) == ("suggested", "suggested")


def test_a_rejected_name_is_never_suggested_again_in_any_spelling(gazetteer, editor):
    suggested = editing.entities_suggest(names=["Nadia Karam"])["Nadia Karam"]
    editing.suggestions_reject(entities=[suggested], editor=editor)
    again = editing.entities_suggest(names=["NADIA KARAM", "Samir Haddad"])
    assert again["NADIA KARAM"] == suggested and again["NADIA KARAM"].state == "rejected"
    assert again["Samir Haddad"].state == "suggested"
    assert Entity.objects.filter(name__iexact="nadia karam").count() == 1


def test_confirming_a_suggestion_with_a_kind_keeps_one_entity(gazetteer, editor):
    found = editing.entities_suggest(names=["Homs Water Company", "HOMS WATER COMPANY"])
    group = list(found.values())
    assert len({entity.pk for entity in group}) == 2
    kept = editing.suggestions_confirm(entities=group, kind=EntityKind.ORGANISATION, editor=editor)
    assert (kept.kind, kept.state) == ("organisation", "confirmed")
    assert kept.history.latest().history_user == editor
    other = next(entity for entity in group if entity.pk != kept.pk)
    other.refresh_from_db()
    assert other.merged_into == kept


def test_confirming_as_a_kind_an_entity_of_that_name_has_merges_into_it(gazetteer, editor):
    suggested = editing.entities_suggest(names=["Riyadh"])["Riyadh"]  # a person, by the tagger's guess
    assert suggested.kind == "person"
    kept = editing.suggestions_confirm(entities=[suggested], kind=EntityKind.PLACE, editor=editor)
    assert kept == Entity.objects.get(name="Riyadh", kind="place")
    suggested.refresh_from_db()
    assert suggested.merged_into == kept


def test_linking_a_suggestion_as_the_other_languages_name(gazetteer, editor):
    rostov = Entity.objects.get(name="Rostov")
    arabic = editing.entities_suggest(names=["روستوفا"])["روستوفا"]
    english = editing.entities_suggest(names=["Rostova"])["Rostova"]
    assert editing.link_error(entities=[english], into=rostov)
    with pytest.raises(ValueError):
        editing.suggestions_link(entities=[english], into=rostov, editor=editor)
    editing.suggestions_link(entities=[arabic], into=rostov, editor=editor)
    assert rostov.aliases.filter(name="روستوفا", language="ar").exists()
    arabic.refresh_from_db()
    assert arabic.merged_into == rostov
