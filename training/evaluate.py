"""Score a spaCy pipeline on a SciERC split under exact character-span match.

The raw text of every abstract is rebuilt exactly as ``training/prepare.py``
does, the pipeline is run on it with ``nlp.pipe``, and predicted entities
(labels Method, Task, Material) are compared with the gold spans by
(start character, end character, label).  All gold spans of the three labels
count, including the few nested ones that training had to drop.

Usage::

    python training/evaluate.py PIPELINE_DIR data/scierc/test.json [--json out.json]

Prints per-label and micro precision / recall / F1, then the throughput of
``nlp.pipe`` over the texts on one thread (best of ``--repeats`` passes).
"""

from __future__ import annotations

import os

# One thread for BLAS/OpenMP; must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prepare import KEPT_LABELS, Document, read_scierc  # noqa: E402

Key = tuple[int, int, int, str]  # (document index, start char, end char, label)


@dataclass
class PRF:
    """Counts and derived precision, recall and F1 for one label (or micro)."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Counts plus P/R/F1 as a plain dict."""
        return {**asdict(self), "p": self.precision, "r": self.recall, "f1": self.f1}


def gold_keys(documents: Sequence[Document]) -> set[Key]:
    """All gold (doc, start, end, label) keys of the kept labels."""
    return {(i, e.start, e.end, e.label) for i, d in enumerate(documents) for e in d.entities}


def score(pred: set[Key], gold: set[Key], labels: Sequence[str]) -> dict[str, PRF]:
    """Per-label and micro scores for exact span-and-label match."""
    tp = pred & gold
    count_tp = Counter(k[3] for k in tp)
    count_pred = Counter(k[3] for k in pred)
    count_gold = Counter(k[3] for k in gold)
    result = {lab: PRF(count_tp[lab], count_pred[lab], count_gold[lab]) for lab in labels}
    result["micro"] = PRF(len(tp), len(pred), len(gold))
    return result


def predict(nlp, documents: Sequence[Document], labels: Sequence[str],
            batch_size: int) -> set[Key]:
    """Run the pipeline over the document texts and collect predicted keys."""
    wanted = set(labels)
    texts = [d.text for d in documents]
    return {(i, ent.start_char, ent.end_char, ent.label_)
            for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size))
            for ent in doc.ents if ent.label_ in wanted}


def throughput(nlp, texts: Sequence[str], batch_size: int, repeats: int) -> tuple[float, int]:
    """Best words/s of ``nlp.pipe`` over ``texts`` (words = spaCy tokens)."""
    n_words = sum(len(doc) for doc in nlp.pipe(texts[:8], batch_size=batch_size))  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        n_words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        best = min(best, time.perf_counter() - start)
    return n_words / best, n_words


def dir_size(path: Path) -> int:
    """Total size in bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pipeline", type=Path, help="spaCy pipeline directory (e.g. model-best)")
    parser.add_argument("split", type=Path, help="SciERC JSON-lines file (e.g. data/scierc/dev.json)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput measure")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    import spacy

    nlp = spacy.load(args.pipeline)
    labels = list(KEPT_LABELS)
    documents = read_scierc(args.split, labels)
    scores = score(predict(nlp, documents, labels, args.batch_size), gold_keys(documents), labels)

    print(f"pipeline {args.pipeline}  split {args.split}  docs {len(documents)}")
    print(f"{'label':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}{'tp':>6}")
    for name, prf in scores.items():
        print(f"{name:<10}{prf.precision:8.3f}{prf.recall:8.3f}{prf.f1:8.3f}"
              f"{prf.n_gold:7d}{prf.n_pred:7d}{prf.tp:6d}")
    output: dict[str, object] = {name: prf.as_dict() for name, prf in scores.items()}
    size = dir_size(args.pipeline)
    output["size_bytes"] = size
    print(f"model size {size / 1e6:.1f} MB")
    if not args.no_speed:
        wps, n_words = throughput(nlp, [d.text for d in documents], args.batch_size, args.repeats)
        output["words_per_second"] = wps
        print(f"speed {wps:,.0f} words/s on one thread ({n_words} tokens, batch {args.batch_size})")
    if args.json:
        args.json.write_text(json.dumps(output, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
