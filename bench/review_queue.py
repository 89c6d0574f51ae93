"""The review queue page with tens of thousands of suggested entities.

    .venv/bin/python bench/review_queue.py [--suggestions 30000] [--articles 20000] [--repeats 7]

Builds a scratch SQLite database (migrations, then generated rows written in bulk):
`--suggestions` suggested people, half with Arabic and half with Latin names, each tagged
(suggested) on a Zipf-like number of the `--articles` generated articles, whose bodies
contain the names, so every row of the queue has its keyword-in-context lines (each tag
with its mention offsets, as the tagger stores them).

Times, median and spread (min-max) over the repeats, in the same process:

  selector    archive.review.suggestion_page: the grouped, paginated query and its count,
              the page's entities, latest tags and article texts, the KWIC lines
  queue page  GET /admin/archive/entity/review/ (first page, and a page deep in the list)
              as a logged-in superuser, the whole response rendered
  baseline    GET /admin/archive/entity/?state__exact=suggested: the admin's own list of
              suggested entities (no grouping, no lines), which the queue replaces

Also the number of SQL queries for one queue page. Not a test; figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

LATIN = ["ka", "ri", "mo", "sa", "lu", "na", "te", "bo", "di", "ha", "zu", "fe", "go", "ni", "pa", "ra"]
SAID = ("The minister met Eng. ", " on Monday, said the agency.")
ARABIC = ["كا", "ري", "مو", "سا", "لو", "نا", "تي", "بو", "دي", "ها", "زو", "في", "غو", "ني", "با", "را"]


def name(number: int) -> str:
    syllables = ARABIC if number % 2 else LATIN
    parts = []
    for _word in range(2):
        word = ""
        for _syllable in range(3):
            word += syllables[number % 16]
            number //= 16
        parts.append(word.capitalize())
    return " ".join(parts) + (f" {syllables[number % 16]}{number // 16}" if number else "")


def setup_django(data_dir: str) -> None:
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    apps.get_app_config("haystack").signal_processor.teardown()  # the queue reads, nothing to index


def generate(suggestions: int, articles: int, seed: int) -> int:
    from archive.models import Article, Entity, EntityAlias, Tag
    from archive.text.mentions import normalize_name

    rng = random.Random(seed)
    names = [name(number) for number in range(suggestions)]
    Entity.objects.bulk_create(
        (Entity(name=n, kind="person", state="suggested") for n in names), batch_size=2000
    )
    entities = dict(Entity.objects.filter(state="suggested").values_list("name", "pk"))
    EntityAlias.objects.bulk_create(
        (EntityAlias(entity_id=entities[n], name=n, normalized=normalize_name(n),
                     language="ar" if number % 2 else "en") for number, n in enumerate(names)),
        batch_size=2000,
    )
    # A few names in many articles, most in one or two (as the tagger's suggestions are).
    mentions = [[] for _ in range(articles)]
    for number in range(len(names)):
        count = min(articles, max(1, int(rng.paretovariate(1.2))))
        for article in rng.sample(range(articles), count):
            mentions[article].append(number)
    bodies, spans = [], []
    for found in mentions:
        paragraphs, where, offset = [], {}, 0
        for m in found:
            paragraph = f"{SAID[0]}{names[m]}{SAID[1]}"
            where[m] = [[offset + len(SAID[0]), offset + len(SAID[0]) + len(names[m])]]
            paragraphs.append(paragraph)
            offset += len(paragraph) + 2
        bodies.append("\n\n".join(paragraphs) or "Nothing here.")
        spans.append(where)
    Article.objects.bulk_create(
        (Article(title=f"Story {a}", language="ar" if a % 2 else "en", raw_text="-", fingerprint=f"bench-{a}",
                 body=body) for a, body in enumerate(bodies)),
        batch_size=2000,
    )
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    # Mention offsets, as the tagger stores them, so the lines are cut where the tags say.
    tags = [Tag(article_id=article_ids[a], entity_id=entities[names[m]], origin="auto", state="suggested",
                mentions=1, spans=spans[a][m]) for a, found in enumerate(mentions) for m in found]
    Tag.objects.bulk_create(tags, batch_size=5000)
    return len(tags)


def timed(function, repeats: int) -> list[float]:
    function()  # warm: the first run reads the database file into the page cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def figure(times: list[float]) -> str:
    return (f"{statistics.median(times) * 1000:7.1f} ms (spread {min(times) * 1000:.1f}–"
            f"{max(times) * 1000:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suggestions", type=int, default=30000)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=12)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="review-bench-") as data_dir:
        setup_django(data_dir)
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from archive import review

        started = time.perf_counter()
        tags = generate(options.suggestions, options.articles, options.seed)
        print(f"{platform.processor() or platform.machine()}, nproc {os.cpu_count()}, "
              f"Python {platform.python_version()}, SQLite {connection.Database.sqlite_version}")
        print(f"{options.suggestions} suggestions, {options.articles} articles, {tags} suggested tags "
              f"(generated in {time.perf_counter() - started:.0f} s); {options.repeats} repeats")
        client = Client()
        client.force_login(User.objects.create_superuser("bench", email=None))
        pages = review.suggestion_page(1).paginator.num_pages
        deep = pages * 2 // 3

        def get(path: str):
            response = client.get(path, secure=True)
            assert response.status_code == 200, response.status_code
            return response

        with CaptureQueriesContext(connection) as captured:
            review.suggestion_page(1)
        first = timed(lambda: review.suggestion_page(1), options.repeats)
        print(f"  selector, page 1          {figure(first)}  ({len(captured)} queries)")
        print(f"  selector, page {deep:<5}     "
              f"{figure(timed(lambda: review.suggestion_page(deep), options.repeats))}")
        queue = timed(lambda: get("/admin/archive/entity/review/"), options.repeats)
        deep_queue = timed(lambda: get(f"/admin/archive/entity/review/?page={deep}"), options.repeats)
        baseline = timed(lambda: get("/admin/archive/entity/?state__exact=suggested"), options.repeats)
        print(f"  queue page 1              {figure(queue)}")
        print(f"  queue page {deep:<5}         {figure(deep_queue)}")
        print(f"  baseline (entity list)    {figure(baseline)}"
              f"  -> queue page {statistics.median(queue) / statistics.median(baseline):.2f}x the baseline")


if __name__ == "__main__":
    main()
