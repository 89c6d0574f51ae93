"""A short stamp of what an article's index document was built from.

The database and the index each give every article's stamp; where they differ the
document is stale. It covers the article row and its tags (entity names in the
document come from them), which is what imports, tagging and editors change.
"""

from __future__ import annotations

from datetime import datetime


def article_revision(pk: int, updated_at: datetime, tag_count: int, tag_latest: datetime | None) -> str:
    latest = tag_latest.isoformat() if tag_latest else "-"
    return f"{pk}|{updated_at.isoformat()}|{tag_count}|{latest}"


def revision_pk(revision: str) -> int | None:
    head = revision.split("|", 1)[0]
    return int(head) if head.isdigit() else None
