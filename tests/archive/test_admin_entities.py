"""Editors correcting entities and tags in the Django admin, as an Editors-group member."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.core.management import call_command

from archive import editing
from archive.models import Article, Entity, Source, Tag
from archive.tagging import articles_tag


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def entity(name: str) -> Entity:
    return Entity.objects.get(name=name)


def article_form(article: Article, *, new_entity: Entity | None = None, states=None, **fields) -> dict:
    """The POST of an article's change page: its tags inline, plus any article fields given."""
    tags = list(article.tags.order_by("pk"))
    data = {
        "tags-TOTAL_FORMS": len(tags) + 1, "tags-INITIAL_FORMS": len(tags),
        "tags-MIN_NUM_FORMS": 0, "tags-MAX_NUM_FORMS": 1000, "_save": "Save", **fields,
    }
    for number, tag in enumerate(tags):
        data.update({f"tags-{number}-id": tag.pk, f"tags-{number}-article": article.pk,
                     f"tags-{number}-entity": tag.entity_id,
                     f"tags-{number}-state": (states or {}).get(tag.pk, tag.state)})
    # The blank row a browser sends too, with its state preselected.
    data.update({f"tags-{len(tags)}-article": article.pk, f"tags-{len(tags)}-state": "confirmed",
                 f"tags-{len(tags)}-entity": new_entity.pk if new_entity else ""})
    return data


def search_html(client, q: str, **params) -> str:
    return client.get("/search/", {"q": q, **params}).content.decode()


def test_an_editors_tag_is_searchable_at_once_in_the_other_language(
    tagged_seeds, editor, editor_client, django_capture_on_commit_callbacks
):
    story = tagged_seeds["001"]  # English, never names Oman
    assert story.get_absolute_url() not in search_html(editor_client, "سلطنة عمان")
    url = f"/admin/archive/article/{story.pk}/change/"
    assert "tags-TOTAL_FORMS" in editor_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, article_form(story, new_entity=entity("Oman")))
    assert response.status_code == 302, response.content.decode()[:2000]
    tag = Tag.objects.get(article=story, entity=entity("Oman"))
    assert (tag.origin, tag.state) == ("editor", "confirmed")
    assert tag.history.latest().history_user == editor
    html = search_html(editor_client, "سلطنة عمان")
    assert story.get_absolute_url() in html and "found through a tagged entity" in html


def test_an_editor_rejects_a_tag_on_the_article_page_and_it_stays_rejected(
    tagged_seeds, editor_client, django_capture_on_commit_callbacks
):
    story = tagged_seeds["000"]
    russia = Tag.objects.get(article=story, entity=entity("Russia"))
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/archive/article/{story.pk}/change/",
                           article_form(story, states={russia.pk: "rejected"}))
        call_command("tag_entities", stdout=StringIO())
        call_command("import_seeds", stdout=StringIO())
    russia.refresh_from_db()
    assert (russia.origin, russia.state) == ("editor", "rejected")
    assert story.get_absolute_url() not in search_html(editor_client, "روسيا")


def test_editors_cannot_change_articles_sources_or_users(tagged_seeds, editor_client):
    story = tagged_seeds["004"]
    page = editor_client.get(f"/admin/archive/article/{story.pk}/change/").content.decode()
    assert 'name="title"' not in page and story.title in page
    editor_client.post(f"/admin/archive/article/{story.pk}/change/",
                       article_form(story, title="Changed by an editor", language="ar"))
    story.refresh_from_db()
    assert story.title.startswith("Officials from Syria") and story.language == "en"
    assert editor_client.get("/admin/archive/article/add/").status_code == 403
    source = Source.objects.first()
    assert editor_client.post(f"/admin/archive/source/{source.pk}/change/",
                              {"name": "Renamed", "slug": "renamed"}).status_code == 403
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    source.refresh_from_db()
    assert source.name != "Renamed"


