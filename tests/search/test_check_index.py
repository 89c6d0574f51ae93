from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.models import Article, Entity, Tag
from search.indexing import article_index, article_unindex


def check(*args) -> tuple[bool, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_index", *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, str(error), err.getvalue()
    return True, out.getvalue(), err.getvalue()


@pytest.fixture
def indexed(db):
    articles = [
        Article.objects.create(
            title=f"Article {n}", body=f"Body number {n} about Damascus", raw_text=f"raw {n}",
            language="en", fingerprint=f"fp{n}", origin=f"o{n}",
        )  # fmt: skip
        for n in range(4)
    ]
    # The test transaction never commits, so signals never indexed: index explicitly.
    article_index(ids=[article.pk for article in articles])
    return articles


def test_a_matching_index_passes(indexed):
    ok, out, _ = check()
    assert ok and "0 missing, 0 stale, 0 changed" in out


def test_differences_are_reported_and_repaired(indexed):
    first, second, third, fourth = indexed
    article_unindex(ids=[first.pk])  # missing
    Article.objects.filter(pk=second.pk).update(title="Renamed", updated_at=timezone.now())  # changed
    Tag.objects.create(
        article=third, entity=Entity.objects.get_or_create(name="Damascus", kind="place")[0],
        origin="auto", state="confirmed",
    )  # fmt: skip
    Article.objects.filter(pk=fourth.pk)._raw_delete("default")  # deleted without a signal: stale
    ok, message, err = check()
    assert not ok
    assert "1 missing, 1 stale, 2 changed" in message
    assert f"missing: article {first.pk}" in err and f"stale: article {fourth.pk}" in err
    ok, out, _ = check("--repair")
    assert ok and "repaired" in out
    assert check()[0]
