"""The article page's own cost, in process: related articles, similar articles, the whole page.

    .venv/bin/python bench/article_page.py --data DIR [--articles 60] [--seed 15]
        [--lists FILE.json] [--profile-slowest N]

DIR is an imported archive (ARCHIVE_DATA_DIR), only read. A seeded sample of articles; each is
viewed once untimed (the searcher, the segments' files and the database pages warm), then
timed: `article_related` (shared confirmed entities, SQL), `article_more_like_this` (the
similar articles the page asks for) and the page through Django's test client. CPU time
(process_time) is printed beside wall time: on a shared machine the CPU figures are the ones
to compare between runs. --lists writes what each part returned for every sampled article (ids
and titles), to compare the lists of two versions of the code over the same sample.
--profile-slowest re-runs the N slowest pages under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench's own modules
from machine import Run  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parent.parent


def setup(data_dir: Path) -> None:
    os.environ.update(
        ARCHIVE_DATA_DIR=str(data_dir), DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )  # fmt: skip
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def _timed(call, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call(*args)
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--lists", type=Path, help="write each article's lists here (JSON)")
    parser.add_argument("--profile-slowest", type=int, default=0, metavar="N")
    args = parser.parse_args()
    setup(args.data)
    from django.test import Client

    from archive.models import Article
    from archive.selectors import article_related
    from search.selectors import article_more_like_this
    from search.templatetags.search_tags import _SIMILAR_ASKED

    run = Run.start()
    ids = sorted(Article.objects.values_list("pk", flat=True))
    sample = random.Random(args.seed).sample(ids, min(args.articles, len(ids)))
    client = Client()
    parts = {
        "related": lambda article: article_related(article=article, limit=6),
        "similar": lambda article: article_more_like_this(article=article, limit=_SIMILAR_ASKED),
    }

    def page(pk):
        response = client.get(f"/articles/{pk}/")
        assert response.status_code == 200, (pk, response.status_code)

    for pk in sample[:5]:  # the first views open the searcher and read the segments
        page(pk)
    timings: dict[str, list[tuple[float, float, int]]] = {name: [] for name in [*parts, "page"]}
    lists: dict[int, dict] = {}
    for pk in sample:
        article = Article.objects.select_related("source").get(pk=pk)
        lists[pk] = {"title": article.title[:80], "language": article.language}
        for name, part in parts.items():
            found, wall, cpu = _timed(part, article)
            timings[name].append((wall, cpu, pk))
            lists[pk][name] = [[other.pk, other.title[:80]] for other in found]
        _, wall, cpu = _timed(page, pk)
        timings["page"].append((wall, cpu, pk))

    print(f"{len(sample)} articles of {len(ids)}, seed {args.seed}")
    heads = ("wall p50", "wall p95", "CPU p50", "CPU p95", "CPU max")
    print(f"{'part':10} " + " ".join(f"{head:>9}" for head in heads) + "  slowest (CPU)")
    for name, rows in timings.items():
        walls, cpus = [row[0] for row in rows], [row[1] for row in rows]
        slowest = ", ".join(str(pk) for _, _, pk in sorted(rows, key=lambda row: -row[1])[:3])
        print(
            f"{name:10} {statistics.median(walls):9.1f} {_percentile(walls, 0.95):9.1f} "
            f"{statistics.median(cpus):9.1f} {_percentile(cpus, 0.95):9.1f} {max(cpus):9.1f}  {slowest}"
        )
    run.finish()
    if args.lists:
        args.lists.write_text(json.dumps(lists, ensure_ascii=False, indent=1))
    for _, _, pk in sorted(timings["page"], key=lambda row: -row[1])[: args.profile_slowest]:
        profile = cProfile.Profile()
        profile.runcall(page, pk)
        print(f"\n# profile of /articles/{pk}/")
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
