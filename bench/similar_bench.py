"""Similar articles: Whoosh's own more_like beside the key terms of search/backends/whoosh_similar.py.

    .venv/bin/python bench/similar_bench.py --data DIR [--articles 60] [--topics 200] [--seed 15]
        [--max-share 1.0 0.05 0.02] [--show 6]

DIR is an imported archive (ARCHIVE_DATA_DIR), only read. Two seeded samples: `--articles`
articles of any kind, and `--topics` Reuters stories that carry topics in their record (the
`topics` of Reuters-21578, kept in `raw_text`). Each variant finds the eight most similar
articles of each one (what the page asks for), in a rotating order (ABAB), from the searcher
the server keeps:
- *whoosh more_like*: `Searcher.more_like` over the twelve terms of highest Bo1 weight (the
  code before this change);
- *max share S*: the twelve of highest weight among terms in 2 to S x N documents.

Prints per variant: CPU ms (process_time) p50/p95 over both samples; over the Reuters sample,
the share of the first four similar stories that share a topic with the story (the gold label
this archive has for similarity); over both, how many of the first four are also in Whoosh's
first four, and the mean number of confirmed entities the four share with the article.
--show N prints the first four of each variant for N articles of the first sample.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench's own modules
from article_page import setup  # noqa: E402
from machine import Run  # noqa: E402

SHOWN = 4
ASKED = 8
WHOOSH = "whoosh more_like"
ARRAYS = "arrays"


def _topics(raw_text: str) -> frozenset[str]:
    try:
        record = json.loads(raw_text)
    except ValueError:
        return frozenset()
    return frozenset(record.get("topics") or ()) if isinstance(record, dict) else frozenset()


def _django_id(searcher, hit) -> int:
    """The article of a Whoosh hit or of a (document number, score) pair."""
    docnum = hit[0] if isinstance(hit, tuple) else hit.docnum
    return int(searcher.stored_fields(docnum)["django_id"])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--max-share", type=float, nargs="*", default=[])
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    setup(args.data)
    from haystack import connections
    from haystack.constants import ID
    from haystack.utils import get_identifier

    from archive.models import Article, Tag
    from search.backends import whoosh_similar

    run = Run.start()
    backend = connections["default"].get_backend()
    backend.setup()
    searcher = backend._searcher()
    rng = random.Random(args.seed)
    ids = sorted(Article.objects.values_list("pk", flat=True))
    anything = rng.sample(ids, min(args.articles, len(ids)))
    topics = {
        pk: _topics(raw)
        for pk, raw in Article.objects.filter(language="en", raw_text__contains='"topics": ["').values_list(
            "pk", "raw_text"
        )
    }
    reuters = rng.sample(sorted(topics), min(args.topics, len(topics)))

    def whoosh(docnum):
        return searcher.more_like(docnum, "text", top=ASKED, numterms=12)[:ASKED]

    def arrays(docnum):
        return whoosh_similar.similar(searcher, docnum, "text", top=ASKED)

    def capped(share):
        most = max(2, int(share * searcher.doc_count_all()))
        reader = searcher.reader()

        def run(docnum):
            terms = searcher.key_terms([docnum], "text", numterms=200, normalize=False)
            terms = [(term, w) for term, w in terms if 2 <= reader.doc_frequency("text", term) <= most]
            scores = whoosh_similar.scored(searcher, "text", terms[:12])
            return whoosh_similar.best(scores, top=ASKED, exclude=docnum)

        return run

    capped_variants = {f"max share {share:g}": capped(share) for share in args.max_share}
    variants = {WHOOSH: whoosh, ARRAYS: arrays, **capped_variants}
    names = list(variants)
    found: dict[str, dict[int, list[int]]] = {name: {} for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    sample = list(dict.fromkeys(anything + reuters))
    for turn, pk in enumerate(sample):
        docnum = searcher.document_number(**{ID: get_identifier(Article(pk=pk))})
        if docnum is None:
            continue
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            started = time.process_time()
            hits = variants[name](docnum)
            cpu[name].append((time.process_time() - started) * 1000)
            found[name][pk] = [_django_id(searcher, hit) for hit in hits]

    entities: dict[int, set[int]] = {}
    wanted = set(sample) | {other for lists in found.values() for ids_ in lists.values() for other in ids_}
    confirmed = Tag.objects.filter(state=Tag.State.CONFIRMED, article_id__in=wanted)
    for article_id, entity_id in confirmed.values_list("article_id", "entity_id"):
        entities.setdefault(article_id, set()).add(entity_id)

    print(
        f"{len(anything)} articles of {len(ids)}, {len(reuters)} Reuters stories with topics,",
        f"seed {args.seed}",
    )
    heads = ("CPU p50", "CPU p95", "topic@4", "same@4", "entities@4")
    print(f"{'variant':18} " + " ".join(f"{head:>10}" for head in heads))
    for name in names:
        shown = {pk: others[:SHOWN] for pk, others in found[name].items()}
        pairs = [(pk, other) for pk, others in shown.items() for other in others]
        on_topic = [bool(topics[pk] & topics.get(other, frozenset())) for pk, other in pairs if pk in topics]
        same = [other in found[WHOOSH][pk][:SHOWN] for pk, other in pairs]
        shared = [len(entities.get(pk, set()) & entities.get(other, set())) for pk, other in pairs]
        print(
            f"{name:18} {statistics.median(cpu[name]):10.1f} {_percentile(cpu[name], 0.95):10.1f} "
            f"{statistics.mean(on_topic or [0]):10.2f} {statistics.mean(same or [0]):10.2f} "
            f"{statistics.mean(shared or [0]):10.2f}"
        )
    run.finish()
    titles = dict(Article.objects.filter(pk__in=wanted).values_list("pk", "title"))
    for pk in anything[: args.show]:
        print(f"\n{pk}: {titles[pk][:90]}")
        for name in names:
            print(f"  {name}:")
            for other in found[name].get(pk, [])[:SHOWN]:
                print(f"    {other}: {titles.get(other, '?')[:90]}")


if __name__ == "__main__":
    main()
