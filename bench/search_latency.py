"""Search latency over an imported archive: the API and the page beside raw Whoosh, in one run.

    .venv/bin/python bench/import_bench.py --procs 2 --keep /tmp/bench-archive
    .venv/bin/python bench/search_latency.py --data /tmp/bench-archive [--arabic 150 --english 50]
        [--passes 3] [--profile-slowest] [--profile-median] [--fts5]

The issue's query set: Arabic known-item queries (2-5 words of a real title, each varied the
way searchers type it: bench/queries.py) and short English topic queries (a word or two of an
English title, lowercased). Each query goes through Django's test client to /api/search/ and
/search/ (facets, highlighting, spelling on). The baselines run in the same process, over the
archive's own index (the same texts and analyzer):
- *raw OR* (the issue's baseline): Whoosh's MultifieldParser over title and body (`text`)
  with OrGroup, its default searcher, top 20;
- *raw AND*: the same parser with its default AND grouping (the "bare" baseline of the
  earlier figures), which matches far fewer documents on a multi-word query;
- optionally SQLite FTS5 (`--fts5`) and stock Whoosh doing the API's work (`--work-queries`).

Every runner answers every query once untimed (the issue's first pass), then `--passes`
timed passes follow. Inside a pass, the runners take turns query by query in a rotating
order (ABAB), so a neighbour's burst of work lands on all of them alike. Ratios are taken
within each pass and printed as the median with the spread (min-max) over the passes.
--profile-slowest re-runs the API's slowest 5 % of queries under pyinstrument, --profile-median
the 5 % around its median.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench's own modules
from machine import Run  # noqa: E402
from queries import ArabicQueryMaker, vocabulary  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parent.parent
_ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
API, PAGE, RAW_OR, RAW_AND = "API /api/search/", "page /search/", "raw Whoosh OR", "raw Whoosh AND"
WORK, FTS5 = "raw Whoosh, API's work", "SQLite FTS5"
_ENGLISH_STOP = frozenset("with from that this have after into over their says said will were what".split())


def setup(data_dir: Path) -> None:
    os.environ.update(
        ARCHIVE_DATA_DIR=str(data_dir), DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )  # fmt: skip
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def _sampled(language: str, count: int, rng: random.Random):
    from archive.models import Article

    ids = sorted(Article.objects.filter(language=language).values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), count))
    return Article.objects.filter(pk__in=chosen).order_by("pk")


def arabic_queries(count: int, seed: int) -> list[str]:
    """Known-item queries from Arabic titles, varied as bench/queries.py documents; the
    vocabulary (which forms really occur) is that of the archive's Arabic articles."""
    from archive.models import Article

    texts = Article.objects.filter(language="ar").values_list("title", "body").iterator(chunk_size=2000)
    maker = ArabicQueryMaker(vocabulary(f"{title}\n{body}" for title, body in texts), seed)
    rng = random.Random(seed)
    queries: list[str] = []
    for article in _sampled("ar", count * 2, rng):
        query = maker.make(article.title)
        if query:
            queries.append(query)
    return rng.sample(queries, min(count, len(queries)))


def english_queries(count: int, seed: int) -> list[str]:
    """Short topic queries: one or two lowercased content words of an English title."""
    rng = random.Random(seed)
    queries: list[str] = []
    for article in _sampled("en", count * 2, rng):
        words = [word.lower() for word in _ENGLISH_WORD.findall(article.title)]
        words = [word for word in words if word not in _ENGLISH_STOP]
        if words:
            start = rng.randrange(len(words))
            queries.append(" ".join(words[start : start + rng.choice((1, 2))]))
    return rng.sample(queries, min(count, len(queries)))


def make_queries(arabic: int, english: int, seed: int = 7) -> list[str]:
    """The Arabic and English queries, interleaved in a fixed order."""
    queries = arabic_queries(arabic, seed) + english_queries(english, seed)
    random.Random(seed).shuffle(queries)
    return queries


