"""Writing the Whoosh index: the schema from the search index's fields, and updates and
removals that wait for the index lock instead of being dropped.

A mixin of ArchiveWhooshSearchBackend (search.backends.whoosh), kept apart from the read
path; search.writers builds its bulk writers through `_writer` and `_document`.
"""

from __future__ import annotations

import time

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.utils import get_identifier
from whoosh.fields import DATETIME, KEYWORD, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.index import LockError

from search.analyzers import IndexPositions, bilingual_analyzer, exact_analyzer


def _text(analyzer, *, stored: bool, boost: float) -> TEXT:
    """A text field with positions (phrases), its postings made by IndexPositions: a title or
    body analysed once for its stemmed and exact fields."""
    field = TEXT(analyzer=analyzer, stored=stored, field_boost=boost)
    field.format = IndexPositions(field_boost=boost)
    return field


class WhooshWritingMixin:
    # -- schema ---------------------------------------------------------------------------
    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            analysis = getattr(field, "analysis", None)
            if analysis == "stemmed":
                schema_fields[name] = _text(
                    bilingual_analyzer(), stored=name in {"text", "title"}, boost=field.boost
                )
            elif analysis == "exact":
                schema_fields[name] = _text(exact_analyzer(), stored=False, boost=field.boost)
            elif analysis == "keyword":
                # A column per keyword field: facets count from it, and check_index reads
                # every document's revision without unpickling its stored text.
                schema_fields[name] = WHOOSH_ID(stored=True, sortable=True)
            elif analysis == "keyword_list":
                schema_fields[name] = KEYWORD(stored=True, commas=True, scorable=False)
            elif analysis == "stored":
                schema_fields[name] = STORED()
            elif field.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=True, sortable=True)
            else:
                raise SearchBackendError(f"field {name!r} has no analysis the backend knows")
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    # -- writing --------------------------------------------------------------------------
    def _writer(self, make=None, **kwargs):
        """A writer that waits for the lock; raises instead of dropping the update.

        ``make(index)`` builds another writer class (search.writers) under the same wait."""
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return make(self.index) if make else self.index.writer(**kwargs)
            except LockError:
                if time.monotonic() >= deadline:
                    raise SearchBackendError(
                        f"the search index at {self.path} stayed locked for {self.lock_wait:.0f} s; "
                        "another import or rebuild is probably running"
                    ) from None
                time.sleep(0.05)

    def _document(self, index, obj) -> dict:
        doc = index.full_prepare(obj)
        for key in doc:
            doc[key] = self._from_python(doc[key])
        doc.pop("boost", None)
        return doc

    def update(self, index, iterable, commit=True):
        """Write documents through the bulk writer path (search.writers), streaming: callers of
        haystack's API come here (update_index sends articles through search.indexing)."""
        from search.writers import whoosh_update  # search.writers builds on this module

        whoosh_update(self, index, iterable, commit=commit)

    def indexed_revisions(self) -> list[str]:
        """The `revision` of every live document, read from its column (see check_index)."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.reader() as reader:
            if "revision" not in reader.schema or not reader.has_column("revision"):
                return []
            column = reader.column_reader("revision")
            return [column[docnum] for docnum in reader.all_doc_ids()]

    def remove(self, obj_or_string, commit=True):
        from search.writers import whoosh_remove  # search.writers builds on this module

        whoosh_remove(self, [get_identifier(obj_or_string)])
