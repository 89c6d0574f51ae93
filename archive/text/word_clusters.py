"""Word clusters learned from unlabelled Arabic news, for the name tagger's features.

ANERcorp has 120k labelled tokens: most names in new text were never seen in it, but they
were seen thousands of times in unlabelled news, next to the same kinds of words as the
names the tagger did see. A word is described by the words just before and after it
(positive PMI over the most frequent contexts), the description is reduced by SVD and the
words are grouped by k-means; the finest groups are then grouped again into coarser ones,
so a word has a cluster at each level (like the bit-string prefixes of Brown clusters) and
the tagger can use whichever level its data supports. numpy only: no model to download.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

LEVELS = (1000, 200, 40)  # finest first: each level groups the clusters of the previous one


def vocabulary(sentences: Iterable[list[str]], *, words: int, contexts: int) -> tuple[list[str], list[str]]:
    """The most frequent words (to cluster) and the most frequent of them (to describe by)."""
    counts = Counter(word for sentence in sentences for word in sentence)
    ranked = [word for word, _ in counts.most_common(words)]
    return ranked, ranked[:contexts]


def context_counts(sentences: Iterable[list[str]], vocab: list[str], contexts: list[str]) -> np.ndarray:
    """words x (left contexts + right contexts) co-occurrence counts of adjacent words."""
    word_index = {word: number for number, word in enumerate(vocab)}
    context_index = {word: number for number, word in enumerate(contexts)}
    width = len(contexts)
    pairs: Counter = Counter()
    for sentence in sentences:
        ids = [word_index.get(word, -1) for word in sentence]
        cids = [context_index.get(word, -1) for word in sentence]
        for position, word_id in enumerate(ids):
            if word_id < 0:
                continue
            if position and cids[position - 1] >= 0:
                pairs[word_id * 2 * width + cids[position - 1]] += 1
            if position + 1 < len(ids) and cids[position + 1] >= 0:
                pairs[word_id * 2 * width + width + cids[position + 1]] += 1
    matrix = np.zeros((len(vocab), 2 * width), dtype=np.float32)
    if pairs:
        keys = np.fromiter(pairs.keys(), dtype=np.int64, count=len(pairs))
        matrix.flat[keys] = np.fromiter(pairs.values(), dtype=np.float32, count=len(pairs))
    return matrix


def ppmi(counts: np.ndarray, smoothing: float = 0.75) -> np.ndarray:
    """Positive pointwise mutual information, the context distribution smoothed (Levy et al. 2015)."""
    total = counts.sum()
    word_p = counts.sum(axis=1, keepdims=True) / max(total, 1)
    context_mass = counts.sum(axis=0, keepdims=True) ** smoothing
    context_p = context_mass / max(context_mass.sum(), 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((counts / max(total, 1)) / (word_p * context_p))
    pmi[~np.isfinite(pmi)] = 0
    return np.maximum(pmi, 0, out=pmi)


def embed(matrix: np.ndarray, dimensions: int) -> np.ndarray:
    """Rows projected on the top right singular vectors (via the small Gram matrix), unit length."""
    gram = matrix.T @ matrix
    values, vectors = np.linalg.eigh(gram.astype(np.float64))
    top = vectors[:, np.argsort(values)[::-1][:dimensions]].astype(np.float32)
    embedded = matrix @ top
    norms = np.linalg.norm(embedded, axis=1, keepdims=True)
    return embedded / np.maximum(norms, 1e-9)


def kmeans(
    points: np.ndarray, k: int, *, weights: np.ndarray | None = None, iterations: int = 20, seed: int = 11
) -> np.ndarray:
    """Spherical k-means (cosine): the cluster number of each point."""
    rng = np.random.default_rng(seed)
    weights = np.ones(len(points), dtype=np.float32) if weights is None else weights.astype(np.float32)
    k = min(k, len(points))
    centres = points[rng.choice(len(points), size=k, replace=False)].copy()
    assignment = np.zeros(len(points), dtype=np.int64)
    for _ in range(iterations):
        assignment = np.argmax(points @ centres.T, axis=1)
        summed = np.zeros_like(centres)
        np.add.at(summed, assignment, points * weights[:, None])
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        empty = norms[:, 0] < 1e-9
        # An empty cluster restarts on a random point rather than vanishing.
        summed[empty] = points[rng.choice(len(points), size=int(empty.sum()))]
        centres = summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)
    return assignment


def cluster_words(
    sentences: list[list[str]],
    *,
    words: int = 50_000,
    contexts: int = 2_000,
    dimensions: int = 100,
    levels: tuple[int, ...] = LEVELS,
) -> dict:
    """{"levels": [...], "parents": [[leaf's parent at level 2, ...], ...], "words": {word: leaf}}."""
    vocab, context_words = vocabulary(sentences, words=words, contexts=contexts)
    vectors = embed(ppmi(context_counts(sentences, vocab, context_words)), dimensions)
    leaves = kmeans(vectors, levels[0])
    parents, members, points = [], leaves, vectors
    for k in levels[1:]:
        # The coarser level groups the finer clusters' centres, weighted by their sizes.
        count = int(members.max()) + 1
        centres = np.zeros((count, points.shape[1]), dtype=np.float32)
        np.add.at(centres, members, points)
        sizes = np.bincount(members, minlength=count).astype(np.float32)
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
        grouped = kmeans(centres, k, weights=sizes)
        parents.append([int(group) for group in grouped])
        members, points = grouped[members], vectors
    return {
        "levels": list(levels),
        "parents": parents,
        "words": dict(zip(vocab, map(int, leaves), strict=True)),
    }


def cluster_paths(data: dict) -> dict[str, tuple[str, ...]]:
    """{word: (finest cluster, ..., coarsest)} from cluster_words' output."""
    paths = {}
    for word, leaf in data["words"].items():
        path, current = [str(leaf)], leaf
        for parents in data["parents"]:
            current = parents[current]
            path.append(str(current))
        paths[word] = tuple(path)
    return paths
