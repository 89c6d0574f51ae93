"""Automatic tagging: the gazetteer's names found in articles become tags.

One automaton per run, a few queries per batch of articles (bulk writes with history).
An editor's decision always wins: a tag with origin=editor, or a rejected one, is never
removed or flipped here; only its mention count follows the text. Names that follow a
title and that the gazetteer does not know become suggested entities and tags, and so do
the learned Arabic tagger's names (archive.ner) of the right kind, when the run uses it.
A story is also tagged with the country its dateline's city or a national body it names
belongs to (archive.text.countries; mentions 0). Every tag keeps where the body names its
entity (Tag.spans: character offsets).

Importers call ``articles_tag(article_ids=...)`` inside ``bulk_indexing()`` (search.indexing): bulk
writes send no post_save, so archive.signals.tags_bulk_changed tells the index which
articles changed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.editing import entities_suggest
from archive.models import Article, Entity, EntityAlias, EntityKind, Language, Tag
from archive.ner import shipped_tagger
from archive.signals import tags_bulk_changed
from archive.text.countries import CountryLinks
from archive.text.datelines import dateline_place
from archive.text.mentions import Gazetteer, find_spans, normalize_name, tokenize
from archive.text.suggested_names import (
    conjunction_length,
    neighbour_words,
    person_name_end,
    suggestible_name,
)
from archive.text.titled_names import find_titled_names

BATCH_SIZE = 500
# CLDR's countries, cities and the world's organisations (manage.py build_gazetteer), loaded
# by migration 0005 and by `tag_entities --load-gazetteer` beside editing.GAZETTEER_PATH's.
WORLD_GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "world_gazetteer.json"
CHANGE_REASON = "automatic tagging"
# The learned tagger's names become suggestions only when it is this sure of every word:
# editors review suggestions, and a list of wrong ones wastes their time. On 100 judged
# SaudiNewsNet suggestions (bench/README.md #11) the 2026-12-02 model keeps 81 right at 0.8
# and 85 at 0.9, which makes 12 % fewer suggestions than 0.8 and 14 % more than 0.95.
SUGGESTION_CONFIDENCE = 0.9


@dataclass
class TaggingReport:
    articles: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    suggested: int = 0
    article_ids: set[int] = field(default_factory=set)  # whose public (confirmed) tags changed

    def summary(self) -> str:
        return (
            f"{self.articles} articles tagged: {self.added} tags added, {self.updated} updated, "
            f"{self.removed} removed, {self.suggested} entities suggested"
        )


@dataclass
class GazetteerSnapshot:
    """The gazetteer as it was when the run started, compiled once."""

    gazetteer: Gazetteer
    states: dict[int, str]  # entity id -> Entity.State
    names: dict[str, int | None]  # folded alias -> entity id (None: several entities)
    countries: CountryLinks = field(default_factory=CountryLinks)


@lru_cache(maxsize=1)
def _shipped_country_links() -> tuple[tuple[str, str, str], ...]:
    """(folded name, kind, folded country name) of the shipped world gazetteer's cities and
    national bodies: folded once per process, not at every tagging run's snapshot."""
    items = json.loads(WORLD_GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
    return tuple(
        (normalize_name(item["name"]), item["kind"], normalize_name(item["country"]))
        for item in items
        if item.get("country")
    )


def _country_links(by_name_kind: dict[tuple[str, str], int | None]) -> CountryLinks:
    """The shipped links between the archive's entities, found by their names as editors keep
    them (a renamed entity keeps its old name as an alias; a merged one lives in its target)."""
    links = []
    for name, kind, country in _shipped_country_links():
        entity_id = by_name_kind.get((name, kind))
        country_id = by_name_kind.get((country, EntityKind.PLACE))
        if entity_id is not None and country_id is not None:
            links.append((entity_id, kind, country_id))
    return CountryLinks.of(links)


def gazetteer_snapshot() -> GazetteerSnapshot:
    rows = (
        EntityAlias.objects.filter(entity__merged_into__isnull=True)
        .order_by("pk")
        .values_list("entity_id", "name", "normalized", "entity__kind", "entity__state")
    )
    states: dict[int, str] = {}
    names: dict[str, int | None] = {}
    by_name_kind: dict[tuple[str, str], int | None] = {}
    entries = []
    for entity_id, name, normalized, kind, state in rows:
        states[entity_id] = state
        names[normalized] = entity_id if names.get(normalized, entity_id) == entity_id else None
        key = (normalized, kind)
        by_name_kind[key] = entity_id if by_name_kind.get(key, entity_id) == entity_id else None
        # A suggestion is found after a title only, as in the run that suggested it: matched
        # anywhere, every later run would tag more than the first and the tags would depend
        # on the archive's history (an interrupted import, a re-run).
        if state != Entity.State.SUGGESTED:
            entries.append((entity_id, name, kind))
    return GazetteerSnapshot(_compiled(tuple(entries)), states, names, _country_links(by_name_kind))


@lru_cache(maxsize=2)
def _compiled(entries: tuple[tuple[int, str, str], ...]) -> Gazetteer:
    """The same names compile to the same automaton (read-only once built): a run whose
    gazetteer has not changed since the last one, each import batch's and most editors' saves,
    skips the half second that building the world gazetteer's 28,000 keys costs."""
    return Gazetteer(entries)


@dataclass(frozen=True)
class NameFound:
    """A name no gazetteer entity covers, to become (or find) a suggested entity."""

    name: str
    kind: str
    start: int  # character offsets into the body
    end: int


@dataclass
class Findings:
    mentions: Counter[int]
    spans: dict[int, list[list[int]]]  # entity id -> [start, end] offsets into the body
    unknown: list[NameFound]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def _learned_names(tagger, body: str, taken: list[tuple[int, int]]) -> list[NameFound]:
    """The tagger's names that no gazetteer name covers (those link already), cleaned of a
    glued conjunction, a person's name taken to its end when the tagger stopped short, and
    only those that look like whole names."""
    found = []
    for name in tagger.names(body, min_confidence=SUGGESTION_CONFIDENCE):
        surface = " ".join(name.text_in(body).split())
        if _overlaps(name.start, name.end, taken):
            continue
        person = name.kind == EntityKind.PERSON
        start = name.start + conjunction_length(surface)
        end = person_name_end(body, start, name.end) if person else name.end
        if _overlaps(start, end, taken):
            continue
        cleaned = " ".join(body[start:end].split())
        before, after = neighbour_words(body, start, end)
        if suggestible_name(cleaned, person=person, before=before, after=after):
            found.append(NameFound(cleaned, name.kind, start, end))
    return found


def record_dateline(raw_text: str) -> str:
    """The dateline's place of an imported wire record (Reuters keeps it out of the body)."""
    if not raw_text.startswith("{") or '"dateline"' not in raw_text:
        return ""
    try:
        record = json.loads(raw_text)
    except ValueError:
        return ""
    dateline = record.get("dateline") if isinstance(record, dict) else None
    return dateline_place(dateline) if isinstance(dateline, str) else ""


def article_findings(
    snapshot: GazetteerSnapshot, *, title: str, body: str, tagger=None, dateline: str = ""
) -> Findings:
    """Entities named in the dateline, title and body (with where the body names them), the
    countries the story is about through its dateline's city or a national body (mentions 0:
    the text does not name them), and the unknown names of the body: after titles, and the
    learned tagger's (when given)."""
    head = f"{dateline}.\n\n{title}" if dateline else title
    text = f"{head}.\n\n{body}"
    body_start = len(head) + 3
    tokens = tokenize(text)
    spans = find_spans(snapshot.gazetteer, tokens)
    mentions: Counter[int] = Counter()
    offsets: dict[int, list[list[int]]] = defaultdict(list)
    taken: list[tuple[int, int]] = []
    for span in spans:
        start, end = tokens[span.first].start - body_start, tokens[span.last].end - body_start
        if start >= 0:
            taken.append((start, end))
        if span.entity_ids:
            mentions[span.entity_ids[0]] += 1
            if start >= 0:
                offsets[span.entity_ids[0]].append([start, end])
    in_dateline = [s.entity_ids[0] for s in spans if s.entity_ids and tokens[s.first].start < len(dateline)]
    for country in snapshot.countries.implied(dateline=in_dateline, named=mentions):
        mentions[country] = 0
    titled = []
    for name in find_titled_names(text, tokens, spans):
        start, end = tokens[name.first].start - body_start, tokens[name.last].end - body_start
        if start >= 0:
            titled.append(NameFound(name.name, EntityKind.PERSON, start, end))
    learned = _learned_names(tagger, body, taken) if tagger is not None else []
    # The tagger's whole name wins over the title rule's part of it (جان إيف لودريان).
    people = [(other.start, other.end) for other in learned if other.kind == EntityKind.PERSON]
    titled = [name for name in titled if not any(s <= name.start and name.end <= e for s, e in people)]
    titled = _with_bare_surnames(titled, tokens, body_start, taken)
    kept = [(name.start, name.end) for name in titled]
    unknown = titled + [name for name in learned if not _overlaps(name.start, name.end, kept)]
    return Findings(mentions, offsets, unknown)


def _with_bare_surnames(titled: list[NameFound], tokens, body_start: int, taken) -> list[NameFound]:
    """Once an article gives an English full name (President Ronald Reagan), its surname alone
    (Reagan said, President Reagan) names that person too: mentions of the full name's entity."""
    full_names = {}
    for name in titled:
        words = name.name.split()
        if len(words) >= 2 and not tokenize(name.name)[-1].arabic:
            full_names.setdefault(tokenize(name.name)[-1].norm, name.name)
    if not full_names:
        return titled
    found = [
        NameFound(full_names.get(normalize_name(name.name), name.name), name.kind, name.start, name.end)
        for name in titled
    ]
    covered = taken + [(name.start, name.end) for name in found]
    for token in tokens:
        start, end = token.start - body_start, token.end - body_start
        if start < 0 or token.norm not in full_names or not token.text[:1].isupper():
            continue
        if not _overlaps(start, end, covered):
            found.append(NameFound(full_names[token.norm], EntityKind.PERSON, start, end))
    return found


class _Suggestions:
    """Suggested entities for unknown names: created in bulk, once per run and per name."""

    def __init__(self, snapshot: GazetteerSnapshot, report: TaggingReport):
        self.snapshot = snapshot
        self.report = report

    def add(self, names: list[NameFound]) -> None:
        unknown: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> {folded: name}
        for name in names:
            key = normalize_name(name.name)
            if key not in self.snapshot.names:
                unknown[name.kind].setdefault(key, name.name)
        for kind, by_key in unknown.items():
            entities = entities_suggest(names=by_key.values(), kind=kind)
            for key, name in by_key.items():
                entity = entities[name.strip()]
                self.snapshot.names[key] = entity.pk
                new = entity.pk not in self.snapshot.states
                self.report.suggested += new and entity.state == Entity.State.SUGGESTED
                self.snapshot.states[entity.pk] = entity.state

    def entity_id(self, name: NameFound) -> int | None:
        return self.snapshot.names.get(normalize_name(name.name))


@dataclass
class _Plan:
    create: list[Tag] = field(default_factory=list)
    update: list[Tag] = field(default_factory=list)
    remove: list[Tag] = field(default_factory=list)


def _wanted_state(entity_state: str | None) -> str | None:
    if entity_state == Entity.State.CONFIRMED:
        return Tag.State.CONFIRMED
    if entity_state == Entity.State.SUGGESTED:
        return Tag.State.SUGGESTED
    return None  # rejected entities tag nothing


def _plan_article(article_id, findings: Findings, current: dict[int, Tag], states, plan, report, now) -> None:
    public_change = False
    mentions = findings.mentions
    for entity_id, count in mentions.items():
        wanted = _wanted_state(states.get(entity_id))
        spans = findings.spans.get(entity_id, [])
        tag = current.get(entity_id)
        if tag is None:
            if wanted is not None:
                plan.create.append(
                    Tag(
                        article_id=article_id,
                        entity_id=entity_id,
                        origin=Tag.Origin.AUTO,
                        state=wanted,
                        mentions=count,
                        spans=spans,
                        updated_at=now,
                    )
                )
                public_change |= wanted == Tag.State.CONFIRMED
            continue
        automatic = tag.origin == Tag.Origin.AUTO and tag.state != Tag.State.REJECTED
        flips = automatic and wanted is not None and tag.state != wanted
        if flips or tag.mentions != count or tag.spans != spans:
            public_change |= flips
            tag.state = wanted if flips else tag.state
            tag.mentions, tag.spans, tag.updated_at = count, spans, now
            plan.update.append(tag)
    for entity_id, tag in current.items():
        if entity_id in mentions:
            continue
        if tag.origin == Tag.Origin.AUTO and tag.state != Tag.State.REJECTED:
            plan.remove.append(tag)
            public_change |= tag.state == Tag.State.CONFIRMED
        elif tag.mentions or tag.spans:
            tag.mentions, tag.spans, tag.updated_at = 0, [], now
            plan.update.append(tag)
    if public_change:
        report.article_ids.add(article_id)


def _tag_batch(
    ids, snapshot: GazetteerSnapshot, suggestions: _Suggestions, report: TaggingReport, tagger=None
) -> None:
    current: dict[int, dict[int, Tag]] = defaultdict(dict)
    for tag in Tag.objects.filter(article_id__in=ids):
        current[tag.article_id][tag.entity_id] = tag
    plan = _Plan()
    now = timezone.now()
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "title", "body", "language", "raw_text")
    found = {
        pk: article_findings(snapshot, title=title, body=body, dateline=record_dateline(raw_text),
                             tagger=tagger if language == Language.ARABIC else None)
        for pk, title, body, language, raw_text in rows
    }  # fmt: skip
    suggestions.add([name for findings in found.values() for name in findings.unknown])
    for article_id, findings in found.items():
        for name in findings.unknown:
            entity_id = suggestions.entity_id(name)
            if entity_id is not None:
                findings.mentions[entity_id] += 1
                findings.spans[entity_id].append([name.start, name.end])
        for spans in findings.spans.values():
            spans.sort()
        _plan_article(article_id, findings, current[article_id], snapshot.states, plan, report, now)
        report.articles += 1
    if plan.create:
        bulk_create_with_history(plan.create, Tag, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON)
    if plan.update:
        bulk_update_with_history(
            plan.update,
            Tag,
            ["state", "mentions", "spans", "updated_at"],
            batch_size=BATCH_SIZE,
            default_change_reason=CHANGE_REASON,
        )
    for tag in plan.remove:
        tag.delete()  # rare (a name left the gazetteer): one by one, so history records it
    report.added += len(plan.create)
    report.updated += len(plan.update)
    report.removed += len(plan.remove)


