"""Entity tagging speed: automaton build, and tagging time per 1,000 articles.

    .venv/bin/python bench/tagging.py [--articles 1000] [--repeats 7] [--no-db] [--previous-model OLD]

For 1,000 SaudiNewsNet articles (Arabic) and 1,000 Reuters-21578 stories (English):

  build     compiling the shipped gazetteer (archive/data/gazetteer.json) into the
            Aho-Corasick automaton, as every tagging run does once
  fold      cutting the texts into words folded like search folds them (tokenize)
  automaton finding every alias in the folded words (find_spans: clitics, case, longest)
  baseline  in the same process, on the same folded words: looking every folded alias
            up with `in` (no clitics, case or longest-match rules): the naive way
  titles    finding unknown names after titles (find_titled_names)
  learned   the learned Arabic tagger (archive.ner) over the bodies, cold (a fresh feature
            cache) and warm; tag_entities runs it, imports do not
  service   archive.tagging.articles_tag in a scratch SQLite database: first run (tags,
            suggested entities and history written) and a re-run (nothing changes)

Median and spread (min-max) over the repeats, per 1,000 articles. Not a test; figures
go to bench/README.md.
"""


from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import corpora  # noqa: E402

from archive.text.mentions import Gazetteer, find_spans, normalize_name, tokenize  # noqa: E402
from archive.text.titled_names import find_titled_names  # noqa: E402

GAZETTEERS = (PROJECT_DIR / "archive" / "data" / "gazetteer.json",
              PROJECT_DIR / "archive" / "data" / "world_gazetteer.json")


def gazetteer_entries() -> list[tuple[int, str, str]]:
    items = [item for path in GAZETTEERS for item in json.loads(path.read_text(encoding="utf-8"))["entities"]]
    return [
        (number, name, item["kind"])
        for number, item in enumerate(items)
        for name in item.get("en", []) + item.get("ar", [])
    ]


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def figure(times: list[float], *, scale: float = 1.0, unit: str = "ms") -> str:
    values = [t * 1000 * scale for t in times]
    return f"{statistics.median(values):8.1f} {unit} (min {min(values):.1f}, max {max(values):.1f})"


def folded(texts: list[str]) -> list[list]:
    return [tokenize(text) for text in texts]


def spans_of(gazetteer: Gazetteer, token_lists: list[list]) -> list[list]:
    return [find_spans(gazetteer, tokens) for tokens in token_lists]


def titled(texts: list[str], token_lists: list[list], span_lists: list[list]) -> int:
    return sum(
        len(list(find_titled_names(text, tokens, spans)))
        for text, tokens, spans in zip(texts, token_lists, span_lists, strict=True)
    )


def naive(keys: list[str], haystacks: list[str]) -> int:
    return sum(1 for haystack in haystacks for key in keys if key in haystack)


