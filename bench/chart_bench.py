"""Entity chart cost: drawn (what every request cost before #13) against unchanged (a 304 on
the chart's ETag, or the cached PNG for a client without it), in one process.

    .venv/bin/python bench/chart_bench.py [--data /tmp/bench-archive] [--entities 5] [--repeat 15]

Without --data the seeds are imported into a temporary data directory. Requests go through
Django's test client to /entities/<id>/chart.png and /ar/entities/<id>/chart.png for the
most tagged entities; "drawn" clears the cache before each request.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def setup(data_dir: Path) -> None:
    os.environ.update(
        ARCHIVE_DATA_DIR=str(data_dir), DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )  # fmt: skip
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def seeded_archive() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_seeds", str(PROJECT_DIR / "seeds"), stdout=io.StringIO())


def millis(run, repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        found.append((time.perf_counter() - start) * 1000)
    return found


def describe(name: str, values: list[float], baseline: float | None) -> str:
    median = statistics.median(values)
    spread = f"{min(values):.1f}–{max(values):.1f}"
    ratio = f"{median / baseline:.3f}" if baseline else "1"
    return f"{name:<28} median {median:7.1f} ms  range {spread:>14} ms  ratio {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path)
    parser.add_argument("--entities", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="chart-bench-"))
    setup(data)
    if args.data is None:
        seeded_archive()
    from django.core.cache import cache
    from django.test import Client

    from archive.models import Article
    from archive.selectors import entity_top

    client = Client()
    entities = list(entity_top(limit=args.entities))
    print(
        f"{Article.objects.count()} articles; entities: "
        + ", ".join(f"{entity.name} ({entity.article_count})" for entity in entities)
    )
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    urls = [f"{prefix}/entities/{entity.pk}/chart.png" for entity in entities for prefix in ("", "/ar")]
    etags = {url: client.get(url)["ETag"] for url in urls}

    def drawn():
        for url in urls:
            cache.clear()
            assert client.get(url).status_code == 200

    def revalidated():
        for url in urls:
            assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 304

    def cached():
        for url in urls:
            assert client.get(url).status_code == 200

    per_chart = len(urls)
    results = {
        "drawn (baseline)": millis(drawn, args.repeat),
        "unchanged: 304": millis(revalidated, args.repeat),
    }
    cached()  # "drawn" left only its last chart in the cache
    results["unchanged: cached 200"] = millis(cached, args.repeat)
    results = {name: [value / per_chart for value in values] for name, values in results.items()}
    baseline = statistics.median(results["drawn (baseline)"])
    print(f"per chart request, {args.repeat} rounds of {per_chart} charts:")
    for name, values in results.items():
        print(describe(name, values, None if name.startswith("drawn") else baseline))


if __name__ == "__main__":
    main()
