"""The spelling corrector's vocabulary: the index's own words, kept beside the index.

Built from the reader's lexicon of the exact (normalised, unstemmed) fields, so it never
needs the writers: a new index generation (an import, an edit) makes a new vocabulary.
Only words in at least two documents, or in some headline, are candidates: a word seen once
in a story is as likely a typo as the word it resembles (and leaving them out halves the
structure), while headlines are edited with care and are what a searcher remembers of an
article (a searched name such as هولندي may be in one headline and nowhere else).
Candidates are found through SymSpell delete keys held as two sorted numpy arrays (32-bit
key hash, word number): a few bytes a key instead of a Python dict of strings.

The arrays are saved in the index folder under the generation they were built from, so
every process serving the index loads them instead of building them again.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.text.spelling import delete_keys, max_edits, ranked_corrections

logger = logging.getLogger(__name__)

VOCABULARY_FIELDS = ("exact", "exact_title")
MIN_CANDIDATE_DF = 2
HEADLINE_FIELD = "exact_title"
# Rebuilding after every edit would cost each process a pause of a second or more at
# 50,000 articles; an edit moves a word's document frequency by one, so a vocabulary of
# nearly the same documents stays a while before it is rebuilt.
STALE_DOCS_SHARE = 0.01
STALE_SECONDS = 600
# From this many documents a new vocabulary takes seconds to build: searches go on with the
# previous one while a thread builds it (below, the first search after an import waits).
BACKGROUND_MIN_DOCS = 5000
MAX_RANKED = 24  # candidates given the (slower) typing distance
_FILE_RE = re.compile(r"^spelling_(?P<name>.+)_(?P<gen>\d+)\.npz$")
_CHECKABLE = re.compile(r"^[^\W\d_]{2,}$")  # words of letters only: numbers are never corrected


def generation_of(reader) -> int:
    """The reader's index generation; -1 for an index with no segment yet (an empty reader)."""
    generation = reader.generation()
    return -1 if generation is None else generation


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@dataclass
class Vocabulary:
    terms: list[str]
    frequencies: np.ndarray  # documents with the term in the body plus those with it in the title
    lengths: np.ndarray
    keys: np.ndarray  # sorted delete-key hashes
    owners: np.ndarray  # the term number of each key
    generation: int
    doc_count: int
    built_at: float

    @classmethod
    def from_frequencies(
        cls, frequencies: dict[str, int], *, headline: frozenset[str] = frozenset(), generation: int = -1,
        doc_count: int = 0,
    ):  # fmt: skip
        """`headline`: words of some title, candidates however rare (see the module's docstring)."""
        terms = sorted(
            term
            for term, df in frequencies.items()
            if (df >= MIN_CANDIDATE_DF or term in headline) and _CHECKABLE.match(term)
        )
        keys, owners = array("I"), array("I")
        for number, term in enumerate(terms):
            for key in delete_keys(term, max_edits(term) if len(term) > 2 else 1):
                keys.append(_key(key))
                owners.append(number)
        key_array = np.frombuffer(keys, dtype=np.uint32)
        order = np.argsort(key_array, kind="stable")
        return cls(
            terms=terms,
            frequencies=np.fromiter((frequencies[t] for t in terms), dtype=np.int32, count=len(terms)),
            lengths=np.fromiter((len(t) for t in terms), dtype=np.int16, count=len(terms)),
            keys=key_array[order],
            owners=np.frombuffer(owners, dtype=np.uint32)[order],
            generation=generation,
            doc_count=doc_count,
            built_at=time.time(),
        )

    @classmethod
    def from_reader(cls, reader):
        frequencies: dict[str, int] = {}
        headline: set[str] = set()
        for field in VOCABULARY_FIELDS:
            if field not in reader.schema:
                continue
            from_bytes = reader.schema[field].from_bytes
            for raw, info in reader.iter_field(field):
                term = from_bytes(raw)
                # Title and body count apart: a headline's word, used again in its own story, is a
                # candidate; a word typed once in one story (as likely a typo itself) is not.
                frequencies[term] = frequencies.get(term, 0) + info.doc_frequency()
                if field == HEADLINE_FIELD:
                    headline.add(term)
        return cls.from_frequencies(
            frequencies, headline=frozenset(headline), generation=generation_of(reader),
            doc_count=reader.doc_count(),
        )  # fmt: skip

    def nbytes(self) -> int:
        """Memory held by the structure (arrays and the term strings)."""
        strings = sum(len(term) * 4 + 80 for term in self.terms)
        arrays = self.frequencies.nbytes + self.lengths.nbytes + self.keys.nbytes + self.owners.nbytes
        return arrays + strings

    def frequency(self, term: str) -> int:
        position = self._position(term)
        return int(self.frequencies[position]) if position is not None else 0

    def _position(self, term: str) -> int | None:
        import bisect

        position = bisect.bisect_left(self.terms, term)
        if position < len(self.terms) and self.terms[position] == term:
            return position
        return None

    def neighbours(self, word: str, edits: int | None = None) -> list[tuple[str, int]]:
        """The candidate words fewest plain edits (at most `edits`) from the word, with their
        frequency; the word itself when it is a candidate (0 edits)."""
        edits = max_edits(word) if edits is None else edits
        hashes = np.fromiter((_key(key) for key in delete_keys(word, edits)), dtype=np.uint32)
        starts = np.searchsorted(self.keys, hashes, side="left")
        ends = np.searchsorted(self.keys, hashes, side="right")
        spans = [self.owners[start:end] for start, end in zip(starts, ends, strict=True) if end > start]
        if not spans:
            return []
        numbers = np.unique(np.concatenate(spans))
        numbers = numbers[np.abs(self.lengths[numbers] - len(word)) <= edits].tolist()
        # One C loop over the key-sharing terms (hundreds for a short prefix at 50,000 articles).
        found = process.extract(
            word, [self.terms[number] for number in numbers], scorer=OSA.distance, score_cutoff=edits,
            limit=None,
        )  # fmt: skip
        by_edits: dict[int, list[tuple[str, int]]] = {}
        for term, distance, position in found:
            by_edits.setdefault(distance, []).append((term, int(self.frequencies[numbers[position]])))
        if not by_edits:
            return []
        # Every typing cost is at least half an edit and at most one, so a word more plain
        # edits away than the closest can at best tie with them: only the closest are
        # ranked, the most frequent first.
        closest = sorted(by_edits[min(by_edits)], key=lambda found: -found[1])
        return closest[:MAX_RANKED]

    def corrections(self, word: str, limit: int = 3) -> list[tuple[str, float, int]]:
        """The best corrections of a word, best first: (word, typing distance, document frequency)."""
        return ranked_corrections(word, self.neighbours(word), limit=limit)

    def correction(self, word: str) -> tuple[str, float, int] | None:
        found = self.corrections(word, limit=1)
        return found[0] if found else None

    # -- kept beside the index ---------------------------------------------------------
    def save(self, folder: Path, indexname: str) -> Path:
        path = folder / f"spelling_{indexname}_{self.generation}.npz"
        partial = folder / f".spelling_{indexname}_{self.generation}.{os.getpid()}.tmp.npz"
        np.savez(
            partial,
            terms=np.frombuffer("\n".join(self.terms).encode("utf-8"), dtype=np.uint8),
            frequencies=self.frequencies,
            lengths=self.lengths,
            keys=self.keys,
            owners=self.owners,
            meta=np.array([self.generation, self.doc_count, int(self.built_at)], dtype=np.int64),
        )
        os.replace(partial, path)
        for other in folder.glob(f"spelling_{indexname}_*.npz"):
            if other != path:
                other.unlink(missing_ok=True)
        return path

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        with np.load(path) as stored:
            text = stored["terms"].tobytes().decode("utf-8")
            generation, doc_count, built_at = (int(value) for value in stored["meta"])
            return cls(
                terms=text.split("\n") if text else [],
                frequencies=stored["frequencies"],
                lengths=stored["lengths"],
                keys=stored["keys"],
                owners=stored["owners"],
                generation=generation,
                doc_count=doc_count,
                built_at=float(built_at),
            )


