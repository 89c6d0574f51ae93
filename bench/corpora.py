"""Read the shared news corpora (never copied into the repository) for the benchmarks."""

from __future__ import annotations

import csv
import json
import os
import random
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The shared folder sits beside the checkout (CI clones main with shared/ next to it).
CORPORA_DIR = Path(os.environ.get("ARCHIVE_CORPORA_DIR", PROJECT_DIR.parent / "shared" / "corpora"))


class Article(NamedTuple):
    id: str
    title: str
    body: str


def require_folder(path: Path) -> Path:
    if not path.is_dir():
        sys.exit(f"corpus folder {path} is absent: the benchmark needs ../shared/corpora")
    return path


def _title_key(title: str) -> str:
    # Two titles that differ only in punctuation, spacing or vowel marks are one title:
    # a query made from it could not tell its articles apart.
    decomposed = unicodedata.normalize("NFKC", title)
    decomposed = re.sub("[\u064b-\u0652\u0670\u0640]", "", decomposed)
    return " ".join(re.findall(r"\w+", decomposed.casefold()))


def unique_titles(articles: Iterable[Article]) -> Iterator[Article]:
    """Articles with a non-empty title and body, each title kept once (first wins)."""
    seen: set[str] = set()
    for article in articles:
        key = _title_key(article.title)
        if not key or not article.body.strip() or key in seen:
            continue
        seen.add(key)
        yield article


def sample(articles: list[Article], count: int, seed: int) -> list[Article]:
    """A deterministic choice of count articles, kept in corpus order."""
    if count >= len(articles):
        return articles
    chosen = sorted(random.Random(seed).sample(range(len(articles)), count))
    return [articles[index] for index in chosen]


def saudinewsnet() -> Iterator[Article]:
    """SaudiNewsNet: 18 daily zips, each one JSON array of articles."""
    folder = require_folder(CORPORA_DIR / "saudinewsnet")
    for archive_path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive_path) as archive:
            for member in sorted(archive.namelist()):
                for number, item in enumerate(json.loads(archive.read(member))):
                    yield Article(
                        f"{archive_path.stem}/{number}",
                        (item.get("title") or "").strip(),
                        (item.get("content") or "").strip(),
                    )


def fakes() -> Iterator[Article]:
    """FA-KES: 804 English articles on the Syrian war (CSV with a header)."""
    path = require_folder(CORPORA_DIR / "fakes") / "FA-KES-Dataset.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Article(f"fakes/{row['unit_id']}", row["article_title"].strip(), row["article_content"])


def reuters() -> Iterator[Article]:
    """Reuters-21578 as JSON lines; many stories have no title or body."""
    path = require_folder(CORPORA_DIR / "reuters21578") / "reuters21578.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            yield Article(f"reuters/{item['id']}", (item.get("title") or "").strip(), item.get("body") or "")