def test_a_superuser_still_edits_the_article_itself(tagged_seeds, client):
    client.force_login(User.objects.create_superuser("chief", email=None))
    story = tagged_seeds["004"]
    fields = {name: getattr(story, name) or "" for name in ("language", "author", "section", "url")}
    fields.update(title="A corrected title", body=story.body, source=story.source_id,
                  published=story.published.isoformat())
    response = client.post(f"/admin/archive/article/{story.pk}/change/", article_form(story, **fields))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "A corrected title"


def test_tag_list_filters_and_actions_record_who_decided(tagged_seeds, editor, editor_client):
    listing = editor_client.get("/admin/archive/tag/", {"state__exact": "confirmed", "origin__exact": "auto"})
    assert listing.status_code == 200
    total = Tag.objects.filter(state="confirmed", origin="auto").count()
    assert f"{total} tags" in listing.content.decode()
    tags = Tag.objects.filter(entity__name="Damascus")
    response = editor_client.post("/admin/archive/tag/", {
        "action": "reject_tags", ACTION_CHECKBOX_NAME: [tag.pk for tag in tags],
    })
    assert response.status_code == 302
    assert set(tags.values_list("state", "origin")) == {("rejected", "editor")}
    history = editor_client.get(f"/admin/archive/tag/{tags[0].pk}/history/").content.decode()
    assert editor.username in history
    editor_client.post("/admin/archive/tag/", {"action": "confirm_tags", ACTION_CHECKBOX_NAME: [tags[0].pk]})
    assert Tag.objects.get(pk=tags[0].pk).state == "confirmed"


def test_suggested_entities_are_listed_and_confirmed_by_an_editor(gazetteer, editor_client):
    story = Article.objects.create(title="Visit", body="The Governor of Homs, Eng. Nadia Karam, said.",
                                   raw_text="x", language="en", fingerprint="suggested-1")
    articles_tag(article_ids=[story.pk])
    suggestion = entity("Nadia Karam")
    listing = editor_client.get("/admin/archive/tag/", {"state__exact": "suggested"}).content.decode()
    assert "Nadia Karam" in listing
    entities = editor_client.get("/admin/archive/entity/", {"state__exact": "suggested"}).content.decode()
    assert "Nadia Karam" in entities
    editor_client.post("/admin/archive/entity/",
                       {"action": "confirm_entities", ACTION_CHECKBOX_NAME: [suggestion.pk]})
    suggestion.refresh_from_db()
    assert suggestion.state == "confirmed"
    assert Tag.objects.get(article=story, entity=suggestion).state == "confirmed"


def test_merging_entities_asks_first_then_moves_tags_names_and_redirects(
    tagged_seeds, editor, editor_client, django_capture_on_commit_callbacks
):
    port, city = entity("Lattakia port"), entity("Lattakia")
    selected = {"action": "merge_entities", ACTION_CHECKBOX_NAME: [port.pk, city.pk]}
    page = editor_client.post("/admin/archive/entity/", selected)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Merge entities" in html and 'name="into"' in html and "ميناء اللاذقية" in html
    with django_capture_on_commit_callbacks(execute=True):
        done = editor_client.post("/admin/archive/entity/", {**selected, "confirm": "yes", "into": city.pk})
    assert done.status_code == 302
    port.refresh_from_db()
    assert port.merged_into == city and not port.tags.exists()
    assert "Port of Lattakia" in set(city.aliases.values_list("name", flat=True))
    assert port.history.latest().history_user == editor
    response = editor_client.get(f"/entities/{port.pk}/")
    assert response.status_code == 301 and response["Location"] == city.get_absolute_url()
    html = search_html(editor_client, "ميناء اللاذقية")
    assert tagged_seeds["004"].get_absolute_url() in html
    autocomplete = editor_client.get("/admin/autocomplete/", {
        "term": "Lattakia", "app_label": "archive", "model_name": "tag", "field_name": "entity",
    }).json()
    assert [item["text"] for item in autocomplete["results"]] == ["Lattakia"]


