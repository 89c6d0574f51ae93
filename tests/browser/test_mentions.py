"""Mentions in an article's text are links to their entities, in either interface."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("article", ["arabic", "english"])
def test_mentions_are_links_in_the_articles_own_direction(page, site, language, article):
    path = site.arabic_article if article == "arabic" else site.english_article
    visit(page, site.address(path, language))
    links = page.locator(".article-text a.mention")
    assert links.count() >= 3
    first = links.first
    expected = "rtl" if article == "arabic" else "ltr"
    assert first.evaluate("link => getComputedStyle(link).direction") == expected
    assert first.get_attribute("title")
    assert "/entities/" in first.get_attribute("href")
    screenshot(page, f"mentions-{article}-in-{language}")
    first.click()
    page.wait_for_load_state()
    assert "/entities/" in page.url
