"""The Django admin: staff only, and it can find articles and sources."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from archive.models import Article, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("editor", password="a-long-password-1", is_staff=True,
                                    is_superuser=True)
    client.force_login(user)
    return client


def test_admin_needs_a_staff_login(client):
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_lists_filters_and_searches_articles(staff_client):
    call_command("import_seeds")
    response = staff_client.get("/admin/archive/article/")
    assert response.status_code == 200
    assert "5 articles" in response.content.decode()
    filtered = staff_client.get("/admin/archive/article/", {"language__exact": "ar"})
    assert "2 articles" in filtered.content.decode()
    found = staff_client.get("/admin/archive/article/", {"q": "Iranian"})
    assert "1 article" in found.content.decode()


def test_admin_article_and_source_pages_load(staff_client):
    call_command("import_seeds")
    article = Article.objects.filter(language="ar").first()
    assert staff_client.get(f"/admin/archive/article/{article.pk}/change/").status_code == 200
    assert staff_client.get("/admin/archive/source/").status_code == 200
    source = Source.objects.first()
    assert staff_client.get(f"/admin/archive/source/{source.pk}/change/").status_code == 200
    assert staff_client.get("/admin/archive/source/", {"q": "SANA"}).status_code == 200


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("one\r\n\r\ntwo", "one\n\ntwo"),  # what a browser's textarea sends
        ("one\rtwo", "one\ntwo"),  # old Mac line ends
        ("one\n\ntwo\n", "one\n\ntwo\n"),  # already LF: untouched, the trailing break too
        ("  indented\r\n", "  indented\n"),  # a text is not stripped
    ],
)
def test_text_fields_keep_the_text_with_lf_line_breaks(typed, kept):
    from django.contrib import admin

    from archive.admin import ArticleAdmin

    field = ArticleAdmin(Article, admin.site).formfield_for_dbfield(Article._meta.get_field("body"), None)
    assert field.clean(typed) == kept
    assert not field.has_changed(kept, typed)
    assert field.widget.attrs["dir"] == "auto"
