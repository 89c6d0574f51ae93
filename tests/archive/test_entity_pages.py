"""Entity pages and the entity side of article pages, as a reader sees them."""

from __future__ import annotations

import re

from archive import editing
from archive.models import Entity


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