class TaggingRun:
    """One gazetteer snapshot for many calls: an import tags each batch as it is stored,
    and compiling the automaton and reading every alias once per batch would be waste."""

    def __init__(self, *, learned: bool = False) -> None:
        self.report = TaggingReport()
        self.snapshot = gazetteer_snapshot()
        self.suggestions = _Suggestions(self.snapshot, self.report)
        # The learned Arabic tagger costs more than the rest of tagging together
        # (bench/tagging.py): imports leave it to `tag_entities`, which runs it.
        self.tagger = shipped_tagger() if learned else None

    def tag(self, article_ids, *, batch_size: int = BATCH_SIZE) -> set[int]:
        """Tag these articles; returns those whose public tags changed in this call."""
        ids = sorted(set(article_ids))
        # Only these ids can change: compare them, not the whole run's growing set.
        changed_before = self.report.article_ids.intersection(ids)
        for start in range(0, len(ids), batch_size):
            _tag_batch(
                ids[start : start + batch_size], self.snapshot, self.suggestions, self.report, self.tagger
            )
        changed = self.report.article_ids.intersection(ids) - changed_before
        if changed:
            tags_bulk_changed.send(sender=Tag, article_ids=sorted(changed))
        return changed


def articles_tag(*, article_ids=None, batch_size: int = BATCH_SIZE, learned: bool = False) -> TaggingReport:
    """(Re)tag the given articles, or all of them, with the current gazetteer (and with the
    learned Arabic tagger's names as suggestions, when `learned`)."""
    if article_ids is None:
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(article_ids))
    if not ids:
        return TaggingReport()
    run = TaggingRun(learned=learned)
    run.tag(ids, batch_size=batch_size)
    return run.report
