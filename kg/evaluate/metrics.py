"""Precision, recall and F1 from counts, per type and micro-averaged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """True positives, predictions and gold items of one type (or all, for micro)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class Scores:
    """Per-type and micro scores, printable as a table or a JSON document."""

    per_type: dict[str, PRF]
    micro: PRF

    def as_dict(self) -> dict[str, object]:
        return {"per_type": {k: v.as_dict() for k, v in self.per_type.items()}, "micro": self.micro.as_dict()}

    def table(self) -> str:
        lines = [f"{'type':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}{'tp':>6}"]
        for name, prf in [*self.per_type.items(), ("micro", self.micro)]:
            lines.append(
                f"{name:<10}{prf.precision:8.3f}{prf.recall:8.3f}{prf.f1:8.3f}{prf.gold:7d}{prf.predicted:7d}{prf.tp:6d}"
            )
        return "\n".join(lines)


def score(
    predicted: Iterable[tuple[Hashable, str]], gold: Iterable[tuple[Hashable, str]], types: Sequence[str]
) -> Scores:
    """Exact-match scores of ``(item, type)`` pairs: an item counts when item and type both match."""
    pred_set, gold_set = set(predicted), set(gold)
    hits = pred_set & gold_set
    tp, n_pred, n_gold = (Counter(kind for _, kind in s) for s in (hits, pred_set, gold_set))
    per_type = {kind: PRF(tp[kind], n_pred[kind], n_gold[kind]) for kind in types}
    wanted = set(types)
    micro = PRF(
        sum(1 for _, k in hits if k in wanted),
        sum(1 for _, k in pred_set if k in wanted),
        sum(1 for _, k in gold_set if k in wanted),
    )
    return Scores(per_type, micro)
