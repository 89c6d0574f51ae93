"""Requests per second and latency of a mixed read load under gunicorn, as `make serve` runs it.

    .venv/bin/python bench/serve_bench.py --data DIR [--seconds 30] [--concurrency 1 8]
                                          [--workers N] [--during-import PATH ...]
                                          [--import-nice N ...]

DIR is an imported archive (ARCHIVE_DATA_DIR, e.g. one kept by bench/import_bench.py --keep);
with --build N the script first imports N records of the shared corpora into DIR. gunicorn
(config.wsgi, --workers, default one per core, static files by whitenoise) listens on a free
loopback port; clients are threads with keep-alive connections, each request drawn at random
(fixed seed) from the mix: 40% search pages, 30% API searches (one or two title words, half
Arabic, half English), 30% article pages. Each concurrency level runs for --seconds after a
warm-up. Baseline, in the same run at the same concurrency: a static file served by
whitenoise through the same server (the cost of the server and the middleware alone).

Prints, per level and kind: requests, requests/s, p50 and p95 in ms and, for p50, the ratio to
the baseline's. --during-import also runs `import_articles PATH ...` into the same archive
while the load runs (starting with the load), and reports the same figures under it, once per
--import-nice value (the import's `--nice`; default 10, the command's default): `0 10` compares
an import at the server's priority with one below it, in one run. With several values and one
JSON-lines file, each import gets its own share of the file's lines (every Nth), so each one
imports new articles rather than finding the last one's unchanged.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
CORPORA_DIR = Path(os.environ.get("ARCHIVE_CORPORA_DIR", PROJECT_DIR.parent / "shared" / "corpora"))
_WORD = re.compile(r"[\w\u0600-\u06ff]{4,}")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
MIX = (("search page", 0.4), ("API search", 0.3), ("article page", 0.3))


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_DEBUG": "0",
            "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0"}  # fmt: skip


def _manage(data_dir: Path, *args: str, **options) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=PROJECT_DIR, env=_env(data_dir), **options)


def build(data_dir: Path, records: int) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    _manage(data_dir, "migrate", "--no-input", "-v0", check=True)
    corpora = [CORPORA_DIR / "saudinewsnet", CORPORA_DIR / "reuters21578" / "reuters21578.jsonl"]
    if not all(path.exists() for path in corpora):
        sys.exit(f"--build needs the shared corpora in {CORPORA_DIR}")
    half = str(records // 2)
    for path in corpora:
        _manage(data_dir, "import_articles", str(path), "--limit", half, check=True)


def samples(data_dir: Path, *, seed: int = 15) -> tuple[list[str], list[int], str]:
    """Queries from titles, article ids and a static file, read from the archive's database."""
    import sqlite3

    with sqlite3.connect(data_dir / "archive.sqlite3") as db:
        rows = db.execute("select id, title from archive_article order by id").fetchall()
    if not rows:
        sys.exit(f"no articles in {data_dir}")
    rng = random.Random(seed)
    queries = []
    for _, title in rng.sample(rows, min(len(rows), 400)):
        words = _WORD.findall(title)
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice((1, 2))))))
    arabic = [q for q in queries if _ARABIC.search(q)]
    english = [q for q in queries if not _ARABIC.search(q)]
    half = min(len(arabic), len(english)) or max(len(arabic), len(english))
    mixed = arabic[:half] + english[:half]
    static = next(iter(sorted((PROJECT_DIR / "static").rglob("*.css"))))
    return mixed, [pk for pk, _ in rows], "/static/" + static.relative_to(PROJECT_DIR / "static").as_posix()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, workers: int) -> tuple[subprocess.Popen, int]:
    _manage(data_dir, "collectstatic", "--no-input", "-v0", check=True)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=PROJECT_DIR, env=_env(data_dir),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 120 s")


def _request_path(kind: str, rng: random.Random, queries: list[str], ids: list[int]) -> str:
    if kind == "search page":
        return "/search/?" + urlencode({"q": rng.choice(queries)})
    if kind == "API search":
        return "/api/search/?" + urlencode({"q": rng.choice(queries)})
    return f"/articles/{rng.choice(ids)}/"


