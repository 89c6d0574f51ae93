"""Import and index the three shared corpora; compare with raw Whoosh builds in the same run.

    .venv/bin/python bench/import_bench.py [--limit N] [--procs 2] [--repeats 2] [--keep DIR]

Each run is a child process on a fresh scratch ARCHIVE_DATA_DIR, so each has its own peak
memory. `manage.py import_articles` exactly as an operator runs it: wall time, articles per
second, CPU (its writer processes included), peak RSS of the import and of its index writer
processes, and the peak of their memory together, as PSS sampled every 0.2 s. The
baselines read the same records and index them with one stock Whoosh writer
(`limitmb=256`), no database, no tagging:
- *raw title+body* (the issue's baseline): title (field boost 2) and body, each analysed
  once by the analyzer the archive's own `title` and `text` fields use (light stemming);
- *raw, import's text*: the same plus the exact (unstemmed) title and body, which the
  import also indexes: the same analysis as the import but for entity names.
With `--repeats R` the baselines and the imports take turns R times (ABAB), so load from
other work falls on both, and each ratio is taken within one round; the summary gives the
median ratio and its spread. The machine and the load before and after are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CORPORA_DIR = Path(os.environ.get("ARCHIVE_CORPORA_DIR", PROJECT_DIR.parent / "shared" / "corpora"))
CORPORA = ("saudinewsnet", "fakes/FA-KES-Dataset.csv", "reuters21578/reuters21578.jsonl")


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024


def corpus_paths() -> list[Path]:
    paths = [CORPORA_DIR / name for name in CORPORA]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        sys.exit(f"corpora missing ({', '.join(missing)}): the benchmark needs ../shared/corpora")
    return paths


def _environment(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def run_import(data_dir: Path, *, procs: int, limit: int | None) -> dict:
    """One import in a child process that reports its own time and peak memory."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = _environment(data_dir)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    command = [sys.executable, __file__, "--child", "--procs", str(procs)]
    if limit:
        command += ["--limit", str(limit)]
    with subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, text=True) as child:
        memory = MemorySampler(child.pid)
        memory.start()
        out, _ = child.communicate()
        memory.stop()
    if child.returncode:
        sys.exit(f"the import failed (exit {child.returncode})")
    return {**json.loads(out.strip().splitlines()[-1]), "pss_peak_kb": memory.peak_kb}


class MemorySampler(threading.Thread):
    """Peak memory of a process and its writer processes together, sampled every 0.2 s.

    Summing RSS would count twice the pages the writer processes share with the import
    they were forked from; PSS shares each page out among the processes that map it."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _process_tree(self.pid))))

    def stop(self) -> None:
        self.done.set()
        self.join()


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def child(procs: int, limit: int | None) -> None:
    """Runs inside the scratch data dir: the import exactly as an operator runs it."""
    import django

    sys.path.insert(0, str(PROJECT_DIR))
    django.setup()
    from django.core.management import call_command

    from archive.models import Article
    from search.consistency import index_differences

    paths = corpus_paths()
    if limit:
        # Quick runs import fewer articles per call than the backend's threshold for writer
        # processes; lower it so --procs compares what it says.
        from haystack import connections

        connections["default"].get_backend().multiprocess_min_docs = 1
    started = time.perf_counter()
    options = {"index_procs": procs, "stdout": sys.stderr, "stderr": open(os.devnull, "w")}  # noqa: SIM115
    if limit:
        # A quick run takes the same share of each corpus.
        for path in paths:
            _call(call_command, path, limit=max(1, limit // len(paths)), **options)
    else:
        _call(call_command, *paths, **options)
    wall = time.perf_counter() - started
    articles = Article.objects.count()
    in_sync = not index_differences()
    own = resource.getrusage(resource.RUSAGE_SELF)
    writers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "articles": articles, "rss": own.ru_maxrss, "writer_rss": writers.ru_maxrss,
        "cpu": _cpu(own) + _cpu(writers), "in_sync": in_sync,
    }))  # fmt: skip


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _call(call_command, *paths, **options):
    from django.core.management import CommandError

    try:
        call_command("import_articles", *map(str, paths), **options)
    except CommandError as error:  # failures are reported; the benchmark still counts
        print(error, file=sys.stderr)


RAW_RUNS = {"raw title+body": False, "raw, import's text": True}


def raw_child(full: bool, limit: int | None) -> None:
    """A baseline build in this (child) process; prints its figures as one JSON line."""
    import itertools

    import django

    sys.path.insert(0, str(PROJECT_DIR))
    django.setup()
    from haystack import connections
    from whoosh import fields, index

    from archive.importers.files import read_paths
    from archive.importers.mapping import ArticleDraft, drafts_from

    # The analyzers the archive's own title, text and exact fields index with.
    backend = connections["default"].get_backend()
    backend.setup()
    archive_schema = backend.schema
    field_of = {name: fields.TEXT(analyzer=archive_schema[name].analyzer) for name in ("title", "text")}
    field_of["title"].field_boost = 2.0
    if full:
        for name in ("exact_title", "exact"):
            field_of[name] = fields.TEXT(analyzer=archive_schema[name].analyzer)
        field_of["exact_title"].field_boost = 2.0
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), **field_of)
    index_dir = Path(os.environ["ARCHIVE_DATA_DIR"]) / "raw_index"
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    writer = index.create_in(str(index_dir), schema).writer(limitmb=256)
    count = 0
    for path in corpus_paths():
        drafts = drafts_from(read_paths([path], origin_of=str))
        if limit:
            drafts = itertools.islice(drafts, max(1, limit // len(CORPORA)))
        for draft in drafts:
            if isinstance(draft, ArticleDraft):
                title, body = draft.parsed.title, draft.parsed.body
                texts = {"title": title, "text": body}
                if full:
                    texts.update(exact_title=title, exact=body)
                writer.add_document(id=draft.origin, **texts)
                count += 1
    writer.commit()
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": time.perf_counter() - started, "cpu": _cpu(own), "articles": count,
                      "rss": own.ru_maxrss, "writer_rss": 0, "in_sync": None}))  # fmt: skip


def run_child(data_dir: Path, arguments: list[str]) -> dict:
    """One benchmark child on a fresh data dir, with the peak PSS of its process tree."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = _environment(data_dir)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    command = [sys.executable, __file__, *arguments]
    with subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, text=True) as child:
        memory = MemorySampler(child.pid)
        memory.start()
        out, _ = child.communicate()
        memory.stop()
    if child.returncode:
        sys.exit(f"{' '.join(arguments)} failed (exit {child.returncode})")
    return {**json.loads(out.strip().splitlines()[-1]), "pss_peak_kb": memory.peak_kb}


