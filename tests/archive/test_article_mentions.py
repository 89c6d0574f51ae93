"""The article page links each mention of a confirmed entity, titled in the reader's language."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from archive.models import Article, Entity, Tag
from archive.tagging import articles_tag


@pytest.fixture(autouse=True)
def _english_afterwards():
    # A request to /ar/ leaves Arabic active in this thread: later tests' URLs would be /ar/.
    yield
    translation.activate("en")


MENTION = re.compile(r'<a class="mention" href="([^"]+)" title="([^"]*)">(.*?)</a>')


def mentions_on(client, url: str) -> list[tuple[str, str, str]]:
    return [tuple(map(html.unescape, found)) for found in MENTION.findall(client.get(url).content.decode())]


def test_every_mention_in_the_body_links_to_its_entity(client, tagged_seeds):
    story = tagged_seeds["001"]
    khatib = Entity.objects.get(name="Iyad Al-Khatib")
    khatib_url = khatib.get_absolute_url()
    links = mentions_on(client, story.get_absolute_url())
    assert (khatib.get_absolute_url(), "Iyad Al-Khatib", "Iyad Al-Khatib") in links
    assert (khatib.get_absolute_url(), "Iyad Al-Khatib", "Al-Khatib") in links
    spans = sum(len(tag.spans) for tag in Tag.objects.filter(article=story, state="confirmed"))
    assert len(links) == spans
    # the Arabic interface titles the same links with the Arabic name
    arabic = mentions_on(client, "/ar" + story.get_absolute_url())
    assert ("/ar" + khatib_url, "إياد الخطيب", "Al-Khatib") in arabic


def test_the_body_stays_escaped_and_whole_around_the_links(client, gazetteer):
    body = "<b>Talks</b> in Damascus & Aleppo.\n\nSecond paragraph."
    story = Article.objects.create(title="T", body=body, raw_text=body, language="en", fingerprint="esc")
    articles_tag(article_ids=[story.pk])
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<b>Talks</b>" not in page and "&lt;b&gt;Talks&lt;/b&gt; in <a class=\"mention\"" in page
    assert re.search(r">Damascus</a> &amp; <a class=\"mention\" [^>]+>Aleppo</a>.</p>", page)
    assert "<p>Second paragraph.</p>" in page
