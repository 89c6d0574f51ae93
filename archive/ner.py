"""The learned Arabic name tagger: a CRF (python-crfsuite) over clitic-aware word features.

Trained on ANERcorp (manage.py train_ner); the model ships as archive/data/arabic_ner.crfsuite
with the gazetteer word list its features were computed with (arabic_ner_lexicon.json), so a
fresh clone tags without the corpus. `ArabicNameTagger.names(text)` gives each name's
character offsets and kind; archive.tagging links those the gazetteer knows and suggests the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from archive.text.ner_features import (
    lexicon_from_names,
    make_word_features,
    sentence_features,
    spans_from_labels,
)
from search.text.script import ARABIC_LETTERS

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "arabic_ner.crfsuite"
LEXICON_PATH = DATA_DIR / "arabic_ner_lexicon.json"
GAZETTEER_FILES = (DATA_DIR / "gazetteer.json", DATA_DIR / "world_gazetteer.json")
KINDS = {"PERS": "person", "LOC": "place", "ORG": "organisation"}  # MISC is learned, not kept
TRAINING = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 2,
            "feature.possible_transitions": True}
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
    return lexicon_from_names(names)


def train(sentences: list[list[tuple[str, str]]], *, model_path: Path, lexicon: dict[str, str],
          options: dict | None = None) -> None:
    word_features = make_word_features(lexicon)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        words = [word for word, _ in sentence]
        trainer.append(sentence_features(words, word_features), [label for _, label in sentence])
    trainer.set_params({**TRAINING, **(options or {})})
    trainer.train(str(model_path))


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
    def __init__(self, model_path: Path = MODEL_PATH, lexicon: dict[str, str] | None = None):
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        if lexicon is None:
            lexicon = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
        self.word_features = make_word_features(lexicon)

    def labels(self, words: list[str]) -> list[str]:
        return self.tagger.tag(sentence_features(words, self.word_features)) if words else []

    def names(self, text: str, *, min_confidence: float = 0.0) -> list[FoundName]:
        """People, places and organisations the model finds in the Arabic sentences of text;
        with min_confidence, only names whose every word's label has that marginal probability."""
        found = []
        for sentence in _sentences(text):
            if not any(_ARABIC_RE.match(match.group()) for match in sentence):
                continue
            self.tagger.set(sentence_features([match.group() for match in sentence], self.word_features))
            labels = self.tagger.tag()
            for first, last, kind in spans_from_labels(labels):
                if kind not in KINDS:
                    continue
                sure = min(self.tagger.marginal(labels[index], index) for index in range(first, last + 1))
                if sure < min_confidence:
                    continue
                found.append(FoundName(sentence[first].start(), sentence[last].end(), KINDS[kind]))
        return found


@lru_cache(maxsize=1)
def shipped_tagger() -> ArabicNameTagger | None:
    """The shipped model, loaded once per process (None when the file is missing)."""
    return ArabicNameTagger() if MODEL_PATH.exists() and LEXICON_PATH.exists() else None
