"""Writes to the archive. Views, admin actions and commands call these; they hold the rules."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.importers.files import Unread, files_in, read_paths, walk_paths
from archive.importers.mapping import ArticleDraft, FieldMap, drafts_from, title_refusal
from archive.importers.outlets import outlet_source
from archive.importers.records import MAX_RECORD_CHARS, Problem, too_large
from archive.models import Article, Source
from archive.tagging import TaggingRun
from archive.text.article import ParsedArticle, UnparseableArticle, parse_article
from archive.text.decoding import UndecodableText, decode_bytes
from archive.text.mentions import normalize_name
from archive.text.sources import Source as SourceInfo
from search.indexing import article_index, articles_needing_index, bulk_indexing

# A plain-text article file: bytes, up to four per character of the record limit.
MAX_TEXT_FILE_BYTES = MAX_RECORD_CHARS * 4


class ImportStatus:
    CREATED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class ImportReport:
    counts: dict[str, int] = field(
        default_factory=lambda: {
            ImportStatus.CREATED: 0,
            ImportStatus.UPDATED: 0,
            ImportStatus.UNCHANGED: 0,
            ImportStatus.FAILED: 0,
        }
    )
    failures: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    # Records without an article (no title, no text): reported, but not a failure.
    skips: list[tuple[str, str]] = field(default_factory=list)
    # Articles met again unchanged; an interrupted earlier run may not have indexed them.
    unchanged_ids: list[int] = field(default_factory=list)
    # Documents a bulk import wrote to the search index.
    indexed: int = 0

    def add(self, status: str, *, origin: str, article_id: int | None = None, reason: str = ""):
        self.counts[status] += 1
        if status == ImportStatus.FAILED:
            self.failures.append((origin, reason))
        elif status == ImportStatus.SKIPPED:
            self.skips.append((origin, reason))
        elif article_id is not None and status == ImportStatus.UNCHANGED:
            self.unchanged_ids.append(article_id)
        elif article_id is not None:
            self.article_ids.append(article_id)

    @property
    def failed(self) -> int:
        return self.counts[ImportStatus.FAILED]

    def summary(self) -> str:
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())


def fingerprint_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def origin_for_path(path: Path) -> str:
    """Paths inside the checkout are stored relative, so origins survive moving the checkout."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path(settings.BASE_DIR).resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def source_get_or_create(*, name: str, native_name: str = "", language: str = "") -> Source:
    slug = slugify(name, allow_unicode=True) or fingerprint_text(name)[:12]
    source, created = Source.objects.get_or_create(
        slug=slug, defaults={"name": name, "native_name": native_name, "language": language}
    )
    if not created and native_name and not source.native_name:
        source.native_name = native_name
        source.save(update_fields=["native_name"])
    return source


def _article_fields(parsed: ParsedArticle, *, raw_text: str) -> dict:
    source = None
    if parsed.source is not None:
        source = source_get_or_create(
            name=parsed.source.name,
            native_name=parsed.source.native_name or "",
            language=parsed.source.language or "",
        )
    return {
        "title": parsed.title,
        "body": parsed.body,
        "raw_text": raw_text,
        "language": parsed.language,
        "source": source,
        "author": parsed.author or "",
        "section": parsed.section or "",
        "published": parsed.published,
    }


def article_save_parsed(
    *, parsed: ParsedArticle, raw_text: str, origin: str, url: str = ""
) -> tuple[str, Article]:
    """Create, update or skip one article; the caller owns the transaction."""
    fingerprint = fingerprint_text(raw_text)
    existing = Article.objects.filter(origin=origin).first() if origin else None
    if existing is None:
        duplicate = Article.objects.filter(fingerprint=fingerprint).first()
        if duplicate is not None:
            return ImportStatus.UNCHANGED, duplicate
        article = Article(origin=origin, fingerprint=fingerprint, url=url)
        status = ImportStatus.CREATED
    elif existing.fingerprint == fingerprint:
        return ImportStatus.UNCHANGED, existing
    else:
        # Another article may already hold this content: the changed file now duplicates it.
        duplicate = Article.objects.filter(fingerprint=fingerprint).exclude(pk=existing.pk).first()
        if duplicate is not None:
            return ImportStatus.UNCHANGED, duplicate
        article = existing
        article.fingerprint = fingerprint
        article.url = url or article.url
        status = ImportStatus.UPDATED
    for name, value in _article_fields(parsed, raw_text=raw_text).items():
        setattr(article, name, value)
    article.save()
    return status, article


