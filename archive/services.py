"""Writes to the archive. Views, admin actions and commands call these; they hold the rules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from archive.models import Article, Source
from archive.text.article import ParsedArticle, UnparseableArticle, parse_article
from archive.text.decoding import UndecodableText, decode_bytes


class ImportStatus:
    CREATED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
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

    def add(self, status: str, *, origin: str, article_id: int | None = None, reason: str = ""):
        self.counts[status] += 1
        if status == ImportStatus.FAILED:
            self.failures.append((origin, reason))
        elif article_id is not None and status != ImportStatus.UNCHANGED:
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
        data = path.read_bytes()
        text = decode_bytes(data)
        parsed = parse_article(text)
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
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    yield child
        else:
            yield path


def articles_import_text_files(*, paths: Iterable[Path]) -> ImportReport:
    report = ImportReport()
    for path in text_files_in(paths):
        if not path.exists():
            report.add(ImportStatus.FAILED, origin=str(path), reason="no such file or folder")
            continue
        article_import_file(path=path, report=report)
    return report
