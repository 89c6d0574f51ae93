"""The project's Whoosh backend over the real index built from the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.html import escape
from haystack import connections

from archive.models import Article
from search.selectors import SearchParams, article_search
from search.text.query_syntax import parse_user_query


def titles(q: str, **params) -> set[str]:
    # The articles' own words: hits through tagged entities' names are tested in test_cross_language.
    params.setdefault("entities", False)
    outcome = article_search(params=SearchParams(q=q, **params))
    return {Path(hit.article.origin).name[:3] for hit in outcome.hits}


ARABIC_SEEDS = {"002", "003"}


@pytest.mark.parametrize(
    "query",
    ["الإتصالات", "اتصالات", "والاتصالات", "وَزِيرُ الاتِّصَالاتِ", "الاتّصالات"],
)
def test_arabic_spelling_variants_find_both_arabic_seeds(imported_seeds, query):
    assert titles(query) == ARABIC_SEEDS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("السيبرانى", {"002", "003"}),  # alef maqsura folded; both mention السيبراني
        ("٢٢٥", {"002"}),
        ("225", {"002"}),
        ("communication", {"000", "001", "004"}),
        ("satellites", {"000", "001"}),
        ('"information technology" -Iranian', {"000"}),
        ("Lattakia Rostov", {"004"}),
    ],
)
def test_seed_queries(imported_seeds, query, expected):
    assert titles(query) == expected


def test_exact_option_matches_only_the_unstemmed_form(imported_seeds):
    assert titles("satellites") == {"000", "001"}
    assert titles("satellites", exact=True) == {"001"}


def test_filters_narrow_results(imported_seeds):
    assert titles("cooperation", language="en") == {"000", "001", "004"}
    assert titles("التعاون", language="en") == set()
    assert titles("cooperation", year=2022) == {"004"}
    from datetime import date

    assert titles("التعاون", date_from=date(2025, 1, 1)) == {"002"}


def test_facets_count_languages_sources_and_years(imported_seeds):
    outcome = article_search(params=SearchParams(q="Syria", entities=False))
    languages = {facet.value: facet.count for facet in outcome.facets["language"]}
    assert languages == {"en": outcome.count}
    sources = {facet.label: facet.count for facet in outcome.facets["source"]}
    assert sources.get("SANA") == 1 and sources.get("The Syrian Observer") == 1
    assert {facet.value for facet in outcome.facets["year"]} == {"2022"}


def test_sorting_by_date(imported_seeds):
    newest = article_search(params=SearchParams(q="التعاون cooperation", sort="newest"))
    dated = [hit.article.published for hit in newest.hits if hit.article.published]
    assert dated == sorted(dated, reverse=True)
    oldest = article_search(params=SearchParams(q="التعاون cooperation", sort="oldest"))
    dated = [hit.article.published for hit in oldest.hits if hit.article.published]
    assert dated == sorted(dated)


def test_arabic_snippet_marks_the_vowelled_original(imported_seeds):
    outcome = article_search(params=SearchParams(q="الاتصالات", language="ar"))
    snippets = " ".join(hit.snippet for hit in outcome.hits)
    marked = re.findall(r"<mark>(.*?)</mark>", snippets)
    assert marked, snippets
    # Seed 003 writes الاتّصالات with a shadda: the mark covers the word as written.
    assert any("\u0651" in word for word in marked) or "الاتصالات" in marked


def test_english_snippet_marks_stemmed_matches(imported_seeds):
    outcome = article_search(params=SearchParams(q="satellites"))
    assert any("<mark>satellite" in hit.snippet for hit in outcome.hits)


def test_spelling_suggestion_even_with_zero_hits(imported_seeds):
    outcome = article_search(params=SearchParams(q="الاتصلات", original=True))
    assert outcome.count == 0
    assert outcome.suggestion == "الاتصالات"
    corrected = article_search(params=SearchParams(q="الاتصلات"))  # its results shown at once
    assert corrected.corrected and corrected.count > 0
    outcome = article_search(params=SearchParams(q="comunications"))
    assert outcome.suggestion and outcome.suggestion.startswith("communication")


def test_no_suggestion_when_the_words_are_known(imported_seeds):
    assert article_search(params=SearchParams(q="اتصالات")).suggestion is None


def test_all_words_first_then_any_word_with_a_notice(imported_seeds):
    outcome = article_search(params=SearchParams(q="Lattakia zzzqqq"))
    assert outcome.relaxed
    assert {Path(h.article.origin).name[:3] for h in outcome.hits} == {"004"}


def test_editing_an_article_updates_the_index(imported_seeds):
    article = imported_seeds["001"]
    article.body += "\n\nA paragraph about quasars."
    article.save()
    assert titles("quasars") == {"001"}
    article.delete()
    assert titles("quasars") == set()


def test_index_write_waits_for_a_held_lock_instead_of_dropping(imported_seeds):
    import threading

    from search.indexing import index_queue_drain

    backend = connections["default"].get_backend()
    backend.setup()
    writer = backend.index.writer()
    released = threading.Timer(0.5, writer.cancel)
    released.start()
    article = imported_seeds["000"]
    article.title = "Quokka talks in field of communications"
    # Indexed once the other writer lets go, or (held past half a second) queued for the next
    # writer: never dropped.
    article.save()
    released.join()
    index_queue_drain()
    assert titles("quokka") == {"000"}


def test_reimport_of_seeds_keeps_one_document_each(imported_seeds):
    call_command("import_seeds")
    call_command("rebuild_index", interactive=False, verbosity=0)
    backend = connections["default"].get_backend()
    backend.setup()
    assert backend.index.doc_count() == Article.objects.count() == 5


@pytest.mark.parametrize("filters", [{}, {"language": "en"}, {"year": 2025}])
def test_facet_counts_match_the_articles_found(tagged_seeds, filters):
    from collections import Counter

    from archive.models import Tag

    outcome = article_search(params=SearchParams(q="cooperation التعاون Syria", **filters))
    found = [hit.article for hit in outcome.hits]
    assert outcome.count == len(found) > 0  # one page holds every hit of the seeds
    languages = {facet.value: facet.count for facet in outcome.facets["language"]}
    assert languages == Counter(article.language for article in found)
    years = {facet.value: facet.count for facet in outcome.facets["year"]}
    assert years == Counter(str(article.published.year) for article in found if article.published)
    confirmed = Tag.objects.filter(article__in=found, state=Tag.State.CONFIRMED, entity__merged_into=None)
    expected = Counter(confirmed.values_list("entity_id", flat=True))
    shown = {int(facet.value): facet.count for facet in outcome.facets["entity"]}  # the top 20
    assert len(shown) == min(20, len(expected))
    assert all(expected[entity] == count for entity, count in shown.items())
    assert min(shown.values()) >= max((n for e, n in expected.items() if e not in shown), default=0)


def test_a_filter_follows_edits_to_the_articles(imported_seeds):
    assert titles("cooperation", language="en") == {"000", "001", "004"}
    article = imported_seeds["004"]
    article.language = "ar"
    article.save()
    assert titles("cooperation", language="en") == {"000", "001"}
    assert "004" in titles("cooperation", language="ar")


def test_exact_snippet_marks_only_the_exact_form(imported_seeds):
    outcome = article_search(params=SearchParams(q="satellites", exact=True))
    marked = set(re.findall(r"<mark>(.*?)</mark>", " ".join(hit.snippet for hit in outcome.hits)))
    assert marked == {"satellites"}
    stemmed = article_search(params=SearchParams(q="satellites"))
    assert "satellite" in set(re.findall(r"<mark>(.*?)</mark>", " ".join(h.snippet for h in stemmed.hits)))


TRICKY_TEXT = (
    "The minister's ministers met ministries; MINISTER Hilal said 2.5 and 25 and ٢٥. "
    "قال وَزِيرُ الاتِّصَالاتِ والاتصالات إن الوزير والوزراء في الإتصالات ﷺ على علي "
    "re-minister, minister-led, ministers’ e-mail 2,500 1.5.2 x"
)


@pytest.mark.parametrize(
    "query", ["minister", "ministers", "وزير", "الاتصالات", "25", "٢٥", "2.5", "على علي", "mail", "led", "ﷺ"]
)
@pytest.mark.parametrize("exact", [False, True])
def test_snippet_marks_the_words_the_analyzer_matches(db, query, exact):
    backend = connections["default"].get_backend()
    backend.setup()
    analyzer = backend.schema["exact" if exact else "text"].analyzer
    user_query = parse_user_query(query)
    wanted = {token.text for part in user_query.words for token in analyzer(part, mode="query")}
    spans = {  # a compatibility form (ﷺ) is several words over one span
        (token.startchar, token.endchar): None
        for token in analyzer(TRICKY_TEXT, chars=True, mode="index")
        if token.text in wanted
    }
    expected = [TRICKY_TEXT[start:end] for start, end in spans]
    snippet = backend.snippet(TRICKY_TEXT, user_query, exact=exact)
    assert re.findall(r"<mark>(.*?)</mark>", snippet) == [escape(word) for word in expected]
