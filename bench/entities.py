"""Entity tagging quality against gold nobody here wrote.

    .venv/bin/python bench/entities.py [--reuters 3000] [--suggestions 100] [--seed 11]
                                       [--before OLD_WORLD_GAZETTEER.json] [--skip ...]
                                       [--previous-model OLD.crfsuite]

ANERcorp  the held-out last 20 % of the sentences of ANERCorp.dev.txt (the shipped model was
          trained on the first 80 %: manage.py train_ner), exact-span precision, recall and
          F1 per type and micro F1 over PERS, LOC and ORG (MISC left out): the learned tagger,
          the gazetteer alone (the baseline: the tagger before #11) and the two combined as
          archive.tagging combines them (gazetteer spans first, the tagger's other names).
          Runs of 30 consecutive sentences are read as one article (ANERcorp has no article
          boundaries), as train_ner trained the tagger's second pass. --previous-model adds
          a row for a model of the first features only (main's: `git show
          main:archive/data/arabic_ner.crfsuite > /tmp/old.crfsuite`), same run, same split.
          --dev first trains the shipped settings on the first 80 % of the training 80 % and
          scores them on the rest: the part features and settings are chosen on
          (--dev-option c1=0.1 max_iterations=300, --dev-algorithm ap try other settings).
          Both print each type's errors by kind: boundary (same type, other extent), type
          (same extent), type+boundary, missed (nothing overlaps), spurious (overlaps no name).
Reuters   Reuters-21578 stories with `places` / `orgs` index terms: the share of terms found
          among the entities the gazetteer tags in the story (title, dateline, body), with the
          shipped gazetteers and, as the baseline in the same process, the old one alone.
          A term is found when a tagged entity has a name that is the term (usa = USA,
          west-germany = West Germany, worldbank = World Bank), or is the entity CODE_NAMES
          gives a code that is no name (ico-coffee, adb-asia). Tagged as archive.tagging tags:
          the dateline's place with its state or country (datelines.dateline_place), and the
          countries its city or a named national body implies (archive.text.countries).
Suggest   --suggestions random suggested names the learned tagger gives on SaudiNewsNet
          articles (not known to the gazetteer, as archive.tagging would suggest them), printed
          with their context to be judged by hand (bench/README.md lists the judgement).

Figures go to bench/README.md. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import corpora  # noqa: E402

from archive.ner import ArabicNameTagger, documents, read_iob, shipped_tagger  # noqa: E402
from archive.text.countries import CountryLinks  # noqa: E402
from archive.text.datelines import dateline_place  # noqa: E402
from archive.text.mentions import Gazetteer, find_spans, normalize_name, tokenize  # noqa: E402
from archive.text.ner_features import spans_from_labels  # noqa: E402

DATA = PROJECT_DIR / "archive" / "data"
OLD_GAZETTEER = (DATA / "gazetteer.json",)
GAZETTEERS = (DATA / "gazetteer.json", DATA / "world_gazetteer.json")
TYPES = {"person": "PERS", "place": "LOC", "organisation": "ORG"}
HELD_OUT = 0.2


def gazetteer_items(paths) -> list[dict]:
    """Entities of the files, those of the same name and kind merged (as loading does)."""
    merged: dict[tuple[str, str], dict] = {}
    for path in paths:
        for item in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            entry = merged.setdefault((item["name"], item["kind"]), {**item, "en": [], "ar": []})
            entry["en"] += item.get("en", [])
            entry["ar"] += item.get("ar", [])
            if item.get("country"):
                entry["country"] = item["country"]
    return list(merged.values())


def gazetteer_of(items: list[dict]) -> Gazetteer:
    return Gazetteer(
        [(number, name, item["kind"]) for number, item in enumerate(items)
         for name in [item["name"], *item["en"], *item["ar"]]]
    )  # fmt: skip


# -- ANERcorp ------------------------------------------------------------------------------
def _token_index(words: list[str]) -> tuple[str, list[int]]:
    text = " ".join(words)
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return text, starts


def gazetteer_spans(gazetteer: Gazetteer, items, words: list[str]) -> set[tuple[int, int, str]]:
    text, starts = _token_index(words)
    tokens = tokenize(text)
    index_of = {start: number for number, start in enumerate(starts)}
    found = set()
    for span in find_spans(gazetteer, tokens):
        kinds = {items[entity].get("kind") for entity in span.entity_ids} or set(span.kinds)
        kind = TYPES.get(next(iter(kinds))) if len(kinds) == 1 else None
        first = index_of.get(tokens[span.first].start)
        last = max((n for n, s in enumerate(starts) if s <= tokens[span.last].start), default=None)
        if kind and first is not None and last is not None:
            found.add((first, last, kind))
    return found


def tagger_spans(labels: list[str]) -> set[tuple[int, int, str]]:
    return {span for span in spans_from_labels(labels) if span[2] != "MISC"}


def document_labels(tagger: ArabicNameTagger, sentences) -> list[list[str]]:
    """The tagger's labels, runs of consecutive sentences read as one article (as train_ner did)."""
    return [
        labels
        for doc in documents(sentences)
        for labels in tagger.document_labels([[word for word, _ in sentence] for sentence in doc])
    ]