def alias_form(target: Entity, *, extra: list[tuple[str, str]], **fields) -> dict:
    aliases = list(target.aliases.order_by("pk"))
    data = {"name": target.name, "kind": target.kind, "state": target.state, "_save": "Save",
            "aliases-TOTAL_FORMS": len(aliases) + len(extra), "aliases-INITIAL_FORMS": len(aliases),
            "aliases-MIN_NUM_FORMS": 0, "aliases-MAX_NUM_FORMS": 1000, **fields}
    for number, alias in enumerate(aliases):
        data.update({f"aliases-{number}-id": alias.pk, f"aliases-{number}-entity": target.pk,
                     f"aliases-{number}-name": alias.name, f"aliases-{number}-language": alias.language})
    for number, (name, language) in enumerate(extra, start=len(aliases)):
        data.update({f"aliases-{number}-entity": target.pk, f"aliases-{number}-name": name,
                     f"aliases-{number}-language": language})
    return data


def test_an_editor_adds_a_name_in_the_other_language_and_renames(
    tagged_seeds, editor, editor_client, django_capture_on_commit_callbacks
):
    rostov = entity("Rostov")
    url = f"/admin/archive/entity/{rostov.pk}/change/"
    refused = editor_client.post(url, alias_form(rostov, extra=[("ROSTOV", "en")]))
    assert refused.status_code == 200 and "already has this name" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, alias_form(rostov, extra=[("روستوف نا دونو", "ar")],
                                                      name="Rostov-on-Don"))
    assert response.status_code == 302
    rostov.refresh_from_db()
    assert rostov.name == "Rostov-on-Don"
    added = rostov.aliases.get(name="روستوف نا دونو")
    assert added.normalized == "روستوف نا دونو" and added.history.latest().history_user == editor
    assert "Rostov-on-Don" in set(rostov.aliases.values_list("name", flat=True))
    assert tagged_seeds["004"].get_absolute_url() in search_html(editor_client, "روستوف نا دونو")
    history = editor_client.get(f"/admin/archive/entity/{rostov.pk}/history/").content.decode()
    assert editor.username in history


def test_admin_entity_pages_need_staff(client, gazetteer):
    assert client.get("/admin/archive/entity/").status_code == 302
    client.force_login(User.objects.create_user("reader"))
    assert client.get("/admin/archive/tag/").status_code == 302


def test_rejecting_an_entity_on_its_page_rejects_its_automatic_tags(tagged_seeds, editor_client):
    hilal = entity("Amer Ismail Hilal")
    response = editor_client.post(f"/admin/archive/entity/{hilal.pk}/change/",
                                  alias_form(hilal, extra=[], state="rejected"))
    assert response.status_code == 302
    assert set(hilal.tags.values_list("state", "origin")) == {("rejected", "editor")}
    call_command("tag_entities", stdout=StringIO())
    assert set(hilal.tags.values_list("state", flat=True)) == {"rejected"}


def test_an_editor_adds_an_entity_with_its_other_language_name_in_one_save(gazetteer, editor, editor_client):
    # Was HTTP 500: the inline alias form looked the new, unsaved entity up in the database.
    data = {"name": "Hama Governorate", "kind": "place", "state": "confirmed", "_save": "Save",
            "aliases-TOTAL_FORMS": 1, "aliases-INITIAL_FORMS": 0,
            "aliases-MIN_NUM_FORMS": 0, "aliases-MAX_NUM_FORMS": 1000,
            "aliases-0-name": "محافظة حماة", "aliases-0-language": "ar"}  # fmt: skip
    response = editor_client.post("/admin/archive/entity/add/", data)
    assert response.status_code == 302
    added = Entity.objects.get(name="Hama Governorate")
    assert set(added.aliases.values_list("name", "language")) >= {("محافظة حماة", "ar")}
    assert added.aliases.get(name="محافظة حماة").history.latest().history_user == editor