def client_runner(path: str) -> Callable[[str], object]:
    from django.test import Client

    client = Client()

    def run(query: str):
        response = client.get(path, {"q": query})
        assert response.status_code == 200, (path, query, response.status_code)
        return response

    return run


def raw_whoosh_runner(*, any_word: bool) -> Callable[[str], object]:
    """Whoosh alone on the archive's index: its parser over title and body with the fields'
    own analyzers (any word, or every word), its default searcher, top 20 stored ids."""
    from haystack import connections
    from whoosh.qparser import MultifieldParser, OrGroup

    backend = connections["default"].get_backend()
    backend.setup()
    searcher = backend.index.searcher()
    options = {"group": OrGroup} if any_word else {}
    parser = MultifieldParser(["title", "text"], schema=backend.index.schema, **options)

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


def fts5_runner(path: Path) -> Callable[[str], object]:
    """SQLite FTS5 over the same titles and bodies, ranked by bm25."""
    from archive.models import Article

    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    rows = Article.objects.values_list("pk", "title", "body").iterator(chunk_size=2000)
    connection.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", rows)
    connection.commit()

    def run(query: str):
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in query.split())
        sql = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 20"
        return connection.execute(sql, (match,)).fetchall()

    return run


def one_pass(runs: dict[str, Callable], queries: list[str], subsets: dict[str, int]) -> dict[str, list]:
    """Milliseconds per query and runner (wall, CPU), the runners taking turns per query."""
    names = list(runs)
    times: dict[str, list] = {name: [] for name in names}
    for number, query in enumerate(queries):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            if number >= subsets.get(name, len(queries)):
                continue
            started, cpu_started = time.perf_counter(), time.process_time()
            runs[name](query)
            times[name].append(
                ((time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000)
            )
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def pass_figures(times: list[tuple[float, float]]) -> dict[str, float]:
    wall = [w for w, _ in times]
    cpu = [c for _, c in times]
    return {"p50": statistics.median(wall), "p95": percentile(wall, 0.95), "cpu50": statistics.median(cpu)}


def spread(values: list[float], digits: int = 1) -> str:
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def report(passes: list[dict[str, dict]], names: list[str]) -> None:
    """Per runner: median over the passes (min-max) of p50, p95, CPU p50 and of the ratios."""
    columns = ("p50 ms", "p95 ms", "CPU p50 ms", "p50 / raw OR", "p95 / raw OR", "CPU p50 / raw OR",
               "p50 / raw AND")  # fmt: skip
    print(f"{'run':<24}" + "".join(f"{c:>21}" for c in columns))
    for name in names:
        row = [
            [figures[name]["p50"] for figures in passes],
            [figures[name]["p95"] for figures in passes],
            [figures[name]["cpu50"] for figures in passes],
        ]
        ratios = [
            [figures[name][key] / figures[base][key] for figures in passes]
            for key, base in (("p50", RAW_OR), ("p95", RAW_OR), ("cpu50", RAW_OR), ("p50", RAW_AND))
        ]
        cells = [spread(values) for values in row] + [spread(values, 2) for values in ratios]
        print(f"{name:<24}" + "".join(f"{cell:>21}" for cell in cells))
    page_over_api = [figures[PAGE]["p50"] / figures[API]["p50"] for figures in passes]
    page_p95_over_api = [figures[PAGE]["p95"] / figures[API]["p95"] for figures in passes]
    print(f"page / API: p50 {spread(page_over_api, 2)}, p95 {spread(page_p95_over_api, 2)}")


def slowest(times: list[tuple[float, float]], queries: list[str], share: float = 0.05) -> list:
    """(ms, query) of the slowest share of the queries, slowest first."""
    ranked = sorted(((wall, query) for (wall, _), query in zip(times, queries, strict=False)), reverse=True)
    return ranked[: max(1, round(share * len(ranked)))]


def around_median(times: list[tuple[float, float]], queries: list[str], share: float = 0.05) -> list:
    """(ms, query) of the share of the queries whose times lie around the median, slowest first."""
    ranked = sorted(((wall, query) for (wall, _), query in zip(times, queries, strict=False)), reverse=True)
    size = max(1, round(share * len(ranked)))
    start = max(0, len(ranked) // 2 - size // 2)
    return ranked[start : start + size]


def describe(found: list[tuple[float, str]], which: str) -> None:
    """What each query is: how many words, how many hits, whether it had to relax."""
    from search.selectors import SearchParams, article_search

    print(f"# the API's {which} {len(found)} queries in the last pass")
    for wall, query in found:
        outcome = article_search(params=SearchParams(q=query))
        relaxed = " relaxed (any word)" if outcome.relaxed else ""
        hits = outcome.page.paginator.count
        print(f"{wall:8.1f} ms  {len(query.split())} words  {hits:>6} hits{relaxed}  {query}")


def profile(run: Callable[[str], object], queries: list[str], repeats: int = 3) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeats):
        for query in queries:
            run(query)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="ARCHIVE_DATA_DIR of an imported archive")
    parser.add_argument("--arabic", type=int, default=150, help="Arabic known-item queries")
    parser.add_argument("--english", type=int, default=50, help="English topic queries")
    parser.add_argument("--passes", type=int, default=1, help="timed passes after the untimed one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fts5", action="store_true", help="add SQLite FTS5 over the same texts")
    parser.add_argument(
        "--work-queries", type=int, default=0,
        help="how many of the queries stock Whoosh doing the API's work runs (about 2 s each)",
    )  # fmt: skip
    parser.add_argument("--profile-slowest", action="store_true", help="profile the API's slowest 5 %%")
    parser.add_argument(
        "--profile-median", action="store_true", help="profile the API's 5 %% of queries around its median"
    )
    args = parser.parse_args()
    if not (args.data / "whoosh_index").is_dir():
        sys.exit(f"{args.data} holds no archive: run bench/import_bench.py --keep {args.data} first")
    setup(args.data)
    from archive.models import Article

    machine = Run.start()
    queries = make_queries(args.arabic, args.english, args.seed)
    words = statistics.mean(len(query.split()) for query in queries)
    print(f"# {Article.objects.count()} articles; {len(queries)} queries ({args.arabic} Arabic asked, "
          f"{args.english} English), {words:.1f} words on average; "
          f"1 untimed + {args.passes} timed passes")  # fmt: skip
    runs = {
        API: client_runner("/api/search/"),
        PAGE: client_runner("/search/"),
        RAW_OR: raw_whoosh_runner(any_word=True),
        RAW_AND: raw_whoosh_runner(any_word=False),
    }
    subsets = {}
    if args.work_queries > 0:
        runs[WORK], subsets[WORK] = whoosh_same_work_runner(), args.work_queries
    fts5_dir = tempfile.TemporaryDirectory(prefix="search-latency-")
    if args.fts5:
        runs[FTS5] = fts5_runner(Path(fts5_dir.name) / "fts5.sqlite3")
    one_pass(runs, queries, subsets)  # the first pass, untimed: caches warm as in the issue
    timed = [one_pass(runs, queries, subsets) for _ in range(args.passes)]
    report([{name: pass_figures(times) for name, times in run.items()} for run in timed], list(runs))
    print("(raw OR: the issue's baseline, any word of the query in title or body; raw AND: every word, "
          "the earlier 'bare' row; ratios are taken within each pass)")  # fmt: skip
    machine.finish()
    fts5_dir.cleanup()
    if args.profile_slowest:
        found = slowest(timed[-1][API], queries)
        describe(found, "slowest")
        profile(runs[API], [query for _, query in found])
    if args.profile_median:
        found = around_median(timed[-1][API], queries)
        describe(found, "median")
        profile(runs[API], [query for _, query in found])


if __name__ == "__main__":
    main()
