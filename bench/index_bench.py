"""Time the ways to (re)build the search index of the same archive, in one process.

    .venv/bin/python bench/index_bench.py [--articles 10000] [--repeats 3] [--batch-size 1000]

Imports about --articles records from the shared corpora (the same share of each) into a
fresh scratch ARCHIVE_DATA_DIR, then, --repeats times in turn:
- bulk: ``article_index`` of every article into an empty index (what ``check_index --repair``
  does for an empty index, and what imports use);
- ``rebuild_index --noinput`` (haystack: clear, then update_index);
- ``update_index`` over the full index (every document replaced).
Prints the median wall time with its spread (min-max), the median CPU s (writer processes
included) and each median's ratio to the bulk path's, with the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from import_bench import PROJECT_DIR, corpus_paths


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    python = platform.python_version()
    return f"{platform.node()}: nproc {os.cpu_count()}, {_cpu_model()}, Python {python}, load {load}"


def _setup(data_dir: Path) -> None:
    os.environ.update(
        ARCHIVE_DATA_DIR=str(data_dir), DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings"
    )
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _import(articles: int) -> int:
    from django.core.management import CommandError, call_command

    from archive.models import Article

    paths = corpus_paths()
    with open(os.devnull, "w") as quiet:
        for path in paths:
            try:
                call_command("import_articles", str(path), limit=max(1, articles // len(paths)),
                             stdout=quiet, stderr=quiet)  # fmt: skip
            except CommandError as error:  # failed records are reported; the rest counts
                print(f"# {path.name}: {error}", file=sys.stderr)
    return Article.objects.count()


def _runs(batch_size: int) -> dict:
    from django.core.management import call_command
    from haystack import connections

    from archive.models import Article
    from search.indexing import article_index

    def bulk() -> None:
        article_index(ids=Article.objects.values_list("pk", flat=True))

    def rebuild() -> None:
        call_command("rebuild_index", "--noinput", batch_size=batch_size, verbosity=0)

    def update() -> None:
        call_command("update_index", batch_size=batch_size, verbosity=0)

    def empty_index() -> None:
        connections["default"].get_backend().clear(commit=True)

    return {
        "bulk (article_index, empty index)": (empty_index, bulk),
        "rebuild_index --noinput": (None, rebuild),
        "update_index (full index)": (None, update),
    }


def _timed(prepare, run) -> tuple[float, float]:
    if prepare is not None:
        prepare()
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    run()
    return time.perf_counter() - started, _cpu_seconds() - cpu_started


def _check(articles: int) -> str:
    from haystack import connections

    from search.consistency import index_differences

    backend = connections["default"].get_backend()
    with backend.index.refresh().searcher() as searcher:
        documents = searcher.doc_count()
    differences = index_differences()
    return f"{documents} documents for {articles} articles; " + (
        "matches db" if not differences else f"DIFFERS: {differences.summary()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="records to import (about)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=1000, help="update_index's --batch-size")
    args = parser.parse_args()
    corpus_paths()  # exits with a message when the corpora are absent
    scratch = Path(tempfile.mkdtemp(prefix="index-bench-"))
    try:
        _setup(scratch)
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, before: {_machine()}")
        articles = _import(args.articles)
        print(f"# {articles} articles imported; {args.repeats} repeats, --batch-size {args.batch_size}")
        runs = _runs(args.batch_size)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.repeats):
            for name, (prepare, run) in runs.items():
                times[name].append(_timed(prepare, run))
        print(f"# after: {_machine()}")
        print(f"{'run':<36}{'median s':>9}{'min-max s':>14}{'CPU s':>8}{'x bulk':>8}{'CPU x bulk':>11}")
        bulk_wall = statistics.median(wall for wall, _ in times[next(iter(runs))])
        bulk_cpu = statistics.median(cpu for _, cpu in times[next(iter(runs))])
        for name, measured in times.items():
            walls, cpus = [wall for wall, _ in measured], [cpu for _, cpu in measured]
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            spread = f"{min(walls):.1f}-{max(walls):.1f}"
            ratios = f"{wall / bulk_wall:>8.2f}{cpu / bulk_cpu:>11.2f}"
            print(f"{name:<36}{wall:>9.1f}{spread:>14}{cpu:>8.1f}{ratios}")
        print(f"# index: {_check(articles)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
