"""The facets a search counts, one small class each, in one registry (`FACETS`).

A facet knows its index field, its URL parameter, its heading, how its values are ordered
and cut (most common first, top 20; years newest first) and how they are labelled from the
database. The backends count `FACET_FIELDS`, the selectors label and order with the
registry, and the views, templates and API loop over it: no code names a facet but this.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class FacetValue:
    value: str
    label: str  # in the reader's interface language where the value has a name in it
    count: int
    other_label: str = ""  # the name in the other language, shown on hover


class Facet:
    name = ""  # the key in results and the API, and the SearchFilters attribute
    field = ""  # the index field counted and filtered on
    param = ""  # the URL parameter that narrows to a value
    label = ""
    limit = 20

    def labels(self, values: list[str]) -> dict[str, str]:
        """Each value's label; a value left out is not shown (it is gone from the database)."""
        return {value: value for value in values}

    def label_pairs(self, values: list[str]) -> dict[str, tuple[str, str]]:
        """Each value's label and its name in the other language ("" when none)."""
        return {value: (label, "") for value, label in self.labels(values).items()}

    def ordered(self, items: list[FacetValue]) -> list[FacetValue]:
        return items  # as the backend counted them: most common first

    def values(self, counts: list[tuple[str, int]]) -> list[FacetValue]:
        """The backend's (value, count) pairs as the values a reader sees."""
        counts = [(value, count) for value, count in counts if value not in (None, "")]
        if type(self).ordered is Facet.ordered:
            return self._first_labelled(counts)
        return self.ordered(self._labelled(counts))[: self.limit]

    def _labelled(self, counts: list[tuple[str, int]]) -> list[FacetValue]:
        labels = self.label_pairs([value for value, _ in counts])
        return [
            FacetValue(value, labels[value][0], count, labels[value][1])
            for value, count in counts
            if value in labels
        ]

    def _first_labelled(self, counts: list[tuple[str, int]]) -> list[FacetValue]:
        """The first `limit` values that still have a label, in the backend's order, labelling
        only as many as needed: a common word's hits carry thousands of entities, and
        naming them all (with their aliases) cost more than the search at 50,000 articles."""
        items: list[FacetValue] = []
        start = 0
        while len(items) < self.limit and start < len(counts):
            wanted = self.limit - len(items)
            items += self._labelled(counts[start : start + wanted])
            start += wanted
        return items

    def link(self, base, value: FacetValue) -> dict:
        """A link (query string) that narrows `base` (a QueryDict) to the value, or un-narrows
        it when it is the value already chosen."""
        query = base.copy()
        selected = str(value.value) == base.get(self.param, "")
        if selected:
            query.pop(self.param, None)
        else:
            query[self.param] = value.value
        return {"value": value, "selected": selected, "url": "?" + query.urlencode()}


class LanguageFacet(Facet):
    name = field = "language"
    param = "lang"
    label = _("Language")

    def labels(self, values):
        from archive.models import Language

        names = dict(Language.choices)
        return {value: str(names.get(value, value)) for value in values}


class SourceFacet(Facet):
    name = field = param = "source"
    label = _("Source")

    def labels(self, values):
        from archive.models import Source

        names = dict(Source.objects.filter(slug__in=values).values_list("slug", "name"))
        return {value: names.get(value, value) for value in values}


class EntityFacet(Facet):
    name = field = param = "entity"
    label = _("Entity")

    def label_pairs(self, values):
        from django.utils.translation import get_language

        from archive.models import Entity
        from archive.selectors import entity_reader_names

        language = "ar" if (get_language() or "").startswith("ar") else "en"
        ids = [int(value) for value in values if value.isdigit()]
        entities = entity_reader_names(Entity.objects.filter(pk__in=ids), language=language)
        named = {str(entity.pk): entity for entity in entities}
        return {
            value: (named[value].reader_name, named[value].other_name) for value in values if value in named
        }

    def labels(self, values):
        return {value: label for value, (label, _other) in self.label_pairs(values).items()}


class YearFacet(Facet):
    name = field = param = "year"
    label = _("Year")

    def ordered(self, items):
        return sorted(items, key=lambda item: item.value, reverse=True)


FACETS: tuple[Facet, ...] = (LanguageFacet(), SourceFacet(), EntityFacet(), YearFacet())
FACET_FIELDS = tuple(facet.field for facet in FACETS)


def labelled_facets(counted: dict[str, list[tuple[str, int]]]) -> dict[str, list[FacetValue]]:
    """The backend's counts per index field as each facet's values, in registry order."""
    return {facet.name: facet.values(counted[facet.field]) for facet in FACETS if facet.field in counted}
