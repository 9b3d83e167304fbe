"""Train kg_relations on SciERC, choose by the rule of README.md (model 2), ship the choice.

Every candidate setting is scored by 5-fold cross-validation over SciERC train + dev (micro-F1
given gold entities, the held-out folds pooled); the chosen one is trained on train + dev and
written to ``kg/models/relations``.  Writes ``runs/relations/cv-grid.json`` (every setting's
figure) and prints the chosen setting's dev figure when trained on train alone, for comparison
with model 1.  Test is not read here.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from cv_folds import FOLDS, folds_of
from spacy.language import Language

from kg.evaluate.metrics import score
from kg.evaluate.relations import (
    PairExample,
    RelationItem,
    decided_items,
    document_examples,
    given_gold_items,
    gold_items,
)
from kg.evaluate.scierc import Document, read_split
from kg.extract.components.relation_features import FEATURE_SETS
from kg.extract.components.relations import (
    MODEL_DIR,
    NO_RELATION,
    RELATION_TYPES,
    RelationExtractor,
    relation_classes,
)
from kg.extract.pipeline import load_pipeline
from kg.extract.relation_model import FloatArray, LogLinearModel, TrainingSettings, fit

NONE_WEIGHTS = (1.0, 0.5)
EPOCHS = (10, 20)
PENALTIES = (1e-3, 1e-4, 1e-5)
THRESHOLDS = tuple(round(0.7 - 0.05 * i, 2) for i in range(11))


@dataclass(frozen=True)
class Candidate:
    """One setting of the grid, in the order ties are broken (earlier wins)."""

    feature_set: str
    none_weight: float
    settings: TrainingSettings


def train_model(examples: list[list[PairExample]], candidate: Candidate) -> LogLinearModel:
    """A model of ``candidate`` trained on the pairs of the given documents."""
    flat = [example for document in examples for example in document]
    weights = [candidate.none_weight if e.label == NO_RELATION else 1.0 for e in flat]
    model = fit([e.features for e in flat], [e.label for e in flat], relation_classes(), candidate.settings, weights)
    meta: dict[str, object] = {"features": candidate.feature_set}
    return LogLinearModel(model.classes, model.features, model.weights, model.bias, model.threshold, meta)


def cross_validated(
    examples: list[list[PairExample]], fold: list[int], gold: list[RelationItem], candidate: Candidate
) -> dict[float, float]:
    """Pooled micro-F1 given gold entities of ``candidate`` at each threshold, over the held-out folds."""
    held_out: list[tuple[int, LogLinearModel]] = []
    probabilities: dict[int, FloatArray] = {}
    for k in range(FOLDS):
        model = train_model([e for i, e in enumerate(examples) if fold[i] != k], candidate)
        for i, document in enumerate(examples):
            if fold[i] == k and document:
                probabilities[i] = model.probabilities([e.features for e in document])
                held_out.append((i, model))
    figures = {}
    for threshold in THRESHOLDS:
        found: list[RelationItem] = []
        for i, model in held_out:
            found += decided_items(i, examples[i], probabilities[i], model.with_threshold(threshold))
        figures[threshold] = round(score(found, gold, RELATION_TYPES).micro.f1, 4)
    return figures


def grid() -> list[Candidate]:
    """Every candidate, in tie-breaking order."""
    return [
        Candidate(feature_set, weight, TrainingSettings(epochs=epochs, l2=l2))
        for feature_set in FEATURE_SETS
        for weight in NONE_WEIGHTS
        for epochs in EPOCHS
        for l2 in PENALTIES
    ]


def dev_figure(
    nlp: Language, train: list[Document], dev: list[Document], candidate: Candidate, threshold: float
) -> float:
    """The micro-F1 on dev given gold entities of ``candidate`` trained on train alone."""
    examples = [document_examples(nlp, d, candidate.feature_set) for d in train]
    model = train_model(examples, candidate).with_threshold(threshold)
    items = given_gold_items(nlp, dev, RelationExtractor.from_model(model))
    return round(score(items, list(gold_items(dev)), RELATION_TYPES).micro.f1, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/scierc")
    parser.add_argument("--out", default=str(MODEL_DIR))
    parser.add_argument("--runs", default="runs/relations")
    args = parser.parse_args()
    nlp = load_pipeline(relations=False)
    train = read_split(Path(args.data) / "train.json")
    dev = read_split(Path(args.data) / "dev.json")
    documents = train + dev
    fold = folds_of(len(documents))
    gold = list(gold_items(documents))
    examples = {name: [document_examples(nlp, d, name) for d in documents] for name in FEATURE_SETS}
    pairs = sum(len(d) for d in examples["v1"])
    related = sum(e.label != NO_RELATION for d in examples["v1"] for e in d)
    print(f"train + dev: {len(documents)} abstracts, {pairs} pairs, {related} related, {len(gold)} gold relations")
    rows = []
    best: tuple[float, Candidate, float] | None = None
    for candidate in grid():
        started = time.perf_counter()
        figures = cross_validated(examples[candidate.feature_set], fold, gold, candidate)
        for threshold in THRESHOLDS:
            f1 = figures[threshold]
            rows.append(
                {
                    "features": candidate.feature_set,
                    "none_weight": candidate.none_weight,
                    "epochs": candidate.settings.epochs,
                    "l2": candidate.settings.l2,
                    "threshold": threshold,
                    "cv_micro_f1": f1,
                }
            )
            # Strictly better only: ties keep the earlier candidate (README.md's order).
            if best is None or f1 > best[0]:
                best = (f1, candidate, threshold)
        top = max(figures.items(), key=lambda item: item[1])
        print(
            f"{candidate}: best threshold {top[0]} cv F1 {top[1]} ({time.perf_counter() - started:.0f} s)", flush=True
        )
    assert best is not None
    f1, chosen, threshold = best
    Path(args.runs).mkdir(parents=True, exist_ok=True)
    (Path(args.runs) / "cv-grid.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    on_dev = dev_figure(nlp, train, dev, chosen, threshold)
    print(f"chosen: {chosen}, threshold {threshold}: cv micro-F1 {f1}; trained on train alone, dev micro-F1 {on_dev}")
    model = train_model(examples[chosen.feature_set], chosen).with_threshold(threshold)
    settings = chosen.settings
    meta = {
        "name": "kg_relations",
        "version": 2,
        "features": chosen.feature_set,
        "trained_on": "SciERC train + dev (400 abstracts), gold Method/Task/Material pairs of one sentence",
        "chosen_on": "5-fold cross-validation over SciERC train + dev, pooled micro-F1 given gold entities "
        "(training/relations/README.md)",
        "cv_micro_f1_given_gold": f1,
        "dev_micro_f1_given_gold_trained_on_train": on_dev,
        "none_weight": chosen.none_weight,
        "settings": {
            "epochs": settings.epochs,
            "l2": settings.l2,
            "learning_rate": settings.learning_rate,
            "batch_size": settings.batch_size,
            "seed": settings.seed,
        },
    }
    model.to_disk(args.out, meta)
    print("shipped:", json.dumps(meta))


if __name__ == "__main__":
    main()
