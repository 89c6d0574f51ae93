"""The JSON API (search.api): the same search as the page, in the shape DESIGN.md fixes."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.models import Article
from tests.search.test_views import HOSTILE


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


def test_deleted_article_disappears_from_search(client, imported_seeds):
    Article.objects.filter(language="ar").delete()
    body = client.get("/api/search/", {"q": "الاتصالات", "entities": "off"}).json()
    assert body["count"] == 0


def test_api_search_results_carry_the_article_records_fields(client, tagged_seeds):
    body = client.get("/api/search/", {"q": "Syria التعاون"}).json()
    assert body["results"] and any(result["entities"] for result in body["results"])
    for result in body["results"]:
        record = client.get(f"/api/articles/{result['id']}/").json()
        # the record lists suggested tags too, with names and mentions: its confirmed ones
        # are the result's entities
        confirmed = [{key: item[key] for key in ("id", "name", "kind")}
                     for item in record.pop("entities") if item["state"] == "confirmed"]
        assert result.pop("entities") == confirmed
        assert {key: result[key] for key in record if key in result} == {
            key: record[key] for key in result if key in record
        }
        assert set(result) - set(record) == {"snippet", "via_entity", "via_entities"}


def test_api_asked_past_the_last_page_answers_with_the_last_page(client, imported_seeds):
    body = client.get("/api/search/", {"q": "cooperation التعاون", "page": "9999"}).json()
    assert body["count"] > 0 and body["num_pages"] == 1
    assert body["page"] == 1 and len(body["results"]) == body["count"]


def test_api_with_nothing_found_has_no_pages(client, imported_seeds):
    body = client.get("/api/search/", {"q": "zzzqqq", "page": "3"}).json()
    assert (body["count"], body["num_pages"], body["page"], body["results"]) == (0, 0, 3, [])


def test_the_article_record_lists_tags_with_names_state_and_mentions_in_the_body(client, tagged_seeds):
    from archive.editing import tag_reject
    from archive.models import Tag

    story = tagged_seeds["001"]
    rejected = Tag.objects.filter(article=story, state="confirmed").last()
    tag_reject(tag=rejected)
    record = client.get(f"/api/articles/{story.pk}/").json()
    assert record["body"] == story.body
    items = {item["name"]: item for item in record["entities"]}
    assert rejected.entity.name not in items
    for item in record["entities"]:
        assert set(item) == {"id", "name", "names", "kind", "state", "mentions"}
        assert item["state"] in ("confirmed", "suggested") and {"en", "ar"} <= set(item["names"])
        for start, end in item["mentions"]:
            assert 0 <= start < end <= len(record["body"])
    khatib = items["Iyad Al-Khatib"]
    assert "إياد الخطيب" in khatib["names"]["ar"] and "Iyad Al-Khatib" in khatib["names"]["en"]
    assert [record["body"][start:end] for start, end in khatib["mentions"]] == ["Iyad Al-Khatib", "Al-Khatib"]
    assert items["Issa Zarei Pur"]["state"] == "confirmed"
