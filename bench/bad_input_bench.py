"""Peak memory and time of import_articles on the bad inputs of issue #15, beside a normal file.

    .venv/bin/python bench/bad_input_bench.py [--mb 50] [--bomb-mb 500] [--repeat 3]

The files are generated at run time in a temporary folder (deleted afterwards): a one-line
plain-text file of --mb MB, a one-line JSONL record of --mb MB, a zip holding a --bomb-mb MB
member of words, a deeply nested JSON array, and a FIFO. Each import runs in a child process
on a fresh migrated data folder; its peak RSS comes from the kernel (wait4's ru_maxrss, so
the child's children count too). The baseline, run in the same process, imports a normal
JSONL file of 500 short articles. Prints, per input: median and spread (min-max) of peak RSS
and wall time over --repeat runs, the ratio of the median peak to the baseline's, and the
import's exit code and message for the bad file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_DEBUG": "0", "SEARCH_WRITER_PROCS": "2"}


def make_inputs(folder: Path, *, mb: int, bomb_mb: int) -> dict[str, Path]:
    size = mb << 20
    words = b"lorem ipsum dolor sit amet consectetur adipiscing elit "
    inputs = {}
    baseline = folder / "normal.jsonl"
    with baseline.open("w", encoding="utf-8") as out:
        for n in range(500):
            record = {"title": f"Report {n} on trade", "body": f"Officials met in Geneva ({n})."}
            out.write(json.dumps(record) + "\n")
    inputs["baseline: 500 normal JSONL records"] = baseline
    text = folder / "one-line.txt"
    with text.open("wb") as out:
        for _ in range(size // len(words)):
            out.write(words)
    inputs[f"one-line text file, {mb} MB"] = text
    record = folder / "one-record.jsonl"
    with record.open("wb") as out:
        out.write(b'{"title": "big", "body": "')
        for _ in range(size // len(words)):
            out.write(words)
        out.write(b'"}\n{"title": "after", "body": "The next line still imports."}\n')
    inputs[f"one-line JSONL record, {mb} MB"] = record
    bomb = folder / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("words.txt", "w", force_zip64=True) as member:
            block = words * ((1 << 20) // len(words))
            for _ in range(bomb_mb):
                member.write(block)
    inputs[f"zip of {bomb.stat().st_size // 1024:,} KB, a {bomb_mb} MB member"] = bomb
    nested = folder / "nested.json"
    deep = "[" * 200_000 + "]" * 200_000
    nested.write_text('[{"title": "a", "body": "b"}, ' + deep + "]", encoding="utf-8")
    inputs["JSON nested 200,000 deep"] = nested
    fifo = folder / "pipe.jsonl"
    os.mkfifo(fifo)
    inputs["a FIFO"] = fifo
    return inputs


def run_import(template: Path, scratch: Path, path: Path) -> tuple[float, float, int, str]:
    """(peak RSS MB, seconds, exit code, last line of output) of one import."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(template, scratch)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(path)], cwd=PROJECT_DIR, env=_env(scratch),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        output, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        output += "\nTIMEOUT after 600 s"
    seconds = time.monotonic() - started
    # Popen reaped the child: its peak is in this process's children's rusage.
    peak_mb = _children_peak_mb()
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return peak_mb, seconds, process.returncode, " | ".join(lines[-2:])[:300]


def _children_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--bomb-mb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bad-input-bench-") as tmp:
        folder = Path(tmp)
        (folder / "inputs").mkdir()
        inputs = make_inputs(folder / "inputs", mb=args.mb, bomb_mb=args.bomb_mb)
        template = folder / "template"
        template.mkdir()
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=_env(template),
                       check=True)  # fmt: skip
        results = {}
        for label, path in inputs.items():
            peaks, times = [], []
            for _ in range(args.repeat):
                # RUSAGE_CHILDREN is a running maximum: each measurement runs in a fresh
                # intermediate process so the peak is this import's alone.
                peak, seconds, code, message = _isolated(template, folder / "scratch", path)
                peaks.append(peak)
                times.append(seconds)
            results[label] = (peaks, times, code, message)
        base = statistics.median(results[next(iter(results))][0])
        print(f"{'input':40} {'peak RSS MB':>22} {'x baseline':>10} {'seconds':>18}  exit  message")
        for label, (peaks, times, code, message) in results.items():
            peak = statistics.median(peaks)
            memory = f"{peak:.0f} ({min(peaks):.0f}-{max(peaks):.0f})"
            seconds = f"{statistics.median(times):.1f} ({min(times):.1f}-{max(times):.1f})"
            print(f"{label:40} {memory:>22} {peak / base:>10.2f} {seconds:>18}  {code:>4}  {message}")


def _isolated(template: Path, scratch: Path, path: Path) -> tuple[float, float, int, str]:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        result = run_import(template, scratch, path)
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(child, 0)
    return tuple(json.loads(data))


if __name__ == "__main__":
    main()