def test_a_superuser_who_changes_only_a_tag_leaves_the_body_byte_for_byte(
    tagged_seeds, client, django_capture_on_commit_callbacks
):
    from django.contrib.admin.models import LogEntry

    client.force_login(User.objects.create_superuser("chief", email=None))
    story = tagged_seeds["004"]
    body = story.body
    assert "\n\n" in body
    fields = {name: getattr(story, name) or "" for name in ("language", "author", "section", "url")}
    # What a browser's textarea sends back: every line break as CRLF.
    fields.update(title=story.title, body=body.replace("\n", "\r\n"), source=story.source_id,
                  published=story.published.isoformat())
    rostov = Tag.objects.get(article=story, entity=entity("Rostov"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/archive/article/{story.pk}/change/",
                               article_form(story, states={rostov.pk: "rejected"}, **fields))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == body
    message = LogEntry.objects.filter(object_id=str(story.pk)).latest("action_time").get_change_message()
    assert message == f"Changed State for tag “{rostov}”.", message


def test_searched_entity_list_counts_each_article_once(tagged_seeds, editor_client):
    rostov = entity("Rostov")
    articles = rostov.tags.filter(state="confirmed").count()
    assert articles and rostov.aliases.filter(name__startswith="Rostov").count() >= 4  # all matched
    html = editor_client.get("/admin/archive/entity/", {"q": "Rostov"}).content.decode()
    row = html[html.index(f"/admin/archive/entity/{rostov.pk}/change/"):]
    row = row[:row.index("</tr>")]
    assert f'<td class="field-article_count">{articles}</td>' in row


def test_entity_search_and_autocomplete_fold_harakat_hamza_and_match_word_starts(gazetteer, editor_client):
    def names(q: str) -> list[str]:
        found = editor_client.get("/admin/autocomplete/", {
            "term": q, "app_label": "archive", "model_name": "tag", "field_name": "entity",
        }).json()
        return [item["text"] for item in found["results"]]

    assert "Oman" in names("عمان") and "Oman" in names("سلطنه عمان")
    assert "Iyad Al-Khatib" in names("اياد") and "Iyad Al-Khatib" in names("إياد")
    assert "Riyadh" not in names("Iyad")  # "Iyad" is not a word of "Riyadh"
    listing = editor_client.get("/admin/archive/entity/", {"q": "عمان"}).content.decode()
    assert ">Oman</a>" in listing
    tags = editor_client.get("/admin/archive/entityalias/", {"q": "عمان"}).content.decode()
    assert "سلطنة عُمان" in tags


@pytest.mark.parametrize(
    ("typed", "title_word"),
    [("عمان", "عُمان"), ("الاردن", "والأردن"), ("اتصالات", "للاتصالات"), ("COMMUNICATIONS", "communications")],
)
def test_article_search_in_the_admin_folds_harakat_hamza_and_case(
    tagged_seeds, editor_client, typed, title_word
):
    expected = list(Article.objects.filter(title__contains=title_word))
    assert expected
    listing = editor_client.get("/admin/archive/article/", {"q": typed}).content.decode()
    for article in Article.objects.all():
        change = f"/admin/archive/article/{article.pk}/change/"
        assert (change in listing) == (article in expected), article.title


def test_tag_search_in_the_admin_finds_articles_by_folded_title(tagged_seeds, editor_client):
    article = Article.objects.get(title__contains="اتفاقيات تقنية")
    listing = editor_client.get("/admin/archive/tag/", {"q": "اتفاقيات تقنيه"}).content.decode()
    tag = article.tags.exclude(state="rejected").first()
    assert f"/admin/archive/tag/{tag.pk}/change/" in listing


def test_unmerging_in_the_admin_restores_the_entity_and_its_search(
    tagged_seeds, editor, editor_client, django_capture_on_commit_callbacks
):
    port, city = entity("Lattakia port"), entity("Lattakia")
    story = tagged_seeds["004"]
    selected = {"action": "merge_entities", ACTION_CHECKBOX_NAME: [port.pk, city.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/admin/archive/entity/", {**selected, "confirm": "yes", "into": city.pk})
    history = editor_client.get(f"/admin/archive/entity/{city.pk}/history/").content.decode()
    assert "Lattakia port" in history and editor.username in history  # the kept entity's history too
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/archive/entity/", {
            "action": "unmerge_entities", ACTION_CHECKBOX_NAME: [port.pk],
        })
    assert response.status_code == 302
    port.refresh_from_db()
    assert port.merged_into is None and port.tags.filter(article=story).exists()
    assert "Port of Lattakia" in set(port.aliases.values_list("name", flat=True))
    assert "Port of Lattakia" not in set(city.aliases.values_list("name", flat=True))
    assert editor_client.get(f"/entities/{port.pk}/").status_code == 200
    assert story.get_absolute_url() in search_html(editor_client, "ميناء اللاذقية")
    page = editor_client.get(f"/admin/archive/entity/{port.pk}/change/").content.decode()
    assert "merged into Lattakia" in page and "undone by" in page


def test_merging_entities_of_different_kinds_warns_and_waits_for_a_tick(gazetteer, editor_client):
    riyadh, khatib = entity("Riyadh"), entity("Iyad Al-Khatib")
    selected = {"action": "merge_entities", ACTION_CHECKBOX_NAME: [riyadh.pk, khatib.pk]}
    page = editor_client.post("/admin/archive/entity/", selected).content.decode()
    assert "different kinds" in page and 'name="kinds_differ"' in page
    again = editor_client.post("/admin/archive/entity/", {**selected, "confirm": "yes", "into": khatib.pk})
    assert again.status_code == 200 and "Tick the box" in again.content.decode()
    riyadh.refresh_from_db()
    assert riyadh.merged_into is None
    editor_client.post("/admin/archive/entity/",
                       {**selected, "confirm": "yes", "into": khatib.pk, "kinds_differ": "yes"})
    riyadh.refresh_from_db()
    assert riyadh.merged_into == khatib


def test_the_article_page_puts_tags_first_and_text_in_its_own_direction(tagged_seeds, editor_client, client):
    story = tagged_seeds["002"]  # Arabic
    page = editor_client.get(f"/admin/archive/article/{story.pk}/change/").content.decode()
    body = page[page.index("field-body_text"):]
    assert page.index('id="tags-group"') < page.index("field-body_text")
    assert f'<div class="article-text" lang="ar" dir="rtl"><p>{story.paragraphs()[0][:40]}' in body
    assert body.count("<p>") >= len(story.paragraphs())  # paragraphs, not one block
    client.force_login(User.objects.create_superuser("chief", email=None))
    page = client.get(f"/admin/archive/article/{story.pk}/change/").content.decode()
    assert page.index('id="tags-group"') < page.index('name="body"')
    textarea = page.index('<textarea name="body"')
    assert 'dir="auto"' in page[textarea:page.index(">", textarea)]
    entity_page = client.get(f"/admin/archive/entity/{entity('Oman').pk}/change/").content.decode()
    assert 'name="name"' in entity_page and entity_page.count('dir="auto"') >= 3  # name and aliases


def test_editors_may_unmerge_and_review_but_not_delete_articles(tagged_seeds, editor, editor_client):
    assert editor.has_perms(["archive.unmerge_entitymerge", "archive.change_entity", "archive.add_entity",
                             "archive.add_entityalias", "archive.change_tag"])
    assert not editor.has_perm("archive.delete_article") and not editor.has_perm("auth.change_user")
    story = tagged_seeds["004"]
    assert editor_client.get(f"/admin/archive/article/{story.pk}/delete/").status_code == 403
    editor_client.post("/admin/archive/article/",
                       {"action": "delete_selected", ACTION_CHECKBOX_NAME: [story.pk], "post": "yes"})
    assert Article.objects.filter(pk=story.pk).exists()
    assert editor_client.get("/admin/archive/entity/review/").status_code == 200


def test_imported_and_editor_text_is_escaped_on_the_admin_pages(gazetteer, editor, editor_client):
    story = Article.objects.create(title="<i>t</i>", body="<script>x</script>\n\nok", raw_text="<b>r</b>",
                                   language="en", fingerprint="escape-1")
    page = editor_client.get(f"/admin/archive/article/{story.pk}/change/").content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>r</b>" not in page and "<i>t</i>" not in page
    bad, khatib = Entity.objects.create(name="<b>Bad</b>", kind="place"), entity("Iyad Al-Khatib")
    editing.entity_merge(entities=[bad], into=khatib, editor=editor)
    page = editor_client.get(f"/admin/archive/entity/{khatib.pk}/change/").content.decode()
    assert "&lt;b&gt;Bad&lt;/b&gt; (#" in page and "<b>Bad</b>" not in page
