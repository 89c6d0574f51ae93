"""Import and index the three shared corpora; compare with a raw Whoosh index of the same texts.

    .venv/bin/python bench/import_bench.py [--limit N] [--procs 1 2] [--keep DIR]

Each configuration runs `manage.py import_articles` in a child process on a fresh scratch
ARCHIVE_DATA_DIR (wall time, articles per second, peak RSS of the import and of its index
writer processes, and the peak of their memory together, as PSS sampled every 0.2 s). The
baseline, built in this process in the same run, indexes the same titles and bodies with
search.analyzers.bilingual_analyzer and one writer, with no database, tagging or second
analysis. Prints one table; the figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def raw_whoosh(index_dir: Path, *, limit: int | None) -> dict:
    """The same titles and bodies through the same analyzer into a plain Whoosh index."""
    import itertools

    from whoosh import fields, index

    from archive.importers.files import read_paths
    from archive.importers.mapping import ArticleDraft, drafts_from
    from search.analyzers import bilingual_analyzer

    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=bilingual_analyzer(), stored=True),
        body=fields.TEXT(analyzer=bilingual_analyzer(), stored=True),
    )
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started, cpu_started = time.perf_counter(), _cpu(resource.getrusage(resource.RUSAGE_SELF))
    writer = index.create_in(str(index_dir), schema).writer(limitmb=128)
    count = 0
    for path in corpus_paths():
        drafts = drafts_from(read_paths([path], origin_of=str))
        if limit:
            drafts = itertools.islice(drafts, max(1, limit // len(CORPORA)))
        for draft in drafts:
            if isinstance(draft, ArticleDraft):
                writer.add_document(id=draft.origin, title=draft.parsed.title, body=draft.parsed.body)
                count += 1
    writer.commit()
    cpu = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - cpu_started
    return {"wall": time.perf_counter() - started, "cpu": cpu, "articles": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="records to import in total (a quick run)")
    parser.add_argument("--procs", type=int, nargs="+", default=[1, 2], help="Whoosh writer processes to try")
    parser.add_argument("--keep", type=Path, help="keep the last archive here (for search_latency)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.procs[0], args.limit)
        return
    corpus_paths()
    sys.path.insert(0, str(PROJECT_DIR))
    scratch = Path(tempfile.mkdtemp(prefix="import-bench-"))
    print(f"# {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}, limit {args.limit or 'none'}")  # fmt: skip
    print("# wall time depends on what else runs; CPU s (user + system, writers included) does not")
    baseline = raw_whoosh(scratch / "raw", limit=args.limit)
    base_rate = baseline["articles"] / baseline["wall"]
    print(f"{'run':<28}{'articles':>9}{'wall s':>9}{'art/s':>8}{'vs raw':>8}{'CPU s':>8}{'vs raw':>8}"
          f"{'RSS MB':>8}{'writers MB':>11}{'all PSS MB':>11}  index")  # fmt: skip
    print(f"{'raw Whoosh, 1 writer':<28}{baseline['articles']:>9}{baseline['wall']:>9.1f}{base_rate:>8.0f}"
          f"{1:>8.2f}{baseline['cpu']:>8.0f}{1:>8.2f}"
          f"{_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss):>8.0f}{'-':>11}{'-':>11}")  # fmt: skip
    shutil.rmtree(scratch / "raw", ignore_errors=True)
    for procs in args.procs:
        data_dir = args.keep if (args.keep and procs == args.procs[-1]) else scratch / f"procs{procs}"
        run = run_import(data_dir, procs=procs, limit=args.limit)
        label = f"import_articles, procs={procs}"
        print(f"{label:<28}{run['articles']:>9}{run['wall']:>9.1f}{run['articles'] / run['wall']:>8.0f}"
              f"{run['wall'] / baseline['wall']:>8.2f}{run['cpu']:>8.0f}{run['cpu'] / baseline['cpu']:>8.2f}"
              f"{_mb(run['rss']):>8.0f}{_mb(run['writer_rss']):>11.0f}{_mb(run['pss_peak_kb']):>11.0f}"
              f"  {'matches db' if run['in_sync'] else 'DIFFERS from db'}")  # fmt: skip
        if data_dir != args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
