"""The country a story is about when it names only a city or a national body (pure functions).

A wire story filed from NEW YORK is about the United States, though it may never write the
country's name; one about the Bank of Japan or the Federal Reserve is about Japan or the
United States. A city named in the body is not enough (a story about the London metal market
is not about Britain), so a city links its country only from the dateline, a national body
from anywhere in the story. The links come from the gazetteer's data (world_gazetteer.json's
`country`), as entity ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PLACE = "place"


@dataclass(frozen=True)
class CountryLinks:
    of_city: Mapping[int, int] = field(default_factory=dict)  # a city -> its country
    of_body: Mapping[int, int] = field(default_factory=dict)  # a national body -> its country

    @classmethod
    def of(cls, links: Iterable[tuple[int, str, int]]) -> CountryLinks:
        """links: (entity id, entity kind, its country's entity id)."""
        of_city, of_body = {}, {}
        for entity_id, kind, country_id in links:
            if entity_id != country_id:
                (of_city if kind == PLACE else of_body)[entity_id] = country_id
        return cls(of_city, of_body)

    def implied(self, *, dateline: Iterable[int], named: Iterable[int]) -> set[int]:
        """The countries the story is about that it does not name itself."""
        named = set(named)
        countries = {self.of_body[entity] for entity in named if entity in self.of_body}
        countries.update(self.of_city[entity] for entity in dateline if entity in self.of_city)
        return countries - named
