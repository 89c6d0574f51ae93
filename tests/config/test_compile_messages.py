"""Translations compile without GNU gettext, and only when their catalogue changed."""

from __future__ import annotations

import gettext
import os

import polib

from config.compile_messages import LOCALE_DIR, compile_catalogs

PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5;"
)


def write_catalogue(locale_dir, translation: str):
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": PLURAL_FORMS}
    catalogue.append(polib.POEntry(msgid="Search", msgstr=translation))
    catalogue.append(
        polib.POEntry(
            msgid="%(counter)s result",
            msgid_plural="%(counter)s results",
            msgstr_plural={0: "لا نتائج", 1: "نتيجة واحدة", 2: "نتيجتان", 3: "%(counter)s نتائج",
                           4: "%(counter)s نتيجة", 5: "%(counter)s نتيجة"},
        )
    )
    catalogue.append(polib.POEntry(msgid="Draft", msgstr="مسودة", flags=["fuzzy"]))
    path = locale_dir / "ar" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return path


def load(locale_dir):
    return gettext.translation("django", localedir=str(locale_dir), languages=["ar"])


def test_compiled_catalogue_translates_plurals_and_leaves_fuzzy_entries_out(tmp_path):
    write_catalogue(tmp_path, "بحث")
    assert compile_catalogs(tmp_path) == [tmp_path / "ar" / "LC_MESSAGES" / "django.mo"]
    catalogue = load(tmp_path)
    assert catalogue.gettext("Search") == "بحث"
    forms = [
        catalogue.ngettext("%(counter)s result", "%(counter)s results", n) for n in (0, 1, 2, 5, 11, 100)
    ]
    assert forms == ["لا نتائج", "نتيجة واحدة", "نتيجتان", "%(counter)s نتائج", "%(counter)s نتيجة",
                     "%(counter)s نتيجة"]
    assert catalogue.gettext("Draft") == "Draft"


def test_only_changed_catalogues_are_recompiled(tmp_path):
    po_path = write_catalogue(tmp_path, "بحث")
    compile_catalogs(tmp_path)
    assert compile_catalogs(tmp_path) == []
    write_catalogue(tmp_path, "ابحث")
    mo_path = po_path.with_suffix(".mo")
    os.utime(mo_path, (0, 0))  # older than the edited catalogue, whatever the clock's resolution
    assert compile_catalogs(tmp_path) == [mo_path]
    assert load(tmp_path).gettext("Search") == "ابحث"


def test_the_project_catalogue_compiles():
    po_path = LOCALE_DIR / "ar" / "LC_MESSAGES" / "django.po"
    assert not [entry.msgid for entry in polib.pofile(str(po_path)).fuzzy_entries()]
    compile_catalogs()
    with po_path.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert catalogue.gettext("Bilingual news archive") == "أرشيف الأخبار ثنائي اللغة"
