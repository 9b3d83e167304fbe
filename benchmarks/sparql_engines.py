"""Oxigraph against rdflib on one large kg export: parse time and query time.

Builds a synthetic paper-concept graph (no extraction: papers draw methods,
tasks and data sets from Zipf-like pools, so a few concepts are very common as
in real corpora), writes it as N-Triples with kg's exporter, then loads it in
each engine and runs three of the shipped queries.  Prints seconds and the
rdflib/Oxigraph ratio.

    python benchmarks/sparql_engines.py [--papers 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("top-concepts-by-type.rq", "top-methods-for-task.rq", "papers-using-dataset.rq")


def synthetic_kg(papers: int, seed: int):  # type: ignore[no-untyped-def]
    from kg.graph import build_graph
    from kg.link import link
    from kg.model import Mention, Paper

    rng = random.Random(seed)
    pools = {"method": 4000, "task": 1200, "dataset": 600}
    weights = {kind: [1 / (i + 1) for i in range(n)] for kind, n in pools.items()}
    records, mentions = [], []
    for i in range(papers):
        pid = f"p{i}"
        records.append(Paper(pid, f"Paper {i}", f"Abstract of paper {i}.", f"20{10 + i % 15}-01-01"))
        for kind, count in (("method", 6), ("task", 2), ("dataset", 2)):
            for j in rng.choices(range(pools[kind]), weights[kind], k=count):
                name = f"{kind} {j}"
                mentions.append(Mention(pid, kind, name, "abstract", 0, len(name), name, "synthetic"))  # type: ignore[arg-type]
    concepts, linked = link(mentions)
    return build_graph(records, concepts, linked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from kg.export import rdf
    from kg.sparql import _run_oxigraph, _run_rdflib, read_query, with_bindings, with_prefixes

    kg = synthetic_kg(args.papers, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        start = time.perf_counter()
        rdf.write(kg, path, "nt")
        triples = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"{args.papers} papers, {triples:,} triples; kg wrote N-Triples in {time.perf_counter() - start:.1f} s")
        for name in QUERIES:
            query = with_prefixes(
                with_bindings(read_query(str(ROOT / "queries" / name)), {"task": "task 0", "dataset": "dataset 0"})
            )
            timings = {}
            for engine, runner in (("oxigraph", _run_oxigraph), ("rdflib", _run_rdflib)):
                start = time.perf_counter()
                results = runner(path, query)
                timings[engine] = time.perf_counter() - start
                rows = len(results.rows)
            ratio = timings["rdflib"] / timings["oxigraph"]
            print(
                f"{name}: oxigraph {timings['oxigraph']:.1f} s, rdflib {timings['rdflib']:.1f} s "
                f"(load + query, {rows} rows): rdflib/oxigraph = {ratio:.1f}x"
            )


if __name__ == "__main__":
    main()
