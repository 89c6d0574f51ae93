"""An Editors-group member (not a superuser) in the Django admin, in Chromium.

They walk the review queue, add an entity with an Arabic and an English name inline, merge
and unmerge, reject a tag; then the public article page, /search/ and the article's body
show exactly what they decided and nothing else. A superuser saving an article through a
real textarea (CRLF line breaks) leaves its body byte for byte. The tests run in order on
one archive, each starting from where the previous one left it.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote_plus

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, visit

PASSWORD = "a-long-password-for-editors-1"
KEPT, MERGED = "Lattakia", "Lattakia port"
MERGED_ARABIC = "ميناء اللاذقية"


def _two_words(body: str) -> str:
    words = [word.strip(".,:;«»\"()،") for word in body.split()]
    return " ".join(word for word in words[2:4])


@pytest.fixture(scope="module")
def archive(site, django_db_blocker):
    """The site's archive with its gazetteer and tags, two suggestions to review, two users.

    Everything is committed (the server's threads read it); the site fixture puts the
    database back afterwards.
    """
    from django.contrib.auth.models import Group, User

    from archive.editing import editors_group_sync, entities_suggest, gazetteer_load
    from archive.models import Article, Tag

    with django_db_blocker.unblock():
        gazetteer_load()  # an earlier transactional test may have flushed the migrations' rows
        editors_group_sync()
        call_command("tag_entities", stdout=io.StringIO())
        arabic = Article.objects.get(origin__contains="002_")
        english = Article.objects.get(origin__contains="004_")
        names = {"ar": _two_words(arabic.body), "en": _two_words(english.body)}
        for article, name in ((arabic, names["ar"]), (english, names["en"])):
            entity = entities_suggest(names=[name])[name]
            Tag.objects.create(article=article, entity=entity, origin="auto", state="suggested", mentions=1)
        editor = User.objects.create_user("browser-editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        User.objects.create_superuser("browser-chief", password=PASSWORD, email=None)
        yield {"arabic": arabic, "english": english, "names": names,
               "bodies": {article.pk: article.body for article in (arabic, english)}}


@pytest.fixture
def db(django_db_blocker):
    """Reads of what the server committed, outside any test transaction."""
    with django_db_blocker.unblock():
        yield


def log_in(page, site, username: str = "browser-editor"):
    visit(page, f"{site.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site.url}/admin/")


def direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def search(page, site, query: str):
    visit(page, f"{site.url}/search/?q={quote_plus(query)}")


def test_the_editor_walks_the_review_queue(page, site, archive, db):
    from archive.models import Entity

    log_in(page, site)
    visit(page, f"{site.url}/admin/archive/entity/")
    page.get_by_role("link", name="Review queue").click()
    page.wait_for_url(f"{site.url}/admin/archive/entity/review/")  # count rows of the queue, not of the list
    page.wait_for_load_state()
    assert page.locator("tr.suggestion").count() == 2
    arabic_line = page.locator('p.kwic[lang="ar"]')
    assert direction(arabic_line) == "rtl" and archive["names"]["ar"] in arabic_line.inner_text()
    assert direction(page.locator('p.kwic[lang="en"]')) == "ltr"
    screenshot(page, "admin-review-queue")
    page.get_by_label(archive["names"]["en"]).check()
    page.select_option("#id_decision", "reject")
    page.get_by_role("button", name="Apply to the ticked names").click()
    assert "1 name rejected." in page.locator(".messagelist").inner_text()
    page.get_by_label(archive["names"]["ar"]).check()
    page.select_option("#id_decision", "confirm")
    page.select_option("#id_kind", "organisation")
    page.get_by_role("button", name="Apply to the ticked names").click()
    assert "1 name confirmed." in page.locator(".messagelist").inner_text()
    assert page.locator("tr.suggestion").count() == 0
    screenshot(page, "admin-review-queue-done")
    confirmed = Entity.objects.get(name=archive["names"]["ar"])
    assert (confirmed.state, confirmed.kind) == ("confirmed", "organisation")
    assert Entity.objects.get(name=archive["names"]["en"]).state == "rejected"
    visit(page, site.address(site.arabic_article))
    assert page.get_by_role("link", name=archive["names"]["ar"]).count() >= 1  # now a public tag


def test_the_editor_adds_an_entity_with_an_arabic_and_an_english_name(page, site, archive, db):
    from archive.models import Entity

    log_in(page, site)
    visit(page, f"{site.url}/admin/archive/entity/add/")
    page.fill("#id_name", "Hama Governorate")
    page.select_option("#id_kind", "place")
    page.fill("#id_aliases-0-name", "محافظة حماة")
    page.select_option("#id_aliases-0-language", "ar")
    page.locator("#aliases-group .add-row a").click()
    page.fill("#id_aliases-1-name", "Hama Province")
    page.select_option("#id_aliases-1-language", "en")
    assert direction(page.locator("#id_aliases-0-name")) == "rtl"  # dir="auto" follows the text
    assert direction(page.locator("#id_aliases-1-name")) == "ltr"
    screenshot(page, "admin-entity-add")
    page.locator("input[name=_save]").click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    added = Entity.objects.get(name="Hama Governorate")
    assert set(added.aliases.values_list("name", "language")) == {
        ("Hama Governorate", "en"), ("محافظة حماة", "ar"), ("Hama Province", "en")
    }
    assert added.history.latest().history_user.username == "browser-editor"


def test_the_editor_merges_then_takes_the_merge_back(page, site, archive, db):
    from archive.models import Entity

    english = archive["english"].get_absolute_url()
    log_in(page, site)
    visit(page, f"{site.url}/admin/archive/entity/?q=اللاذقيه")  # no shadda or ta marbuta: folded
    for name in (KEPT, MERGED):
        page.locator("tr", has=page.get_by_role("link", name=name, exact=True)).locator(
            "input.action-select").check()
    page.select_option("select[name=action]", "merge_entities")
    page.get_by_role("button", name="Go").click()
    page.get_by_label(KEPT, exact=True).check()
    screenshot(page, "admin-merge-confirmation")
    page.get_by_role("button", name="Merge").click()
    assert f"Merged into “{KEPT}”" in page.locator(".messagelist").inner_text()
    merged = Entity.objects.get(name=MERGED)
    assert merged.merged_into.name == KEPT
    search(page, site, MERGED_ARABIC)
    assert page.locator(f'a[href="{english}"]').count() >= 1

    visit(page, f"{site.url}/admin/archive/entity/?merged_into__isempty=0")
    page.locator("tr", has=page.get_by_role("link", name=MERGED, exact=True)).locator(
        "input.action-select").check()
    page.select_option("select[name=action]", "unmerge_entities")
    page.get_by_role("button", name="Go").click()
    assert f"Merge undone: {MERGED}." in page.locator(".messagelist").inner_text()
    merged.refresh_from_db()
    assert merged.merged_into is None and merged.aliases.filter(name=MERGED_ARABIC).exists()
    assert merged.tags.filter(article=archive["english"], state="confirmed").exists()
    visit(page, f"{site.url}/admin/archive/entity/{merged.pk}/history/")
    assert page.get_by_text("browser-editor").count() >= 2
    screenshot(page, "admin-unmerged-history")
    visit(page, site.address(merged.get_absolute_url()))
    assert page.url.endswith(merged.get_absolute_url())  # its own page again, no redirect
    search(page, site, MERGED_ARABIC)
    assert page.locator(f'a[href="{english}"]').count() >= 1


def test_the_editor_rejects_a_tag_with_the_tags_first_on_the_page(page, site, archive, db):
    from archive.models import Tag

    story = archive["english"]
    tag = Tag.objects.get(article=story, entity__name="Rostov")
    search(page, site, "روستوف")
    assert page.locator(f'a[href="{story.get_absolute_url()}"]').count() >= 1  # through the tag
    log_in(page, site)
    visit(page, f"{site.url}/admin/archive/article/{story.pk}/change/")
    tags = page.locator("#tags-group").bounding_box()
    text = page.locator(".field-body_text").bounding_box()
    assert tags["y"] < 800 and tags["y"] < text["y"]  # the tags first, in the first screen
    assert not page.locator(".field-body_text").is_visible()  # the text collapsed below
    screenshot(page, "admin-article-tags-first")
    row = page.locator("tr", has=page.locator(f'input[name$="-id"][value="{tag.pk}"]'))
    row.locator('select[name$="-state"]').select_option("rejected")
    page.locator("input[name=_save]").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    tag.refresh_from_db()
    assert (tag.state, tag.origin) == ("rejected", "editor")
    search(page, site, "روستوف")
    assert page.locator(f'a[href="{story.get_absolute_url()}"]').count() == 0
    visit(page, site.address(story.get_absolute_url()))
    assert page.get_by_role("link", name="Rostov", exact=True).count() == 0


def test_the_public_pages_show_the_bodies_byte_for_byte(page, site, archive, db):
    from archive.models import Article

    for pk, body in archive["bodies"].items():
        article = Article.objects.get(pk=pk)
        assert article.body == body
        visit(page, site.address(article.get_absolute_url()))
        shown = page.locator("article.article .article-text p").all_inner_texts()
        # One paragraph each, as written (a CRLF body would show as one block).
        assert [_spaced(text) for text in shown] == [_spaced(p) for p in article.paragraphs()]


def test_a_superuser_saving_through_the_textarea_keeps_the_body(page, site, archive, db):
    from django.contrib.admin.models import LogEntry

    from archive.models import Article, Tag

    story = archive["arabic"]
    log_in(page, site, "browser-chief")
    visit(page, f"{site.url}/admin/archive/article/{story.pk}/change/")
    page.locator("#fieldsetcollapse-1, details summary").first.click()  # open the text
    assert direction(page.locator("#id_body")) == "rtl"
    tag = Tag.objects.filter(article=story, state="confirmed").order_by("pk").first()
    row = page.locator("tr", has=page.locator(f'input[name$="-id"][value="{tag.pk}"]'))
    row.locator('select[name$="-state"]').select_option("rejected")
    page.locator("input[name=_save]").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert Article.objects.get(pk=story.pk).body == archive["bodies"][story.pk]
    message = LogEntry.objects.filter(object_id=str(story.pk)).latest("action_time").get_change_message()
    assert "Body" not in message and "Title" not in message, message
