"""Accurate mode's relation classifier: a small feed-forward head over pair vectors, in numpy.

The head (:mod:`kg.extract.accurate_relations` asks it) maps a pair's vector
(:mod:`kg.extract.relation_vectors`) to the probability of each relation class: the input
standardised by the training set's mean and scale, then zero or more hidden layers with
ReLU, then a softmax layer (no hidden layer: multinomial logistic regression).  It is trained
in torch by ``training/relations/train_accurate.py``; inference is numpy, so running it needs
nothing beyond what reading the vectors needed.  Saved as ``head.npz`` (float16 weights, no
pickles) and ``meta.json`` (threshold, the encoder layer it reads, how it was made).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kg.errors import ExtractorError
from kg.extract.word_vectors import FloatArray

HEAD_FILE = "head.npz"
META_FILE = "meta.json"


@dataclass(frozen=True)
class VectorHead:
    """``layers`` are (weights: inputs x outputs, bias) pairs, the last one giving class scores."""

    classes: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    layers: tuple[tuple[FloatArray, FloatArray], ...]
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.layers or self.layers[-1][0].shape[1] != len(self.classes):
            raise ValueError(f"the head's last layer must give one score per class ({len(self.classes)})")

    @property
    def input_size(self) -> int:
        """The length of the vectors the head reads."""
        return int(self.layers[0][0].shape[0])

    def probabilities(self, rows: FloatArray) -> FloatArray:
        """Class probabilities of each row (pairs x :attr:`input_size`)."""
        hidden = (np.asarray(rows, dtype=np.float32) - self.mean) / self.scale
        for weights, bias in self.layers[:-1]:
            hidden = np.maximum(hidden @ weights + bias, 0.0)
        weights, bias = self.layers[-1]
        scores = hidden @ weights + bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        result: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return result

    def with_threshold(self, threshold: float) -> VectorHead:
        """The same weights under another decision threshold."""
        return VectorHead(self.classes, self.mean, self.scale, self.layers, threshold, self.meta)

    def rounded(self) -> VectorHead:
        """The head as :meth:`to_disk` stores it (float16 weights), so that what is scored is what ships."""
        layers = tuple((_half(w), _half(b)) for w, b in self.layers)
        return VectorHead(self.classes, _half(self.mean), _half(self.scale), layers, self.threshold, self.meta)

    def to_disk(self, folder: str | Path, meta: dict[str, object] | None = None) -> None:
        """Write ``head.npz`` and ``meta.json`` into ``folder``."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "classes": np.array(self.classes, dtype=np.str_),
            "mean": self.mean.astype(np.float16),
            "scale": self.scale.astype(np.float16),
        }
        for i, (weights, bias) in enumerate(self.layers):
            arrays[f"weights_{i}"] = weights.astype(np.float16)
            arrays[f"bias_{i}"] = bias.astype(np.float16)
        np.savez_compressed(path / HEAD_FILE, **arrays)  # type: ignore[arg-type]
        info = {**self.meta, **(meta or {}), "threshold": self.threshold, "layers": len(self.layers)}
        (path / META_FILE).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: str | Path) -> VectorHead:
        """Read a head that :meth:`to_disk` wrote."""
        path = Path(folder)
        try:
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            with np.load(path / HEAD_FILE, allow_pickle=False) as data:
                classes = tuple(str(name) for name in data["classes"])
                mean, scale = data["mean"].astype(np.float32), data["scale"].astype(np.float32)
                layers = tuple(
                    (data[f"weights_{i}"].astype(np.float32), data[f"bias_{i}"].astype(np.float32))
                    for i in range(int(meta["layers"]))
                )
            return cls(classes, mean, scale, layers, float(meta.get("threshold", 0.5)), meta)
        except (OSError, KeyError, ValueError) as err:
            raise ExtractorError(
                f"{path}: cannot read accurate mode's relation head ({err}); reinstall kg or retrain with "
                "training/relations/train_accurate.py"
            ) from err


def _half(array: FloatArray) -> FloatArray:
    result: FloatArray = array.astype(np.float16).astype(np.float32)
    return result