def _fresh_enough(vocabulary: Vocabulary, reader) -> bool:
    if vocabulary.generation == generation_of(reader):
        return True
    changed = abs(reader.doc_count() - vocabulary.doc_count)
    return changed <= STALE_DOCS_SHARE * max(vocabulary.doc_count, 1) and (
        time.time() - vocabulary.built_at < STALE_SECONDS
    )


class VocabularyStore:
    """One vocabulary per index folder, in memory and on disk beside the index."""

    def __init__(self, folder: str | os.PathLike | None, indexname: str = "MAIN"):
        self.folder = Path(folder) if folder else None
        self.indexname = indexname
        self._vocabulary: Vocabulary | None = None
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None

    def _stored(self) -> Vocabulary | None:
        if self.folder is None or not self.folder.is_dir():
            return None
        found = []
        for path in self.folder.iterdir():
            match = _FILE_RE.match(path.name)
            if match and match["name"] == self.indexname:
                found.append((int(match["gen"]), path))
        if not found:
            return None
        try:
            return Vocabulary.load(max(found)[1])
        except (OSError, ValueError, KeyError, EOFError):
            logger.warning("spelling vocabulary %s unreadable; rebuilding it", max(found)[1])
            return None

    def get(self, reader, reopen=None) -> Vocabulary:
        """The vocabulary of the reader's index, loaded or (when stale) rebuilt.

        `reopen()` opens a reader of the latest index for a rebuild in the background; without
        it, or for a small index, or with no earlier vocabulary at all, the rebuild is done now."""
        with self._lock:
            if self._vocabulary is not None and _fresh_enough(self._vocabulary, reader):
                return self._vocabulary
            stored = self._stored()
            if stored is not None and _fresh_enough(stored, reader):
                self._vocabulary = stored
                return stored
            previous = self._vocabulary or stored
            if previous is not None and reopen is not None and reader.doc_count() >= BACKGROUND_MIN_DOCS:
                self._vocabulary = previous
                if self._building is None or not self._building.is_alive():
                    self._building = threading.Thread(target=self._rebuild, args=(reopen,), daemon=True)
                    self._building.start()
                return previous
            self._vocabulary = self._build(reader)
            return self._vocabulary

    def _build(self, reader) -> Vocabulary:
        vocabulary = Vocabulary.from_reader(reader)
        if self.folder is not None and self.folder.is_dir() and vocabulary.generation >= 0:
            try:
                vocabulary.save(self.folder, self.indexname)
            except OSError as error:  # a read-only index folder: keep it in memory only
                logger.warning("could not save the spelling vocabulary: %s", error)
        return vocabulary

    def _rebuild(self, reopen) -> None:
        try:
            with reopen() as reader:
                vocabulary = self._build(reader)
        except Exception:  # the next search tries again; searching itself never fails for it
            logger.exception("rebuilding the spelling vocabulary failed")
            return
        with self._lock:
            self._vocabulary = vocabulary
