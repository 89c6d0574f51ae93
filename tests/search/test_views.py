"""The search page and the JSON API as a reader and a script use them."""

from __future__ import annotations

import pytest
from django.core.management import call_command


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
    response = client.get("/search/", params)
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
