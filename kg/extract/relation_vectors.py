"""What accurate mode's relation classifier reads of a pair of concepts: one vector.

A pair is two concept spans of one sentence, ``first`` before ``second``.  Its vector joins,
from the accurate encoder's contextual word vectors (:class:`~kg.extract.word_vectors.WordVectors`):
the mean vector of each span's words, their element-wise product (how alike the two are),
the mean and the element-wise maximum of the words between them (what the sentence says of
the two: "for", "outperforms", "on"; zeros when they are adjacent); then, one-hot, each
span's concept type, how many words lie between (bucketed) and how many other concepts.
The same function makes the vectors in training (``training/relations/train_accurate.py``)
and in the pipeline, so that the two agree.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Span

from kg.extract.components.relation_features import concept_kind
from kg.extract.word_vectors import FloatArray, WordVectors

KINDS = ("method", "task", "dataset")
"""The argument types of :func:`~kg.extract.components.relation_features.concept_kind`, one-hot (another: none set)."""
DISTANCE_BUCKETS = (0, 1, 2, 3, 5, 8, 12)
"""Upper bounds of the buckets of the number of words between the pair; one more bucket above."""
MAX_BETWEEN = 3
"""Concepts between the pair are counted up to this (more count as this many)."""


def pair_vector_size(hidden: int) -> int:
    """The length of :func:`pair_vector`'s vectors for word vectors of size ``hidden``."""
    return 5 * hidden + 2 * len(KINDS) + len(DISTANCE_BUCKETS) + 1 + MAX_BETWEEN + 1


def _mean(vectors: FloatArray, words: range) -> FloatArray:
    if len(words) == 0:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    result: FloatArray = vectors[words.start : words.stop].mean(axis=0)
    return result


def _one_hot(size: int, index: int | None) -> FloatArray:
    row = np.zeros(size, dtype=np.float32)
    if index is not None:
        row[index] = 1.0
    return row


def _bucket(value: int) -> int:
    for i, bound in enumerate(DISTANCE_BUCKETS):
        if value <= bound:
            return i
    return len(DISTANCE_BUCKETS)


def pair_vector(words: WordVectors, first: Span, second: Span, between: int) -> FloatArray:
    """The vector of ``first`` and ``second`` (``first`` earlier; ``between`` other concepts between them)."""
    vectors = words.vectors
    a = _mean(vectors, words.words_in(first.start_char, first.end_char))
    b = _mean(vectors, words.words_in(second.start_char, second.end_char))
    gap = words.words_in(first.end_char, second.start_char)
    context = _mean(vectors, gap)
    peak = vectors[gap.start : gap.stop].max(axis=0) if len(gap) else np.zeros_like(a)
    kind_a, kind_b = concept_kind(first), concept_kind(second)
    parts = [
        a,
        b,
        a * b,
        context,
        peak,
        _one_hot(len(KINDS), KINDS.index(kind_a) if kind_a in KINDS else None),
        _one_hot(len(KINDS), KINDS.index(kind_b) if kind_b in KINDS else None),
        _one_hot(len(DISTANCE_BUCKETS) + 1, _bucket(len(gap))),
        _one_hot(MAX_BETWEEN + 1, min(between, MAX_BETWEEN)),
    ]
    return np.concatenate(parts).astype(np.float32)
