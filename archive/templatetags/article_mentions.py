"""The article page's body with every mention of a confirmed entity linked to its page."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language

from archive.models import Article, Tag
from archive.selectors import article_public_tags
from archive.text.body_marks import marked_paragraphs

register = template.Library()


@dataclass(frozen=True)
class MentionLink:
    url: str
    title: str  # the entity's name in the reader's language when it has one


def _link(tag: Tag, language: str) -> MentionLink:
    entity = tag.entity
    # The first name given in that language is the main one (سوريا before its long form).
    names = sorted((a for a in entity.aliases.all() if a.language == language), key=lambda a: a.pk)
    name = next((alias.name for alias in names if alias.name == entity.name), None)
    if name is None:
        name = names[0].name if names else entity.name
    return MentionLink(entity.get_absolute_url(), name)


@register.simple_tag
def article_body(article: Article):
    """[[(text, MentionLink or None), ...] per paragraph] of the stored body."""
    language = (get_language() or "en")[:2]
    mentions = [
        (start, end, _link(tag, language))
        for tag in article_public_tags(article=article)
        if tag.state == Tag.State.CONFIRMED
        for start, end in tag.spans
    ]
    return marked_paragraphs(article.body, mentions)
