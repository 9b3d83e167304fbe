"""Choose a NER recipe and its step count by k-fold cross-validation over SciERC train + dev.

SciERC dev holds 50 abstracts; on it one right span is worth 0.15 points of F1, and
seeds of one recipe move by 2 points, so dev could not tell the recipes apart (see
``README.md``).  Cross-validation scores every recipe on all 400 train + dev
abstracts instead, each held out once, and the recipe that wins is trained on all
400 for the step count the folds chose.  Test is never read here.

    python training/crossval.py folds --scierc data/scierc --out corpus/cv
    python training/crossval.py train training/config-beam.cfg --folds corpus/cv --out runs/cv-beam
    python training/crossval.py curve runs/cv-beam runs/cv-vectors

``folds`` writes ``fold<i>/train.spacy`` (the other folds), ``fold<i>/dev.spacy`` and
``fold<i>/dev.json`` (the held-out fold, as DocBin and as SciERC lines that
``kg eval scierc --data corpus/cv/fold<i> --split dev`` reads), and ``all.spacy``
(all 400, for the final model).  ``train`` runs ``spacy train`` once per fold,
``--jobs`` at a time (two by default), never stopping early, and keeps each run's
log.  ``curve`` reads the logs: at each evaluation step, each recipe's held-out F1
averaged over the folds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from statistics import mean, stdev
from typing import TypeVar

import spacy
from prepare import Stats, to_docbin

from kg.evaluate.scierc import parse_document

POOLED_SPLITS = ("train", "dev")
"""SciERC splits that cross-validation pools; test stays out."""
STEPS = 5000
"""Steps of every fold's run: past the 4,000 of the recipes, to see whether more pays."""
EVAL_EVERY = 200
"""Steps between two scores of the held-out fold, as in the recipes."""
T = TypeVar("T")


@dataclass(frozen=True)
class Curve:
    """One recipe's held-out F1 at each evaluation step, one list per fold (folds in order)."""

    name: str
    steps: tuple[int, ...]
    fold_scores: tuple[tuple[float, ...], ...]

    def means(self) -> list[float]:
        """The mean over folds at each step."""
        return [mean(scores[i] for scores in self.fold_scores) for i in range(len(self.steps))]

    def best(self) -> tuple[int, float]:
        """The step with the highest mean over folds and that mean (the earlier step on a tie)."""
        means = self.means()
        top = max(range(len(means)), key=lambda i: (means[i], -i))
        return self.steps[top], means[top]


