"""The browser's language picks the interface language until the reader chooses one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [
        ("ar", "/ar/search/?q=x&sort=newest"),
        ("ar-SY,ar;q=0.9,en;q=0.8", "/ar/search/?q=x&sort=newest"),
        ("fr-FR,ar;q=0.5", "/ar/search/?q=x&sort=newest"),
        ("en-US,en;q=0.9,ar;q=0.8", None),
        ("de", None),
        ("", None),
    ],
)
def test_accept_language_picks_the_interface_language(client, accept_language, location):
    response = client.get("/search/?q=x&sort=newest", HTTP_ACCEPT_LANGUAGE=accept_language)
    if location is None:
        assert response.status_code == 200
        assert '<html lang="en" dir="ltr"' in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == location
    assert "Accept-Language" in response["Vary"]


def test_arabic_browser_lands_on_the_arabic_home_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    assert response.redirect_chain == [("/ar/", 302)]
    assert '<html lang="ar" dir="rtl"' in response.content.decode()


def test_a_chosen_language_beats_the_browser_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr"' in response.content.decode()


@pytest.mark.parametrize("path", ["/api/search/?q=x", "/no-such-page/"])
def test_pages_without_an_arabic_twin_are_not_redirected(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code != 302


def test_forms_posted_to_unprefixed_urls_are_not_redirected(client):
    response = client.post("/admin/login/", {}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
