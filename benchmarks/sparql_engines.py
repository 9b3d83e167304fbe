"""Oxigraph against rdflib on one large kg export: parse time and query time.

Builds a synthetic paper-concept graph (``synthetic.py``), writes it as N-Triples with kg's exporter, then loads it in
each engine and runs three of the shipped queries.  Prints seconds and the
rdflib/Oxigraph ratio.

    python benchmarks/sparql_engines.py [--papers 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("top-concepts-by-type.rq", "top-methods-for-task.rq", "papers-using-dataset.rq")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from synthetic import synthetic_kg

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