def combined(gazetteer_found, tagger_found):
    taken = {index for first, last, _ in gazetteer_found for index in range(first, last + 1)}
    return gazetteer_found | {span for span in tagger_found if taken.isdisjoint(range(span[0], span[1] + 1))}


def scores(gold_and_found) -> dict[str, tuple[float, float, float]]:
    right, found, gold = Counter(), Counter(), Counter()
    for gold_spans, found_spans in gold_and_found:
        for span in found_spans & gold_spans:
            right[span[2]] += 1
        for span in found_spans:
            found[span[2]] += 1
        for span in gold_spans:
            gold[span[2]] += 1
    result = {}
    for kind in ("PERS", "LOC", "ORG", "micro"):
        keys = ("PERS", "LOC", "ORG") if kind == "micro" else (kind,)
        r, f, g = (sum(counter[key] for key in keys) for counter in (right, found, gold))
        precision, recall = r / max(f, 1), r / max(g, 1)
        result[kind] = (precision, recall, 2 * precision * recall / max(precision + recall, 1e-9))
    return result


def error_kinds(gold_and_found, kind: str) -> Counter:
    """What became of each gold name of kind and whence each wrong found one: `right`;
    `boundary` (a found name of the same kind overlaps it, other extent); `type` (a name of
    another kind with its exact extent); `type+boundary` (another kind, another extent);
    `missed` (nothing found overlaps it); and `spurious`, found names of kind overlapping
    no gold name of any kind (the other wrong found ones are the gold side's boundary/type)."""
    counts = Counter()
    for gold_spans, found_spans in gold_and_found:
        for first, last, gold_kind in gold_spans:
            if gold_kind != kind:
                continue
            overlapping = [s for s in found_spans if s[0] <= last and first <= s[1]]
            if (first, last, kind) in found_spans:
                counts["right"] += 1
            elif any(s[2] == kind for s in overlapping):
                counts["boundary"] += 1
            elif any(s[:2] == (first, last) for s in overlapping):
                counts["type"] += 1
            else:
                counts["type+boundary" if overlapping else "missed"] += 1
        for first, last, found_kind in found_spans:
            if found_kind == kind and not any(s[0] <= last and first <= s[1] for s in gold_spans):
                counts["spurious"] += 1
    return counts


def print_error_kinds(pairs) -> None:
    for kind in ("PERS", "LOC", "ORG"):
        counts = error_kinds(pairs, kind)
        gold = sum(counts[key] for key in ("right", "boundary", "type", "type+boundary", "missed"))
        cells = ", ".join(
            f"{key} {counts[key]}"
            for key in ("right", "boundary", "type", "type+boundary", "missed", "spurious")
        )
        print(f"    {kind:5} of {gold} gold: {cells}")


