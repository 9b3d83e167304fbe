"""Every query shipped in queries/ answers its question on a graph whose answers are known,
with Oxigraph and with rdflib alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.sparql import format_results, parse_bindings, read_query, run
from tests.sparql_fixtures import ENGINES, QUERIES, handmade_turtle, rows


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handmade_turtle(tmp_path_factory.mktemp("rdf"))


def ask(export: Path, query_file: str, engine: str, **bind: str) -> list[tuple[str, ...]]:
    query = read_query(str(QUERIES / query_file))
    return rows(run(export, query, engine=engine, bindings=bind))  # type: ignore[arg-type]


def test_there_are_at_least_eight_documented_queries() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{path.name} must start with a comment saying what it asks"
        assert "kg sparql" in text, f"{path.name} must show how to run it"


@pytest.mark.parametrize("engine", ENGINES)
def test_top_methods_for_task(export: Path, engine: str) -> None:
    assert ask(export, "top-methods-for-task.rq", engine, task="node classification") == [
        ("graph neural network", "3"),
        ("GraphMix", "1"),
        ("dropout", "1"),
        ("transformer", "1"),
    ]
    # A task is found by any of its names too.
    assert ask(export, "top-methods-for-task.rq", engine, task="image classification")[0] == ("transformer", "2")


@pytest.mark.parametrize("engine", ENGINES)
def test_papers_using_dataset(export: Path, engine: str) -> None:
    assert ask(export, "papers-using-dataset.rq", engine, dataset="Cora") == [
        ("Graph networks for citations", "2021-03-01"),
        ("GraphMix", "2022-05-01"),
    ]
    assert ask(export, "papers-using-dataset.rq", engine, dataset="Cora dataset") == ask(
        export, "papers-using-dataset.rq", engine, dataset="Cora"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_co_occurring_methods(export: Path, engine: str) -> None:
    found = ask(export, "co-occurring-methods.rq", engine)
    assert set(found) == {
        ("dropout", "graph neural network", "1"),
        ("graph neural network", "GraphMix", "1"),
        ("dropout", "transformer", "1"),
        ("graph neural network", "transformer", "1"),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_what_papers_propose(export: Path, engine: str) -> None:
    assert ask(export, "what-papers-propose.rq", engine) == [("GraphMix", "GraphMix", "method")]


@pytest.mark.parametrize("engine", ENGINES)
def test_concepts_over_time(export: Path, engine: str) -> None:
    # The dated papers are of 2021 and 2022, the last two years: all are recent. p4 shows
    # only month and day, so transformer, image classification and ImageNet have one
    # dated paper each, too few to show.
    assert ask(export, "concepts-over-time.rq", engine) == [
        ("Cora", "dataset", "2", "0", "2", "2", "2021"),
        ("dropout", "method", "2", "0", "2", "2", "2021"),
        ("graph neural network", "method", "2", "0", "2", "2", "2021"),
        ("node classification", "task", "2", "0", "2", "2", "2021"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_top_concepts_by_type(export: Path, engine: str) -> None:
    found = ask(export, "top-concepts-by-type.rq", engine)
    assert found[:3] == [("dataset", "Cora", "2"), ("dataset", "ImageNet", "2"), ("dataset", "PubMed", "1")]
    assert ("method", "graph neural network", "3") in found
    assert ("task", "node classification", "3") in found


@pytest.mark.parametrize("engine", ENGINES)
def test_strongest_method_task_links(export: Path, engine: str) -> None:
    found = ask(export, "strongest-method-task-links.rq", engine)
    assert found[0] == ("graph neural network", "node classification", "3")
    assert ("transformer", "image classification", "2") in found


@pytest.mark.parametrize("engine", ENGINES)
def test_methods_evaluated_on_dataset(export: Path, engine: str) -> None:
    assert ask(export, "methods-evaluated-on-dataset.rq", engine, dataset="ImageNet") == [
        ("transformer", "2"),
        ("dropout", "1"),
        ("graph neural network", "1"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_names_of_a_concept(export: Path, engine: str) -> None:
    found = ask(export, "names-of-a-concept.rq", engine, name="GNNs")
    assert {row[0] for row in found} == {"graph neural network"}
    assert {row[2] for row in found} >= {"GNN", "GNNs"}


@pytest.mark.parametrize("engine", ENGINES)
def test_where_a_paper_came_from(export: Path, engine: str) -> None:
    assert ask(export, "where-a-paper-came-from.rq", engine, word="graphmix") == [
        ("GraphMix", "pages/a.txt:9"),
        ("GraphMix", "pages/b.txt:2"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_why_a_paper_mentions_a_concept(export: Path, engine: str) -> None:
    found = ask(export, "why-a-paper-mentions-a-concept.rq", engine, name="GraphMix")
    assert found == [("GraphMix", "GraphMix", "abstract", "0", "8", "test", "We use GraphMix.")]


def test_output_formats(export: Path) -> None:
    results = run(export, read_query(str(QUERIES / "what-papers-propose.rq")))
    assert format_results(results, "csv").splitlines() == ["title,proposes,type", "GraphMix,GraphMix,method"]
    table = format_results(results, "table")
    assert "GraphMix" in table and "(1 row, oxigraph)" in table
    assert '"vars": [' in format_results(results, "json")


def test_bindings_are_literals_not_code(export: Path) -> None:
    hostile = 'x" } UNION { ?s ?p ?o } #'
    query = read_query(str(QUERIES / "papers-using-dataset.rq"))
    assert rows(run(export, query, bindings={"dataset": hostile})) == []
    assert parse_bindings(["task=a=b"]) == {"task": "a=b"}