def service_times(articles: list[corpora.Article], language: str, repeats: int):
    """articles_tag on a scratch database: the first run, then re-runs that change nothing."""
    from archive.models import Article, Tag
    from archive.tagging import articles_tag

    Tag.objects.all().delete()
    Article.objects.all().delete()
    Article.objects.bulk_create(
        Article(title=a.title, body=a.body, raw_text=a.body, language=language, fingerprint=f"{language}-{n}")
        for n, a in enumerate(articles)
    )
    ids = list(Article.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    report = articles_tag(article_ids=ids)
    first = [time.perf_counter() - started]
    again = timed(lambda: articles_tag(article_ids=ids), repeats)
    return (first, report.summary()), again


def setup_django(data_dir: str) -> None:
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    apps.get_app_config("haystack").signal_processor.teardown()  # tagging only, not indexing


def report_language(language: str, articles: list, gazetteer: Gazetteer, keys: list[str], options) -> None:
    per_thousand = 1000 / len(articles)
    texts = [f"{a.title}.\n\n{a.body}" for a in articles]
    words = sum(len(text.split()) for text in texts) / len(texts)
    cold = timed(lambda: folded(texts), 1)
    fold = timed(lambda: folded(texts), options.repeats)
    tokens = folded(texts)
    haystacks = [" " + " ".join(token.norm for token in found) + " " for found in tokens]
    automaton = timed(lambda: spans_of(gazetteer, tokens), options.repeats)
    baseline = timed(lambda: naive(keys, haystacks), options.repeats)
    spans = spans_of(gazetteer, tokens)
    names = timed(lambda: titled(texts, tokens, spans), options.repeats)
    mentions = sum(1 for found in spans for span in found if span.entity_ids)
    print(f"\n{language}: {len(articles)} articles, {words:.0f} words each on average; "
          f"{mentions} mentions, {titled(texts, tokens, spans)} titled names")
    print(f"  fold, first run (cold)    {figure(cold, scale=per_thousand)} per 1,000")
    print(f"  fold                      {figure(fold, scale=per_thousand)} per 1,000")
    print(f"  automaton                 {figure(automaton, scale=per_thousand)} per 1,000")
    print(f"  baseline (naive `in`)     {figure(baseline, scale=per_thousand)} per 1,000"
          f"  -> automaton {statistics.median(baseline) / statistics.median(automaton):.1f}x faster")
    print(f"  titled names              {figure(names, scale=per_thousand)} per 1,000")
    if language == "ar":
        from archive.ner import ArabicNameTagger, load_shipped_tagger

        bodies = [a.body for a in articles]

        def fresh_tagger_run():
            fresh = load_shipped_tagger()  # loading the model and an empty feature cache
            return sum(len(fresh.names(body, min_confidence=0.8)) for body in bodies)

        cold = timed(fresh_tagger_run, 1)
        tagger = load_shipped_tagger()
        learned = timed(lambda: sum(len(tagger.names(body, min_confidence=0.8)) for body in bodies),
                        options.repeats)
        print(f"  learned tagger, cold      {figure(cold, scale=per_thousand)} per 1,000")
        print(f"  learned tagger            {figure(learned, scale=per_thousand)} per 1,000"
              f"  -> {statistics.median(learned) / statistics.median(automaton):.1f}x the automaton")
        if options.previous_model:
            # an older model of the first features alone (main's), timed in the same run
            previous = ArabicNameTagger(options.previous_model)
            before = timed(lambda: sum(len(previous.names(body, min_confidence=0.8)) for body in bodies),
                           options.repeats)
            print(f"  previous learned tagger   {figure(before, scale=per_thousand)} per 1,000"
                  f"  -> shipped {statistics.median(learned) / statistics.median(before):.2f}x it")
    if not options.no_db:
        (first, summary), again = service_times(articles, language, options.repeats)
        print(f"  articles_tag, first run   {figure(first, scale=per_thousand)} per 1,000 ({summary})")
        print(f"  articles_tag, re-run      {figure(again, scale=per_thousand)} per 1,000 (no changes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-db", action="store_true", help="skip the database service timing")
    parser.add_argument("--previous-model", type=Path, help="also time an older .crfsuite (Arabic)")
    options = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")

    entries = gazetteer_entries()
    build = timed(lambda: Gazetteer(entries), options.repeats)
    gazetteer = Gazetteer(entries)
    keys = sorted({f" {normalize_name(name)} " for _, name, _ in entries} - {"  "})  # no clitic forms
    print(f"gazetteer: {len(entries)} names, {len(gazetteer)} automaton keys with clitic forms")
    print(f"build automaton             {figure(build)}")

    samples = {
        "ar": corpora.sample(list(corpora.unique_titles(corpora.saudinewsnet())), options.articles, seed=7),
        "en": corpora.sample(list(corpora.unique_titles(corpora.reuters())), options.articles, seed=7),
    }
    if not options.no_db:
        setup_django(tempfile.mkdtemp(prefix="tagging-bench-"))
    for language, articles in samples.items():
        report_language(language, articles, gazetteer, keys, options)


if __name__ == "__main__":
    main()
