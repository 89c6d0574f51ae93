"""Which entity brought a hit that the search found through a tagged entity, not its words.

The backend says only *that* a hit came through the entity names field; this module says
*which* of the hit's confirmed entities: the one with a name (in either language) sharing a
search term with the query, terms made by the same analyzer that built the index. Its name
as the article writes it is then marked in the snippet, so "روسيا" finding an English
article marks "Russia" there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from haystack import connections

from archive.models import Article, Entity
from archive.selectors import articles_confirmed_entities, entity_reader_names
from search.query import as_user_query
from search.text.query_syntax import UserQuery, format_user_query
from search.text.script import has_arabic
from search.text.tokenize import analyze

MAX_NAMED = 3  # a hit names at most this many entities (the most mentioned first)


@dataclass
class ViaEntity:
    entities: list[Entity] = field(default_factory=list)  # with reader names (archive.selectors)
    snippet: str = ""  # the article's text with those entities' names marked; "" to keep the hit's


def query_terms(user_query: UserQuery) -> set[str]:
    return set(analyze(" ".join(user_query.words + user_query.phrases)))


def entity_names(entity: Entity) -> list[str]:
    return [entity.name, *(alias.name for alias in entity.aliases.all())]


def entity_matches(entity: Entity, terms: set[str]) -> bool:
    return any(terms & set(analyze(name)) for name in entity_names(entity))


def names_in_language(entity: Entity, language: str) -> list[str]:
    """The entity's names written in the article's language (what its text can contain)."""
    names = (name for name in entity_names(entity) if has_arabic(name) == (language == "ar"))
    return list(dict.fromkeys(names))


def _marked_snippet(body: str, names: list[str]) -> str:
    backend = connections["default"].get_backend()
    snippet = getattr(backend, "snippet", None)
    if snippet is None or not names:
        return ""
    query = format_user_query(UserQuery(phrases=tuple(names)))
    return snippet(body, as_user_query(query))


def via_entities(*, hits, query: str, language: str) -> dict[int, ViaEntity]:
    """{article id: ViaEntity} for the hits found through an entity; `language` is the
    reader's, for the names shown."""
    via = [hit for hit in hits if hit.via_entity]
    if not via:
        return {}
    terms = query_terms(as_user_query(query))
    tagged = articles_confirmed_entities(ids=[hit.article.pk for hit in via])
    everyone = {entity.pk: entity for entities in tagged.values() for entity in entities}
    entity_reader_names(everyone.values(), language=language)
    bodies = dict(Article.objects.filter(pk__in=[hit.article.pk for hit in via]).values_list("pk", "body"))
    found = {}
    for hit in via:
        matched = [everyone[entity.pk] for entity in tagged.get(hit.article.pk, []) if
                   entity_matches(everyone[entity.pk], terms)][:MAX_NAMED]  # fmt: skip
        names = [name for entity in matched for name in names_in_language(entity, hit.article.language)]
        found[hit.article.pk] = ViaEntity(matched, _marked_snippet(bodies.get(hit.article.pk, ""), names))
    return found
