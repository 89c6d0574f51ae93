"""The tag_entities command keeps the search index in step with every tag it changes."""

from io import StringIO

from django.core.management import call_command

from archive.models import Article, Tag
from search.consistency import index_differences
from search.indexing import article_index


def test_a_run_that_only_suggests_tags_leaves_the_index_matching(
    gazetteer, django_capture_on_commit_callbacks
):
    article = Article.objects.create(
        title="Talks", body="Minister of Health, Dr. Karim Haddad, spoke.", raw_text="talks",
        language="en", fingerprint="talks", origin="test#talks",
    )  # fmt: skip
    article_index(ids=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tag_entities", stdout=StringIO())
    assert Tag.objects.filter(article=article, state=Tag.State.SUGGESTED).exists()
    assert not index_differences(), "a suggested tag changes the document's revision"
