"""Rebuild the shipped Arabic name tagger from ANERcorp (archive/ner.py)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ner import LEXICON_PATH, MODEL_PATH, gazetteer_lexicon, read_iob, train

# The shared corpora sit beside the checkout, as for bench/ (ARCHIVE_CORPORA_DIR names another place).
CORPORA_DIR = Path(os.environ.get("ARCHIVE_CORPORA_DIR", settings.BASE_DIR.parent / "shared" / "corpora"))
DEFAULT_CORPUS = CORPORA_DIR / "anercorp" / "ANERCorp.dev.txt"
# The last fifth of the sentences stays out of training: bench/entities.py measures on it.
HELD_OUT_SHARE = 0.2


def training_split(sentences: list, held_out: float = HELD_OUT_SHARE) -> tuple[list, list]:
    cut = int(len(sentences) * (1 - held_out))
    return sentences[:cut], sentences[cut:]


class Command(BaseCommand):
    help = "Train the Arabic name tagger on ANERcorp (its last 20% of sentences held out) and ship it."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
        parser.add_argument("--model", type=Path, default=MODEL_PATH)
        parser.add_argument("--lexicon", type=Path, default=LEXICON_PATH)
        parser.add_argument("--all", action="store_true", help="train on every sentence (nothing held out)")

    def handle(self, *args, corpus: Path, model: Path, lexicon: Path, all: bool, **options):
        if not corpus.is_file():
            raise CommandError(f"train_ner: {corpus} not found (ANERCorp.dev.txt of shared/corpora/anercorp)")
        sentences = read_iob(corpus.read_text(encoding="utf-8").splitlines())
        if not sentences:
            raise CommandError(f"train_ner: {corpus} has no `TOKEN TAG` lines")
        training = sentences if all else training_split(sentences)[0]
        words = gazetteer_lexicon()
        started = time.perf_counter()
        train(training, model_path=model, lexicon=words)
        lexicon.write_text(json.dumps(words, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
        tokens = sum(map(len, training))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"train_ner: {len(training)} sentences ({tokens} tokens) in {seconds:.0f} s "
            f"-> {model} ({model.stat().st_size // 1024} KB)"
        )
