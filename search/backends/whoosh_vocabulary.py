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
every process serving the index loads them instead of building them again. Of a large index
no request ever builds one: one process at a time (a lock file beside the index) rebuilds in
a thread, at most every MIN_REBUILD_SECONDS, and the others pick up the file it saves.
"""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import time
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

try:  # not on Windows: there every process serving an index may build its vocabulary
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

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
# From this many documents a new vocabulary takes seconds to build (tens of seconds at 30,000
# articles, past gunicorn's 30 s worker timeout when two workers build at once): a search never
# waits for one; it goes on with the previous one, or with no suggestions when there is none yet,
# while a thread builds it.
BACKGROUND_MIN_DOCS = 5000
# A rebuild costs the building process seconds of CPU, its thread holding the GIL against that
# worker's requests, and an import commits (a new generation) every 2,000 articles: rebuilt at
# most this often per index folder, a long import costs one rebuild every two minutes instead of
# one a commit, and the stale vocabulary keeps serving meanwhile (its candidates only miss the
# newest words, of at most STALE_DOCS_SHARE of the archive or two minutes of importing).
MIN_REBUILD_SECONDS = 120
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
        # Segment by segment, summing each term's document frequencies (what the whole index's
        # reader reports, deleted documents included as there): the whole-index reader merges the
        # segments' term lists and looks every term up in each of them, several times slower at
        # the ten segments of an imported archive.
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        for field in VOCABULARY_FIELDS:
            if field not in reader.schema:
                continue
            from_bytes = reader.schema[field].from_bytes
            for leaf in leaves:
                for raw, info in leaf.iter_field(field):
                    term = from_bytes(raw)
                    # Title and body count apart: a headline's word, used again in its own story,
                    # is a candidate; a word typed once in one story (as likely a typo) is not.
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


def _empty() -> Vocabulary:
    return Vocabulary.from_frequencies({})


class _FolderLock:
    """A non-blocking, exclusive lock on a file beside the index, held by one process (its
    rebuilding thread) at a time: the gunicorn workers serving one index build its vocabulary
    once between them, not once each. Without flock (Windows) or where the lock file cannot be
    made (a read-only folder) every process may build, as before."""

    def __init__(self, path: Path | None):
        self.path = path
        self._file = None

    def acquire(self) -> bool:
        if self.path is None or fcntl is None:
            return True
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 (held until release())
        except OSError:
            return True
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another process holds it (or flock is not supported here)
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            finally:
                self._file.close()
                self._file = None


class VocabularyStore:
    """One vocabulary per index folder, in memory and on disk beside the index.

    A request never waits for a vocabulary of a large index (`BACKGROUND_MIN_DOCS` documents
    or more): when there is none yet (a fresh archive after an import) the search is answered
    without spelling suggestions and a thread builds one; when it is stale the previous one keeps
    serving while a thread builds the new one. Of the processes serving one folder only the one
    holding the lock file builds, at most every `MIN_REBUILD_SECONDS`; the others pick the saved
    file up when a newer generation appears beside the index."""

    def __init__(self, folder: str | os.PathLike | None, indexname: str = "MAIN"):
        self.folder = Path(folder) if folder else None
        self.indexname = indexname
        self._vocabulary: Vocabulary | None = None
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._folder_lock = _FolderLock(self.folder / f".spelling_{indexname}.lock" if self.folder else None)
        # The newest saved generation already looked at (loaded, or found unreadable): a file is
        # read from disk only when a newer one appears, not on every search.
        self._seen_generation: int | None = None
        self._last_started = -math.inf  # time.monotonic() of this process's last rebuild

    def _saved(self) -> list[tuple[int, Path]]:
        """(generation, path) of the saved vocabularies, from the file names alone."""
        if self.folder is None:
            return []
        found = []
        try:
            for entry in os.scandir(self.folder):
                match = _FILE_RE.match(entry.name)
                if match and match["name"] == self.indexname:
                    found.append((int(match["gen"]), Path(entry.path)))
        except OSError:  # no index folder (yet)
            return []
        return found

    def _stored(self) -> Vocabulary | None:
        """The saved vocabulary, when its generation (in its file name) is newer than the one in
        memory and than any file already looked at; None otherwise, without reading a file."""
        found = self._saved()
        if not found:
            return None
        generation, path = max(found)
        known = self._vocabulary.generation if self._vocabulary is not None else None
        if known is not None and generation <= known:
            return None
        if self._seen_generation is not None and generation <= self._seen_generation:
            return None
        self._seen_generation = generation
        try:
            vocabulary = Vocabulary.load(path)
        except (OSError, ValueError, KeyError, EOFError):
            logger.warning("spelling vocabulary %s unreadable; rebuilding it", path)
            return None
        return vocabulary

    def _last_saved_at(self) -> float:
        """When any process last saved a vocabulary of this index (the newest file's mtime)."""
        newest = -math.inf
        for _, path in self._saved():
            try:
                newest = max(newest, path.stat().st_mtime)
            except OSError:  # replaced meanwhile by a newer one
                continue
        return newest

    def get(self, reader, reopen=None) -> Vocabulary:
        """The vocabulary of the reader's index: the one in memory, a newer one saved beside the
        index, or (when stale) a rebuilt one.

        With `reopen()` (opens a reader of the latest index) and an index of BACKGROUND_MIN_DOCS
        documents or more, this never builds: it returns what it has (an empty vocabulary,
        meaning no suggestions, when there is none yet) and a thread rebuilds. Without `reopen`
        (the offline tools) or for a small index (a fraction of a second to build) the
        vocabulary is built now."""
        with self._lock:
            current = self._vocabulary
            if current is not None and _fresh_enough(current, reader):
                return current
            stored = self._stored()
            if stored is not None:
                self._vocabulary = current = stored
                if _fresh_enough(stored, reader):
                    return stored
            if reopen is None or reader.doc_count() < BACKGROUND_MIN_DOCS:
                self._vocabulary = self._build(reader)
                return self._vocabulary
            self._start_rebuild(reopen)
            return current if current is not None else _empty()

    def _start_rebuild(self, reopen) -> None:
        """Start a rebuilding thread unless one runs here or in another process (the lock file),
        or a vocabulary of this index was built less than MIN_REBUILD_SECONDS ago. Called with
        self._lock held."""
        if self._building is not None and self._building.is_alive():
            return
        if time.monotonic() - self._last_started < MIN_REBUILD_SECONDS:
            return
        if time.time() - self._last_saved_at() < MIN_REBUILD_SECONDS:
            return
        if not self._folder_lock.acquire():
            return
        # Another process may have saved one between the look above and taking the lock.
        if time.time() - self._last_saved_at() < MIN_REBUILD_SECONDS:
            self._folder_lock.release()
            return
        self._last_started = time.monotonic()
        self._building = threading.Thread(target=self._rebuild, args=(reopen,), daemon=True)
        self._building.start()

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
            try:
                with reopen() as reader:
                    vocabulary = self._build(reader)
            finally:
                self._folder_lock.release()
        except Exception:  # the next search tries again; searching itself never fails for it
            logger.exception("rebuilding the spelling vocabulary failed")
            return
        with self._lock:
            if self._vocabulary is None or vocabulary.generation >= self._vocabulary.generation:
                self._vocabulary = vocabulary
            self._seen_generation = max(self._seen_generation or -1, vocabulary.generation)
