"""The search page and the JSON API as a reader and a script use them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request to an /ar/ page leaves Arabic active in this thread: the next test (and its
    reverse() and form errors) must start in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_search_page_shows_results_with_snippets_and_facets(client, imported_seeds):
    html = client.get("/search/", {"q": "الاتصالات", "entities": "off"}).content.decode()
    assert "2 results" in html
    assert 'lang="ar" dir="rtl"' in html
    assert "<mark>" in html
    assert "Language" in html and "Arabic" in html
    assert "?q=%D8%A7%D9%84%D8%A7%D8%AA%D8%B5%D8%A7%D9%84%D8%A7%D8%AA&amp;entities=off&amp;lang=ar" in html


def test_facet_link_narrows_and_is_shareable(client, imported_seeds):
    html = client.get("/search/", {"q": "cooperation التعاون", "lang": "ar"}).content.decode()
    assert "2 results" in html
    assert 'aria-current="true"' in html


def test_did_you_mean_links_to_the_corrected_query(client, imported_seeds):
    html = client.get("/search/", {"q": "الاتصلات", "original": "1"}).content.decode()
    assert "Did you mean" in html
    assert "?q=%D8%A7%D9%84%D8%A7%D8%AA%D8%B5%D8%A7%D9%84%D8%A7%D8%AA" in html
    shown = client.get("/search/", {"q": "الاتصلات"}).content.decode()  # no hits: the correction's at once
    assert "Showing results for" in shown
    assert "?q=%D8%A7%D9%84%D8%A7%D8%AA%D8%B5%D8%A7%D9%84%D8%A7%D8%AA" in shown


HOSTILE = [
    {"q": ""},
    {"q": "a"},
    {"q": "x" * 5000},
    {"q": '"unbalanced'},
    {"q": "*"},
    {"q": "a*"},
    {"q": "AND OR NOT"},
    {"q": "- + ! ( ) { } [ ] ^ ~ : \\"},
    {"q": "nul\x00byte"},
    {"q": "Syria", "page": "9999"},
    {"q": "Syria", "page": "abc"},
    {"q": "Syria", "page": "-1"},
    {"q": "Syria", "lang": "xx"},
    {"q": "Syria", "source": "<script>alert(1)</script>"},
    {"q": "Syria", "entity": "not-a-number"},
    {"q": "Syria", "from": "2025-02-30"},
    {"q": "Syria", "to": "yesterday"},
    {"q": "Syria", "sort": "random"},
    {"q": "Syria", "year": "99999"},
    {"q": "<script>alert(1)</script>"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_queries_never_break_the_page(client, imported_seeds, params):
    response = client.get("/search/", params, follow=True)  # an empty q goes to the URL without it
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_long_query_is_truncated_with_a_notice(client, imported_seeds):
    html = client.get("/search/", {"q": "Syria " * 1000}).content.decode()
    assert "only its first 500 characters" in html


def test_search_archive_command_prints_results(imported_seeds, capsys):
    call_command("search_archive", "الاتصالات", "--lang", "ar")
    out = capsys.readouterr().out
    assert "search_archive: 2 results" in out
    assert "اتفاقيات تقنية جديدة" in out


def test_search_archive_shape_reorders_arabic_for_dumb_terminals(imported_seeds, capsys):
    call_command("search_archive", "الاتصالات", "--shape", "--lang", "ar")
    out = capsys.readouterr().out
    # Presentation forms (U+FE70–U+FEFF) appear only after reshaping.
    assert any("\ufe70" <= ch <= "\ufeff" for ch in out)
    assert "search_archive: 2 results" in out


def result_of(html: str, article) -> str:
    start = html.index(f'<a href="{article.get_absolute_url()}">')
    return html[start : html.index("</li>", start)]


def test_a_hit_through_an_entity_names_it_and_marks_it_in_the_snippet(client, imported_seeds):
    english = imported_seeds["004"]
    html = client.get("/search/", {"q": "روسيا"}).content.decode()
    hit = result_of(html, english)
    via = (
        '<span class="via-entity">found through a tagged entity: '
        '<bdi lang="en">Russia</bdi> / <bdi lang="ar">روسيا</bdi>'
    )
    assert via in hit
    assert re.search(r"<mark>Russia(n)?</mark>", hit)  # the entity's name as the article writes it
    arabic = client.get(f"/ar/search/?q={quote('روسيا')}").content.decode()
    hit = result_of(arabic, english)
    assert '<bdi lang="ar">روسيا</bdi> / <bdi lang="en">Russia</bdi>' in hit


def test_the_api_says_which_entity_brought_a_hit(client, imported_seeds):
    body = client.get("/api/search/", {"q": "روسيا"}).json()
    through = [result for result in body["results"] if result["via_entity"]]
    assert through and all(result["via_entities"] for result in through)
    assert {"Russia"} <= {entity["name"] for result in through for entity in result["via_entities"]}
    assert all(not result["via_entities"] for result in body["results"] if not result["via_entity"])


def test_the_search_page_has_one_search_box_and_folded_filters(client, imported_seeds):
    html = client.get("/search/", {"q": "Syria"}).content.decode()
    assert html.count('type="search"') == 1
    assert '<details class="filter-panel">' in html
    assert "quick-q" not in html
    assert 'id="quick-q"' in client.get("/").content.decode()


def test_empty_search_parameters_redirect_to_the_canonical_url(client, imported_seeds):
    response = client.get("/search/?q=Syria&lang=&source=&entity=&from=&to=&sort=relevance&entities=on")
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Syria&sort=relevance&entities=on"


def test_search_chips_remove_one_filter_and_clear_all_keeps_the_query(client, imported_seeds):
    html = client.get("/search/", {"q": "Syria", "lang": "en", "exact": "on"}).content.decode()
    chips = html[html.index('class="chips"') :]
    assert "Language:</span> <bdi>English</bdi>" in chips and "Exact word forms only" in chips
    assert 'href="?q=Syria&amp;exact=on"' in chips and 'href="?q=Syria&amp;lang=en"' in chips
    assert 'class="chip-clear" href="?q=Syria"' in chips


def test_entity_facets_are_labelled_in_the_reader_language(client, imported_seeds):
    english = client.get("/search/", {"q": "Syria"}).content.decode()
    arabic = client.get(f"/ar/search/?q={quote('Syria')}").content.decode()
    assert 'title="سوريا"><bdi>Syria</bdi></a>' in english
    assert 'title="Syria"><bdi>سوريا</bdi></a>' in arabic


def test_api_facets_keep_their_counts_and_carry_labels(client, imported_seeds):
    body = client.get("/api/search/", {"q": "Syria"}).json()
    from archive.models import Entity, Source

    syria = str(Entity.objects.get(name="Syria").pk)
    assert body["facets"]["entity"][syria] >= 1  # the existing shape: value -> count
    assert body["facet_labels"]["entity"][syria] == "Syria"
    names = {"ar": "Arabic", "en": "English"}
    assert body["facet_labels"]["language"] == {code: names[code] for code in body["facets"]["language"]}
    slug = next(iter(body["facets"]["source"]))
    assert body["facet_labels"]["source"][slug] == Source.objects.get(slug=slug).name
    arabic = client.get("/api/search/", {"q": "Syria"}, HTTP_ACCEPT_LANGUAGE="ar").json()
    assert arabic["facet_labels"]["entity"][syria] == "سوريا"


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_hits_come_last_in_either_date_order(client, imported_seeds, sort):
    for path in ("/search/", "/api/search/"):
        response = client.get(path, {"q": "Syria سوريا", "sort": sort, "entities": "off"})
        if path.startswith("/api/"):
            dates = [result["published"] for result in response.json()["results"]]
        else:
            html = response.content.decode()
            dates = re.findall(r'<time datetime="([\d-]+)">|class="undated"', html)
            dates = [found or None for found in dates]
        assert None in dates and dates[dates.index(None) :] == [None] * dates.count(None), (path, dates)
        dated = [found for found in dates if found]
        assert dated == sorted(dated, reverse=sort == "newest")


def test_the_histogram_splits_years_by_language_and_links_each_to_its_dates(client, imported_seeds):
    html = client.get("/search/", {"q": "Syria سوريا"}).content.decode()
    figure = html[html.index('<figure class="histogram">') : html.index("</figure>")]
    assert 'class="bar bar-ar"' in figure and 'class="bar bar-en"' in figure
    assert 'href="?q=Syria+%D8%B3%D9%88%D8%B1%D9%8A%D8%A7&amp;from=2025-01-01&amp;to=2025-12-31"' in figure
    assert "style=" not in figure
    narrowed = client.get("/search/", {"q": "Syria سوريا", "from": "2025-01-01", "to": "2025-12-31"})
    narrowed = narrowed.content.decode()
    assert all(year.startswith("2025") for year in re.findall(r'<time datetime="([\d-]+)">', narrowed))


def test_the_histogram_counts_the_hits_shown_not_each_language_searched_on_its_own(client, imported_seeds):
    # One English article has both words; searched language by language, the Arabic half
    # had none with both and relaxed to either word, and the histogram counted those too.
    html = client.get("/search/", {"q": "according Syria"}).content.decode()
    assert re.search(r'class="result-count"[^>]*>1 result<', html)
    results = html.split('class="results')[1]
    shown = Counter(year[:4] for year in re.findall(r'<time datetime="([\d-]+)">', results))
    figure = html[html.index('<figure class="histogram">') : html.index("</figure>")]
    bars = re.findall(r'aria-label="(\d{4}): (\d+) results?"', figure)
    bars = Counter({year: int(count) for year, count in bars})
    assert +bars == shown
    assert 'class="bar bar-ar"' not in figure


def filter_panel_of(html: str) -> str:
    return html[html.index('<details class="filter-panel"') : html.index("</details>")]


def test_the_filter_panel_kept_between_searches_shows_each_searchs_own_state(client, imported_seeds):
    from archive.models import Source

    source = Source.objects.order_by("name").first()
    chosen = filter_panel_of(client.get("/search/", {"q": "Syria", "source": source.slug}).content.decode())
    assert f'<option value="{source.slug}" selected>' in chosen and '<span class="count">1</span>' in chosen
    plain = filter_panel_of(client.get("/search/", {"q": "Iran"}).content.decode())
    assert f'<option value="{source.slug}">' in plain and '<option value="" selected>' in plain
    assert '<span class="count">' not in plain
    wrong = filter_panel_of(
        client.get("/search/", {"q": "Iran", "from": "2025-02-01", "to": "2025-01-01"}).content.decode()
    )
    assert (
        "The end date is before the start date." in wrong and '<details class="filter-panel" open>' in wrong
    )
    Source.objects.filter(pk=source.pk).update(name="Renamed Outlet")
    assert "Renamed Outlet" in filter_panel_of(client.get("/search/", {"q": "Iran"}).content.decode())
    arabic = filter_panel_of(client.get(f"/ar/search/?q={quote('Iran')}").content.decode())
    assert "كل المصادر" in arabic


def test_the_search_pages_filter_panel_is_the_article_lists(client, imported_seeds):
    """The search page keeps its rendered panel; the article list renders the same template
    afresh: for the fields they share, the two must not drift apart."""
    query = {"lang": "en", "from": "2020-01-01", "sort": "newest"}
    searched = filter_panel_of(client.get("/search/", {"q": "Syria", **query}).content.decode())
    listed = filter_panel_of(client.get("/articles/", query).content.decode())
    for name in ("lang", "source", "from"):
        field = re.search(rf'<div class="field">\s*<label for="id_{name}">.*?</div>', listed, re.S)
        assert field and field.group(0) in searched, name


def test_the_histogram_names_each_bar_in_the_readers_language(client, imported_seeds):
    html = client.get(f"/ar/search/?q={quote('Syria سوريا')}").content.decode()
    figure = html[html.index('<figure class="histogram">') : html.index("</figure>")]
    labels = re.findall(r'role="listitem" aria-label="([^"]+)">\s*<title>([^<]+)</title>', figure)
    assert labels and all(label.startswith(title.split(":")[0] + ":") for label, title in labels)
    assert any("العربية" in title for _, title in labels) and any(
        "الإنجليزية" in title for _, title in labels
    )
    assert all("result" not in label for label, _ in labels)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_export_has_every_page_of_the_result_set_with_both_scripts(client, imported_seeds, settings):
    response = client.get("/search/export.csv", {"q": "Syria سوريا", "page": "2"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="search.csv"' == response["Content-Disposition"]
    rows = csv_rows(response)
    page = client.get("/api/search/", {"q": "Syria سوريا"}).json()
    assert len(rows) == page["count"]
    assert [int(row["id"]) for row in rows] == [result["id"] for result in page["results"]]
    assert any("سوريا" in row["title"] or "سوري" in row["title"] for row in rows)
    assert {row["language"] for row in rows} == {"ar", "en"}


def test_exports_read_the_results_in_chunks_and_keep_the_filters(client, imported_seeds, monkeypatch):
    from search import selectors

    original = selectors.article_search_all
    monkeypatch.setattr("search.views.article_search_all", lambda *, params: original(params=params, chunk=1))
    every = csv_rows(client.get("/search/export.csv", {"q": "Syria سوريا"}))
    assert len(every) >= 3
    arabic = client.get("/search/export.jsonl", {"q": "Syria سوريا", "lang": "ar"})
    lines = b"".join(arabic.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert records and {record["language"] for record in records} == {"ar"}
    arabic_rows = {int(row["id"]) for row in every if row["language"] == "ar"}
    assert {record["id"] for record in records} == arabic_rows
    assert all(record["link"].startswith("http://testserver/articles/") for record in records)


def test_atom_feed_of_a_search_lists_the_newest_matches(client, imported_seeds):
    response = client.get("/search/feed.atom", {"q": "Syria سوريا", "sort": "oldest"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("atom:entry", ns)
    page = client.get("/api/search/", {"q": "Syria سوريا", "sort": "newest"}).json()
    assert [entry.find("atom:title", ns).text for entry in entries] == [r["title"] for r in page["results"]]
    assert "Syria سوريا" in feed.find("atom:title", ns).text
    html = client.get("/search/", {"q": "Syria"}).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html and "/search/feed.atom?q=Syria" in html