HEADER = (f"{'run':<28}{'articles':>9}{'wall s':>9}{'art/s':>8}{'CPU s':>8}{'RSS MB':>8}"
          f"{'writers MB':>11}{'all PSS MB':>11}  index")  # fmt: skip


def row(label: str, run: dict) -> str:
    index = {None: "-", True: "matches db", False: "DIFFERS from db"}[run["in_sync"]]
    writers = f"{_mb(run['writer_rss']):>11.0f}" if run["writer_rss"] else f"{'-':>11}"
    rate = run["articles"] / run["wall"]
    return (f"{label:<28}{run['articles']:>9}{run['wall']:>9.1f}{rate:>8.0f}{run['cpu']:>8.0f}"
            f"{_mb(run['rss']):>8.0f}{writers}{_mb(run['pss_peak_kb']):>11.0f}  {index}")  # fmt: skip


def median_spread(values: list[float]) -> str:
    import statistics

    middle = statistics.median(values)
    return f"{middle:.2f}" if len(values) == 1 else f"{middle:.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="records to import in total (a quick run)")
    parser.add_argument("--procs", type=int, nargs="+", default=[2], help="Whoosh writer processes to try")
    parser.add_argument("--repeats", type=int, default=1, help="rounds of baselines and imports, in turn")
    parser.add_argument("--no-full-raw", action="store_true", help="skip the raw build of the import's text")
    parser.add_argument(
        "--no-raw", action="store_true",
        help="only the imports (e.g. to build an archive for search_latency): no ratios",
    )  # fmt: skip
    parser.add_argument("--keep", type=Path, help="keep the last archive here (for search_latency)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--raw-child", choices=("title-body", "full"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.procs[0], args.limit)
        return
    if args.raw_child:
        raw_child(args.raw_child == "full", args.limit)
        return
    corpus_paths()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import Run

    machine = Run.start()
    print(f"# limit {args.limit or 'none'}, {args.repeats} round(s); CPU s (user + system, writers "
          f"included) depends less on other work than wall s")  # fmt: skip
    limit_args = ["--limit", str(args.limit)] if args.limit else []
    raws = {label: full for label, full in RAW_RUNS.items() if not (full and args.no_full_raw or args.no_raw)}
    scratch = Path(tempfile.mkdtemp(prefix="import-bench-"))
    rounds: list[dict[str, dict]] = []
    print(HEADER)
    for number in range(args.repeats):
        runs: dict[str, dict] = {}
        labels = [*raws, *(f"import_articles, procs={procs}" for procs in args.procs)]
        # Alternate which goes first, so neither always follows the other's cache warm-up.
        for label in labels if number % 2 == 0 else labels[::-1]:
            if label in raws:
                arguments = ["--raw-child", "full" if raws[label] else "title-body", *limit_args]
                data_dir = scratch / "raw"
            else:
                procs = int(label.rsplit("=", 1)[1])
                arguments = ["--child", "--procs", str(procs), *limit_args]
                last = number == args.repeats - 1 and procs == args.procs[-1]
                data_dir = args.keep if (args.keep and last) else scratch / f"procs{procs}"
            runs[label] = run_child(data_dir, arguments)
            print(row(label, runs[label]), flush=True)
            if data_dir != args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)
        rounds.append(runs)
    shutil.rmtree(scratch, ignore_errors=True)
    print("# ratios within each round: median (min-max) over the rounds")
    for label in [label for label in rounds[0] if label not in raws]:
        for base in raws:
            wall = [runs[label]["wall"] / runs[base]["wall"] for runs in rounds]
            cpu = [runs[label]["cpu"] / runs[base]["cpu"] for runs in rounds]
            print(f"{label} / {base}: wall {median_spread(wall)}, CPU {median_spread(cpu)}")
        peaks = [_mb(runs[label]["pss_peak_kb"]) for runs in rounds]
        print(f"{label}: peak PSS of the import and its writers {max(peaks):.0f} MB")
    machine.finish()


if __name__ == "__main__":
    main()
