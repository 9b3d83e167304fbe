"""Words per second of kg's default extraction pipeline on one CPU core.

Pins the process to one core and one BLAS thread, warms up, then times
``nlp.pipe`` over the abstracts of SciERC test and of the demo corpus (best of
``--repeats`` passes).  Words are spaCy tokens.  Prints one line per corpus.

``--accurate`` times the accurate-mode pipeline instead (needs ``kg[accurate]``), and
``--blis`` multiplies with thinc's default kernels instead of numpy's BLAS, as kg did
before 2026-12-03; ``--relations`` adds the relation extractor (``kg_relations``) and
``--result-claims`` the result-claim finder (``kg_result_claims``), both off by default.

    python benchmarks/extract_speed.py [--repeats 3] [--batch-size 64] [--model DIR] [--accurate] [--blis]
        [--relations] [--result-claims]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path

# One BLAS thread; set before kg (and so numpy) is imported, which happens inside the functions.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parent.parent


def words_per_second(
    texts: Sequence[str],
    model: str | None,
    batch_size: int,
    repeats: int,
    accurate: bool = False,
    relations: bool = False,
    result_claims: bool = False,
) -> tuple[float, int]:
    from kg.extract.pipeline import load_pipeline

    if accurate:
        import torch

        torch.set_num_threads(1)
    options = {"accurate": accurate, "relations": relations, "result_claims": result_claims}
    nlp = load_pipeline(model, **options) if model else load_pipeline(**options)
    list(nlp.pipe(texts[:16], batch_size=batch_size))
    best = float("inf")
    words = 0
    for _ in range(repeats):
        start = time.perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        best = min(best, time.perf_counter() - start)
    return words / best, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", help="a spaCy pipeline folder to time instead of the shipped model")
    parser.add_argument("--accurate", action="store_true", help="time the accurate-mode pipeline (kg[accurate])")
    parser.add_argument("--blis", action="store_true", help="multiply with blis, thinc's default, not numpy's BLAS")
    parser.add_argument("--relations", action="store_true", help="add the relation extractor (kg_relations)")
    parser.add_argument("--result-claims", action="store_true", help="add the result-claim finder (kg_result_claims)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from kg.evaluate.scierc import read_split
    from kg.extract import pipeline as kg_pipeline
    from kg.extract.extractor import paper_text
    from kg.sources import read_corpus

    kg_pipeline.USE_BLIS = args.blis

    corpora = {
        "SciERC test abstracts": [d.text for d in read_split(ROOT / "data" / "scierc" / "test.json")],
        "demo corpus (title + abstract)": [paper_text(p) for p in read_corpus([ROOT / "data" / "daily-papers"]).papers],
    }
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; pinned to 1 core")
    pipeline = "accurate pipeline" if args.accurate else "default pipeline"
    if args.blis:
        pipeline += ", blis"
    if args.relations:
        pipeline += ", with relations"
    if args.result_claims:
        pipeline += ", with result claims"
    for name, texts in corpora.items():
        wps, words = words_per_second(
            texts, args.model, args.batch_size, args.repeats, args.accurate, args.relations, args.result_claims
        )
        print(f"{name}: {len(texts)} texts, {words} words, {wps:,.0f} words/s ({pipeline}, 1 core)")


if __name__ == "__main__":
    main()