def article_import_file(*, path: Path, report: ImportReport) -> None:
    """Import one plain-text article file in its own transaction; failures go to the report."""
    origin = origin_for_path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TEXT_FILE_BYTES + 1)
        if len(data) > MAX_TEXT_FILE_BYTES:
            raise UnparseableArticle(too_large("the file", len(data), MAX_TEXT_FILE_BYTES, unit="bytes"))
        text = decode_bytes(data)
        parsed = parse_article(text)
        if refused := title_refusal(parsed.title):
            raise UnparseableArticle(refused)
        with transaction.atomic():
            status, article = article_save_parsed(parsed=parsed, raw_text=text, origin=origin)
    except OSError as error:
        report.add(ImportStatus.FAILED, origin=origin, reason=f"cannot read: {error.strerror}")
    except (UndecodableText, UnparseableArticle) as error:
        report.add(ImportStatus.FAILED, origin=origin, reason=str(error))
    else:
        report.add(status, origin=origin, article_id=article.pk)


def text_files_in(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly are taken as they are; folders give their visible files, sorted."""
    return files_in(paths)


def articles_import_text_files(*, paths: Iterable[Path]) -> ImportReport:
    """Import plain-text articles; every path not read (missing, a FIFO, a link loop) is
    reported as failed, empty folders as skipped."""
    report = ImportReport()
    for item in walk_paths(paths):
        if not isinstance(item, Unread):
            article_import_file(path=item, report=report)
        elif item.failed:
            report.add(ImportStatus.FAILED, origin=str(item.path), reason=item.reason)
        else:
            report.skips.append((str(item.path), item.reason))
    return report


# -- bulk import of news dumps -----------------------------------------------------------
_ARTICLE_COLUMNS = (
    "title", "title_folded", "body", "raw_text", "language", "source", "author", "section", "published",
    "url", "fingerprint", "updated_at",
)  # fmt: skip


def bulk_import_report() -> ImportReport:
    """A report that also counts skipped records, in the order the summary prints them."""
    statuses = (
        ImportStatus.CREATED, ImportStatus.UPDATED, ImportStatus.UNCHANGED,
        ImportStatus.SKIPPED, ImportStatus.FAILED,
    )  # fmt: skip
    return ImportReport(counts=dict.fromkeys(statuses, 0))


class _SourceCache(dict):
    """One get-or-create per outlet per import, not one per article."""

    def __missing__(self, outlet: SourceInfo) -> Source:
        source = source_get_or_create(
            name=outlet.name, native_name=outlet.native_name or "", language=outlet.language or ""
        )
        self[outlet] = source
        return source


def _fill_article(article: Article, draft: ArticleDraft, sources: _SourceCache) -> None:
    parsed = draft.parsed
    article.title = parsed.title
    article.title_folded = normalize_name(parsed.title)  # bulk writes skip Article.save()
    article.body = parsed.body
    article.raw_text = draft.raw_text
    article.language = parsed.language
    article.source = sources[parsed.source] if parsed.source is not None else None
    article.author = parsed.author or ""
    article.section = parsed.section or ""
    article.published = parsed.published
    article.url = draft.url or article.url


def _write_batch(
    drafts: list[ArticleDraft], report: ImportReport, sources: _SourceCache,
    on_stored: Callable[[list[int]], None] | None = None,
) -> None:  # fmt: skip
    """Create, update or skip a batch of articles with a few queries, in one transaction;
    ``on_stored`` gets the ids created or changed inside it (tagging: a batch is stored and
    tagged, or neither, so a re-run after a crash never tags anything twice)."""
    fingerprints = [fingerprint_text(draft.raw_text) for draft in drafts]
    now = timezone.now()
    with transaction.atomic():
        by_origin = {
            article.origin: article
            for article in Article.objects.filter(origin__in={d.origin for d in drafts}).only(
                "id", "origin", "fingerprint", "url"
            )
        }
        holders: dict[str, Article] = {
            article.fingerprint: article
            for article in Article.objects.filter(fingerprint__in=set(fingerprints)).only("id", "fingerprint")
        }
        created: list[Article] = []
        updated: list[Article] = []
        unchanged: list[tuple[str, Article]] = []
        for draft, fingerprint in zip(drafts, fingerprints, strict=True):
            existing = by_origin.get(draft.origin)
            holder = holders.get(fingerprint)
            if holder is not None:
                # Same content already stored (here, or from another file or record).
                unchanged.append((draft.origin, holder))
                continue
            article = existing or Article(origin=draft.origin)
            article.fingerprint = fingerprint
            article.updated_at = now
            _fill_article(article, draft, sources)
            (updated if existing else created).append(article)
            holders[fingerprint] = article
        Article.objects.bulk_create(created)
        Article.objects.bulk_update(updated, _ARTICLE_COLUMNS)
        if on_stored is not None and (created or updated):
            on_stored([article.pk for article in created + updated])
    for article in created:
        report.add(ImportStatus.CREATED, origin=article.origin, article_id=article.pk)
    for article in updated:
        report.add(ImportStatus.UPDATED, origin=article.origin, article_id=article.pk)
    for origin, article in unchanged:
        report.add(ImportStatus.UNCHANGED, origin=origin, article_id=article.pk)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def articles_import_records(
    *,
    records: Iterable[ArticleDraft | Problem],
    batch_size: int = 500,
    report: ImportReport | None = None,
    on_stored: Callable[[list[int]], None] | None = None,
    on_batch: Callable[[list[int]], None] | None = None,
) -> ImportReport:
    """Store a stream of drafts in batches; problems go to the report as skips or failures.

    Each batch commits on its own, so an interrupted import keeps what it wrote and a
    re-run finds those records unchanged. Bulk writes send no signals: the caller indexes
    (see articles_import_paths); ``on_stored`` gets the ids of the articles each batch
    created or changed inside its transaction, ``on_batch`` right after it committed.
    """
    report = report or bulk_import_report()
    sources = _SourceCache()
    for batch in _batches(records, batch_size):
        drafts = []
        for item in batch:
            if isinstance(item, Problem):
                status = ImportStatus.FAILED if item.failed else ImportStatus.SKIPPED
                report.add(status, origin=item.origin, reason=item.reason)
            else:
                drafts.append(item)
        written = len(report.article_ids)
        if drafts:
            _write_batch(drafts, report, sources, on_stored)
        if on_batch is not None:
            on_batch(report.article_ids[written:])
    return report


def _counted(drafts: Iterable, on_progress: Callable[[int], None]) -> Iterator:
    """Report each record's size as it is read: input totals are known in bytes, not records."""
    for item in drafts:
        raw = getattr(item, "raw_text", "")
        on_progress(len(raw.encode("utf-8")) if raw else 0)
        yield item


def _drafts_in(paths: Iterable[Path], *, fmt: str, source: str | None, fields: FieldMap | None,
               limit: int | None) -> Iterator[ArticleDraft | Problem]:  # fmt: skip
    records = read_paths(paths, fmt=fmt, origin_of=origin_for_path)
    if limit:
        records = itertools.islice(records, limit)
    return drafts_from(records, fields=fields, source=outlet_source(source) if source else None)


def _index_batch(ids: list[int]) -> None:
    # With DEBUG on, Django keeps every SQL statement, bulk inserts with whole articles
    # in them: forget them per batch so memory stays flat.
    reset_queries()
    if ids:
        # One step of the job (stored and tagged in one transaction): handed to the index
        # writers while the next batch is read and stored.
        with bulk_indexing():
            article_index(ids=ids)


def articles_import_paths(
    *,
    paths: Iterable[Path],
    fmt: str = "auto",
    source: str | None = None,
    fields: FieldMap | None = None,
    batch_size: int = 500,
    limit: int | None = None,
    index_procs: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_index_commit: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import news dumps: store them in batches, tag each batch and hand it to the index
    while the next one is read, then finish what an interrupted run left unindexed.

    ``source`` names the outlet of every article; ``index_procs`` the index writer processes
    (None: the WRITER_PROCS setting; 0: this process writes the index); ``on_progress`` gets
    each record's size in bytes, ``on_index_commit`` the article count before the index commit.
    """
    drafts = _drafts_in(paths, fmt=fmt, source=source, fields=fields, limit=limit)
    if on_progress is not None:
        drafts = _counted(drafts, on_progress)
    tagging = TaggingRun()
    with bulk_indexing(procs=index_procs) as indexing:
        report = articles_import_records(
            records=drafts, batch_size=batch_size, report=bulk_import_report(),
            on_stored=tagging.tag, on_batch=_index_batch,
        )  # fmt: skip
        # Articles an interrupted run stored (and tagged) but did not index are met again
        # unchanged: only their documents are missing.
        unfinished = articles_needing_index(ids=report.unchanged_ids)
        if unfinished:
            article_index(ids=unfinished)
        if on_index_commit is not None:
            on_index_commit(len(indexing.written) + len(indexing.waiting))
    report.indexed = indexing.indexed
    return report
