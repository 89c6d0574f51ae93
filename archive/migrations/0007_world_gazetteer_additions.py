"""Add what the world gazetteer gained after 0006 (Reuters' organisations, dateline cities,
historical names, demonyms such as U.K.) to the alias table.

Frozen: data/0007_world_gazetteer.json is the gazetteer as `manage.py build_gazetteer` built
it then, and 0006's frozen folding and data are what it is compared with. Only what 0007's
file has and 0006's had not goes in, so an editor's decision since 0006 stays: an alias an
editor deleted is not added back, an entity an editor deleted is not created again, a
rejected entity stays rejected (it gains names, and rejected entities tag nothing), and a
renamed one gets the names through one of its aliases.
"""

import importlib
import json
from pathlib import Path

from django.db import migrations

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "0007_world_gazetteer.json"
_0006 = importlib.import_module("archive.migrations.0006_world_gazetteer")
normalize_name = _0006.normalize_name


def _names(item) -> dict[str, list[str]]:
    return {"en": [item["name"], *item.get("en", [])], "ar": list(item.get("ar", []))}


def additions() -> tuple[list[dict], list[dict]]:
    """(entities new since 0006, entities of 0006 with only their new names)."""
    before = json.loads(_0006.GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
    known = {(item["name"], item["kind"]): item for item in before}
    now = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
    new, grown = [], []
    for item in now:
        old = known.get((item["name"], item["kind"]))
        if old is None:
            new.append(item)
            continue
        old_forms = {normalize_name(name) for names in _names(old).values() for name in names}
        added = {
            language: [name for name in names if normalize_name(name) not in old_forms]
            for language, names in _names(item).items()
        }
        if added["en"] or added["ar"]:
            grown.append({"name": item["name"], "kind": item["kind"], **added})
    return new, grown


def _existing(item, by_name, by_alias):
    entity = by_name.get((item["name"], item["kind"]))
    if entity is not None:
        return entity
    for names in _names(item).values():
        for name in names:
            entity = by_alias.get((normalize_name(name), item["kind"]))
            if entity is not None:
                return entity
    return None


def gazetteer_load(apps) -> None:
    entity_model = apps.get_model("archive", "Entity")
    alias_model = apps.get_model("archive", "EntityAlias")
    new, grown = additions()

    def indexes():
        by_name = {(e.name, e.kind): e for e in entity_model.objects.select_related("merged_into")}
        by_alias = {}
        for alias in alias_model.objects.select_related("entity", "entity__merged_into"):
            by_alias.setdefault((alias.normalized, alias.entity.kind), alias.entity)
        return by_name, by_alias

    by_name, by_alias = indexes()
    missing = [item for item in new if _existing(item, by_name, by_alias) is None]
    entity_model.objects.bulk_create(entity_model(name=item["name"], kind=item["kind"]) for item in missing)
    by_name, by_alias = indexes()
    known = set(alias_model.objects.values_list("entity_id", "normalized"))
    aliases = []
    for item in [*new, *grown]:
        entity = _existing(item, by_name, by_alias)
        if entity is None:
            continue  # an entity of 0006 an editor deleted
        entity = _0006._live_entity(entity)
        for language, names in _names(item).items():
            for name in names:
                alias = _0006._alias_prepared(alias_model(entity=entity, name=name, language=language))
                if (entity.pk, alias.normalized) not in known:
                    known.add((entity.pk, alias.normalized))
                    aliases.append(alias)
    alias_model.objects.bulk_create(aliases)


def load(apps, schema_editor):
    gazetteer_load(apps)


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_world_gazetteer")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
