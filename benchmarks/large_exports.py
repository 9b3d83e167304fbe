"""Large exports: N-Triples streamed against the rdflib path, the Oxigraph store, GraphML and tables.

Builds a synthetic paper-concept graph (``synthetic.py``) and times each
export on it, each in a forked child process so that its peak resident memory
(the graph itself plus what the export adds) is measured on its own:

* N-Triples streamed by kg, and the rdflib path kg used before (a ``Graph``
  serialised and its lines sorted), the latter only up to ``--old-max``
  papers because it is slow;
* the persistent Oxigraph store (``kg build --store``);
* two shipped queries answered from the store (open read-only + query),
  against loading the ``.nt`` into an in-memory Oxigraph store first, as
  ``kg sparql graph.nt`` does;
* GraphML and the CSV tables.

    python benchmarks/large_exports.py [--papers 20000] [--seed 7] [--old-max 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {"top-concepts-by-type.rq": {}, "top-methods-for-task.rq": {"task": "task 0"}}


def measured(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Seconds, peak RSS in MB, and the value of ``work()`` run in a forked child."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, and leave without running the parent's cleanup
        os.close(read_end)
        try:
            start = time.perf_counter()
            value = work()
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            payload = {"seconds": seconds, "rss": peak, "value": value}
        except BaseException as err:  # report any failure to the parent
            payload = {"error": repr(err)}
        with os.fdopen(write_end, "w") as out:
            json.dump(payload, out)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as source:
        data = json.load(source)
    os.waitpid(pid, 0)
    if "error" in data:
        raise RuntimeError(data["error"])
    return data["seconds"], data["rss"], data["value"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--old-max", type=int, default=20000, help="skip the rdflib path above this many papers")
    args = parser.parse_args()

    from synthetic import synthetic_kg

    from kg.export import graphml, rdf, store, tables
    from kg.sparql import _run_oxigraph, read_query, run, with_bindings, with_prefixes

    start = time.perf_counter()
    kg = synthetic_kg(args.papers, args.seed)
    built = time.perf_counter() - start
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.papers} synthetic papers: {kg.graph.number_of_nodes():,} nodes, {kg.graph.number_of_edges():,} edges "
        f"(built in {built:.1f} s; this process {base_rss:.0f} MB)"
    )

    def report(what: str, seconds: float, rss: float, extra: str = "") -> None:
        print(f"  {what:<54} {seconds:8.2f} s   peak RSS {rss:6.0f} MB{extra}")
        sys.stdout.flush()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nt = folder / "graph.nt"

        def streamed() -> int:
            rdf.write(kg, nt, "nt")
            with nt.open("rb") as lines:
                return sum(1 for _ in lines)

        seconds, rss, lines = measured(streamed)
        size = nt.stat().st_size / 1e6
        print(f"triples: {lines:,} N-Triples lines ({size:.0f} MB)")
        report("N-Triples, streamed (kg now)", seconds, rss)

        if args.papers <= args.old_max:

            def old_path() -> int:
                # What rdf.write did before streaming: an rdflib Graph, serialised, lines sorted.
                graph = rdf.to_rdf(kg)
                text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
                data = "".join(sorted(line + "\n" for line in text.split("\n") if line.strip()))
                (folder / "old.nt").write_bytes(data.encode("utf-8"))
                return len(graph)

            seconds, rss, old_triples = measured(old_path)
            report("N-Triples, rdflib Graph (kg before)", seconds, rss, f"   ({old_triples:,} triples)")
            (folder / "old.nt").unlink()
        else:
            print(f"  N-Triples, rdflib Graph (kg before): skipped above --old-max {args.old_max} papers")

        target = folder / "store"
        seconds, rss, info = measured(lambda: store.write(kg, target).triples)
        report("Oxigraph store, bulk load (kg build --store)", seconds, rss, f"   ({info:,} triples in the store)")

        for name, bindings in QUERIES.items():
            query = read_query(str(ROOT / "queries" / name))

            def from_store(query: str = query, bindings: dict[str, str] = bindings) -> int:
                return len(run(target, query, bindings=bindings).rows)

            def from_file(query: str = query, bindings: dict[str, str] = bindings) -> int:
                return len(_run_oxigraph(nt, with_prefixes(with_bindings(query, bindings))).rows)

            seconds, rss, rows = measured(from_store)
            report(f"{name}: store, open + query", seconds, rss, f"   ({rows} rows)")
            seconds, rss, rows = measured(from_file)
            report(f"{name}: .nt loaded in memory + query", seconds, rss, f"   ({rows} rows)")

        seconds, rss, _ = measured(lambda: len(graphml.write(kg, folder / "graph.graphml")))
        report("GraphML", seconds, rss, f"   ({(folder / 'graph.graphml').stat().st_size / 1e6:.0f} MB)")
        seconds, rss, _ = measured(lambda: len(tables.write(kg, folder)))
        report("CSV tables (papers, concepts, mentions)", seconds, rss)


if __name__ == "__main__":
    main()
