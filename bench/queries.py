"""Known-item queries made from article titles, with the spelling variation real searchers
produce. Deterministic for a given seed.

A searcher remembers a few words of a headline, not its exact spelling: they type the
word with or without the article or a glued و/ب, skip the hamza, write ي for ى and ه for
ة, paste a vowelled word, or use the plural where the headline had the singular. Every
morphological variant (another prefix, another suffix) is only used when that form
really occurs in the corpus, so queries stay real Arabic and do not favour any one
stemmer's idea of Arabic.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable

from lucene_arabic import LUCENE_ARABIC_STOP_WORDS

_HARAKAT = "\u064e\u064f\u0650\u0652"  # fatha, damma, kasra, sukun
_SHADDA = "\u0651"
_TATWEEL = "\u0640"
_HAMZA_ALEFS = "أإآ"
_ARTICLE = "ال"
_GLUED_ARTICLES = ("وال", "بال", "فال", "كال")
# Whoosh's query syntax would read these as operators, not words.
_QUERY_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_WORD_RE = re.compile(r"[^\W_]+(?:[\u064b-\u0652\u0670\u0640]+[^\W_]*)*")
_ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or the to "
    "was were will with after over says said".split()
)

# How often each variation is applied to a chosen word (documented in bench/README.md).
ARABIC_RATES = {
    "article": 0.5,  # add/drop ال, swap in وال/بال, drop a conjunction و
    "morphology": 0.3,  # singular <-> plural (ة/ات, ون/ين), nisba ي <-> ية
    "hamza": 0.75,  # أ/إ/آ written as bare ا (and, rarely, the other way round)
    "final_letters": 0.5,  # ى <-> ي, ة <-> ه at the end of a word
    "harakat": 0.05,  # word pasted fully or partly vowelled
    "tatweel": 0.02,
}
ENGLISH_RATES = {"morphology": 0.35, "lowercase": 0.8}


def title_words(title: str) -> list[str]:
    return _WORD_RE.findall(title)


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD_RE.findall(text))
    return counts


def pick_and_vary(words: list[str], rng, vary) -> str:
    """2-5 of the title's words, in title order, each varied the way the maker types it."""
    count = rng.randint(2, min(5, len(words)))
    chosen = [words[i] for i in sorted(rng.sample(range(len(words)), count))]
    return " ".join(vary(word) for word in chosen)


