"""Known-item search benchmark: how often the article a searcher has in mind comes first.

Queries are a few words of an article's title, spelled the way people type them (see
bench/queries.py); the target is that article. Three analyzers index the same articles
into the same schema shape and answer the same queries with the same parser:

  project   search.analyzers (stemmed fields + a normalised-but-unstemmed title field)
  haystack  Whoosh's StemmingAnalyzer, what haystack's Whoosh backend uses by default
  lucene    Lucene's/Elasticsearch's `arabic` analyzer chain (bench/lucene_arabic.py)
  served    the project's haystack backend answering as /search/ does (bench/served_search.py)

Prints MRR@10 and success@10 per analyzer (English: project vs haystack). Not a test.
With --spelling, the spelling figures instead (bench/typos.py): one-typo queries per
language, whether the suggestion holds the intended word, success@10 as served (with the
corrected query run when it finds clearly more), suggestions on correctly spelled queries,
the suggestion cost against Whoosh's own corrector, and the served MRR@10.

    .venv/bin/python bench/known_item.py [--articles N] [--queries M]
    .venv/bin/python bench/known_item.py --spelling [--typos 200] [--typo-seed 2015]
        [--vocabulary-articles 50000]
    .venv/bin/python bench/known_item.py --fakes-titles [--fakes-seed 2015]

With --fakes-titles, one query per FA-KES article (distinct titles) made from its title, over
the English set (every FA-KES article and Reuters up to --english-articles): haystack's
default analyzer, the project's, and the served search, then what ranks above the targets.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's `search`

import corpora  # noqa: E402
from corpora import Article  # noqa: E402
from lucene_arabic import lucene_arabic_analyzer  # noqa: E402
from machine import Run  # noqa: E402
from queries import ArabicQueryMaker, EnglishQueryMaker, title_words, vocabulary  # noqa: E402
from served_search import run_served  # noqa: E402
from typos import (  # noqa: E402
    EDITS,
    large_vocabulary_figures,
    make_typo_items,
    served_backend,
    served_cost_figures,
    spelling_figures,
)
from whoosh import index  # noqa: E402
from whoosh.analysis import StemmingAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup  # noqa: E402

from search.analyzers import bilingual_analyzer, exact_analyzer  # noqa: E402

TITLE_BOOST = 2.0
# Query-time weight of the normalised-but-unstemmed title field, added to the stemmed
# fields' score: among articles that share a stem, the one spelled like the query ranks
# first. Measured (bench/README.md): 0.3-0.5 on the title is best; weighting exact
# fields above the stemmed ones, or adding an exact body field, lowers MRR because a
# searcher's spelling often differs from the article's.
EXACT_TITLE_WEIGHT = 0.5
# OrGroup's bonus for documents matching more of the query words.
OR_GROUP_SCALE = 0.9
TOP = 10


class Setup(NamedTuple):
    name: str
    make_schema: Callable[[], Schema]
    query_weights: dict[str, float]  # field -> query boost


class Scores(NamedTuple):
    mrr: float
    success: float
    index_seconds: float
    query_seconds: float
    mrr_all_words: float  # the same queries with every word required (haystack's default)


class KnownItem(NamedTuple):
    query: str
    target: str


def _schema(analyzer_factory, *, exact_factory=None) -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        "title": TEXT(analyzer=analyzer_factory(), field_boost=TITLE_BOOST),
        "body": TEXT(analyzer=analyzer_factory()),
    }
    if exact_factory is not None:
        fields["title_exact"] = TEXT(analyzer=exact_factory(), field_boost=TITLE_BOOST)
    return Schema(**fields)


PROJECT = Setup(
    "project",
    lambda: _schema(bilingual_analyzer, exact_factory=exact_analyzer),
    {"title": 1.0, "body": 1.0, "title_exact": EXACT_TITLE_WEIGHT},
)
HAYSTACK = Setup("haystack", lambda: _schema(StemmingAnalyzer), {"title": 1.0, "body": 1.0})
LUCENE = Setup("lucene", lambda: _schema(lucene_arabic_analyzer), {"title": 1.0, "body": 1.0})


def build_index(setup: Setup, articles: Sequence[Article], folder: Path) -> index.Index:
    schema = setup.make_schema()
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=512)
    for article in articles:
        document = {"id": article.id, "title": article.title, "body": article.body}
        if "title_exact" in schema:
            document["title_exact"] = article.title
        writer.add_document(**document)
    writer.commit()
    return ix


def evaluate(
    ix: index.Index, setup: Setup, known_items: Sequence[KnownItem], *, any_word: bool = True
) -> tuple[float, float]:
    parser = MultifieldParser(
        list(setup.query_weights),
        ix.schema,
        fieldboosts=setup.query_weights,
        group=OrGroup.factory(OR_GROUP_SCALE) if any_word else AndGroup,
    )
    reciprocal_ranks = 0.0
    found = 0
    with ix.searcher() as searcher:
        for item in known_items:
            hits = searcher.search(parser.parse(item.query), limit=TOP)
            ranked = [hit["id"] for hit in hits]
            if item.target in ranked:
                reciprocal_ranks += 1.0 / (ranked.index(item.target) + 1)
                found += 1
    return reciprocal_ranks / len(known_items), found / len(known_items)


def run(setup: Setup, articles: Sequence[Article], known_items: Sequence[KnownItem]) -> Scores:
    folder = Path(tempfile.mkdtemp(prefix=f"known-item-{setup.name}-"))
    try:
        started = time.perf_counter()
        ix = build_index(setup, articles, folder)
        indexed = time.perf_counter()
        mrr, success = evaluate(ix, setup, known_items)
        queried = time.perf_counter()
        mrr_all_words, _ = evaluate(ix, setup, known_items, any_word=False)
        ix.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Scores(mrr, success, indexed - started, queried - indexed, mrr_all_words)


def make_known_items(articles, maker, count: int, seed: int) -> list[KnownItem]:
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    items = []
    for position in order:
        query = maker.make(articles[position].title)
        if query:
            items.append(KnownItem(query, articles[position].id))
            if len(items) == count:
                break
    return items


def report(language: str, setups, articles, known_items, show: int, *, rankings=None) -> None:
    print(f"\n{language}: {len(articles)} articles, {len(known_items)} known-item queries")
    for item in known_items[:show]:
        print(f"  query: {item.query}")
    print(
        f"  {'analyzer':<10} {'MRR@10':>7} {'success@10':>11} {'index s':>8} {'query ms':>9}"
        f" {'MRR@10 AND':>11}"
    )
    for setup in setups:
        scores = run(setup, articles, known_items)
        per_query_ms = 1000 * scores.query_seconds / len(known_items)
        print(
            f"  {setup.name:<10} {scores.mrr:>7.3f} {scores.success:>11.3f} "
            f"{scores.index_seconds:>8.1f} {per_query_ms:>9.1f} {scores.mrr_all_words:>11.3f}",
            flush=True,
        )
    mrr, success, index_seconds, query_seconds = run_served(articles, known_items, rankings=rankings)
    per_query_ms = 1000 * query_seconds / len(known_items)
    print(
        f"  {'served':<10} {mrr:>7.3f} {success:>11.3f} {index_seconds:>8.1f} {per_query_ms:>9.1f}"
        f" {'(AND, then OR)':>11}",
        flush=True,
    )


def english_articles(count: int, seed: int) -> list[Article]:
    """Every FA-KES article (unique titles), then a sample of Reuters-21578 up to count."""
    fakes = list(corpora.unique_titles(corpora.fakes()))
    english = list(corpora.unique_titles([*fakes, *corpora.reuters()]))
    return fakes + corpora.sample(english[len(fakes) :], max(0, count - len(fakes)), seed)


def fakes_title_items(articles: Sequence[Article], seed: int) -> list[KnownItem]:
    """One query per FA-KES article, in corpus order, made from its title by EnglishQueryMaker."""
    maker = EnglishQueryMaker(vocabulary(a.title + "\n" + a.body for a in articles), seed)
    items = []
    for article in articles:
        if article.id.startswith("fakes/"):
            query = maker.make(article.title)
            if query:
                items.append(KnownItem(query, article.id))
    return items


def report_fakes_titles(args) -> None:
    """FA-KES title queries over FA-KES + Reuters: haystack's default analyzer, the project's
    analyzers under the neutral parser, and the served search; then what outranks the targets."""
    articles = english_articles(args.english_articles, args.seed)
    items = fakes_title_items(articles, args.fakes_seed)
    report(f"English FA-KES titles (query seed {args.fakes_seed}, articles seed {args.seed})",
           (HAYSTACK, PROJECT), articles, items, args.show, rankings=(rankings := []))  # fmt: skip
    title_of = {article.id: article.title for article in articles}
    misses = [
        (item, ranked) for item, ranked in zip(items, rankings, strict=True) if ranked[:1] != [item.target]
    ]
    print(f"  served: target first on {len(items) - len(misses)} of {len(items)}; "
          f"ranked below others on {sum(item.target in ranked for item, ranked in misses)}")  # fmt: skip
    for item, ranked in misses[: args.show * 4]:
        rank = ranked.index(item.target) + 1 if item.target in ranked else None
        print(f"  query {item.query!r}: target at {rank}: {title_of[item.target]!r}")
        for above in ranked[: min(3, (rank or 11) - 1)]:
            print(f"      above: {title_of[above]!r}  ({above.split('/')[0]})")


def report_spelling(
    language, articles, known_items, is_content_word, *, typos, seed, lower, show
) -> list[str]:
    """Prints the spelling figures of one language; returns its typed words for the cost run."""
    with served_backend(articles) as (backend, number_of):
        reader = backend._searcher().reader()

        def is_non_word(typed: str) -> bool:
            terms = [token.text for token in backend.schema["exact"].analyzer(typed, mode="query")]
            fields = ("exact", "exact_title")
            return len(terms) == 1 and all(reader.doc_frequency(f, terms[0]) == 0 for f in fields)

        items = make_typo_items(articles, is_content_word, is_non_word, typos, seed, lower=lower)
        figures = spelling_figures(backend, number_of, items, known_items)
    edits = {edit: sum(item.edit == edit for item in items) for edit in EDITS}
    print(
        f"\n{language}: {len(articles)} articles, {figures['typo_queries']} typo queries {edits}, "
        f"{figures['clean_queries']} correctly spelled known-item queries"
    )
    for item in items[:show]:
        print(f"  typo query: {item.query}   ({item.typo} for {item.word})")
    print(f"  suggestion holds the intended word  {figures['suggestion_holds_word']:.3f}")
    print(
        f"  typo query success@10 as served      {figures['typo_success_at_10']:.3f}"
        f"  (corrected query run for {figures['corrected_runs']})"
    )
    print(f"  correctly spelled, suggestion given  {figures['clean_suggested']:.3f}")
    print(
        f"  correctly spelled, served MRR@10     {figures['clean_mrr']:.3f}"
        f"  success@10 {figures['clean_success']:.3f}"
    )
    print(f"  suggestion cost (whole query)        {figures['cost']}")
    print(f"  the same, this thread's CPU time     {figures['cpu_cost']}")
    print(f"  Whoosh's corrector, same words       {figures['stock_cost']}  ratio {figures['ratio']:.2f}")
    print(
        f"  vocabulary: {figures['vocabulary_terms']} candidate terms, {figures['vocabulary_mb']:.1f} MB, "
        f"built in {figures['build_seconds']:.2f} s"
    )
    print(f"  misses by cause: {figures['miss_classes']}")
    for typo, word, suggestion, cause in figures["misses"][: show * 3]:
        print(f"    missed: {typo} for {word} -> {suggestion}   ({cause})")
    return [item.typo for item in items]


def spelling_main(args) -> None:
    from search.text.tokenize import analyze

    arabic = corpora.sample(list(corpora.unique_titles(corpora.saudinewsnet())), args.articles, args.seed)
    maker = ArabicQueryMaker(vocabulary(a.title + "\n" + a.body for a in arabic), args.seed)
    known = make_known_items(arabic, maker, args.queries, args.seed)
    typed = report_spelling("Arabic (SaudiNewsNet)", arabic, known, maker._is_content_word, typos=args.typos,
                            seed=args.typo_seed, lower=False, show=args.show)  # fmt: skip
    fakes = list(corpora.unique_titles(corpora.fakes()))
    english = list(corpora.unique_titles([*fakes, *corpora.reuters()]))
    others = max(0, args.english_articles - len(fakes))
    english = fakes + corpora.sample(english[len(fakes) :], others, args.seed)
    maker = EnglishQueryMaker(vocabulary(a.title + "\n" + a.body for a in english), args.seed)
    known = make_known_items(english, maker, args.english_queries, args.seed)

    def english_content_word(word: str) -> bool:
        return len(word) >= 3 and bool(analyze(word))

    typed += report_spelling("English (FA-KES + Reuters-21578)", english, known, english_content_word,
                             typos=args.typos, seed=args.typo_seed, lower=True, show=args.show)  # fmt: skip
    if args.vocabulary_articles:
        report_large_vocabulary(args.vocabulary_articles, typed)


def report_large_vocabulary(count: int, typed: Sequence[str]) -> None:
    from search.text.tokenize import analyze

    texts = (a.title + "\n" + a.body for a in _many_articles(count))
    folded = [term for word in typed for term in analyze(word, stem=False)[:1]]
    big = large_vocabulary_figures(texts, folded)
    print(
        f"\nLarger vocabulary: {big['articles']} articles, {big['all_terms']} distinct terms, "
        f"{big['candidates']} candidates (df >= 2), {big['keys']} delete keys"
    )
    print(
        f"  structure {big['structure_mb']:.1f} MB, RSS growth {big['rss_growth_mb']:.1f} MB, "
        f"built in {big['build_seconds']:.1f} s"
    )
    print(f"  correction cost per typed word ({len(folded)} words): {big['cost']}")


def report_served_cost(count: int, typos: int, seed: int) -> None:
    """The whole-query suggestion cost over one served bilingual index of `count` articles
    (every SaudiNewsNet article, then FA-KES and Reuters): typo queries of both languages
    and the same queries spelled correctly."""
    from search.text.tokenize import analyze

    articles = list(_many_articles(count))
    with served_backend(articles) as (backend, _):
        reader = backend._searcher().reader()

        def is_non_word(typed: str) -> bool:
            terms = [token.text for token in backend.schema["exact"].analyzer(typed, mode="query")]
            fields = ("exact", "exact_title")
            return len(terms) == 1 and all(reader.doc_frequency(f, terms[0]) == 0 for f in fields)

        def content_word(word: str) -> bool:
            return len(word) >= 3 and bool(analyze(word))

        items = make_typo_items(articles, content_word, is_non_word, typos, seed, lower=True)
        typed = served_cost_figures(backend, [item.query for item in items])
        clean = served_cost_figures(backend, [item.clean for item in items])
    arabic = sum(bool(re.search("[\u0621-\u064a]", item.query)) for item in items)
    print(
        f"\nServed index of {len(articles)} articles: {typed['vocabulary_terms']} candidate terms, "
        f"{typed['vocabulary_mb']:.1f} MB, built in {typed['build_seconds']:.1f} s; "
        f"{len(items)} typo queries ({arabic} Arabic)"
    )
    print(f"  typo queries, wall        {typed['wall']}")
    print(f"  typo queries, CPU         {typed['cpu']}")
    print(f"  same, spelled right, wall {clean['wall']}")
    print(f"  same, spelled right, CPU  {clean['cpu']}")


def _typos_of_titles(count: int, seed: int) -> list[str]:
    """Typed words with one slip, from title words of both corpora (for the cost run)."""
    from typos import make_typo

    rng = random.Random(seed)
    titles = [a.title for a in _many_articles(40_000)]
    typed = []
    while len(typed) < count:
        words = [w for w in title_words(rng.choice(titles)) if len(w) >= 4 and w.isalpha()]
        if words:
            typo = make_typo(rng.choice(words).lower(), rng, rng.choice(EDITS))
            if typo:
                typed.append(typo)
    return typed


def _many_articles(count: int):
    """Up to count articles: every SaudiNewsNet article, then FA-KES and Reuters."""
    arabic = corpora.unique_titles(corpora.saudinewsnet())
    english = corpora.unique_titles([*corpora.fakes(), *corpora.reuters()])
    for number, article in enumerate((*arabic, *english)):
        if number >= count:
            return
        yield article


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="Arabic articles indexed")
    parser.add_argument("--queries", type=int, default=1000, help="Arabic known-item queries")
    parser.add_argument("--english-articles", type=int, default=5000)
    parser.add_argument("--english-queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--show", type=int, default=5, help="example queries to print")
    parser.add_argument("--skip-english", action="store_true")
    parser.add_argument("--spelling", action="store_true", help="the spelling figures (bench/typos.py)")
    parser.add_argument("--typos", type=int, default=200, help="typo queries per language")
    parser.add_argument("--typo-seed", type=int, default=2015)
    parser.add_argument(
        "--fakes-titles",
        action="store_true",
        help="only the FA-KES title queries over FA-KES + Reuters (--english-articles)",
    )
    parser.add_argument(
        "--fakes-seed",
        type=int,
        default=2015,
        help="the FA-KES title queries' seed (ranking choices were made on 7)",
    )
    parser.add_argument(
        "--vocabulary-only",
        action="store_true",
        help="with --spelling: only the larger vocabulary's memory and cost",
    )
    parser.add_argument(
        "--cost-articles",
        type=int,
        default=0,
        help="with --spelling: only the suggestion cost over one served index of this many",
    )
    parser.add_argument(
        "--vocabulary-articles",
        type=int,
        default=0,
        help="also measure a vocabulary of this many articles (memory, cost)",
    )
    args = parser.parse_args(argv)
    if args.fakes_titles:
        machine = Run.start()
        report_fakes_titles(args)
        machine.finish()
        return
    if args.spelling and args.cost_articles:
        report_served_cost(args.cost_articles, args.typos, args.typo_seed)
        return
    if args.spelling and args.vocabulary_only:
        typed = _typos_of_titles(args.typos, args.typo_seed)
        report_large_vocabulary(args.vocabulary_articles or 50_000, typed)
        return
    if args.spelling:
        spelling_main(args)
        return

    arabic = corpora.sample(list(corpora.unique_titles(corpora.saudinewsnet())), args.articles, args.seed)
    maker = ArabicQueryMaker(vocabulary(a.title + "\n" + a.body for a in arabic), args.seed)
    known = make_known_items(arabic, maker, args.queries, args.seed)
    report("Arabic (SaudiNewsNet)", (PROJECT, LUCENE, HAYSTACK), arabic, known, args.show)

    if args.skip_english:
        return
    fakes = list(corpora.unique_titles(corpora.fakes()))
    english = list(corpora.unique_titles([*fakes, *corpora.reuters()]))
    english = fakes + corpora.sample(
        english[len(fakes) :], max(0, args.english_articles - len(fakes)), args.seed
    )
    maker = EnglishQueryMaker(vocabulary(a.title + "\n" + a.body for a in english), args.seed)
    known = make_known_items(english, maker, args.english_queries, args.seed)
    report("English (FA-KES + Reuters-21578)", (PROJECT, HAYSTACK), english, known, args.show)


if __name__ == "__main__":
    main()
