"""The ranking queries answer the question their comment asks: the top of each concept
type, and the concepts that are rising, on the demo export and on a graph built here."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from kg.export import rdf
from kg.graph import build_graph
from kg.link import link
from kg.model import Mention, Paper, SourceRef
from kg.sparql import read_query, run
from tests.conftest import ROOT
from tests.sparql_fixtures import ENGINES, QUERIES, rows

DEMO = ROOT / "exports" / "graph.ttl"
EVERY_CONCEPT = """
SELECT ?type ?concept ?papers WHERE {
  ?c a ?class ; skos:prefLabel ?concept ; kg:paperCount ?papers .
  VALUES (?class ?type) { (kg:Method "method") (kg:Task "task") (kg:Dataset "dataset") }
}
"""


@pytest.mark.parametrize(
    "engine",
    ["oxigraph", pytest.param("rdflib", marks=pytest.mark.slow)],  # rdflib parses the 5 MB demo export twice
)
def test_top_concepts_by_type_gives_the_top_ten_of_each_type(engine: str) -> None:
    found = rows(run(DEMO, read_query(str(QUERIES / "top-concepts-by-type.rq")), engine=engine))  # type: ignore[arg-type]
    by_type: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for kind, concept, papers in rows(run(DEMO, EVERY_CONCEPT, engine=engine)):  # type: ignore[arg-type]
        by_type[kind].append((kind, concept, papers))
    expected = [row for kind in sorted(by_type) for row in sorted(by_type[kind], key=lambda r: (-int(r[2]), r[1]))[:10]]
    assert found == expected
    assert [kind for kind, _, _ in found] == ["dataset"] * 10 + ["method"] * 10 + ["task"] * 10
    assert len({concept for _, concept, _ in found}) == 30


def _mention(paper: str, text: str) -> Mention:
    return Mention(paper, "method", text, "abstract", 0, len(text), f"We use {text}.", "test", 1.0, None, False)


@pytest.fixture(scope="module")
def spread_over_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """AlphaNet is of 2019-2020, BetaNet of every year, GammaNet of 2023-2024; DeltaNet has one paper."""
    dated = {"q1": "2019-04-01", "q2": "2020-06-01", "q3": "2023-02-01", "q4": "2024-03-01", "q5": "2024-09-01"}
    papers = [
        Paper(pid, f"Paper {pid}", "An abstract.", published, None, None, None, (SourceRef("pages/y.txt", i),))
        for i, (pid, published) in enumerate([*dated.items(), ("q6", None)], start=1)
    ]
    uses = {
        "q1": ["AlphaNet", "BetaNet"],
        "q2": ["AlphaNet", "BetaNet"],
        "q3": ["BetaNet", "GammaNet"],
        "q4": ["GammaNet", "DeltaNet"],
        "q5": ["GammaNet", "BetaNet"],
        "q6": ["GammaNet", "DeltaNet", "AlphaNet"],  # no date: counted in no year
    }
    mentions = [_mention(pid, name) for pid, names in uses.items() for name in names]
    concepts, linked = link(mentions)
    path = tmp_path_factory.mktemp("years") / "graph.ttl"
    rdf.write(build_graph(papers, concepts, linked), path)
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_concepts_over_time_puts_the_rising_concepts_first(spread_over_years: Path, engine: str) -> None:
    query = read_query(str(QUERIES / "concepts-over-time.rq"))
    found = run(spread_over_years, query, engine=engine)  # type: ignore[arg-type]
    assert found.variables == ("concept", "type", "papers", "earlier", "recent", "growth", "since")
    assert rows(found) == [
        ("GammaNet", "method", "3", "0", "3", "3", "2023"),
        ("BetaNet", "method", "4", "2", "2", "0", "2023"),
        ("AlphaNet", "method", "2", "2", "0", "-2", "2023"),
    ]


def test_concepts_over_time_on_the_demo_export_is_sorted_by_growth() -> None:
    found = rows(run(DEMO, read_query(str(QUERIES / "concepts-over-time.rq"))))
    assert len(found) >= 10
    assert all(int(papers) >= 2 for _, _, papers, *_ in found)
    growth = [int(row[5]) for row in found]
    assert growth == sorted(growth, reverse=True) and growth[0] > 0 > growth[-1]
    assert all(int(e) + int(r) == int(p) and int(r) - int(e) == int(g) for _, _, p, e, r, g, _ in found)
