"""Browsing pages: what a reader sees."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(db):
    call_command("import_seeds")
    return {article.origin.split("/")[-1][:3]: article for article in Article.objects.all()}


def test_home_lists_latest_articles_and_sources(client, seeds):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    for article in seeds.values():
        assert article.get_absolute_url() in html
    assert "SANA" in html and "Al-Watan" in html and "The Syrian Observer" in html


def test_article_list_filters_by_language_and_source(client, seeds):
    html = client.get("/articles/", {"lang": "ar"}).content.decode()
    assert seeds["002"].get_absolute_url() in html
    assert seeds["000"].get_absolute_url() not in html
    html = client.get("/articles/", {"source": seeds["000"].source.slug}).content.decode()
    assert seeds["000"].get_absolute_url() in html
    assert seeds["001"].get_absolute_url() not in html


def test_article_list_filters_by_date_range(client, seeds):
    html = client.get("/articles/", {"from": "2025-01-01", "to": "2025-12-31"}).content.decode()
    assert seeds["002"].get_absolute_url() in html
    assert seeds["004"].get_absolute_url() not in html
    assert "1 article" in html


@pytest.mark.parametrize(
    "params",
    [{"from": "yesterday"}, {"to": "2025-13-45"}, {"lang": "fr"}, {"source": "<script>"},
     {"page": "abc"}, {"page": "9999"}, {"from": "2025-12-31", "to": "2025-01-01"}],
)
def test_bad_filter_values_give_a_page_not_an_error(client, seeds, params):
    response = client.get("/articles/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_article_list_paginates(client, seeds, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    html = client.get("/articles/").content.decode()
    assert "Page 1 of 3" in html
    assert 'rel="next"' in html
    html = client.get("/articles/", {"page": 3}).content.decode()
    assert "Page 3 of 3" in html


def test_arabic_article_is_marked_rtl_inside_the_english_page(client, seeds):
    article = seeds["002"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'<article class="article" lang="ar" dir="rtl">', html)
    assert '<time datetime="2025-11-21">' in html
    assert "أخبار سورية" in html and "فريق العمل" in html
    assert html.count("<p>") >= 5
    assert f"/articles/{article.pk}/raw/" in html


def test_english_article_detail_shows_its_fields(client, seeds):
    article = seeds["004"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'lang="en" dir="ltr"' in html
    assert '<time datetime="2022-06-15">' in html
    assert "The Syrian Observer" in html
    assert "has not verified the content" not in html


def test_raw_text_is_served_exactly_as_imported(client, seeds):
    article = seeds["003"]
    response = client.get(f"/articles/{article.pk}/raw/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == article.raw_text
    assert "زر الذهاب إلى الأعلى" in response.content.decode()


def test_source_page_lists_its_articles(client, seeds):
    source = seeds["003"].source
    html = client.get(source.get_absolute_url()).content.decode()
    assert seeds["003"].get_absolute_url() in html
    assert "الوطن" in html


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/999999/").status_code == 404


def test_html_in_imported_text_is_escaped(client, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(
        "<script>alert('x')</script> Evil headline here\n\n"
        "Body with <b>bold</b> and <img src=x onerror=alert(1)> in the text of the article.\n",
        encoding="utf-8",
    )
    call_command("import_seeds", str(path))
    article = Article.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    listing = client.get("/articles/").content.decode()
    assert "<script>alert" not in listing
