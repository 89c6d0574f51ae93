"""Compare the search index with the database: what is missing, stale or out of date.

Every document carries its article's revision (search.revisions); reading those from the
index and from the database gives the differences without preparing any document. Reads
only: check_index's repair writes through search.indexing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max
from haystack import connections

from archive.models import Article
from search.revisions import article_revision, revision_pk

_CHUNK = 5000


@dataclass
class IndexDifferences:
    missing: set[int] = field(default_factory=set)  # in the database, not in the index
    stale: set[int] = field(default_factory=set)  # in the index, no longer in the database
    changed: set[int] = field(default_factory=set)  # the article changed since it was indexed
    # Documents without a revision (written before revisions existed): only a rebuild fixes them.
    unversioned: int = 0

    @property
    def to_index(self) -> set[int]:
        return self.missing | self.changed

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.changed or self.unversioned)

    def summary(self) -> str:
        parts = [
            f"{len(self.missing)} missing",
            f"{len(self.stale)} stale",
            f"{len(self.changed)} changed",
        ]
        if self.unversioned:
            parts.append(f"{self.unversioned} without revision")
        return ", ".join(parts)


def database_revisions(ids: Iterable[int] | None = None) -> dict[int, str]:
    rows = Article.objects.annotate(tag_count=Count("tags"), tag_latest=Max("tags__updated_at")).values_list(
        "pk", "updated_at", "tag_count", "tag_latest"
    )
    if ids is None:
        return {pk: article_revision(pk, *rest) for pk, *rest in rows.order_by()}
    ids = sorted(set(ids))
    revisions = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = rows.filter(pk__in=ids[start : start + _CHUNK]).order_by()
        revisions.update({pk: article_revision(pk, *rest) for pk, *rest in chunk})
    return revisions


def index_revisions() -> tuple[dict[int, str], int]:
    """The revision of each indexed article, and how many documents have none."""
    backend = connections["default"].get_backend()
    revisions: dict[int, str] = {}
    unversioned = 0
    for revision in backend.indexed_revisions():
        pk = revision_pk(revision or "")
        if pk is None:
            unversioned += 1
        else:
            revisions[pk] = revision
    return revisions, unversioned


def index_differences(ids: Iterable[int] | None = None) -> IndexDifferences:
    """Differences over the whole archive, or only for the given articles."""
    in_database = database_revisions(ids)
    in_index, unversioned = index_revisions()
    if ids is not None:
        wanted = set(ids)
        in_index = {pk: revision for pk, revision in in_index.items() if pk in wanted}
    return IndexDifferences(
        missing=set(in_database) - set(in_index),
        stale=set(in_index) - set(in_database),
        changed={pk for pk, rev in in_database.items() if pk in in_index and in_index[pk] != rev},
        unversioned=unversioned if ids is None else 0,
    )
