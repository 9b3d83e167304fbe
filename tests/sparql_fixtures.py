"""What the tests of the shipped SPARQL queries share: where the queries are, the engines they
must agree on, the hand-made graph they are asked on, and answers as plain rows."""

from __future__ import annotations

from pathlib import Path

from kg.export import rdf
from kg.sparql import Results
from tests.conftest import ROOT
from tests.handmade import handmade_kg

QUERIES = ROOT / "queries"
ENGINES = ["oxigraph", "rdflib"]
"""Every query must give the same answers on both engines kg sparql offers."""


def handmade_turtle(folder: Path) -> Path:
    """The hand-made graph written as Turtle, mentions included, to ``folder/graph.ttl``: its
    answers are known, so a query's rows can be checked one by one."""
    path = folder / "graph.ttl"
    rdf.write(handmade_kg(), path, mentions=True)
    return path


def rows(results: Results) -> list[tuple[str, ...]]:
    """Each answer row as the values of its cells, ``""`` for an unbound one, so that rows from
    Oxigraph and rdflib compare equal."""
    return [tuple("" if c is None else c.value for c in row) for row in results.rows]