class ArabicQueryMaker:
    def __init__(self, vocab: Counter[str], seed: int, min_count: int = 2):
        self.vocab = vocab
        self.rng = random.Random(seed)
        self.min_count = min_count

    def _occurs(self, form: str) -> bool:
        return self.vocab[form] >= self.min_count

    def _chance(self, rate_name: str) -> bool:
        return self.rng.random() < ARABIC_RATES[rate_name]

    def _is_content_word(self, word: str) -> bool:
        letters = re.sub("[\u064b-\u0652\u0670\u0640]", "", word)
        return len(letters) >= 3 and letters not in LUCENE_ARABIC_STOP_WORDS

    def make(self, title: str) -> str | None:
        words = [word for word in title_words(title) if self._is_content_word(word)]
        if len(words) < 2:
            return None
        return pick_and_vary(words, self.rng, self._vary)

    def _vary(self, word: str) -> str:
        if not re.search("[\u0621-\u064a]", word):
            return word  # digits and Latin words are typed as they are
        if self._chance("morphology"):
            word = self._other_inflection(word)
        if self._chance("article"):
            word = self._other_prefix(word)
        if self._chance("hamza"):
            word = self._other_hamza(word)
        if self._chance("final_letters"):
            word = self._other_final_letter(word)
        if self._chance("harakat"):
            word = self._vowelled(word)
        if self._chance("tatweel") and len(word) > 3:
            middle = len(word) // 2
            word = word[:middle] + _TATWEEL + word[middle:]
        return word

    def _other_inflection(self, word: str) -> str:
        candidates = []
        if word.endswith("ة"):
            candidates.append(word[:-1] + "ات")
        if word.endswith("ات"):
            candidates += [word[:-2] + "ة", word[:-2]]
        if word.endswith("ية"):
            candidates.append(word[:-1])
        elif word.endswith("ي"):
            candidates.append(word + "ة")
        if word.endswith("ون"):
            candidates.append(word[:-2] + "ين")
        if word.endswith("ين"):
            candidates.append(word[:-2] + "ون")
        if not candidates:
            candidates.append(word + "ات")
        real = [form for form in candidates if self._occurs(form)]
        return self.rng.choice(real) if real else word

    def _other_prefix(self, word: str) -> str:
        for glued in _GLUED_ARTICLES:
            if word.startswith(glued) and len(word) > len(glued) + 2:
                stem = word[len(glued) :]
                return self.rng.choice([_ARTICLE + stem, stem])
        if word.startswith(_ARTICLE) and len(word) > 4:
            stem = word[2:]
            return self.rng.choice([stem, stem, "و" + word, "ب" + word])
        if word.startswith("و") and len(word) > 3:
            # Only a conjunction و is dropped (وإيران, not وزير): the rest must be a
            # clearly more common word on its own than with the و.
            rest = word[1:]
            if self.vocab[rest] + self.vocab[_ARTICLE + rest] >= 2 * max(1, self.vocab[word]):
                return rest
            return word
        if self._occurs(_ARTICLE + word):
            return _ARTICLE + word
        return word

    def _other_hamza(self, word: str) -> str:
        if any(alef in word for alef in _HAMZA_ALEFS):
            return re.sub(f"[{_HAMZA_ALEFS}]", "ا", word)
        stem_start = 2 if word.startswith(_ARTICLE) else 0
        if word[stem_start : stem_start + 1] == "ا" and self.rng.random() < 0.2:
            return word[:stem_start] + self.rng.choice("أإ") + word[stem_start + 1 :]
        return word

    def _other_final_letter(self, word: str) -> str:
        swaps = {"ى": "ي", "ي": "ى", "ة": "ه", "ه": "ة"}
        if word[-1] in swaps:
            return word[:-1] + swaps[word[-1]]
        return word

    def _vowelled(self, word: str) -> str:
        share = self.rng.choice([0.5, 1.0])
        out = []
        for index, char in enumerate(word):
            out.append(char)
            if "\u0621" <= char <= "\u064a" and self.rng.random() < share:
                if index > 0 and self.rng.random() < 0.1:
                    out.append(_SHADDA)
                out.append(self.rng.choice(_HARAKAT))
        return "".join(out)


class EnglishQueryMaker:
    def __init__(self, vocab: Counter[str], seed: int, min_count: int = 2):
        self.vocab = Counter()
        for word, count in vocab.items():
            self.vocab[word.lower()] += count
        self.rng = random.Random(seed)
        self.min_count = min_count

    def make(self, title: str) -> str | None:
        words = [
            word
            for word in title_words(title)
            if len(word) >= 3 and word.lower() not in _ENGLISH_STOP_WORDS and word not in _QUERY_OPERATORS
        ]
        if len(words) < 2:
            return None
        return pick_and_vary(words, self.rng, self._vary)

    def _vary(self, word: str) -> str:
        if self.rng.random() < ENGLISH_RATES["lowercase"]:
            word = word.lower()
        if self.rng.random() < ENGLISH_RATES["morphology"]:
            word = self._other_inflection(word)
        return word

    def _other_inflection(self, word: str) -> str:
        lower = word.lower()
        candidates = [lower + "s", lower + "es", lower + "ed", lower + "ing"]
        if lower.endswith("ies"):
            candidates.append(lower[:-3] + "y")
        for ending in ("s", "es", "ed", "ing", "d"):
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                candidates.append(lower[: -len(ending)])
        if lower.endswith("y"):
            candidates.append(lower[:-1] + "ies")
        real = [form for form in candidates if self.vocab[form] >= self.min_count]
        return self.rng.choice(real) if real else word