def split_folds(records: Sequence[T], k: int, seed: int) -> list[list[T]]:
    """The records shuffled with ``seed`` and dealt into ``k`` folds of near-equal size."""
    order = list(records)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def write_folds(scierc: Path, out: Path, k: int, seed: int) -> None:
    """Write the folds' DocBins and held-out SciERC lines, and all pooled records as one DocBin."""
    lines = [
        line
        for split in POOLED_SPLITS
        for line in (scierc / f"{split}.json").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    records = [(line, parse_document(json.loads(line))) for line in lines]
    folds = split_folds(records, k, seed)
    nlp = spacy.blank("en")
    out.mkdir(parents=True, exist_ok=True)
    for i, held_out in enumerate(folds):
        folder = out / f"fold{i}"
        folder.mkdir(exist_ok=True)
        rest = [document for j, fold in enumerate(folds) if j != i for _, document in fold]
        to_docbin(rest, nlp, Stats()).to_disk(folder / "train.spacy")
        to_docbin([document for _, document in held_out], nlp, Stats()).to_disk(folder / "dev.spacy")
        (folder / "dev.json").write_text("".join(line + "\n" for line, _ in held_out), encoding="utf-8")
        print(f"fold{i}: {len(rest)} training abstracts, {len(held_out)} held out -> {folder}")
    stats = Stats()
    to_docbin([document for _, document in records], nlp, stats).to_disk(out / "all.spacy")
    keys = [[document.key for _, document in fold] for fold in folds]
    (out / "folds.json").write_text(json.dumps({"seed": seed, "folds": keys}, indent=1) + "\n", encoding="utf-8")
    print(f"all: {stats.docs} abstracts, {stats.entities} entities -> {out / 'all.spacy'}")


def train_fold(config: Path, fold: Path, out: Path, seed: int, overrides: Sequence[str]) -> int:
    """Run ``spacy train`` on one fold for :data:`STEPS` steps; its output goes to ``out/log.txt``."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "spacy",
        "train",
        str(config),
        "--output",
        str(out),
        "--paths.train",
        str(fold / "train.spacy"),
        "--paths.dev",
        str(fold / "dev.spacy"),
        "--system.seed",
        str(seed),
        "--training.max_steps",
        str(STEPS),
        "--training.patience",
        "0",
        "--training.eval_frequency",
        str(EVAL_EVERY),
        *overrides,
    ]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    with (out / "log.txt").open("w", encoding="utf-8") as log:
        return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env, check=False).returncode


def read_log(path: Path) -> tuple[list[int], list[float]]:
    """The steps and held-out NER F1 (0-1) of a ``spacy train`` console log."""
    steps: list[int] = []
    scores: list[float] = []
    from_end: int | None = None  # headers such as "LOSS NER" are two words: count columns from the right
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if "ENTS_F" in fields:
            from_end = len(fields) - fields.index("ENTS_F")
        elif from_end is not None and len(fields) >= from_end + 2 and all(re.fullmatch(r"\d+", f) for f in fields[:2]):
            steps.append(int(fields[1]))
            scores.append(float(fields[-from_end]) / 100)
    if not steps:
        raise SystemExit(f"{path}: no evaluation rows; was the run finished? (rerun `crossval.py train`)")
    return steps, scores


def fold_dirs(parent: Path) -> list[Path]:
    """The ``fold<i>`` folders under ``parent``, in fold order."""
    found = [p for p in parent.glob("fold[0-9]*") if p.is_dir() and p.name[4:].isdigit()]
    return sorted(found, key=lambda p: int(p.name[4:]))


def read_curve(run: Path) -> Curve:
    """A recipe's curve from the logs of its fold runs (``run/fold<i>/log.txt``)."""
    logs = [folder / "log.txt" for folder in fold_dirs(run) if (folder / "log.txt").exists()]
    if not logs:
        raise SystemExit(f"{run}: no fold*/log.txt; run `crossval.py train ... --out {run}` first")
    rows = [read_log(log) for log in logs]
    steps = rows[0][0]
    for log, (other, _) in zip(logs, rows, strict=True):
        if other != steps:
            raise SystemExit(f"{log}: evaluated at other steps than {logs[0]}; was the run cut short?")
    return Curve(run.name, tuple(steps), tuple(tuple(scores) for _, scores in rows))


def print_curves(curves: Sequence[Curve]) -> None:
    """Each recipe's mean held-out F1 per step, its per-fold figures at its best step, and the best."""
    print("step  " + "  ".join(f"{curve.name:>12}" for curve in curves))
    for i, step in enumerate(curves[0].steps):
        print(f"{step:>5} " + "  ".join(f"{curve.means()[i]:>12.4f}" for curve in curves))
    for curve in curves:
        step, score = curve.best()
        at = curve.steps.index(step)
        folds = [scores[at] for scores in curve.fold_scores]
        spread = stdev(folds) if len(folds) > 1 else 0.0
        print(
            f"{curve.name}: best mean {score:.4f} at step {step} "
            f"(folds {', '.join(f'{f:.3f}' for f in folds)}; sd {spread:.3f}); "
            f"at the last step {curve.steps[-1]}: {curve.means()[-1]:.4f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    folds = sub.add_parser("folds", help="write the folds of SciERC train + dev")
    folds.add_argument("--scierc", type=Path, required=True, help="folder with SciERC's train/dev.json")
    folds.add_argument("--out", type=Path, required=True)
    folds.add_argument("-k", type=int, default=5, help="number of folds (default 5)")
    folds.add_argument("--seed", type=int, default=0, help="shuffling seed (default 0)")
    train = sub.add_parser("train", help="train a recipe on every fold")
    train.add_argument("config", type=Path)
    train.add_argument("--folds", type=Path, required=True, help="the folder `folds` wrote")
    train.add_argument("--out", type=Path, required=True)
    train.add_argument("--seed", type=int, default=0, help="spaCy's seed for every fold (default 0)")
    train.add_argument("--jobs", type=int, default=2, help="folds trained at once, one core each (default 2)")
    train.add_argument("overrides", nargs="*", help="more spaCy settings, e.g. --paths.vectors corpus/vectors")
    curve = sub.add_parser("curve", help="print the recipes' mean held-out F1 per step")
    curve.add_argument("runs", nargs="+", type=Path, help="folders that `train` wrote")
    args, extra = parser.parse_known_args(argv)
    if args.command == "folds":
        write_folds(args.scierc, args.out, args.k, args.seed)
    elif args.command == "train":
        folds_in = fold_dirs(args.folds)
        if not folds_in:
            raise SystemExit(f"{args.folds}: no fold* folders; run `crossval.py folds --out {args.folds}` first")
        overrides = [*args.overrides, *extra]
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            codes = list(
                pool.map(
                    lambda fold: train_fold(args.config, fold, args.out / fold.name, args.seed, overrides), folds_in
                )
            )
        for fold, code in zip(folds_in, codes, strict=True):
            print(f"{fold.name}: exit {code}, log {args.out / fold.name / 'log.txt'}")
        return max(codes)
    else:
        print_curves([read_curve(run) for run in args.runs])
    return 0


if __name__ == "__main__":
    sys.exit(main())
