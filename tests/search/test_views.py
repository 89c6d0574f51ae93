"""The search page and the JSON API as a reader and a script use them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.models import Article


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
    html = client.get("/search/", {"q": "الاتصلات"}).content.decode()
    assert "Did you mean" in html
    assert "?q=%D8%A7%D9%84%D8%A7%D8%AA%D8%B5%D8%A7%D9%84%D8%A7%D8%AA" in html


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
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_long_query_is_truncated_with_a_notice(client, imported_seeds):
    html = client.get("/search/", {"q": "Syria " * 1000}).content.decode()
    assert "only its first 500 characters" in html


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_queries_get_json_or_a_clear_400(client, imported_seeds, params):
    response = client.get("/api/search/", params)
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["errors"]
    else:
        assert set(body) >= {"query", "count", "page", "num_pages", "results", "facets", "suggestion"}


def test_api_search_follows_the_contract(client, imported_seeds):
    body = client.get("/api/search/", {"q": "وزير الاتصالات"}).json()
    assert body["query"] == "وزير الاتصالات"
    assert body["count"] == 2 and body["page"] == 1 and body["num_pages"] == 1
    result = body["results"][0]
    assert set(result) >= {
        "id",
        "title",
        "language",
        "source",
        "published",
        "author",
        "url",
        "origin",
        "link",
        "snippet",
        "entities",
    }
    assert result["origin"].startswith("seeds/")
    assert result["link"].endswith(f"/articles/{result['id']}/")
    assert result["url"] is None
    assert set(body["facets"]) == {"language", "source", "entity", "year"}
    assert body["facets"]["language"] == {"ar": 2}


def test_api_snippet_has_only_mark_tags(client, transactional_db, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(
        "Evil headline about zebras\n\n"
        "The zebras <script>alert(1)</script> and <b>bold</b> zebras again in the text.\n",
        encoding="utf-8",
    )
    call_command("import_seeds", str(path))
    body = client.get("/api/search/", {"q": "zebras"}).json()
    snippet = body["results"][0]["snippet"]
    assert "<mark>zebras</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    page = client.get("/search/", {"q": "zebras"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_api_article_and_entity_records(client, imported_seeds):
    article = imported_seeds["002"]
    body = client.get(f"/api/articles/{article.pk}/").json()
    assert body["title"] == article.title
    assert body["published"] == "2025-11-21"
    assert body["raw_text"] == article.raw_text
    assert client.get("/api/articles/999999/").status_code == 404
    assert client.get("/api/entities/999999/").status_code == 404


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


def test_deleted_article_disappears_from_search(client, imported_seeds):
    Article.objects.filter(language="ar").delete()
    body = client.get("/api/search/", {"q": "الاتصالات", "entities": "off"}).json()
    assert body["count"] == 0


def test_api_search_results_carry_the_article_records_fields(client, tagged_seeds):
    body = client.get("/api/search/", {"q": "Syria التعاون"}).json()
    assert body["results"] and any(result["entities"] for result in body["results"])
    for result in body["results"]:
        record = client.get(f"/api/articles/{result['id']}/").json()
        assert {key: result[key] for key in record if key in result} == {
            key: record[key] for key in result if key in record
        }
        assert set(result) - set(record) == {"snippet", "via_entity"}
