"""The accurate encoder's contextual word vectors of a doc, ``doc._.kg_word_vectors``.

Accurate mode's NER (:mod:`kg.extract.accurate`) reads every text with a transformer; when
the pipeline also runs accurate mode's relation classifier (:mod:`kg.extract.accurate_relations`),
the NER keeps one layer's hidden state of each word's first word-piece on the doc, so that the
classifier reads the vectors of the same forward pass instead of running the encoder again.
The words are the NER's ("coarse" words, :func:`kg.extract.accurate.split_words`), given by
their character offsets; a concept span's vectors are those of the words it overlaps.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

EXTENSION = "kg_word_vectors"
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class WordVectors:
    """Hidden states of layer ``layer`` (words x hidden size) of the words at ``spans``
    (character offsets, end exclusive, in text order)."""

    layer: int
    spans: tuple[tuple[int, int], ...]
    vectors: FloatArray

    _starts: list[int] = field(init=False, repr=False, compare=False)
    _ends: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.spans) != len(self.vectors):
            raise ValueError(f"{len(self.spans)} words but {len(self.vectors)} vectors")
        object.__setattr__(self, "_starts", [start for start, _ in self.spans])
        object.__setattr__(self, "_ends", [end for _, end in self.spans])

    def words_in(self, start: int, end: int) -> range:
        """The indices of the words that overlap characters ``[start, end)`` (may be empty)."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end)
        return range(first, max(first, last))


if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)