def run_load(port: int, *, concurrency: int, seconds: float, paths) -> dict[str, list[float]]:
    """{kind: [latency in seconds]} of `concurrency` keep-alive clients for `seconds`."""
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            kind, path = paths(rng)
            started = time.perf_counter()
            try:
                connection.request("GET", quote(path, safe="/?=&%"))
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as error:
                ok, response = False, None
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                errors.append(repr(error))
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    timings.setdefault(kind, []).append(elapsed)
                elif response is not None:
                    errors.append(f"{response.status} {path}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  {len(errors)} failed requests, e.g. {errors[:3]}")
    return timings


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(label: str, timings: dict[str, list[float]], seconds: float, baseline_p50: float | None) -> None:
    everything = [t for values in timings.values() for t in values]
    rows = [*timings.items(), ("all (mixed)", everything)] if len(timings) > 1 else list(timings.items())
    for kind, values in rows:
        if not values:
            continue
        p50, p95 = statistics.median(values) * 1000, _percentile(values, 0.95) * 1000
        ratio = f"{p50 / baseline_p50:8.1f}x" if baseline_p50 else "        "
        rate = len(values) / seconds
        print(f"{label:30} {kind:14} {len(values):6} {rate:8.1f} {p50:9.1f} {p95:9.1f} {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--build", type=int, help="first import this many corpus records into --data")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--during-import", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--import-nice", nargs="+", type=int, default=[10], metavar="N")
    args = parser.parse_args()
    if args.build:
        build(args.data, args.build)
    queries, ids, static = samples(args.data)
    print(f"{len(ids)} articles, {len(queries)} queries, gunicorn --workers {args.workers}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]

    def mixed(rng):
        kind = rng.choices(kinds, weights)[0]
        return kind, _request_path(kind, rng, queries, ids)

    shares = _import_shares(args.during_import, args.import_nice) if args.during_import else []
    server, port = start_server(args.data, args.workers)
    try:
        run_load(port, concurrency=2, seconds=args.warmup, paths=mixed)
        print(f"{'run':30} {'kind':14} {'count':>6} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'p50/base':>9}")
        for concurrency in args.concurrency:
            base = run_load(port, concurrency=concurrency, seconds=min(args.seconds, 10),
                            paths=lambda rng: ("static (baseline)", static))  # fmt: skip
            base_p50 = statistics.median(base["static (baseline)"]) * 1000
            report(f"concurrency {concurrency}", base, min(args.seconds, 10), None)
            report(f"concurrency {concurrency}", run_load(port, concurrency=concurrency, seconds=args.seconds,
                                                          paths=mixed), args.seconds, base_p50)  # fmt: skip
            if args.during_import:
                for nice, paths in zip(args.import_nice, shares, strict=True):
                    label = f"concurrency {concurrency}, import nice {nice}"
                    print(f"# {label}: load average {os.getloadavg()[0]:.1f} before")
                    importer = _importer(args.data, paths, nice)
                    timings = run_load(port, concurrency=concurrency, seconds=args.seconds, paths=mixed)
                    report(label, timings, args.seconds, base_p50)
                    importer.terminate()
                    importer.wait()
    finally:
        server.terminate()
        server.wait(timeout=60)


def _importer(data_dir: Path, paths: list[Path], nice: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", *map(str, paths), "--nice", str(nice)],
        cwd=PROJECT_DIR, env=_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _import_shares(paths: list[Path], nices: list[int]) -> list[list[Path]]:
    """What each import phase imports: every Nth line of a lone JSON-lines file for N phases
    (files in a temporary folder), else the same paths each time."""
    if len(nices) == 1 or len(paths) != 1 or paths[0].suffix != ".jsonl":
        return [paths] * len(nices)
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-import-"))
    shares = [folder / f"{paths[0].stem}-{number}.jsonl" for number in range(len(nices))]
    outputs = [share.open("w", encoding="utf-8") for share in shares]
    with paths[0].open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            outputs[number % len(outputs)].write(line)
    for output in outputs:
        output.close()
    return [[share] for share in shares]


if __name__ == "__main__":
    main()
