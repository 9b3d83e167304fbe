"""Concept quality on the demo dev gold, with the misses that remain grouped by kind.

Builds the graph of the demo corpus (``data/daily-papers``) with the default pipeline,
or ``--accurate``, or another ``--model``; scores its RDF with the gold's own scorer
(``data/demo-gold/score.py``: P/R/F1 per type against each annotator, averaged); then
sorts annotator A's misses by kind, so a reader sees what is left to do:

* missed: *wrong type* (kg has the concept under another type), *boundary* (kg has a
  name sharing words with it, but too few for the lenient match), *in text* (the gold
  form is written in the paper, kg found nothing like it), *paraphrase* (no gold form is
  written in the paper: the annotator named the concept in other words);
* spurious: *wrong type* (a gold concept of another type), *boundary*, *not a gold concept*.

    python benchmarks/concept_quality.py [--accurate] [--model DIR] [--export DIR] [--list]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "data" / "demo-gold"


def scorer() -> ModuleType:
    """The gold's own ``score.py``, imported from its file."""
    spec = importlib.util.spec_from_file_location("demo_gold_score", GOLD / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(out: Path, accurate: bool, model: str | None) -> None:
    command = [sys.executable, "-m", "kg", "build", str(ROOT / "data" / "daily-papers"), "--out", str(out)]
    command += ["--no-progress", "--formats", "rdf"]
    if accurate:
        command.append("--accurate")
    if model:
        command += ["--model", model]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _overlaps(score: ModuleType, forms: set[str], others: Sequence[set[str]]) -> bool:
    words = {w for f in forms for w in f.split()}
    return any(words & {w for f in other for w in f.split()} for other in others)


def misses_by_kind(score: ModuleType, pred: dict[str, dict[str, list[set[str]]]]) -> dict[str, Counter[str]]:
    """Annotator A's misses and spurious concepts, counted by kind (see the module docstring)."""
    papers = json.loads((GOLD / "papers.json").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / "annA.json").read_text(encoding="utf-8"))
    kinds: dict[str, Counter[str]] = {t: Counter() for t in score.TYPES}
    for paper in papers:
        mine = pred.get(score.norm(paper["title"]), {})
        text = score.norm(paper["title"] + " " + paper["abstract"])
        for t in score.TYPES:
            golds = [score.gold_forms(g) for g in gold[paper["id"]].get(t, [])]
            preds = mine.get(t, [])
            others_pred = [p for u in score.TYPES if u != t for p in mine.get(u, [])]
            others_gold = [score.gold_forms(g) for u in score.TYPES if u != t for g in gold[paper["id"]].get(u, [])]
            for g in golds:
                if any(score.match(p, g) for p in preds):
                    continue
                if any(score.match(p, g) for p in others_pred):
                    kinds[t]["missed: wrong type"] += 1
                elif _overlaps(score, g, preds):
                    kinds[t]["missed: boundary"] += 1
                elif any(f" {f} " in f" {text} " for f in g):
                    kinds[t]["missed: in text"] += 1
                else:
                    kinds[t]["missed: paraphrase"] += 1
            for p in preds:
                if any(score.match(p, g) for g in golds):
                    continue
                if any(score.match(p, g) for g in others_gold):
                    kinds[t]["spurious: wrong type"] += 1
                elif _overlaps(score, p, golds):
                    kinds[t]["spurious: boundary"] += 1
                else:
                    kinds[t]["spurious: not a gold concept"] += 1
    return kinds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accurate", action="store_true", help="accurate mode (needs kg[accurate])")
    parser.add_argument("--model", help="another NER model directory")
    parser.add_argument("--export", type=Path, help="score this export folder instead of building one")
    parser.add_argument("--list", action="store_true", help="also print every miss (score.py --misses)")
    args = parser.parse_args(argv)
    score = scorer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.export or Path(tmp)
        if args.export is None:
            build(folder, args.accurate, args.model)
        pred = score.predictions(str(folder / "graph.ttl"))
        result = score.score(pred, args.list)
    for t, (p, r, f) in result.items():
        print(f"{t:8} P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"macro-F1={sum(v[2] for v in result.values()) / 3:.3f}")
    print("\nannotator A's misses by kind:")
    for t, counts in misses_by_kind(score, pred).items():
        print(f"  {t}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
