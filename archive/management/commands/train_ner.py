"""Rebuild the shipped Arabic name tagger from ANERcorp (archive/ner.py)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ner import (
    CLUSTERS_PATH,
    DOCUMENT_MODEL_PATH,
    LEXICON_PATH,
    MODEL_PATH,
    ORG_NAMES_PATH,
    build_clusters,
    build_org_names,
    gazetteer_lexicon,
    load_clusters,
    load_org_names,
    read_iob,
    train,
)

# The shared corpora sit beside the checkout, as for bench/ (ARCHIVE_CORPORA_DIR names another place).
CORPORA_DIR = Path(os.environ.get("ARCHIVE_CORPORA_DIR", settings.BASE_DIR.parent / "shared" / "corpora"))
DEFAULT_CORPUS = CORPORA_DIR / "anercorp" / "ANERCorp.dev.txt"
DEFAULT_NEWS = CORPORA_DIR / "saudinewsnet"
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
        parser.add_argument("--document-model", type=Path, default=DOCUMENT_MODEL_PATH)
        parser.add_argument("--lexicon", type=Path, default=LEXICON_PATH)
        parser.add_argument("--clusters", type=Path, default=CLUSTERS_PATH)
        parser.add_argument(
            "--rebuild-clusters",
            type=Path,
            nargs="?",
            const=DEFAULT_NEWS,
            metavar="NEWS_FOLDER",
            help="first recluster the words of unlabelled news (SaudiNewsNet's zips; a few minutes)",
        )
        parser.add_argument("--orgs", type=Path, default=ORG_NAMES_PATH)
        parser.add_argument(
            "--rebuild-orgs",
            type=Path,
            nargs="?",
            const=DEFAULT_NEWS,
            metavar="NEWS_FOLDER",
            help="first recount the organisation names that follow head words in unlabelled news",
        )
        parser.add_argument("--all", action="store_true", help="train on every sentence (nothing held out)")

    def handle(
        self,
        *args,
        corpus: Path,
        model: Path,
        document_model: Path,
        lexicon: Path,
        clusters: Path,
        rebuild_clusters: Path | None,
        orgs: Path,
        rebuild_orgs: Path | None,
        all: bool,
        **options,
    ):
        if not corpus.is_file():
            raise CommandError(f"train_ner: {corpus} not found (ANERCorp.dev.txt of shared/corpora/anercorp)")
        sentences = read_iob(corpus.read_text(encoding="utf-8").splitlines())
        if not sentences:
            raise CommandError(f"train_ner: {corpus} has no `TOKEN TAG` lines")
        if rebuild_clusters is not None:
            if not rebuild_clusters.is_dir():
                raise CommandError(f"train_ner: {rebuild_clusters} not found (shared/corpora/saudinewsnet)")
            started = time.perf_counter()
            count = build_clusters(rebuild_clusters, clusters)
            self.stdout.write(
                f"train_ner: {count} words clustered in {time.perf_counter() - started:.0f} s -> {clusters}"
            )
        if rebuild_orgs is not None:
            if not rebuild_orgs.is_dir():
                raise CommandError(f"train_ner: {rebuild_orgs} not found (shared/corpora/saudinewsnet)")
            started = time.perf_counter()
            count = build_org_names(rebuild_orgs, orgs)
            self.stdout.write(
                f"train_ner: {count} organisation names counted in "
                f"{time.perf_counter() - started:.0f} s -> {orgs}"
            )
        training = sentences if all else training_split(sentences)[0]
        words = gazetteer_lexicon()
        started = time.perf_counter()
        train(
            training,
            model_path=model,
            lexicon=words,
            clusters=load_clusters(clusters),
            document_model_path=document_model,
            orgs=load_org_names(orgs),
        )
        lexicon.write_text(json.dumps(words, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
        tokens = sum(map(len, training))
        seconds = time.perf_counter() - started
        size = (model.stat().st_size + document_model.stat().st_size) // 1024
        self.stdout.write(
            f"train_ner: {len(training)} sentences ({tokens} tokens) in {seconds:.0f} s "
            f"-> {model}, {document_model} ({size} KB)"
        )
