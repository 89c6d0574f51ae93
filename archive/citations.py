"""The "cite this" line of an article: a pure function, no Django models.

The order follows the usual news-article reference (author, title, outlet, date, address):
a reader pastes it as is. Missing parts are left out, except the date, which says it is
unknown rather than silently disappearing.
"""

from __future__ import annotations

from datetime import date


def article_citation(
    *, title: str, author: str, source: str, published: date | None, url: str, link: str, undated: str
) -> str:
    """`Author. “Title.” Source, 2025-03-12. original URL (archived at link).`; `undated` is
    the words shown for a missing date, in the reader's language."""
    parts = []
    if author.strip():
        parts.append(author.strip().rstrip(".") + ".")
    parts.append(f"“{title.strip()}.”")
    when = published.isoformat() if published else undated
    parts.append(f"{source.strip()}, {when}." if source.strip() else f"{when}.")
    parts.append(f"{url} ({link})." if url else f"{link}.")
    return " ".join(parts)
