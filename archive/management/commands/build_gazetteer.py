"""Build archive/data/world_gazetteer.json from Babel's CLDR data and the hand list beside it."""

from __future__ import annotations

import json
import zoneinfo
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django.core.management.base import BaseCommand

from archive.text.mentions import normalize_name
from archive.text.world_names import arabic_nisba_base, arabic_nisba_forms, display_name_variants

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
OUTPUT = DATA_DIR / "world_gazetteer.json"
EXTRA = DATA_DIR / "world_extra.json"
OWN_GAZETTEER = DATA_DIR / "gazetteer.json"
# CLDR's groupings and pseudo-territories: not places a story is about.
SKIPPED_TERRITORIES = {"ZZ", "QO", "EZ", "UN", "EU", "XA", "XB", "AQ", "EA", "DG", "CP", "AC", "TA"}
ABOUT = (
    "Built by `manage.py build_gazetteer` (do not edit by hand: edit world_extra.json and "
    "rebuild): every country and territory in English and Arabic from CLDR (Babel {babel}), "
    "their adjectives (Arabic nisba by rule plus exceptions, English from the hand list), the "
    "cities CLDR names its time zones after, and world_extra.json's organisations, historical "
    "names and cities. `country` is the country a city or a national body belongs to (CLDR's "
    "time-zone territory, or world_extra.json's): archive.tagging tags it with them. "
    "Loaded by migrations archive/0006 and 0007 as editors' aliases are."
)


class _Entities:
    """Entities by (name, kind), merging names; an entity the project gazetteer already has
    keeps that entity's canonical name, so loading adds names to it instead of a twin."""

    def __init__(self, own_items: list[dict]):
        self.items: dict[tuple[str, str], dict] = {}
        self.own_names: dict[tuple[str, str], str] = {}
        for item in own_items:
            for name in item.get("en", []) + [item["name"]]:
                self.own_names.setdefault((normalize_name(name), item["kind"]), item["name"])

    def add(self, name: str, kind: str, en=(), ar=(), country: str | None = None) -> str:
        """Add the names (and the country the entity belongs to, by name); the canonical name."""
        keys = [(normalize_name(value), kind) for value in [name, *en]]
        canonical = next((self.own_names[key] for key in keys if key in self.own_names), name)
        item = self.items.setdefault((canonical, kind), {"name": canonical, "kind": kind, "en": [], "ar": []})
        for language, names in (("en", en), ("ar", ar)):
            for value in names:
                if value and value not in item[language]:
                    item[language].append(value)
        if country and country != canonical:
            item.setdefault("country", country)
        return canonical

    def as_list(self) -> list[dict]:
        return sorted(self.items.values(), key=lambda item: (item["kind"], item["name"]))


def _territories(entities: _Entities, extra: dict) -> dict[str, str]:
    """Every country and territory; their canonical names by CLDR code."""
    names_by_code = {}
    english, arabic = Locale("en").territories, Locale("ar").territories
    ambiguous = set(extra["ambiguous_en"]) | set(extra["ambiguous_ar"])
    for code, en_name in sorted(english.items()):
        if not code.isalpha() or code in SKIPPED_TERRITORIES or code not in arabic:
            continue
        en_names = [name for name in display_name_variants(en_name) if name not in ambiguous]
        ar_names = [name for name in display_name_variants(arabic[code]) if name not in ambiguous]
        en_names += extra["demonyms_en"].get(code, [])
        bases = extra["nisba_ar"].get(code)
        if bases is None:
            bases = [base for base in map(arabic_nisba_base, ar_names[-1:]) if base]
        for base in bases:
            ar_names += [form for form in arabic_nisba_forms(base) if form not in ambiguous]
        if en_names:
            names_by_code[code] = entities.add(en_names[0], "place", en_names, ar_names)
    return names_by_code


def _cities(entities: _Entities, countries: dict[str, str]) -> None:
    territory_of = get_global("zone_territories")
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/", "Antarctica/")):
            continue
        en_city = get_timezone_location(zone, locale="en", return_city=True)
        ar_city = get_timezone_location(zone, locale="ar", return_city=True)
        if en_city and ar_city:
            entities.add(en_city, "place", [en_city], [ar_city], countries.get(territory_of.get(zone, "")))


def world_gazetteer() -> dict:
    import babel

    extra = json.loads(EXTRA.read_text(encoding="utf-8"))
    own = json.loads(OWN_GAZETTEER.read_text(encoding="utf-8"))["entities"]
    entities = _Entities(own)
    countries = _territories(entities, extra)
    _cities(entities, countries)
    for group, kind in (("organisations", "organisation"), ("historical", "place"), ("cities", "place")):
        for item in extra[group]:
            country = countries[item["country"]] if "country" in item else None
            entities.add(item["name"], kind, item["en"], item["ar"], country)
    return {"about": ABOUT.format(babel=babel.__version__), "entities": entities.as_list()}


class Command(BaseCommand):
    help = "Rebuild archive/data/world_gazetteer.json from CLDR (Babel) and archive/data/world_extra.json."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=OUTPUT)

    def handle(self, *args, output: Path, **options):
        data = world_gazetteer()
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in data["entities"])
        about = json.dumps(data["about"], ensure_ascii=False)
        output.write_text(f'{{\n"about": {about},\n"entities": [\n{lines}\n]}}\n', encoding="utf-8")
        names = sum(len(item["en"]) + len(item["ar"]) for item in data["entities"])
        self.stdout.write(f"build_gazetteer: {len(data['entities'])} entities, {names} names -> {output}")
