"""A log-linear (multinomial logistic) classifier over string features, in numpy, and its files.

The relation extractor (:mod:`kg.extract.components.relations`) asks it, for each pair of
concepts of a sentence, how likely each relation class is.  It is small on purpose: a weight
row per feature seen in training, one column per class; training is seeded minibatch Adam
over the softmax loss with an L2 penalty, in a minute on one core.  Saved as ``model.npz``
(features, classes, weights, bias; no pickles) and ``meta.json`` (the decision threshold and
how the model was made).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kg.errors import ExtractorError

MODEL_FILE = "model.npz"
META_FILE = "meta.json"
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class TrainingSettings:
    """How :func:`fit` trains: passes over the data, L2 penalty per example, step size, batch, seed."""

    epochs: int = 20
    l2: float = 1e-5
    learning_rate: float = 0.05
    batch_size: int = 64
    seed: int = 0
    min_count: int = 1


@dataclass(frozen=True)
class LogLinearModel:
    """Weights of each known feature for each class; ``threshold`` is the decision rule's."""

    classes: tuple[str, ...]
    features: dict[str, int]
    weights: FloatArray
    bias: FloatArray
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    def probabilities(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Class probabilities of each row of features (unknown features are ignored)."""
        scores = np.tile(self.bias, (len(rows), 1))
        for i, row in enumerate(rows):
            ids = [self.features[f] for f in row if f in self.features]
            if ids:
                scores[i] += self.weights[ids].sum(axis=0)
        return _softmax(scores)

    def with_threshold(self, threshold: float) -> LogLinearModel:
        """The same weights under another decision threshold."""
        return LogLinearModel(self.classes, self.features, self.weights, self.bias, threshold, self.meta)

    def to_disk(self, folder: str | Path, meta: dict[str, object] | None = None) -> None:
        """Write ``model.npz`` and ``meta.json`` into ``folder``."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        names = sorted(self.features, key=self.features.__getitem__)
        np.savez_compressed(
            path / MODEL_FILE,
            features=np.array(names, dtype=np.str_),
            classes=np.array(self.classes, dtype=np.str_),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )
        info = {**self.meta, **(meta or {}), "threshold": self.threshold}
        (path / META_FILE).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: str | Path) -> LogLinearModel:
        """Read a model that :meth:`to_disk` wrote."""
        path = Path(folder)
        try:
            with np.load(path / MODEL_FILE, allow_pickle=False) as data:
                names = [str(name) for name in data["features"]]
                classes = tuple(str(name) for name in data["classes"])
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, KeyError, ValueError) as err:
            raise ExtractorError(
                f"{path}: cannot read the relation model ({err}); reinstall kg or retrain with "
                "training/relations/train.py"
            ) from err
        features = {name: i for i, name in enumerate(names)}
        return cls(classes, features, weights, bias, float(meta.get("threshold", 0.5)), meta)


def _softmax(scores: FloatArray) -> FloatArray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
    return result


def fit(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    classes: Sequence[str],
    settings: TrainingSettings,
    example_weights: Sequence[float] | None = None,
) -> LogLinearModel:
    """Train on feature rows and their classes; the same inputs and settings give the same model.

    ``example_weights`` weighs each row's loss (1.0 each by default), as class weighting does.
    """
    counts: dict[str, int] = {}
    for row in rows:
        for name in dict.fromkeys(row):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, count in counts.items() if count >= settings.min_count)
    features = {name: i for i, name in enumerate(names)}
    class_index = {name: i for i, name in enumerate(classes)}
    ids = [np.array(sorted({features[f] for f in row if f in features}), dtype=np.int64) for row in rows]
    targets = np.array([class_index[label] for label in labels], dtype=np.int64)
    loss_weights = np.ones(len(rows)) if example_weights is None else np.asarray(example_weights, dtype=np.float64)
    n_features, n_classes = len(names), len(classes)
    weights = np.zeros((n_features, n_classes), dtype=np.float64)
    bias = np.zeros(n_classes, dtype=np.float64)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    rng = np.random.default_rng(settings.seed)
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    for _ in range(settings.epochs):
        order = rng.permutation(len(rows))
        for first in range(0, len(order), settings.batch_size):
            batch = order[first : first + settings.batch_size]
            lengths = np.array([len(ids[i]) for i in batch])
            flat = np.concatenate([ids[i] for i in batch]) if lengths.sum() else np.zeros(0, dtype=np.int64)
            owner = np.repeat(np.arange(len(batch)), lengths)
            scores = np.tile(bias, (len(batch), 1))
            np.add.at(scores, owner, weights[flat])
            probs = np.exp(scores - scores.max(axis=1, keepdims=True))
            probs /= probs.sum(axis=1, keepdims=True)
            probs[np.arange(len(batch)), targets[batch]] -= 1.0
            probs *= loss_weights[batch, None] / len(batch)
            grad_w = np.zeros_like(weights)
            np.add.at(grad_w, flat, probs[owner])
            touched = np.unique(flat)
            grad_w[touched] += settings.l2 * weights[touched]
            grad_b = probs.sum(axis=0)
            step += 1
            for value, grad, m, v in (
                (weights, grad_w, moments[0], moments[1]),
                (bias, grad_b, moments[2], moments[3]),
            ):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                corrected = settings.learning_rate * np.sqrt(1 - beta2**step) / (1 - beta1**step)
                value -= corrected * m / (np.sqrt(v) + eps)
    return LogLinearModel(tuple(classes), features, weights.astype(np.float32), bias.astype(np.float32), 0.5, {})
