"""Browsing pages: what a reader sees."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from archive.models import Article


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request to an /ar/ page leaves Arabic active in this thread: the next test (and its
    reverse() and form errors) must start in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(gazetteer):
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
    assert re.search(r'<h1 lang="ar" dir="rtl">', html)
    assert re.search(r'<div class="article-text" lang="ar" dir="rtl">', html)
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


def article_order(html: str, seeds) -> list[str]:
    positions = {key: html.find(article.get_absolute_url()) for key, article in seeds.items()}
    return [key for key, position in sorted(positions.items(), key=lambda item: item[1]) if position >= 0]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_articles_come_last_in_either_date_order_and_say_so(client, seeds, sort):
    undated = [key for key, article in seeds.items() if article.published is None]
    assert undated, "the seeds have undated articles"
    html = client.get("/articles/", {"sort": sort}).content.decode()
    order = article_order(html, seeds)
    assert order[-len(undated):] == sorted(order[-len(undated):], key=order.index)
    assert set(order[-len(undated):]) == set(undated)
    dated = [seeds[key].published for key in order if seeds[key].published]
    assert dated == sorted(dated, reverse=sort == "newest")
    assert html.count('class="undated">date unknown<') == len(undated)


def test_article_list_sorts_by_title(client, seeds):
    order = article_order(client.get("/articles/", {"sort": "title"}).content.decode(), seeds)
    assert [seeds[key].title for key in order] == sorted(article.title for article in seeds.values())


def test_empty_parameters_redirect_to_the_canonical_url(client, seeds):
    response = client.get("/articles/?lang=ar&source=&entity=&from=&to=&sort=newest")
    assert response.status_code == 302
    assert response["Location"] == "/articles/?lang=ar&sort=newest"
    assert client.get("/articles/?lang=&source=")["Location"] == "/articles/"
    assert client.get("/ar/articles/?lang=")["Location"] == "/ar/articles/"
    assert client.get("/articles/?lang=ar").status_code == 200


def test_active_filters_are_shown_as_removable_chips_with_clear_all(client, seeds):
    source = seeds["000"].source
    html = client.get("/articles/", {"lang": "en", "source": source.slug, "sort": "oldest"}).content.decode()
    chips = html[html.index('class="chips"'):html.index('class="result-count"')]
    assert "Language:</span> <bdi>English</bdi>" in chips
    assert f"Source:</span> <bdi>{source.name}</bdi>" in chips
    assert f'href="?source={source.slug}&amp;sort=oldest"' in chips  # removes the language
    assert 'href="?lang=en&amp;sort=oldest"' in chips  # removes the source
    assert 'class="chip-clear" href="?sort=oldest"' in chips


def test_an_entity_filter_names_the_entity(client, seeds):
    from archive.models import Entity

    syria = Entity.objects.get(name="Syria")
    html = client.get("/articles/", {"entity": syria.pk}).content.decode()
    assert "Entity:</span> <bdi>Syria</bdi>" in html
    arabic = client.get("/ar/articles/", {"entity": syria.pk}).content.decode()
    assert "<bdi>سوريا</bdi>" in arabic[arabic.index('class="chips"'):]


def test_filters_are_folded_behind_one_control_open_when_one_is_wrong(client, seeds):
    html = client.get("/articles/").content.decode()
    assert '<details class="filter-panel">' in html and "<summary>" in html
    wrong = client.get("/articles/", {"from": "2025-12-31", "to": "2025-01-01"}).content.decode()
    assert '<details class="filter-panel" open>' in wrong


def test_home_language_counts_link_to_their_articles(client, seeds):
    html = client.get("/").content.decode()
    assert '<a href="/articles/?lang=ar">Arabic</a> <span class="count">2</span>' in html
    assert '<a href="/articles/?lang=en">English</a>' in html


def test_article_metadata_comes_right_after_the_title_and_before_the_text(client, seeds):
    article = seeds["002"]
    html = client.get(article.get_absolute_url()).content.decode()
    title, meta = html.index("<h1"), html.index('class="article-meta"')
    text = html.index('class="article-text"')
    assert title < meta < text
    for label in ("Source", "Published", "Author", "Language", "Imported from"):
        assert title < html.index(f"<dt>{label}</dt>") < text


def test_an_undated_article_says_date_unknown(client, seeds):
    article = next(article for article in seeds.values() if article.published is None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<dt>Published</dt>\s*<dd><span class="undated">date unknown</span>\s*</dd>', html)
    assert "date unknown" in html[html.index('class="cite-line"'):]


def test_article_has_a_cite_this_line(client, seeds):
    article = seeds["004"]
    html = client.get(article.get_absolute_url()).content.decode()
    line = html[html.index('class="cite-line"'):]
    line = line[line.index(">") + 1:line.index("</p>")]
    assert line.startswith(f"{article.author}.") if article.author else line.startswith("“")
    assert "The Syrian Observer, 2022-06-15." in line
    assert f"http://testserver{article.get_absolute_url()}" in line


def test_the_print_stylesheet_hides_the_site_furniture():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "archive.css").read_text()
    printed = css[css.index("@media print"):]
    for selector in (".site-header", ".site-footer", ".filter-panel", ".facets"):
        assert selector in printed
