"""The review queue of suggested entities: grouped, most mentioned first, quoted, acted on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import editing, review
from archive.models import Article, Entity, Tag


def _story(number: int, body: str, language: str = "en") -> Article:
    return Article.objects.create(title=f"Story {number}", body=body, raw_text=body, language=language,
                                  fingerprint=f"review-{number}")


def _suggest(name: str, *bodies: str, language: str = "en") -> Entity:
    entity = editing.entities_suggest(names=[name])[name]
    for body in bodies:
        story = _story(Article.objects.count() + 1, body, language)
        Tag.objects.create(article=story, entity=entity, origin="auto", state="suggested", mentions=1)
    return entity


@pytest.fixture
def queue(gazetteer):
    return {
        "karam": _suggest("Nadia Karam", "Eng. Nadia Karam said.", "Later Nadia Karam left.",
                          "Then NADIA KARAM spoke."),
        "haddad": _suggest("سمير حداد", "قال الدكتور سَمير حداد إن", language="ar"),
        "none": _suggest("Omar Nobody"),
    }


def test_groups_are_ordered_by_articles_with_kind_guess_and_lines(queue):
    page = review.suggestion_page(1)
    assert [(g.name, g.articles, g.kind) for g in page.object_list] == [
        ("Nadia Karam", 3, "person"), ("سمير حداد", 1, "person"), ("Omar Nobody", 0, "person"),
    ]
    karam, haddad, nobody = page.object_list
    assert [quoted.line.match for quoted in karam.lines] == ["NADIA KARAM", "Nadia Karam", "Nadia Karam"]
    assert [(quoted.line.match, quoted.language) for quoted in haddad.lines] == [("سَمير حداد", "ar")]
    assert nobody.lines == [] and karam.entities == [queue["karam"]]


def test_one_folded_name_is_one_group(queue):
    twin = editing.entities_suggest(names=["NADIA KARAM"])["NADIA KARAM"]  # a second spelling
    assert twin != queue["karam"]
    karam = review.suggestion_page(1).object_list[0]
    assert karam.key == "nadia karam" and {e.pk for e in karam.entities} == {queue["karam"].pk, twin.pk}


def test_decided_suggestions_leave_the_queue(queue, editor):
    editing.suggestions_reject(entities=[queue["karam"]], editor=editor)
    editing.suggestions_confirm(entities=[queue["none"]], kind="person", editor=editor)
    assert [g.name for g in review.suggestion_page(1).object_list] == ["سمير حداد"]


def test_a_page_costs_the_same_few_queries_however_many_suggestions(gazetteer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            review.suggestion_page(1, per_page=10)
        return len(captured)

    _suggest("Name Zero", "Name Zero spoke.")
    few = queries()
    for number in range(1, 40):
        _suggest(f"Name {number}", f"Then Name {number} spoke.", f"And Name {number} left.")
    assert queries() == few <= 5
    page = review.suggestion_page(2, per_page=10)
    assert page.paginator.count == 40 and len(page.object_list) == 10
