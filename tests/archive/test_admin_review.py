"""The review queue page as an Editors-group member: read it, decide on one name or many."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from archive import editing
from archive.models import Article, Entity, Tag

URL = "/admin/archive/entity/review/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _suggest(name: str, body: str, language: str = "en") -> Entity:
    entity = editing.entities_suggest(names=[name])[name]
    story = Article.objects.create(title=name, body=body, raw_text=body, language=language,
                                   fingerprint=f"queue-{name}")
    Tag.objects.create(article=story, entity=entity, origin="auto", state="suggested", mentions=1)
    return entity


@pytest.fixture
def suggestions(gazetteer):
    return {
        "karam": _suggest("Nadia Karam", "The Governor, Eng. Nadia Karam, said <b>so</b>."),
        "haddad": _suggest("سمير حداد", "قال الدكتور سمير حداد إن", language="ar"),
        "latakia": _suggest("Al-Ladhiqiyya", "The port of Al-Ladhiqiyya opened."),
    }


def test_the_queue_shows_names_counts_and_lines_in_their_own_direction(suggestions, editor_client):
    html = editor_client.get(URL).content.decode()
    assert "3 suggested names" in html
    assert '<p class="kwic" lang="ar" dir="rtl">قال الدكتور <mark>سمير حداد</mark> إن' in html
    assert "&lt;b&gt;so&lt;/b&gt;" in html and "<b>so</b>" not in html  # imported text is escaped
    assert 'name="groups" value="nadia karam"' in html
    assert "/admin/archive/entity/review/" in editor_client.get("/admin/archive/entity/").content.decode()


def test_confirm_many_with_a_kind(suggestions, editor, editor_client):
    response = editor_client.post(URL, {"decision": "confirm", "kind": "person",
                                        "groups": ["nadia karam", "سمير حداد"]})
    assert response.status_code == 302
    for key in ("karam", "haddad"):
        entity = Entity.objects.get(pk=suggestions[key].pk)
        assert entity.state == "confirmed" and entity.history.latest().history_user == editor
        assert set(entity.tags.values_list("state", flat=True)) == {"confirmed"}
    assert "Nadia Karam" not in editor_client.get(URL).content.decode()


def test_reject_one(suggestions, editor_client):
    editor_client.post(URL, {"decision": "reject", "kind": "person", "groups": ["nadia karam"]})
    karam = Entity.objects.get(pk=suggestions["karam"].pk)
    assert karam.state == "rejected" and karam.tags.get().state == "rejected"


def test_merge_into_an_existing_entity_makes_the_name_its_alias(suggestions, editor_client):
    lattakia = Entity.objects.get(name="Lattakia")
    response = editor_client.post(URL, {"decision": "merge", "kind": "person", "into": lattakia.pk,
                                        "groups": ["al ladhiqiyya"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert lattakia.aliases.filter(name="Al-Ladhiqiyya").exists()
    assert Tag.objects.filter(entity=lattakia, article__title="Al-Ladhiqiyya").exists()


def test_link_as_the_other_languages_name(suggestions, editor_client):
    khatib = Entity.objects.get(name="Iyad Al-Khatib")
    refused = editor_client.post(URL, {"decision": "link", "kind": "person", "into": khatib.pk,
                                       "groups": ["nadia karam"]})
    assert refused.status_code == 200 and "merge it instead" in refused.content.decode()
    assert Entity.objects.get(pk=suggestions["karam"].pk).merged_into is None
    editor_client.post(URL, {"decision": "link", "kind": "person", "into": khatib.pk,
                             "groups": ["سمير حداد"]})
    assert khatib.aliases.filter(name="سمير حداد", language="ar").exists()


def test_a_decision_needs_names_and_for_a_merge_an_entity(suggestions, editor_client):
    page = editor_client.post(URL, {"decision": "merge", "kind": "person", "groups": ["nadia karam"]})
    assert page.status_code == 200 and "Choose the existing entity." in page.content.decode()
    page = editor_client.post(URL, {"decision": "reject", "kind": "person"})
    assert "Tick at least one name." in page.content.decode()
    page = editor_client.post(URL, {"decision": "reject", "kind": "person", "groups": ["gone"]})
    assert "not suggested any more" in page.content.decode()
    assert Entity.objects.filter(state="suggested").count() == 3


def test_the_queue_needs_the_right_to_change_entities(suggestions, client):
    client.force_login(User.objects.create_user("viewer", is_staff=True))
    assert client.get(URL).status_code == 403
