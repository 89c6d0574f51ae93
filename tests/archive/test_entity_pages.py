"""Entity pages and the entity side of article pages, as a reader sees them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from archive import editing
from archive.models import Entity


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request to an /ar/ page leaves Arabic active in this thread: the next test (and its
    reverse() and form errors) must start in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def entity(name: str) -> Entity:
    return Entity.objects.get(name=name)


def test_entity_page_shows_names_in_both_languages_kind_articles_and_company(client, tagged_seeds):
    khatib = entity("Iyad Al-Khatib")
    html = client.get(khatib.get_absolute_url()).content.decode()
    assert '<li lang="ar" dir="rtl">إياد الخطيب</li>' in html
    assert '<li lang="en" dir="ltr">Iyad Al-Khatib</li>' in html
    assert "person" in html
    for key in ("001", "003"):  # the English and the Arabic article
        assert tagged_seeds[key].get_absolute_url() in html
    assert "2 articles" in html and "1 in Arabic, 1 in English" in html
    assert "Often mentioned with" in html and entity("Syria").get_absolute_url() in html
    assert f'src="/entities/{khatib.pk}/chart.png"' in html
    assert "2 articles without a date are not in the chart." in html


def test_entity_chart_is_a_png(client, tagged_seeds):
    response = client.get(f"/entities/{entity('Syria').pk}/chart.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    empty = client.get(f"/entities/{entity('Iyad Al-Khatib').pk}/chart.png")  # no dated article
    assert empty.content.startswith(b"\x89PNG")


def test_a_merged_entity_and_its_chart_redirect(client, tagged_seeds):
    port, city = entity("Lattakia port"), entity("Lattakia")
    editing.entity_merge(entities=[port], into=city)
    assert client.get(f"/entities/{port.pk}/")["Location"] == city.get_absolute_url()
    assert client.get(f"/entities/{port.pk}/chart.png")["Location"] == f"/entities/{city.pk}/chart.png"
    assert client.get("/entities/999999/chart.png").status_code == 404


def test_article_page_links_its_entities_and_related_articles_in_both_languages(client, tagged_seeds):
    html = client.get(tagged_seeds["001"].get_absolute_url()).content.decode()
    assert entity("Iyad Al-Khatib").get_absolute_url() in html
    related = html[html.index('id="related-heading"'):]
    arabic = tagged_seeds["003"]
    assert re.search(rf'<a href="{arabic.get_absolute_url()}" lang="ar" dir="rtl">', related)
    assert "shared entities" in related


def test_a_suggested_entity_is_not_shown_on_articles(client, tagged_seeds):
    story = tagged_seeds["000"]
    suggestion = editing.entities_suggest(names=["Nadia Karam"])["Nadia Karam"]
    story.tags.create(entity=suggestion, origin="auto", state="suggested", mentions=1)
    assert "Nadia Karam" not in client.get(story.get_absolute_url()).content.decode()
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert "Suggested: an editor has not confirmed" in page


def test_entity_names_follow_the_reader_interface_language(client, tagged_seeds):
    syria = entity("Syria")
    english = client.get(f"/entities/{syria.pk}/").content.decode()
    arabic = client.get(f"/ar/entities/{syria.pk}/").content.decode()
    assert '<h1><bdi lang="en">Syria</bdi> · <bdi lang="ar" class="other-name">سوريا</bdi>' in english
    assert '<h1><bdi lang="ar">سوريا</bdi> · <bdi lang="en" class="other-name">Syria</bdi>' in arabic
    article = client.get(f"/ar/articles/{tagged_seeds['002'].pk}/").content.decode()
    entities = article[article.index('id="entities-heading"'):]
    assert '<bdi lang="ar" title="Syria">سوريا</bdi>' in entities
    home = client.get("/ar/").content.decode()
    assert '<bdi lang="ar" title="Syria">سوريا</bdi>' in home


def test_an_entity_without_a_name_in_the_reader_language_keeps_its_own(client, tagged_seeds):
    khatib = entity("Iyad Al-Khatib")
    khatib.aliases.filter(language="ar").delete()
    html = client.get(f"/ar/entities/{khatib.pk}/").content.decode()
    assert '<h1><bdi lang="en">Iyad Al-Khatib</bdi> <span class="kind">' in html


def test_the_chart_is_validated_by_the_entity_revision(client, tagged_seeds, django_assert_max_num_queries):
    syria = entity("Syria")
    url = f"/entities/{syria.pk}/chart.png"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "no-cache"
    with django_assert_max_num_queries(4):  # the entity and its revision: no drawing
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get(url)["ETag"] == etag
    assert client.get("/ar" + url)["ETag"] != etag  # Arabic labels: another picture
    assert editing.entity_alias_add(entity=syria, name="سورية الكبرى", language="ar")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    tag = syria.tags.first()
    editing.tag_reject(tag=tag)
    assert client.get(url)["ETag"] != changed["ETag"]


def test_entity_index_lists_entities_by_kind_with_counts_in_both_languages(client, tagged_seeds):
    html = client.get("/entities/").content.decode()
    syria = entity("Syria")
    row = html[html.index(f'href="{syria.get_absolute_url()}"'):]
    row = row[:row.index("</tr>")]
    assert '<bdi lang="en">Syria</bdi>' in row and '<bdi lang="ar">سوريا</bdi>' in row and "place" in row
    assert f'<td class="number">{syria.tags.filter(state="confirmed").count()}</td>' in row
    people = client.get("/entities/", {"kind": "person"}).content.decode()
    assert entity("Iyad Al-Khatib").get_absolute_url() in people and syria.get_absolute_url() not in people
    assert 'aria-current="true" class="selected">person</a>' in people


@pytest.mark.parametrize("query", ["syria", "SYRIA", "سوريا", "سوريأ", "khatib", "الخطيب"])
def test_entity_index_is_searchable_with_the_folding_of_search(client, tagged_seeds, query):
    html = client.get("/entities/", {"q": query}).content.decode()
    expected = entity("Iyad Al-Khatib") if query in ("khatib", "الخطيب") else entity("Syria")
    assert expected.get_absolute_url() in html
    assert entity("Damascus").get_absolute_url() not in html


def test_entity_index_paginates_and_drops_empty_parameters(client, tagged_seeds, settings):
    settings.ARCHIVE_PAGE_SIZE = 3
    html = client.get("/entities/").content.decode()
    assert html.count('<td class="number">') == 3 and "Page 1 of" in html
    assert client.get("/entities/?q=&kind=place")["Location"] == "/entities/?kind=place"


def test_source_index_shows_counts_languages_and_date_ranges(client, tagged_seeds):
    html = client.get("/sources/").content.decode()
    source = tagged_seeds["004"].source
    row = html[html.index(f'href="{source.get_absolute_url()}"'):]
    row = row[:row.index("</tr>")]
    assert f'href="/articles/?source={source.slug}&amp;lang=en"' in row
    assert '<time datetime="2022-06-15">' in row
    arabic = client.get("/ar/sources/").content.decode()
    assert "المصادر" in arabic and 'dir="rtl"' in arabic
