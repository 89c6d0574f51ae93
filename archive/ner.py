"""The learned Arabic name tagger: two CRFs (python-crfsuite) over clitic-aware word features.

Trained on ANERcorp (manage.py train_ner). The first CRF sees each word, its neighbours and
their clusters (word clusters learned from unlabelled Saudi news: arabic_ner_clusters.json)
and whether the news introduces them as organisations (نادي الأهلي: arabic_ner_orgs.json);
the second also sees what the first said of the word's other occurrences in the article, as
a name written in full once is often written alone later. The models ship in archive/data/
(arabic_ner.crfsuite, arabic_ner_document.crfsuite) with the gazetteer word list their
features were computed with (arabic_ner_lexicon.json), so a fresh clone tags without the
corpora. `ArabicNameTagger.names(text)` gives each name's character offsets and kind;
archive.tagging links those the gazetteer knows and suggests the rest.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from archive.text import org_names, word_clusters
from archive.text.ner_features import (
    document_features,
    fold,
    lexicon_from_names,
    make_word_features,
    multiword_names,
    name_table,
    sentence_features,
    spans_from_labels,
    with_neighbour_votes,
)
from search.text.script import ARABIC_LETTERS

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "arabic_ner.crfsuite"
LEXICON_PATH = DATA_DIR / "arabic_ner_lexicon.json"
CLUSTERS_PATH = DATA_DIR / "arabic_ner_clusters.json"
ORG_NAMES_PATH = DATA_DIR / "arabic_ner_orgs.json"
GAZETTEER_FILES = (DATA_DIR / "gazetteer.json", DATA_DIR / "world_gazetteer.json")
KINDS = {"PERS": "person", "LOC": "place", "ORG": "organisation"}  # MISC is learned, not kept
DOCUMENT_MODEL_PATH = DATA_DIR / "arabic_ner_document.crfsuite"
DOCUMENT_SENTENCES = 30  # ANERcorp pseudo-articles: 30 scored better on dev than 15
JACKKNIFE_FOLDS = 2
TRAINING = {
    "c1": 0.05,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
_WORD_RE = re.compile(rf"[{ARABIC_LETTERS}\u064b-\u065f\u0670\u0640]+|[^\W\d_]+|\d+(?:[.,]\d+)*|[^\s\w]")
_SENTENCE_END = frozenset(".!?؟؛\n")
_ARABIC_RE = re.compile(f"[{ARABIC_LETTERS}]")


def read_iob(lines: Iterable[str]) -> list[list[tuple[str, str]]]:
    """ANERcorp's `TOKEN TAG` lines as sentences (a `.` token ends one)."""
    sentences, current = [], []
    for line in lines:
        parts = line.split()
        if len(parts) != 2:
            continue
        current.append((parts[0], parts[1]))
        if parts[0] == ".":
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def gazetteer_lexicon() -> dict[str, str]:
    """The shipped gazetteers' Arabic names as the features see them."""
    names = []
    for path in GAZETTEER_FILES:
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8"))["entities"]:
                names += [(name, item["kind"]) for name in item.get("ar", [])]
    return lexicon_from_names(names) | multiword_names(names)


def news_sentences(folder: Path) -> Iterator[list[str]]:
    """The folded words of each sentence of SaudiNewsNet's articles (its daily zips of JSON)."""
    folded = lru_cache(maxsize=1 << 20)(fold)
    for archive_path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive_path) as archive:
            for member in sorted(archive.namelist()):
                for item in json.loads(archive.read(member)):
                    for field in ("title", "content"):
                        for sentence in _sentences(item.get(field) or ""):
                            # a lone direction mark folds to nothing: not a word to cluster
                            words = [folded(match.group()) for match in sentence]
                            yield [word for word in words if word]


def build_clusters(folder: Path, path: Path = CLUSTERS_PATH) -> int:
    """Cluster the frequent words of the news in folder into path; the number of words."""
    data = word_clusters.cluster_words(list(news_sentences(folder)))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(data["words"])


