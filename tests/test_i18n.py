"""The interface in English and Arabic: what a reader of either language sees."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from django.utils import translation
from django.utils.translation import template as template_i18n

from archive.models import Entity, EntityAlias, EntityKind, Tag

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = PROJECT_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PYTHON_DIRS = ("archive", "search", "config")
TEMPLATE_DIR = PROJECT_DIR / "templates"
QUERY = urlencode({"q": "communications الاتصالات"})


def english_url(obj) -> str:
    # The test client leaves the last request's language active, and reverse() follows it.
    with translation.override("en"):
        return obj.get_absolute_url()


@pytest.fixture
def archive(imported_seeds):
    """The seeds plus one entity tagged on an Arabic and an English article."""
    entity, _ = Entity.objects.get_or_create(name="Syria", kind=EntityKind.PLACE)
    for name, language in (("Syria", "en"), ("سوريا", "ar")):
        EntityAlias.objects.get_or_create(
            entity=entity, normalized=name.lower(), defaults={"name": name, "language": language}
        )
    for key in ("002", "004"):
        Tag.objects.update_or_create(
            article=imported_seeds[key],
            entity=entity,
            defaults={"origin": Tag.Origin.EDITOR, "state": Tag.State.CONFIRMED, "mentions": 1},
        )
    return {"articles": imported_seeds, "entity": entity}


def page_paths(archive) -> list[str]:
    articles = archive["articles"]
    return [
        "/",
        "/articles/",
        "/articles/?lang=ar",
        english_url(articles["002"]),
        english_url(articles["004"]),
        english_url(articles["004"].source),
        english_url(archive["entity"]),
        "/search/",
        f"/search/?{QUERY}",
        "/admin/login/",
    ]


def test_every_arabic_page_is_arabic_and_right_to_left(client, archive):
    for path in page_paths(archive):
        arabic = client.get(f"/ar{path}")
        assert arabic.status_code == 200, path
        assert '<html lang="ar" dir="rtl"' in arabic.content.decode(), path
        english = client.get(path)
        assert '<html lang="en" dir="ltr"' in english.content.decode(), path


def test_arabic_interface_translates_navigation_headings_labels_and_choices(client, archive):
    home = client.get("/ar/").content.decode()
    for text in ("المقالات", "بحث", "أحدث المقالات", "المصادر", "انتقل إلى المحتوى", "لغة الواجهة"):
        assert text in home
    search = client.get(f"/ar/search/?{QUERY}").content.decode()
    for text in ("ابحث في الأرشيف", "اللغة", "الترتيب حسب", "الأحدث أولًا", "كل اللغات", "تضييق النتائج"):
        assert text in search
    assert "Sort by" not in search and "Newest first" not in search
    listing = client.get("/ar/articles/").content.decode()
    assert "5 مقالات" in listing and "تصفية" in listing


def test_arabic_interface_uses_arabic_plurals_dates_and_labels(client, archive):
    # Arabic has six plural forms: the seeds' two Arabic articles are a dual, not "2 articles".
    assert "مقالتان" in client.get("/ar/articles/", {"lang": "ar"}).content.decode()
    detail = client.get("/ar" + english_url(archive["articles"]["002"])).content.decode()
    assert '<time datetime="2025-11-21">21 نوفمبر، 2025</time>' in detail
    assert "العربية" in detail and "الكاتب" in detail


def test_content_keeps_its_direction_inside_either_interface(client, archive):
    arabic_article, english_article = archive["articles"]["002"], archive["articles"]["004"]
    english_page = client.get("/").content.decode()
    assert f'lang="ar" dir="rtl"><a href="{english_url(arabic_article)}"' in english_page
    arabic_page = client.get("/ar/").content.decode()
    assert f'lang="en" dir="ltr"><a href="/ar{english_url(english_article)}"' in arabic_page
    search = client.get(f"/ar/search/?{QUERY}").content.decode()
    assert re.search(r'<p class="snippet" lang="en" dir="ltr">', search)
    assert "<bdi>Al-Watan</bdi>" in search


def switch_language(client, path: str, language: str):
    """Submit the language switch the page itself renders, as a reader's click does."""
    html = client.get(path).content.decode()
    form = re.search(r'<form class="language-switch" action="([^"]+)"(.*?)</form>', html, re.S)
    assert form, "no language switch on " + path
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', form.group(2)).group(1)
    assert f'name="language" value="{language}"' in form.group(2)
    return client.post(form.group(1), {"language": language, "next": next_url.replace("&amp;", "&")})


def test_language_switch_keeps_the_page_and_query(client, archive):
    query = urlencode({"q": "Syria سوريا", "sort": "newest"})
    response = switch_language(client, f"/search/?{query}", "ar")
    assert response.status_code == 302
    assert response["Location"] == f"/ar/search/?{query}"
    assert '<html lang="ar"' in client.get(response["Location"]).content.decode()

    response = switch_language(client, f"/ar/search/?{query}", "en")
    assert response["Location"] == f"/search/?{query}"
    article = english_url(archive["articles"]["004"])
    assert switch_language(client, f"/ar{article}", "en")["Location"] == article


def test_stylesheets_use_only_logical_directions():
    physical = re.compile(
        r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)|left|right)\s*:"
        r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)",
        re.I,
    )
    stylesheets = sorted((PROJECT_DIR / "static").rglob("*.css"))
    assert stylesheets
    for path in stylesheets:
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        assert not physical.findall(css), f"{path.name} uses physical directions"


def catalogue_msgids() -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if entry.translated()}


def template_msgids() -> set[str]:
    # templatize() is what makemessages feeds to xgettext: each translatable string in a template
    # becomes a gettext(u'...') or ngettext(u'...', u'...', count) call amid blanked-out text.
    call = re.compile(r"\b(?:gettext|ngettext|_)\((u'(?:[^'\\]|\\.)*')")
    found = set()
    for path in TEMPLATE_DIR.rglob("*.html"):
        code = template_i18n.templatize(path.read_text(), origin=str(path))
        found.update(ast.literal_eval(literal) for literal in call.findall(code))
    return found


def python_msgids() -> set[str]:
    found = set()
    for directory in PYTHON_DIRS:
        for path in (PROJECT_DIR / directory).rglob("*.py"):
            for call in ast.walk(ast.parse(path.read_text())):
                name = getattr(call.func, "id", "") if isinstance(call, ast.Call) else ""
                if name in ("_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy") and call.args:
                    if isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
                        found.add(call.args[0].value)
    return found


def test_every_interface_string_has_an_arabic_translation():
    missing = (template_msgids() | python_msgids()) - catalogue_msgids()
    assert not missing, (
        "untranslated (run `manage.py makemessages -l ar --no-location --ignore=.venv`, then "
        f"translate in {CATALOGUE.relative_to(PROJECT_DIR)}): {sorted(missing)}"
    )
