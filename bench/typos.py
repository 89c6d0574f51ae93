"""Held-out one-typo known-item queries and the spelling figures of bench/known_item.py.

A typo query is 2-4 content words of a target article's title, in title order, one word of
four letters or more typed with one slip: a letter inserted (a key beside its neighbour,
or a doubled letter), deleted, replaced by a neighbouring key (QWERTY or Arabic 101), or
two letters transposed, so that the word is not in the index (a non-word). Deterministic
for a seed; the figures are measured on a seed the corrector was not tuned on.
"""

from __future__ import annotations

import math
import os
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from queries import title_words

from search.text.spelling import ARABIC_101_ROWS, QWERTY_ROWS

_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ENGLISH_LETTERS = "abcdefghijklmnopqrstuvwxyz"
EDITS = ("insert", "delete", "substitute", "transpose")
STOCK_BASELINE_QUERIES = 30  # the baseline: Whoosh's own corrector on the first typo queries


class TypoItem(NamedTuple):
    query: str  # as typed, with the typo
    clean: str  # the same words without it
    word: str  # the intended word
    typo: str  # what was typed for it
    target: str  # the article id
    edit: str


def _neighbours(rows: Sequence[str]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            if key == " ":
                continue
            near = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            for other_row in (r - 1, r + 1):
                if 0 <= other_row < len(rows):
                    shift = 0 if other_row < r else -1
                    near |= {
                        rows[other_row][j]
                        for j in (i + shift, i + shift + 1)
                        if 0 <= j < len(rows[other_row])
                    }
            found[key] = "".join(sorted(near - {" ", key}))
    return found


NEIGHBOURS = {**_neighbours(QWERTY_ROWS), **_neighbours(ARABIC_101_ROWS)}


def make_typo(word: str, rng: random.Random, edit: str) -> str | None:
    letters = _ARABIC_LETTERS if re.search("[\u0621-\u064a]", word) else _ENGLISH_LETTERS
    if edit == "insert":
        position = rng.randrange(len(word) + 1)
        beside = word[max(0, position - 1)]
        choice = rng.random()
        if choice < 0.3:
            letter = beside  # a doubled letter
        elif choice < 0.8 and NEIGHBOURS.get(beside):
            letter = rng.choice(NEIGHBOURS[beside])
        else:
            letter = rng.choice(letters)
        return word[:position] + letter + word[position:]
    if edit == "delete":
        position = rng.randrange(len(word))
        return word[:position] + word[position + 1 :]
    if edit == "substitute":
        positions = [i for i, char in enumerate(word) if NEIGHBOURS.get(char)]
        if not positions:
            return None
        position = rng.choice(positions)
        return word[:position] + rng.choice(NEIGHBOURS[word[position]]) + word[position + 1 :]
    positions = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    if not positions:
        return None
    position = rng.choice(positions)
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def make_typo_items(
    articles, is_content_word, is_non_word, count: int, seed: int, *, lower: bool
) -> list[TypoItem]:
    """`is_non_word(typed)`: the typed word is in no document of the index."""
    rng = random.Random(seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    items = []
    for position in order:
        article = articles[position]
        words = [word.lower() if lower else word for word in title_words(article.title)]
        words = [word for word in words if is_content_word(word)]
        if len(words) < 2:
            continue
        chosen = [words[i] for i in sorted(rng.sample(range(len(words)), rng.randint(2, min(4, len(words)))))]
        long_words = [i for i, word in enumerate(chosen) if len(word) >= 4 and word.isalpha()]
        if not long_words:
            continue
        index = rng.choice(long_words)
        edit = rng.choice(EDITS)
        typo = make_typo(chosen[index], rng, edit)
        if not typo or typo == chosen[index] or not is_non_word(typo):
            continue
        typed = chosen[:index] + [typo] + chosen[index + 1 :]
        items.append(TypoItem(" ".join(typed), " ".join(chosen), chosen[index], typo, article.id, edit))
        if len(items) == count:
            break
    return items


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def spread(values_ms: Sequence[float]) -> str:
    return (
        f"median {statistics.median(values_ms):.2f} ms, p95 {percentile(values_ms, 0.95):.2f} ms, "
        f"IQR {percentile(values_ms, 0.25):.2f}-{percentile(values_ms, 0.75):.2f} ms"
    )


@contextmanager
def served_backend(articles):
    """The project's backend over a temporary index of the articles; yields (backend, number_of)."""
    from served_search import _backend

    data_dir = Path(tempfile.mkdtemp(prefix="known-item-typos-"))
    try:
        backend = _backend(data_dir)
        writer = backend.index.writer(limitmb=512)
        number_of = {}
        for number, article in enumerate(articles, start=1):
            number_of[article.id] = str(number)
            writer.add_document(
                id=f"archive.article.{number}", django_ct="archive.article",
                django_id=str(number), text=article.body, title=article.title,
                exact_title=article.title, exact=article.body, language="ar",
            )  # fmt: skip
        writer.commit()
        backend.index = backend.index.refresh()
        yield backend, number_of
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def served_answer(backend, query: str, top: int = 10) -> tuple[dict, bool]:
    """What /api/search/ returns for the query: (backend answer, ran the corrected query)."""
    from search.selectors import prefers_corrected

    raw = backend.search(query, end_offset=top, entities=False)
    suggestion = raw.get("spelling_suggestion")
    if suggestion:
        corrected = backend.search(suggestion, end_offset=top, entities=False)
        if prefers_corrected(raw, corrected):
            return corrected, True
    return raw, False


def exact_terms(backend, text: str) -> list[str]:
    return [token.text for token in backend.schema["exact"].analyzer(text, mode="query")]


def spelling_figures(backend, number_of, typo_items, clean_items, *, top: int = 10) -> dict:
    """The issue's figures for one language over one served index."""
    searcher = backend._searcher()
    reader = searcher.reader()
    started = time.perf_counter()
    vocabulary = backend.vocabularies.get(reader)
    build_seconds = time.perf_counter() - started
    from search.query import as_user_query

    held, served_found, corrected_runs, costs, stock_costs, misses = 0, 0, 0, [], [], []
    cpu_costs = []  # this thread's CPU time: on a loaded machine the wall time waits for a CPU
    stock = searcher.corrector("exact")
    for number, item in enumerate(typo_items):
        user_query = as_user_query(item.query)
        started, cpu = time.perf_counter(), time.thread_time()
        suggestion = backend.spelling(searcher, user_query).suggestion
        costs.append(1000 * (time.perf_counter() - started))
        cpu_costs.append(1000 * (time.thread_time() - cpu))
        if number < STOCK_BASELINE_QUERIES:  # Whoosh's corrector reads the whole lexicon: slow
            started = time.perf_counter()
            for word in user_query.words:
                terms = exact_terms(backend, word)
                if len(terms) == 1:
                    stock.suggest(terms[0], limit=1, maxdist=2, prefix=1)
            stock_costs.append(1000 * (time.perf_counter() - started))
        intended = exact_terms(backend, item.word)
        if suggestion and intended and intended[0] in exact_terms(backend, suggestion):
            held += 1
        else:
            misses.append((item.typo, item.word, suggestion, miss_class(backend, reader, vocabulary, item)))
        raw, corrected = served_answer(backend, item.query, top)
        corrected_runs += corrected
        served_found += number_of[item.target] in [result.pk for result in raw["results"]]
    suggested_clean, reciprocal_ranks, clean_found = 0, 0.0, 0
    for item in clean_items:
        raw = backend.search(item.query, end_offset=top, entities=False)
        suggested_clean += bool(raw.get("spelling_suggestion"))
        raw, _ = served_answer(backend, item.query, top)
        ranked = [result.pk for result in raw["results"]]
        target = number_of[item.target]
        if target in ranked:
            reciprocal_ranks += 1 / (ranked.index(target) + 1)
            clean_found += 1
    return {
        "typo_queries": len(typo_items),
        "suggestion_holds_word": held / len(typo_items),
        "typo_success_at_10": served_found / len(typo_items),
        "corrected_runs": corrected_runs,
        "clean_queries": len(clean_items),
        "clean_suggested": suggested_clean / len(clean_items),
        "clean_mrr": reciprocal_ranks / len(clean_items),
        "clean_success": clean_found / len(clean_items),
        "cost": spread(costs),
        "cost_p95": percentile(costs, 0.95),
        "cpu_cost": spread(cpu_costs),
        "stock_cost": spread(stock_costs),
        "ratio": statistics.median(costs[: len(stock_costs)]) / max(statistics.median(stock_costs), 1e-9),
        "vocabulary_terms": len(vocabulary.terms),
        "vocabulary_mb": vocabulary.nbytes() / 2**20,
        "build_seconds": build_seconds,
        "misses": misses,
        "miss_classes": {name: sum(miss[3] == name for miss in misses) for name in {m[3] for m in misses}},
    }


def _timed_spelling(backend, searcher, query: str) -> tuple[float, float]:
    """(wall ms, this thread's CPU ms) of the whole query's suggestion, as a search computes it."""
    from search.query import as_user_query

    user_query = as_user_query(query)
    wall, cpu = time.perf_counter(), time.thread_time()
    backend.spelling(searcher, user_query)
    return 1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu)


def served_cost_figures(backend, queries: Sequence[str]) -> dict:
    """The suggestion cost of each query over one served index: wall time and the thread's
    CPU time (on a loaded machine the wall time waits for the CPU; the CPU time does not)."""
    searcher = backend._searcher()
    started = time.perf_counter()
    vocabulary = backend.vocabularies.get(searcher.reader())
    build_seconds = time.perf_counter() - started
    _timed_spelling(backend, searcher, queries[0])  # first-call set-up (imports, caches)
    walls, cpus = zip(*(_timed_spelling(backend, searcher, query) for query in queries), strict=True)
    return {
        "queries": len(queries),
        "wall": spread(walls),
        "wall_p95": percentile(walls, 0.95),
        "cpu": spread(cpus),
        "cpu_p95": percentile(cpus, 0.95),
        "vocabulary_terms": len(vocabulary.terms),
        "vocabulary_mb": vocabulary.nbytes() / 2**20,
        "build_seconds": build_seconds,
    }


def miss_class(backend, reader, vocabulary, item: TypoItem) -> str:
    """Why the suggestion missed the intended word: the typed word is found through its stem
    (a "known" word), the intended word is no candidate, it is not among the typed word's
    closest candidates, or a closer or likelier candidate won."""
    from search.backends import whoosh_spelling

    typed, intended = exact_terms(backend, item.typo)[0], exact_terms(backend, item.word)[0]
    if whoosh_spelling._stem_known(backend.schema, reader, item.typo):
        return "typo known through its stem"
    if not vocabulary.frequency(intended):
        return "intended word no candidate"
    if intended not in [word for word, _ in vocabulary.neighbours(typed)]:
        return "intended word not generated"
    return "another candidate ranked first"


def large_vocabulary_figures(texts, typo_words: Sequence[str]) -> dict:
    """Memory and suggestion cost of a vocabulary built from many articles' exact terms
    (document frequencies counted with the exact analyzer), without indexing them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from search.backends.whoosh_vocabulary import Vocabulary
    from search.text.tokenize import analyze

    frequencies: dict[str, int] = {}
    articles = 0
    for text in texts:
        articles += 1
        for term in set(analyze(text, stem=False)):
            frequencies[term] = frequencies.get(term, 0) + 1
    before = rss_mb()
    started = time.perf_counter()
    vocabulary = Vocabulary.from_frequencies(frequencies)
    build_seconds = time.perf_counter() - started
    after = rss_mb()
    costs = []
    for word in typo_words:
        started = time.perf_counter()
        vocabulary.correction(word)
        costs.append(1000 * (time.perf_counter() - started))
    return {
        "articles": articles,
        "all_terms": len(frequencies),
        "candidates": len(vocabulary.terms),
        "keys": len(vocabulary.keys),
        "structure_mb": vocabulary.nbytes() / 2**20,
        "rss_growth_mb": after - before,
        "build_seconds": build_seconds,
        "cost": spread(costs),
        "cost_p95": percentile(costs, 0.95),
        "pid": os.getpid(),
    }
