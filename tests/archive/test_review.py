"""The review queue of suggested entities: grouped, most mentioned first, quoted, acted on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import editing, review
from archive.models import Article, Entity, EntityAlias, Tag


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


def test_a_name_shared_by_entities_counts_each_article_once(queue):
    twin = _suggest("NADIA KARAM", "Only NADIA KARAM here.")
    both = Article.objects.get(body="Eng. Nadia Karam said.")
    Tag.objects.create(article=both, entity=twin, origin="auto", state="suggested", mentions=1)
    karam = review.suggestion_page(1).object_list[0]
    assert (karam.key, karam.articles, len(karam.entities)) == ("nadia karam", 4, 2)


def test_rejected_tags_do_not_count(queue):
    Tag.objects.filter(entity=queue["karam"], article__body="Eng. Nadia Karam said.").update(state="rejected")
    karam = review.suggestion_page(1).object_list[0]
    assert karam.articles == 2 and "Eng. Nadia Karam said." not in [q.article.body for q in karam.lines]


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
    assert queries() == few <= 4
    page = review.suggestion_page(2, per_page=10)
    assert page.paginator.count == 40 and len(page.object_list) == 10


def test_a_line_is_cut_at_the_tags_stored_offsets(gazetteer):
    # The tagger found "N. Karam" here; searching the body for the name would find nothing.
    entity = _suggest("Nadia Karam")
    story = _story(1, "The Governor, Eng. N. Karam, said so.")
    Tag.objects.create(article=story, entity=entity, origin="auto", state="suggested", mentions=1,
                       spans=[[19, 27]])
    [group] = review.suggestion_page(1).object_list
    assert [(quoted.line.before, quoted.line.match) for quoted in group.lines] == [
        ("The Governor, Eng. ", "N. Karam")]


def test_offsets_that_no_longer_fit_the_body_fall_back_to_the_name(gazetteer):
    entity = _suggest("Nadia Karam")
    story = _story(1, "Eng. Nadia Karam said.")
    Tag.objects.create(article=story, entity=entity, origin="auto", state="suggested", mentions=1,
                       spans=[[40, 52], "19-27", [1, "x"], 7])
    [group] = review.suggestion_page(1).object_list
    assert [quoted.line.match for quoted in group.lines] == ["Nadia Karam"]


def test_a_page_past_the_end_or_not_a_number_shows_a_real_page(gazetteer):
    for number in range(12):
        _suggest(f"Name {number}", *[f"Name {number} spoke."] * (12 - number))
    last = review.suggestion_page(99, per_page=5)
    assert last.number == 3 and [g.name for g in last.object_list] == ["Name 10", "Name 11"]
    assert last.paginator.count == 12 and last.paginator.num_pages == 3
    first = review.suggestion_page("abc", per_page=5)
    assert first.number == 1 and [g.articles for g in first.object_list] == [12, 11, 10, 9, 8]


def test_an_empty_queue_is_one_empty_page(gazetteer):
    page = review.suggestion_page(1)
    assert page.paginator.count == 0 and list(page.object_list) == []


def test_other_entities_by_the_same_name_are_not_in_the_group(queue, editor):
    confirmed = Entity.objects.create(name="Nadia Karam", kind="place", state="confirmed")
    editing.entity_alias_save(alias=EntityAlias(entity=confirmed, name="Nadia Karam", language="en"))
    other = _suggest("Omar Other")  # suggested, but "Nadia Karam" is only another name of it
    editing.entity_alias_add(entity=other, name="Nadia Karam", language="en")
    assert review.suggestion_entities(["nadia karam"]) == {"nadia karam": [queue["karam"]]}
