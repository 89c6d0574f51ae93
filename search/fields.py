"""Haystack fields that say how the project's backends analyse them.

`analysis` is read by the Whoosh backend (and the Elasticsearch mapping) to pick the
analyzer, so search_indexes.py stays free of any engine.
"""

from haystack import fields


class StemmedTextField(fields.CharField):
    """Arabic and English text, normalised and light-stemmed token by token."""

    analysis = "stemmed"


class ExactTextField(fields.CharField):
    """Normalised but unstemmed: exact word forms rank first and power the exact option."""

    analysis = "exact"


class KeywordField(fields.CharField):
    """A facet or filter value stored as one untouched term."""

    analysis = "keyword"


class KeywordListField(fields.MultiValueField):
    analysis = "keyword_list"


class StoredField(fields.CharField):
    """Shown with results, never searched."""

    analysis = "stored"

    def __init__(self, **kwargs):
        kwargs.setdefault("indexed", False)
        super().__init__(**kwargs)
