"""Add the world gazetteer (CLDR countries and territories in English and Arabic, their
adjectives, world cities, international organisations, historical names) to the alias table.

Frozen like 0003: the data is this migration's own copy (data/0006_world_gazetteer.json,
built by `manage.py build_gazetteer`) and the code a copy of the folding and loading as they
were. It only adds: an entity the archive already has (by canonical name and kind, or one
of its names already an alias of a live entity of that kind) gets the missing names, so an
editor's renaming, merging, rejection or deleted entity tags stay as they are.
"""

import json
import re
import unicodedata
from pathlib import Path

from django.db import migrations

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "0006_world_gazetteer.json"

# -- names folded as the gazetteer matches them (archive.text.mentions.normalize_name) ---
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc"
    "\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200c\u200d"
_MARKS_RE = re.compile(f"[{ARABIC_MARKS}]+")
_ALEF_AND_PERSIAN_FOLDS = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u06cc": "\u064a", "\u06a9": "\u0643",
}
_DIGIT_FOLDS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "\u066b": ".",
    "\u066c": ",",
}
_FINAL_LETTER_FOLDS = {"\u0649": "\u064a", "\u0629": "\u0647"}
_TERM_TABLE = str.maketrans({**_ALEF_AND_PERSIAN_FOLDS, **_DIGIT_FOLDS, **_FINAL_LETTER_FOLDS})
_DIGIT_TABLE = str.maketrans(_DIGIT_FOLDS)
_END_OF_LATIN = 0x0250
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_QUOTES = "\"«»“”„"
_WORD_CHAR = rf"[^\W_{ARABIC_LETTERS}{ARABIC_MARKS}]"
_TOKEN_RE = re.compile(
    rf"(?P<ar>[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*)"
    rf"|(?P<en>{_WORD_CHAR}+(?:['\u2019]{_WORD_CHAR}+)*)"
    rf"|(?P<quote>[{_QUOTES}])"
)
_DETACHED_CLITICS = frozenset("وفبلك")
_ARABIC_RE = re.compile(f"[{ARABIC_LETTERS}]")


def _normalize_arabic(word: str) -> str:
    if not unicodedata.is_normalized("NFKC", word):
        word = unicodedata.normalize("NFKC", word)
    return _MARKS_RE.sub("", word).translate(_TERM_TABLE)


def _fold_latin_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    if any(not unicodedata.combining(char) and ord(char) >= _END_OF_LATIN for char in decomposed):
        return word
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _normalize_english(word: str) -> str:
    word = _fold_latin_accents(word.translate(_DIGIT_TABLE).translate(_APOSTROPHES))
    word = unicodedata.normalize("NFKC", word).casefold()
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def normalize_name(name: str) -> str:
    forms = []
    for match in _TOKEN_RE.finditer(name):
        if match.lastgroup == "quote":
            forms.append('"')
            continue
        arabic = match.lastgroup == "ar"
        word = match.group()
        folded = (_normalize_arabic(word) if arabic else _normalize_english(word)).split()
        if arabic and len(folded) == 1 and folded[0] in _DETACHED_CLITICS:
            continue
        forms.extend(folded)
    return " ".join(forms)


# -- the loader ----------------------------------------------------------------------------
def _live_entity(entity):
    seen = set()
    while entity.merged_into_id and entity.pk not in seen:
        seen.add(entity.pk)
        entity = entity.merged_into
    return entity


def _alias_prepared(alias):
    alias.name = alias.name.strip()
    alias.normalized = normalize_name(alias.name)
    if not alias.normalized:
        raise ValueError(f"alias {alias.name!r} has no letters or digits to match")
    alias.language = alias.language or ("ar" if _ARABIC_RE.search(alias.name) else "en")
    return alias


def _existing_entity(item, by_name, by_alias):
    entity = by_name.get((item["name"], item["kind"]))
    if entity is not None:
        return entity
    for name in [item["name"], *item.get("en", []), *item.get("ar", [])]:
        entity = by_alias.get((normalize_name(name), item["kind"]))
        if entity is not None:
            return entity
    return None


def gazetteer_load(apps) -> None:
    entity_model = apps.get_model("archive", "Entity")
    alias_model = apps.get_model("archive", "EntityAlias")
    items = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
    by_name = {(e.name, e.kind): e for e in entity_model.objects.select_related("merged_into")}
    by_alias = {}
    for alias in alias_model.objects.select_related("entity", "entity__merged_into"):
        by_alias.setdefault((alias.normalized, alias.entity.kind), alias.entity)
    missing = [item for item in items if _existing_entity(item, by_name, by_alias) is None]
    entity_model.objects.bulk_create(entity_model(name=item["name"], kind=item["kind"]) for item in missing)
    by_name = {(e.name, e.kind): e for e in entity_model.objects.select_related("merged_into")}
    known = set(alias_model.objects.values_list("entity_id", "normalized"))
    new_aliases = []
    for item in items:
        entity = _live_entity(_existing_entity(item, by_name, by_alias))
        for language in ("en", "ar"):
            for name in [*(item.get(language, [])), *([item["name"]] if language == "en" else [])]:
                alias = _alias_prepared(alias_model(entity=entity, name=name, language=language))
                if (entity.pk, alias.normalized) not in known:
                    known.add((entity.pk, alias.normalized))
                    new_aliases.append(alias)
    alias_model.objects.bulk_create(new_aliases)


def load(apps, schema_editor):
    gazetteer_load(apps)


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_tag_spans")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
