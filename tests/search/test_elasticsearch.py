"""The Elasticsearch backend's mapping and request bodies (no server runs here)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from haystack import connections

from search.elasticsearch import (
    FOLDING_ANALYZER,
    INDEX_SETTINGS,
    ArchiveElasticsearchSearchBackend,
    process_response,
    search_body,
)
from search.query import SearchFilters
from search.text.query_syntax import parse_user_query

pytest.importorskip("elasticsearch", reason="the elasticsearch extra is not installed")


@pytest.fixture(scope="module")
def mapping():
    backend = ArchiveElasticsearchSearchBackend("default", URL="http://127.0.0.1:9200/", INDEX_NAME="t")
    fields = connections["default"].get_unified_index().all_searchfields()
    return backend.build_schema(fields)


def test_text_fields_get_arabic_and_english_analysis_and_facets_stay_keywords(mapping):
    content_field, properties = mapping
    assert content_field == "text"
    for name in ("text", "title", "entity_names"):
        assert properties[name]["analyzer"] == FOLDING_ANALYZER
        assert properties[name]["fields"] == {
            "ar": {"type": "text", "analyzer": "arabic"},
            "en": {"type": "text", "analyzer": "english"},
        }
    assert properties["exact"] == {"type": "text", "analyzer": FOLDING_ANALYZER}
    for name in ("language", "source", "entity", "year", "revision"):
        assert properties[name] == {"type": "keyword"}
    assert properties["published"] == {"type": "date"}
    assert properties["url"]["index"] is False


def test_the_folding_analyzer_normalises_arabic_and_digits_without_stemming():
    analyzer = INDEX_SETTINGS["settings"]["analysis"]["analyzer"][FOLDING_ANALYZER]
    assert analyzer["filter"] == ["lowercase", "decimal_digit", "arabic_normalization"]


def test_a_search_page_asks_for_every_word_in_both_languages_with_facets_and_marks():
    body = search_body(
        parse_user_query('وزير الاتصالات "cyber security" -Iran'),
        filters=SearchFilters(language="ar", source="sana", date_from=date(2015, 7, 1)),
        facets=("language", "source", "entity", "year"),
        sort_by=["-published"],
        start_offset=20,
        end_offset=40,
        highlight=True,
    )
    query = body["query"]["bool"]
    words = query["must"][0]["bool"]
    assert [clause["multi_match"]["query"] for clause in words["must"]] == [
        "وزير",
        "الاتصالات",
        "cyber security",
    ]
    assert words["must"][2]["multi_match"]["type"] == "phrase"
    assert words["must_not"][0]["multi_match"]["query"] == "Iran"
    fields = words["must"][0]["multi_match"]["fields"]
    assert {"title.ar^1", "title.en^1", "text.ar^1", "text.en^1", "exact_title^0.5"} <= set(fields)
    assert not any(field.startswith("exact^") for field in fields)
    assert "entity_names.ar^0.7" in fields
    own = query["should"][0]["bool"]
    assert own["_name"] == "own" and not any(
        "entity_names" in f for f in own["must"][0]["multi_match"]["fields"]
    )
    assert query["filter"] == [
        {"term": {"django_ct": "archive.article"}},
        {"term": {"language": "ar"}},
        {"term": {"source": "sana"}},
        {"range": {"published": {"gte": "2015-07-01"}}},
    ]
    assert (body["from"], body["size"]) == (20, 20)
    assert body["sort"] == [{"published": {"order": "desc"}}]
    assert set(body["aggs"]) == {"language", "source", "entity", "year"}
    assert body["highlight"]["encoder"] == "html"
    assert (body["highlight"]["pre_tags"], body["highlight"]["post_tags"]) == (["<mark>"], ["</mark>"])
    assert body["suggest"]["spelling"]["term"]["field"] == "exact"


def test_exact_search_without_entities_uses_only_the_unstemmed_fields():
    body = search_body(parse_user_query("الاتصالات"), exact=True, entities=False)
    fields = body["query"]["bool"]["must"][0]["bool"]["must"][0]["multi_match"]["fields"]
    assert fields == ["exact_title^1", "exact^1"]


def test_relaxed_search_needs_any_word_and_an_empty_query_asks_nothing():
    body = search_body(parse_user_query("cocoa bahia"), require_all=False)
    words = body["query"]["bool"]["must"][0]["bool"]
    assert words["minimum_should_match"] == 1 and len(words["should"]) == 2
    assert search_body(parse_user_query("-cocoa")) is None


def test_a_response_becomes_results_facets_marks_and_a_suggestion():
    raw = {
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {"_score": 3.5, "matched_queries": ["own"],
                 "highlight": {"text.ar": ["وزير <mark>الاتصالات</mark>"]},
                 "_source": {"django_ct": "archive.article", "django_id": "7", "id": "archive.article.7",
                             "title": "وزير الاتصالات", "language": "ar"}},
                {"_score": 1.0, "highlight": {},
                 "_source": {"django_ct": "archive.article", "django_id": "9", "id": "archive.article.9"}},
            ],
        },
        "aggregations": {"language": {"buckets": [{"key": "ar", "doc_count": 2}]}},
        "suggest": {"spelling": [{"text": "الاتصلات", "options": [{"text": "الاتصالات", "score": 0.8}]}]},
    }  # fmt: skip
    outcome = process_response(raw, parse_user_query("وزير الاتصلات"))
    first, second = outcome["results"]
    assert (first.pk, first.highlighted["text"][0], first.via_entity) == (
        "7",
        "وزير <mark>الاتصالات</mark>",
        False,
    )
    assert (second.pk, second.via_entity) == ("9", True)
    assert outcome["hits"] == 2
    assert outcome["facets"]["fields"]["language"] == [("ar", 2)]
    assert outcome["spelling_suggestion"] == "وزير الاتصالات"


def test_a_combination_facet_is_a_nested_aggregation_counted_back_as_pairs():
    body = search_body(parse_user_query("cocoa"), facets=("language", ("year", "language")))
    assert body["aggs"]["year/language"] == {
        "terms": {"field": "year", "size": 50},
        "aggs": {"language": {"terms": {"field": "language", "size": 50}}},
    }
    language = {"buckets": [{"key": "en", "doc_count": 3}, {"key": "ar", "doc_count": 1}]}
    years = {"buckets": [
        {"key": "2024", "doc_count": 1, "language": {"buckets": [{"key": "ar", "doc_count": 1}]}},
        {"key": "2025", "doc_count": 3, "language": {"buckets": [{"key": "en", "doc_count": 3}]}},
    ]}  # fmt: skip
    raw = {"hits": {"total": 4, "hits": []}, "aggregations": {"language": language, "year/language": years}}
    counted = process_response(raw, parse_user_query("cocoa"))["facets"]["fields"]
    assert counted["language"] == [("en", 3), ("ar", 1)]
    assert counted[("year", "language")] == [(("2025", "en"), 3), (("2024", "ar"), 1)]


def test_the_environment_switches_the_archive_to_elasticsearch(tmp_path):
    script = (
        "import django; django.setup(); from haystack import connections; "
        "backend = connections['default'].get_backend(); "
        "print(type(backend).__name__, backend.conn.transport.hosts[0]['host'], backend.index_name)"
    )
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "ARCHIVE_DATA_DIR": str(tmp_path),
        "SEARCH_ENGINE": "elasticsearch", "SEARCH_URL": "http://search.internal:9200/",
    }  # fmt: skip
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == ["ArchiveElasticsearchSearchBackend", "search.internal", "news_archive"]
