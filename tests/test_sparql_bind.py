"""``kg sparql --bind`` binds what the user means: a concept's name in any case or spelling,
only variables the query has, and says so when a name names nothing; the answers are the
same with Oxigraph and with rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KGError
from kg.sparql import Results, read_query, run
from tests.conftest import ROOT
from tests.sparql_fixtures import ENGINES, QUERIES, handmade_turtle, rows

DEMO = ROOT / "exports" / "graph.ttl"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handmade_turtle(tmp_path_factory.mktemp("rdf"))


def ask(path: Path, query_file: str, engine: str = "oxigraph", **bind: str) -> Results:
    query_path = QUERIES / query_file
    return run(path, read_query(str(query_path)), engine=engine, bindings=bind, source=f"queries/{query_file}")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query_file", "variable", "written", "exact"),
    [
        ("papers-using-dataset.rq", "dataset", "mnist", "MNIST"),
        ("papers-using-dataset.rq", "dataset", "cifar10", "CIFAR-10"),
        ("top-methods-for-task.rq", "task", "Image Classification", "image classification"),
    ],
)
def test_a_name_on_the_demo_export_finds_its_concept_in_any_case_and_spelling(
    query_file: str, variable: str, written: str, exact: str
) -> None:
    expected = rows(ask(DEMO, query_file, **{variable: exact}))
    assert len(expected) >= 5
    found = ask(DEMO, query_file, **{variable: written})
    assert rows(found) == expected
    assert found.notes == ()


@pytest.mark.slow  # rdflib parses the whole demo export (5 MB of Turtle)
def test_rdflib_finds_the_same_concept_on_the_demo_export() -> None:
    assert rows(ask(DEMO, "papers-using-dataset.rq", "rdflib", dataset="mnist")) == rows(
        ask(DEMO, "papers-using-dataset.rq", "oxigraph", dataset="MNIST")
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_any_alias_in_any_case_gives_the_rows_of_the_label_once(export: Path, engine: str) -> None:
    exact = rows(ask(export, "methods-evaluated-on-dataset.rq", engine, dataset="ImageNet"))
    assert exact == [("transformer", "2"), ("dropout", "1"), ("graph neural network", "1")]
    assert rows(ask(export, "methods-evaluated-on-dataset.rq", engine, dataset="imagenet")) == exact
    # "Cora dataset" is an alias of Cora: binding it must not count Cora's papers twice.
    cora = rows(ask(export, "papers-using-dataset.rq", engine, dataset="Cora"))
    assert rows(ask(export, "papers-using-dataset.rq", engine, dataset="CORA DATASET")) == cora
    mentions = rows(ask(export, "why-a-paper-mentions-a-concept.rq", engine, name="gnns"))
    assert mentions == rows(ask(export, "why-a-paper-mentions-a-concept.rq", engine, name="graph neural network"))
    assert len(mentions) == len(set(mentions)) == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_a_concept_id_binds_its_concept(export: Path, engine: str) -> None:
    assert rows(ask(export, "papers-using-dataset.rq", engine, dataset="dataset:cora")) == rows(
        ask(export, "papers-using-dataset.rq", engine, dataset="Cora")
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_that_names_nothing_says_so_with_the_nearest_names(export: Path, engine: str) -> None:
    found = ask(export, "papers-using-dataset.rq", engine, dataset="Coraa")
    assert found.rows == ()
    (note,) = found.notes
    assert "--bind dataset='Coraa'" in note and "no data set" in note and "nearest names: Cora" in note
    # A name of a concept of another type than the query asks for says which it is.
    (note,) = ask(export, "papers-using-dataset.rq", engine, dataset="node classification").notes
    assert "it names the task 'node classification'" in note


def test_the_cli_prints_the_note_and_still_answers(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "exports/graph.ttl", "queries/papers-using-dataset.rq", "--bind", "dataset=mnistt"]) == 0
    captured = capsys.readouterr()
    assert "(0 rows" in captured.out
    assert captured.err.startswith("note: --bind dataset='mnistt': no data set in exports/graph.ttl has that name")
    assert "nearest names: MNIST" in captured.err


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bound_name_the_query_does_not_use_is_an_error_naming_its_variables(export: Path, engine: str) -> None:
    with pytest.raises(KGError) as raised:
        ask(export, "papers-using-dataset.rq", engine, datset="Cora")
    assert str(raised.value) == (
        "--bind datset: queries/papers-using-dataset.rq has no ?datset; "
        "its variables are ?title, ?published, ?d, ?dataset, ?paper (bind one of these)"
    )


def test_a_variable_named_only_in_a_comment_is_not_a_variable(export: Path) -> None:
    with pytest.raises(KGError, match=r"has no \?task"):
        run(export, "# ?task\nSELECT ?x WHERE { ?x a kg:Task }", bindings={"task": "x"})


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bound_word_that_is_no_name_stays_a_plain_string(export: Path, engine: str) -> None:
    found = ask(export, "where-a-paper-came-from.rq", engine, word="graphmix")
    assert rows(found) == [("GraphMix", "pages/a.txt:9"), ("GraphMix", "pages/b.txt:2")]
    assert found.notes == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_an_iri_binds_as_written(export: Path, engine: str) -> None:
    query = "SELECT ?label WHERE { ?c skos:prefLabel ?label }"
    found = run(export, query, engine=engine, bindings={"c": "<https://kg.example.org/id/dataset/cora>"})  # type: ignore[arg-type]
    assert rows(found) == [("Cora",)]


def test_a_long_query_given_as_text_is_read_as_text() -> None:
    """A query line over 255 bytes made ``Path.is_file`` fail with "File name too long"."""
    text = "SELECT ?s WHERE { ?s ?p ?o . FILTER(" + " || ".join(f"?o = {n}" for n in range(80)) + ") }"
    assert len(text) > 300
    assert read_query(text) == text