def load_clusters(path: Path = CLUSTERS_PATH) -> dict[str, tuple[str, ...]]:
    return word_clusters.cluster_paths(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def build_org_names(folder: Path, path: Path = ORG_NAMES_PATH) -> int:
    """Count what follows organisation head words in the news of folder into path; the names kept."""
    data = org_names.org_lexicon(*org_names.count_followers(news_sentences(folder)))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
    return len(data["words"])


def load_org_names(path: Path = ORG_NAMES_PATH) -> dict:
    """{"words": {word: "share:group"}} of build_org_names, empty without the file."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class _Features:
    """A word's cached features and the sentence's, with the lexicons they are computed from."""

    def __init__(self, lexicon: dict[str, str], clusters: dict | None, orgs: dict | None):
        orgs = orgs or {}
        self.word = make_word_features(lexicon, clusters, orgs.get("words"))
        self.names = name_table(lexicon)  # the lexicon's multiword names (الأمم المتحدة)

    def sentence(self, words: list[str]) -> list[list[str]]:
        return sentence_features(words, self.word, names=self.names)


def documents(sentences: list, size: int = DOCUMENT_SENTENCES) -> list[list]:
    """ANERcorp has no article boundaries: runs of consecutive sentences stand in for articles."""
    return [sentences[start : start + size] for start in range(0, len(sentences), size)]


def _trained(
    items: Iterable[tuple[list[list[str]], list[str]]], model_path: Path, algorithm: str, options: dict | None
) -> None:
    trainer = pycrfsuite.Trainer(algorithm, verbose=False)
    for features, labels in items:
        trainer.append(features, labels)
    params = {**TRAINING, **(options or {})}
    if algorithm != "lbfgs":
        params = {key: value for key, value in params.items() if key not in ("c1", "c2")}
    trainer.set_params(params)
    trainer.train(str(model_path))


def train(
    sentences: list[list[tuple[str, str]]],
    *,
    model_path: Path,
    lexicon: dict[str, str],
    options: dict | None = None,
    clusters: dict | None = None,
    algorithm: str = "lbfgs",
    document_model_path: Path | None = None,
    document_sentences: int = DOCUMENT_SENTENCES,
    orgs: dict | None = None,
) -> None:
    """The first model; with document_model_path, the second one too, which also sees what the
    first said of each word's other occurrences in the document. The second learns from the
    first's labels on sentences that first model did not see (two halves, each tagged by a model
    of the other), or it would learn to trust labels better than it will ever get."""
    word_features = _Features(lexicon, clusters, orgs)

    def examples(part):
        for sentence in part:
            words = [word for word, _ in sentence]
            yield word_features.sentence(words), [label for _, label in sentence]

    _trained(examples(sentences), model_path, algorithm, options)
    if document_model_path is None:
        return
    docs = documents(sentences, document_sentences)
    first: dict[int, list[list[str]]] = {}
    for part in range(JACKKNIFE_FOLDS):
        seen = [doc for number, doc in enumerate(docs) if number % JACKKNIFE_FOLDS != part]
        fold_path = document_model_path.with_suffix(f".fold{part}")
        _trained(examples([s for doc in seen for s in doc]), fold_path, algorithm, options)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(fold_path))
        for number in range(part, len(docs), JACKKNIFE_FOLDS):
            first[number] = [tagger.tag(features) for features, _ in examples(docs[number])]
        tagger.close()
        fold_path.unlink()

    def second_examples():
        for number, doc in enumerate(docs):
            words = [[word for word, _ in sentence] for sentence in doc]
            for features, sentence in zip(
                _document_features(words, first[number], word_features), doc, strict=True
            ):
                yield features, [label for _, label in sentence]

    _trained(second_examples(), document_model_path, algorithm, options)


def _document_features(
    doc: list[list[str]],
    first_labels: list[list[str]],
    word_features: _Features,
    features: list | None = None,
) -> list[list[list[str]]]:
    """The second pass's features: the first's (features, when already computed) and the votes."""
    keys = [[word_features.word(word)[0][1][2:] for word in words] for words in doc]
    votes = [with_neighbour_votes(sentence) for sentence in document_features(keys, first_labels)]
    if features is None:
        features = [word_features.sentence(words) for words in doc]
    return [
        [own + extra for own, extra in zip(sentence, sentence_votes, strict=True)]
        for sentence, sentence_votes in zip(features, votes, strict=True)
    ]


@dataclass(frozen=True)
class FoundName:
    start: int  # character offsets into the text, end exclusive
    end: int
    kind: str  # EntityKind value

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


def _sentences(text: str) -> Iterator[list[re.Match]]:
    current: list[re.Match] = []
    for match in _WORD_RE.finditer(text):
        current.append(match)
        if match.group() in _SENTENCE_END:
            yield current
            current = []
    if current:
        yield current


class ArabicNameTagger:
    def __init__(
        self,
        model_path: Path = MODEL_PATH,
        lexicon: dict[str, str] | None = None,
        clusters: dict | None = None,
        document_model_path: Path | None = None,
        orgs: dict | None = None,
    ):
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        self.document_tagger = None
        if document_model_path is not None:
            self.document_tagger = pycrfsuite.Tagger()
            self.document_tagger.open(str(document_model_path))
        if lexicon is None:
            lexicon = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
        self.word_features = _Features(lexicon, clusters, orgs)

    def labels(self, words: list[str]) -> list[str]:
        return self.document_labels([words])[0]

    def document_labels(self, doc: list[list[str]]) -> list[list[str]]:
        """Each sentence's labels, the sentences being one document (an article)."""
        return [tagger.tag() for tagger in self._tagging(doc)]

    def _tagging(self, doc: list[list[str]]) -> Iterator[pycrfsuite.Tagger]:
        """The final tagger, set to each sentence of the document in turn."""
        features = [self.word_features.sentence(words) for words in doc]
        if self.document_tagger is not None:
            first = [self.tagger.tag(sentence) if sentence else [] for sentence in features]
            features = _document_features(doc, first, self.word_features, features)
        tagger = self.document_tagger or self.tagger
        for sentence in features:
            tagger.set(sentence)
            yield tagger

    def names(self, text: str, *, min_confidence: float = 0.0) -> list[FoundName]:
        """People, places and organisations the model finds in the Arabic sentences of text;
        with min_confidence, only names whose every word's label has that marginal probability."""
        sentences = [s for s in _sentences(text) if any(_ARABIC_RE.match(match.group()) for match in s)]
        found = []
        taggers = self._tagging([[match.group() for match in sentence] for sentence in sentences])
        for sentence, tagger in zip(sentences, taggers, strict=True):
            labels = tagger.tag()
            for first, last, kind in spans_from_labels(labels):
                if kind not in KINDS:
                    continue
                sure = min(tagger.marginal(labels[index], index) for index in range(first, last + 1))
                if sure < min_confidence:
                    continue
                found.append(FoundName(sentence[first].start(), sentence[last].end(), KINDS[kind]))
        return found


def load_shipped_tagger() -> ArabicNameTagger | None:
    """A fresh tagger of the shipped files (None when the model is missing)."""
    if not (MODEL_PATH.exists() and LEXICON_PATH.exists()):
        return None
    document_model = DOCUMENT_MODEL_PATH if DOCUMENT_MODEL_PATH.exists() else None
    return ArabicNameTagger(
        clusters=load_clusters(), document_model_path=document_model, orgs=load_org_names()
    )


@lru_cache(maxsize=1)
def shipped_tagger() -> ArabicNameTagger | None:
    """The shipped model, loaded once per process (None when the file is missing)."""
    return load_shipped_tagger()
