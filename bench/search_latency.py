"""Search latency over an imported archive: API and page, next to raw Whoosh and SQLite FTS5.

    .venv/bin/python bench/import_bench.py --procs 2 --keep /tmp/bench-archive
    .venv/bin/python bench/search_latency.py --data /tmp/bench-archive [--queries 300] [--profile]

Queries are one or two words drawn from article titles (half Arabic, half English, a
fixed seed), sent through Django's test client to /api/search/ and /search/ (facets,
highlighting, spelling on). Baselines in the same run over the same texts: Whoosh's own
parser and searcher on the archive's index (top 20, no facets or snippets); stock Whoosh
doing the API's work (the backend's query over the same fields, Whoosh's facet counting
of the four facets and its highlighter on the top 20); and an SQLite FTS5 table
(unicode61, diacritics removed, bm25, top 20) built in a temporary folder, so the archive
is only read. --profile runs the API queries again under pyinstrument and prints where
the time goes.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"[\w\u0600-\u06ff]{4,}")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
WORK = "raw Whoosh, API's work"


def setup(data_dir: Path) -> None:
    os.environ.update(
        ARCHIVE_DATA_DIR=str(data_dir), DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )  # fmt: skip
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def make_queries(count: int, seed: int = 7) -> list[str]:
    """Realistic queries: a word or two of a real title, Arabic and English alike."""
    from archive.models import Article

    rng = random.Random(seed)
    by_language: dict[str, list[str]] = {"ar": [], "en": []}
    for language in by_language:
        ids = list(Article.objects.filter(language=language).values_list("pk", flat=True))
        chosen = rng.sample(ids, min(len(ids), count))
        titles = Article.objects.filter(pk__in=chosen).values_list("title", flat=True)
        for title in titles:
            words = _WORD.findall(title)
            if words:
                start = rng.randrange(len(words))
                by_language[language].append(" ".join(words[start : start + rng.choice((1, 1, 2))]))
    arabic, english = by_language["ar"], by_language["en"]
    queries = [q for pair in zip(arabic, english, strict=False) for q in pair]
    shorter = min(len(arabic), len(english))
    return (queries + arabic[shorter:] + english[shorter:])[:count]


def timed(run: Callable[[str], object], queries: list[str], warmup: int = 10) -> tuple[list, list]:
    """Wall and CPU milliseconds per query. On a busy machine wall time measures the
    neighbours; CPU time (one thread serves a query) is what the query itself costs."""
    for query in queries[:warmup]:
        run(query)
    wall, cpu = [], []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        run(query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def client_runner(path: str) -> Callable[[str], object]:
    from django.test import Client

    client = Client()

    def run(query: str):
        response = client.get(path, {"q": query})
        assert response.status_code == 200, (path, query, response.status_code)
        return response

    return run


def whoosh_runner() -> Callable[[str], object]:
    """Whoosh alone: its parser over title and text with the same analyzer, top 20."""
    from haystack import connections
    from whoosh.qparser import MultifieldParser

    backend = connections["default"].get_backend()
    backend.setup()
    searcher = backend.index.searcher()
    parser = MultifieldParser(["title", "text"], schema=backend.index.schema)

    def run(query: str):
        return [hit["django_id"] for hit in searcher.search(parser.parse(query), limit=20)]

    return run


def whoosh_same_work_runner() -> Callable[[str], object]:
    """Stock Whoosh doing what the API does: the same query over the same fields, counts of
    the same four facets, and a highlighted fragment of each of the top 20 bodies."""
    from haystack import connections
    from whoosh.sorting import Count, FieldFacet

    from search.facets import FACET_FIELDS as FACETS
    from search.text.query_syntax import parse_user_query

    backend = connections["default"].get_backend()
    backend.setup()
    searcher = backend.index.searcher()
    fields = backend.search_fields(exact=False, entities=True)
    facets = [FieldFacet(name, allow_overlap=name == "entity", maptype=Count) for name in FACETS]

    def run(query: str):
        whoosh_query = backend.build_user_query(parse_user_query(query), fields=fields)
        if whoosh_query is None:
            return None
        results = searcher.search(whoosh_query, limit=20, groupedby=facets)
        counts = {name: results.groups(name) for name in FACETS}
        return counts, [hit.highlights("text") for hit in results]

    return run


def fts5_runner(path: Path) -> tuple[Callable[[str], object], float]:
    """SQLite FTS5 over the same titles and bodies, ranked by bm25."""
    from archive.models import Article

    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    started = time.perf_counter()
    rows = Article.objects.values_list("pk", "title", "body").iterator(chunk_size=2000)
    connection.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", rows)
    connection.commit()
    build = time.perf_counter() - started

    def run(query: str):
        match = " ".join('"' + word.replace('"', "") + '"' for word in query.split())
        sql = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 20"
        return connection.execute(sql, (match,)).fetchall()

    return run, build


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, statistics.mean(ordered)


def profile(run: Callable[[str], object], queries: list[str]) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for query in queries:
        run(query)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="ARCHIVE_DATA_DIR of an imported archive")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--work-queries", type=int, default=100,
        help="how many of the queries stock Whoosh doing the API's work runs (about 2 s each; 0 skips it)",
    )  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="profile the API queries with pyinstrument")
    args = parser.parse_args()
    if not (args.data / "whoosh_index").is_dir():
        sys.exit(f"{args.data} holds no archive: run bench/import_bench.py --keep {args.data} first")
    setup(args.data)
    from archive.models import Article

    queries = make_queries(args.queries)
    arabic = sum(1 for query in queries if _ARABIC.search(query))
    print(f"# {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}; {Article.objects.count()} articles, {len(queries)} queries "
          f"({arabic} Arabic, {len(queries) - arabic} English)")  # fmt: skip
    fts5_dir = tempfile.TemporaryDirectory(prefix="search-latency-")
    fts5, fts5_build = fts5_runner(Path(fts5_dir.name) / "fts5.sqlite3")
    runs = {
        "API /api/search/": client_runner("/api/search/"),
        "page /search/": client_runner("/search/"),
        "raw Whoosh (top 20)": whoosh_runner(),
        **({WORK: whoosh_same_work_runner()} if args.work_queries > 0 else {}),
        "SQLite FTS5 (top 20)": fts5,
    }
    results = {}
    for name, run in runs.items():
        wall, cpu = timed(run, queries[: args.work_queries] if name == WORK else queries)
        results[name] = summary(wall) + summary(cpu)
    bare, work = results["raw Whoosh (top 20)"], results.get(WORK)
    print(f"{'':<24}{'------------- wall ms -------------':>39}{'-------------- CPU ms -------------':>39}")
    print(f"{'run':<24}" + f"{'p50':>8}{'p95':>8}{'mean':>7}{'/bare':>8}{'/work':>8}" * 2)
    for name, times in results.items():
        columns = ""
        for p50, p95, mean, raw_index in (times[:3] + (0,), times[3:] + (3,)):
            per_work = f"{p50 / work[raw_index]:>8.2f}" if work else f"{'-':>8}"
            columns += f"{p50:>8.1f}{p95:>8.1f}{mean:>7.1f}{p50 / bare[raw_index]:>8.2f}{per_work}"
        print(f"{name:<24}{columns}")
    print(f"(/bare, /work: p50 over the p50 of raw Whoosh top 20 and of raw Whoosh doing the API's work; "
          f"the latter ran the first {min(args.work_queries, len(queries))} queries)")  # fmt: skip
    print(f"(FTS5 table built in {fts5_build:.1f} s)")
    fts5_dir.cleanup()
    if args.profile:
        profile(runs["API /api/search/"], queries[:100])


if __name__ == "__main__":
    main()
