"""Seconds, words/s and peak memory of each stage of ``kg build`` at growing corpus sizes.

For each size, a corpus is generated with ``scale_corpus.py`` (unless it is
already there) and built in a fresh process with every export, so peak memory
is that build's alone.  For the sizes listed in ``--bare``, the bare spaCy
pipeline (the shipped NER model alone, ``nlp.pipe`` with the same number of
processes) also runs over the same texts, and the ratio of the whole build's
time to it is printed.  Words are whitespace-separated words of title and
abstract.

    python benchmarks/scale.py --sizes 1000 10000 100000 --workers 2 --bare 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _child_build(corpus: Path, out: Path, workers: int, cache: Path | None) -> None:
    """Run one build in this (fresh) process and print its stages as JSON."""
    from kg.building import build
    from kg.extract.options import ExtractOptions

    _, report = build([corpus], out=out, extraction=ExtractOptions(workers=workers, cache=cache))
    print(
        json.dumps(
            {
                "papers": report.papers,
                "mentions": report.mentions,
                "edges": report.edges,
                "concepts": report.concepts,
                "from_cache": report.from_cache,
                "stages": [[s.name, s.seconds, s.peak_rss_mib, s.children_peak_rss_mib] for s in report.stages],
            }
        )
    )


def _child_bare(corpus: Path, workers: int) -> None:
    """Time the shipped spaCy model alone over the corpus texts and print JSON."""
    import spacy

    from kg.extract.extractor import paper_text
    from kg.extract.pipeline import MODEL_DIR
    from kg.sources import read_corpus

    texts = [paper_text(p) for p in read_corpus([corpus]).papers]
    nlp = spacy.load(MODEL_DIR)
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=workers))
    print(json.dumps({"seconds": time.perf_counter() - start, "tokens": tokens}))


def _run_child(*args: str) -> dict[str, object]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _words(corpus: Path) -> int:
    total = 0
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            total += len(record["title"].split()) + len(record["abstract"].split())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bare", type=int, nargs="*", default=[10000], help="sizes to also time bare spaCy on")
    parser.add_argument("--incremental", type=int, nargs="*", default=[10000], help="sizes to time a 1%% rebuild on")
    parser.add_argument("--dir", type=Path, default=Path("scale-runs"), help="where corpora and exports go")
    parser.add_argument("--child-build", nargs=4, metavar=("CORPUS", "OUT", "WORKERS", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", nargs=2, metavar=("CORPUS", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        corpus, out, workers, cache = args.child_build
        _child_build(Path(corpus), Path(out), int(workers), Path(cache) if cache != "-" else None)
        return
    if args.child_bare:
        _child_bare(Path(args.child_bare[0]), int(args.child_bare[1]))
        return

    from scale_corpus import generate

    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"workers: {args.workers}")
    for size in args.sizes:
        corpus = args.dir / f"corpus-{size}.jsonl"
        if not corpus.exists():
            generate(size, corpus)
        words = _words(corpus)
        result = _run_child("--child-build", str(corpus), str(args.dir / f"out-{size}"), str(args.workers), "-")
        stages = result["stages"]
        assert isinstance(stages, list)
        total = sum(s[1] for s in stages)
        peak = max(s[2] for s in stages)
        workers_peak = max(s[3] for s in stages)
        print(f"\n== {size} papers, {words:,} words: {result['mentions']} mentions, {result['edges']} edges")
        print(f"{'stage':<16} {'seconds':>9} {'words/s':>11} {'peak RSS MiB':>13}")
        for name, seconds, rss, _children in stages:
            print(f"{name:<16} {seconds:>9.1f} {words / seconds if seconds else 0:>11,.0f} {rss:>13.0f}")
        print(f"{'total':<16} {total:>9.1f} {words / total:>11,.0f} {peak:>13.0f}")
        print(f"each worker process peaked at {workers_peak:.0f} MiB")
        if size in args.bare:
            bare = _run_child("--child-bare", str(corpus), str(args.workers))
            seconds = float(bare["seconds"])  # type: ignore[arg-type]
            print(
                f"bare spaCy NER model, {args.workers} processes: {seconds:.1f} s; "
                f"kg build / bare spaCy = {total / seconds:.2f}"
            )
        if size in args.incremental:
            cache = args.dir / f"cache-{size}"
            shutil.rmtree(cache, ignore_errors=True)  # the first build starts from an empty cache
            base = args.dir / f"corpus-{size}-99.jsonl"
            lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
            base.write_text("".join(lines[: len(lines) * 99 // 100]), encoding="utf-8")
            first = _run_child("--child-build", str(base), str(args.dir / f"inc-{size}"), str(args.workers), str(cache))
            again = _run_child(
                "--child-build", str(corpus), str(args.dir / f"inc-{size}"), str(args.workers), str(cache)
            )
            assert first["from_cache"] == 0, "the first build must not find anything in the cache"
            first_total = sum(s[1] for s in first["stages"])  # type: ignore[union-attr]
            again_stages = again["stages"]
            assert isinstance(again_stages, list)
            again_total = sum(s[1] for s in again_stages)
            extract = next(s[1] for s in again_stages if s[0] == "extract")
            print(
                f"incremental: 99% with an empty cache {first_total:.1f} s; all, 1% new: {again_total:.1f} s "
                f"({again_total / first_total:.0%} of the first; extract {extract:.1f} s, "
                f"{again['from_cache']} of {again['papers']} papers from the cache)"
            )


if __name__ == "__main__":
    main()