def anercorp(items, gazetteer, previous_model: Path | None) -> None:
    path = corpora.CORPORA_DIR / "anercorp" / "ANERCorp.dev.txt"
    sentences = read_iob(path.read_text(encoding="utf-8").splitlines())
    held_out = sentences[int(len(sentences) * (1 - HELD_OUT)) :]
    taggers = {"learned tagger": shipped_tagger()}
    if previous_model is not None:
        # a model of the first features (no clusters, no second pass), e.g. main's, in the same run
        taggers = {"previous tagger": ArabicNameTagger(previous_model), **taggers}
    rows = {name: [] for name in taggers} | {"gazetteer (baseline)": [], "combined": []}
    started = time.perf_counter()
    labelled = {name: document_labels(tagger, held_out) for name, tagger in taggers.items()}
    for number, sentence in enumerate(held_out):
        words = [word for word, _ in sentence]
        gold = tagger_spans([label for _, label in sentence])
        for name in taggers:
            rows[name].append((gold, tagger_spans(labelled[name][number])))
        known = gazetteer_spans(gazetteer, items, words)
        rows["gazetteer (baseline)"].append((gold, known))
        rows["combined"].append((gold, combined(known, tagger_spans(labelled["learned tagger"][number]))))
    seconds = time.perf_counter() - started
    tokens = sum(map(len, held_out))
    print(
        f"\nANERcorp held out: the last {len(held_out)} of {len(sentences)} sentences ({tokens} tokens); "
        f"{seconds:.1f} s for all rows"
    )
    print(f"  {'':22} {'PERS P/R/F1':>17} {'LOC P/R/F1':>17} {'ORG P/R/F1':>17} {'micro P/R/F1':>17}")
    for name, pairs in rows.items():
        found = scores(pairs)
        cells = " ".join(f"{p:.2f}/{r:.2f}/{f:.2f}".rjust(17) for p, r, f in found.values())
        print(f"  {name:22} {cells}")
    print("  learned tagger's errors by kind (exact spans):")
    print_error_kinds(rows["learned tagger"])


def parse_options(pairs: list[str]) -> dict:
    """crfsuite training parameters from KEY=VALUE strings (numbers and true/false parsed)."""
    options = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if value.lower() in ("true", "false"):
            options[key] = value.lower() == "true"
        else:
            try:
                options[key] = int(value)
            except ValueError:
                try:
                    options[key] = float(value)
                except ValueError:
                    options[key] = value
    return options


def anercorp_dev(items, gazetteer, options: dict | None = None, algorithm: str = "lbfgs") -> None:
    """Train on the first 80 % of the training 80 % and score on the rest: where the tagger's
    features and settings are chosen (the held-out 20 % is never looked at). A few minutes."""
    import tempfile

    from archive.ner import gazetteer_lexicon, load_clusters, load_org_names, train

    path = corpora.CORPORA_DIR / "anercorp" / "ANERCorp.dev.txt"
    sentences = read_iob(path.read_text(encoding="utf-8").splitlines())
    training = sentences[: int(len(sentences) * (1 - HELD_OUT))]
    cut = int(len(training) * (1 - HELD_OUT))
    lexicon, clusters, orgs = gazetteer_lexicon(), load_clusters(), load_org_names()
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "first.crfsuite", Path(folder) / "second.crfsuite"
        started = time.perf_counter()
        train(training[:cut], model_path=first, lexicon=lexicon, clusters=clusters,
              document_model_path=second, orgs=orgs, options=options, algorithm=algorithm)  # fmt: skip
        seconds = time.perf_counter() - started
        tagger = ArabicNameTagger(
            first, lexicon=lexicon, clusters=clusters, document_model_path=second, orgs=orgs
        )
        dev = training[cut:]
        labelled = document_labels(tagger, dev)
    pairs = [
        (tagger_spans([label for _, label in sentence]), tagger_spans(labels))
        for sentence, labels in zip(dev, labelled, strict=True)
    ]
    cells = " ".join(f"{p:.2f}/{r:.3f}/{f:.3f}".rjust(17) for p, r, f in scores(pairs).values())
    print(f"\nANERcorp dev: trained on {cut} sentences in {seconds:.0f} s, scored on the next {len(dev)}")
    print(f"  {'':22} {'PERS P/R/F1':>17} {'LOC P/R/F1':>17} {'ORG P/R/F1':>17} {'micro P/R/F1':>17}")
    setting = " ".join([algorithm, *(f"{key}={value}" for key, value in (options or {}).items())])
    print(f"  {setting if setting != 'lbfgs' else 'shipped settings':22} {cells}")
    print("  errors by kind (exact spans):")
    print_error_kinds(pairs)


