"""The facet registry (search.facets): what each facet shows of the backend's counts."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from archive.models import Entity, Source
from search.facets import (
    FACET_FIELDS,
    FACETS,
    EntityFacet,
    FacetValue,
    LanguageFacet,
    SourceFacet,
    YearFacet,
    labelled_facets,
)


def shown(facet, counts) -> list[tuple[str, str, int]]:
    return [(item.value, item.label, item.count) for item in facet.values(counts)]


def test_the_registry_names_the_four_facets_once():
    assert [facet.name for facet in FACETS] == ["language", "source", "entity", "year"]
    assert FACET_FIELDS == ("language", "source", "entity", "year")
    assert [facet.param for facet in FACETS] == ["lang", "source", "entity", "year"]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([("en", 3), ("ar", 1)], [("en", "English", 3), ("ar", "Arabic", 1)]),
        ([("", 4), (None, 2), ("ar", 1)], [("ar", "Arabic", 1)]),
        ([("xx", 1)], [("xx", "xx", 1)]),
    ],
)
def test_languages_are_labelled_by_their_names(db, counts, expected):
    assert shown(LanguageFacet(), counts) == expected


def test_sources_are_labelled_by_name_or_keep_their_slug(db):
    Source.objects.create(name="SANA", slug="sana")
    assert shown(SourceFacet(), [("sana", 2), ("gone", 1)]) == [("sana", "SANA", 2), ("gone", "gone", 1)]


def test_entities_gone_from_the_database_are_left_out(db):
    entity = Entity.objects.create(name="Quokka Island Council", kind="organisation")
    counts = [(str(entity.pk), 3), ("999999", 2), ("not-a-number", 1)]
    assert shown(EntityFacet(), counts) == [(str(entity.pk), "Quokka Island Council", 3)]


def test_a_facet_shows_the_twenty_most_common_values(db):
    counts = [(f"source-{number:02d}", 100 - number) for number in range(30)]
    assert [item.value for item in SourceFacet().values(counts)] == [value for value, _ in counts[:20]]


def test_entities_named_are_the_twenty_most_common_still_in_the_database(db, monkeypatch):
    kept = [Entity.objects.create(name=f"Entity {number:02d}", kind="organisation") for number in range(40)]
    gone = [999_000 + number for number in range(10)]
    # Gone entities among the most common push later ones into the twenty shown.
    order = [
        kept[0].pk,
        *gone[:5],
        *[entity.pk for entity in kept[1:25]],
        *gone[5:],
        *[e.pk for e in kept[25:]],
    ]
    counts = [(str(pk), 1000 - rank) for rank, pk in enumerate(order)]
    asked = []
    label_pairs = EntityFacet.label_pairs
    monkeypatch.setattr(
        EntityFacet, "label_pairs", lambda self, values: asked.extend(values) or label_pairs(self, values)
    )
    assert [item.value for item in EntityFacet().values(counts)] == [
        str(pk) for pk in order if pk not in gone
    ][:20]
    # Only the entities needed were looked up (with their aliases), not every one counted.
    assert set(asked) == {value for value, _ in counts[:25]}


def test_years_show_the_twenty_newest():
    counts = sorted(((str(year), year % 7 + 1) for year in range(1990, 2030)), key=lambda item: -item[1])
    years = [item.value for item in YearFacet().values(counts)]
    assert years == [str(year) for year in range(2029, 2009, -1)]


@pytest.mark.parametrize(
    ("query", "value", "selected", "url"),
    [
        ("q=zebra", "ar", False, "?q=zebra&lang=ar"),
        ("q=zebra&lang=en", "ar", False, "?q=zebra&lang=ar"),
        ("q=zebra&lang=ar", "ar", True, "?q=zebra"),
    ],
)
def test_a_facet_link_narrows_or_un_narrows(query, value, selected, url):
    link = LanguageFacet().link(QueryDict(query), FacetValue(value, value, 1))
    assert (link["selected"], link["url"]) == (selected, url)


def test_labelled_facets_follow_the_registry_and_skip_uncounted(db):
    labelled = labelled_facets({"year": [("2022", 1)], "language": [("ar", 2)]})
    assert list(labelled) == ["language", "year"]