# -- Reuters -------------------------------------------------------------------------------
# Reuters codes that are no name of what they stand for (the rest are: usa, west-germany).
# west-germany is also Germany: the Federal Republic is the Germany of today, and a 1987
# story's "German" or "Bundesbank" is tagged Germany. ussr is not Russia.
CODE_NAMES = {
    "ico-coffee": "International Coffee Organization",
    "adb-asia": "Asian Development Bank",
    "adb-africa": "African Development Bank",
    "iwc-wheat": "International Wheat Council",
    "yemen-arab-republic": "North Yemen",
    "yemen-demo-republic": "South Yemen",
    "us-virgin-islands": "U.S. Virgin Islands",
    "west-germany": "Germany",
}


def _term_keys(name: str) -> set[str]:
    folded = normalize_name(name)
    return {folded.replace(" ", "-"), folded.replace(" ", "")}


def _keys_of(items) -> list[set[str]]:
    keys = [set().union(*(_term_keys(n) for n in [item["name"], *item["en"]])) for item in items]
    for code, name in CODE_NAMES.items():
        for item_keys, item in zip(keys, items, strict=True):
            if normalize_name(name) in map(normalize_name, [item["name"], *item["en"]]):
                item_keys.add(code)
    return keys


def country_links(items) -> CountryLinks:
    """The items' `country` as entity ids (as archive.tagging resolves them in the database)."""
    places = {normalize_name(item["name"]): n for n, item in enumerate(items) if item["kind"] == "place"}
    return CountryLinks.of(
        (number, item["kind"], places[normalize_name(item["country"])])
        for number, item in enumerate(items)
        if item.get("country") and normalize_name(item["country"]) in places
    )


def story_entities(gazetteer, links: CountryLinks, story) -> set[int]:
    place = dateline_place(story.get("dateline") or "")
    text = f"{place}.\n\n{story.get('title') or ''}.\n\n{story.get('body') or ''}"
    tokens = tokenize(text)
    spans = [span for span in find_spans(gazetteer, tokens) if span.entity_ids]
    named = {span.entity_ids[0] for span in spans}
    dateline = [span.entity_ids[0] for span in spans if place and tokens[span.first].start < len(place)]
    return named | links.implied(dateline=dateline, named=named)


def reuters_shares(items, gazetteer, stories, links: CountryLinks | None = None) -> dict[str, float]:
    """Recall of the stories' terms among their tags, and the precision of the tags that are a
    Reuters place (a tag of a country the indexers did not list counts wrong: a story naming
    a country in passing was often not indexed with it, so this precision is a floor)."""
    keys_of = _keys_of(items)
    links = links or CountryLinks()
    codes = {term for story in stories for term in story.get("places") or []}
    found, total = Counter(), Counter()
    for story in stories:
        entities = story_entities(gazetteer, links, story)
        keys = set().union(*(keys_of[entity] for entity in entities)) if entities else set()
        for field in ("places", "orgs"):
            for term in story.get(field) or []:
                total[field] += 1
                found[field] += term in keys
        for entity in entities:
            if keys_of[entity] & codes:
                total["place tags"] += 1
                found["place tags"] += bool(keys_of[entity] & set(story.get("places") or []))
    return {field: found[field] / max(total[field], 1) for field in ("places", "orgs", "place tags")} | {
        f"{field} terms": total[field] for field in ("places", "orgs", "place tags")
    }


def reuters(count: int, seed: int, before: Path | None = None) -> None:
    path = corpora.require_folder(corpora.CORPORA_DIR / "reuters21578") / "reuters21578.jsonl"
    with path.open(encoding="utf-8") as handle:
        stories = [json.loads(line) for line in handle]
    stories = [s for s in stories if (s.get("places") or s.get("orgs")) and (s.get("body") or "").strip()]
    chosen = sorted(random.Random(seed).sample(range(len(stories)), min(count, len(stories))))
    stories = [stories[index] for index in chosen]
    print(f"\nReuters-21578: {len(stories)} random stories with places or orgs terms (seed {seed})")
    rows = [("old gazetteer (baseline)", OLD_GAZETTEER, False)]
    if before:
        rows.append(("--before world gazetteer", (OLD_GAZETTEER[0], before), False))
    rows += [("shipped, no country links", GAZETTEERS, False), ("shipped gazetteers", GAZETTEERS, True)]
    for label, paths, linked in rows:
        items = gazetteer_items(paths)
        links = country_links(items) if linked else None
        shares = reuters_shares(items, gazetteer_of(items), stories, links)
        print(
            f"  {label:26} places {shares['places']:.2f} of {shares['places terms']}, "
            f"orgs {shares['orgs']:.2f} of {shares['orgs terms']}; place tags right "
            f"{shares['place tags']:.2f} of {shares['place tags terms']}"
        )


# -- suggestions ---------------------------------------------------------------------------
def suggestions(items, gazetteer, count: int, seed: int, confidence: float) -> None:
    from archive import tagging

    # _learned_names reads the module's threshold: setting it measures exactly what ships
    tagging.SUGGESTION_CONFIDENCE = confidence
    articles = corpora.sample(list(corpora.unique_titles(corpora.saudinewsnet())), 600, seed)
    tagger = shipped_tagger()
    found = []
    for article in articles:
        tokens = tokenize(article.body)
        taken = [(tokens[s.first].start, tokens[s.last].end) for s in find_spans(gazetteer, tokens)]
        for name in tagging._learned_names(tagger, article.body, taken):
            context = article.body[max(0, name.start - 30) : name.end + 30].replace("\n", " ")
            found.append((name.name, name.kind, context))
    unique = list({name: (name, kind, context) for name, kind, context in found}.values())
    chosen = random.Random(seed).sample(unique, min(count, len(unique)))
    print(
        f"\nSuggestions: {len(found)} names ({len(unique)} distinct) in {len(articles)} SaudiNewsNet "
        f"articles at confidence {confidence}; {len(chosen)} random ones to judge:"
    )
    for number, (name, kind, context) in enumerate(chosen, 1):
        print(f"  {number:3}. {kind:12} {name}  | {context}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=int, default=3000)
    parser.add_argument("--suggestions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--before", type=Path, help="an older world_gazetteer.json, measured in the same run")
    parser.add_argument("--previous-model", type=Path, help="also score an older .crfsuite on ANERcorp")
    parser.add_argument(
        "--confidence", type=float, nargs="*", help="suggestion thresholds to sample (default: shipped)"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=["anercorp", "reuters", "suggestions"])
    parser.add_argument("--dev", action="store_true", help="train and score on the training part's dev cut")
    parser.add_argument(
        "--dev-option", nargs="*", default=[], metavar="KEY=VALUE",
        help="--dev: crfsuite parameters over the shipped ones (c1=0.1 max_iterations=300)",
    )  # fmt: skip
    parser.add_argument(
        "--dev-algorithm", default="lbfgs", help="--dev: crfsuite's lbfgs, ap, pa, arow, l2sgd"
    )
    options = parser.parse_args()
    items = gazetteer_items(GAZETTEERS)
    gazetteer = gazetteer_of(items)
    print(f"gazetteers: {len(items)} entities")
    if options.dev:
        anercorp_dev(items, gazetteer, parse_options(options.dev_option), options.dev_algorithm)
    if "anercorp" not in options.skip:
        anercorp(items, gazetteer, options.previous_model)
    if "reuters" not in options.skip:
        reuters(options.reuters, options.seed, options.before)
    if "suggestions" not in options.skip:
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        from archive.tagging import SUGGESTION_CONFIDENCE

        for confidence in options.confidence or [SUGGESTION_CONFIDENCE]:
            suggestions(items, gazetteer, options.suggestions, options.seed, confidence)


if __name__ == "__main__":
    main()
