"""A query kg cannot run fails with one line that points into the user's own text: the
file, the line and column as written (not shifted by the prefixes kg declares), and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KGError
from kg.export import rdf
from kg.sparql import run, with_prefixes
from tests.handmade import handmade_kg
from tests.sparql_fixtures import ENGINES

# The object of the triple is missing: the query breaks at the "}" of line 4.
BROKEN = "# Which papers?\nSELECT ?paper\nWHERE {\n  ?paper schema:name }\nLIMIT 5\n"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rdf") / "graph.ttl"
    rdf.write(handmade_kg(), path)
    return path


def error(export: Path, query: str, engine: str, **bind: str) -> str:
    with pytest.raises(KGError) as raised:
        run(export, query, engine=engine, bindings=bind, source="mine.rq")  # type: ignore[arg-type]
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_kg_declares_prefixes_on_lines_of_their_own() -> None:
    # What the error positions have to undo: the header shifts the user's lines.
    assert with_prefixes(BROKEN).splitlines()[8:] == BROKEN.splitlines()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_is_placed_in_the_users_text(export: Path, engine: str) -> None:
    message = error(export, BROKEN, engine)
    assert message.startswith("mine.rq:4:22: SPARQL syntax error near '}': expected ")


def test_both_engines_report_a_syntax_error_alike(export: Path) -> None:
    query = "SELECT ?x WHERE {\n  ?x a kg:Task .\n  FILTER (?x = ) }"
    assert error(export, query, "oxigraph") == error(export, query, "rdflib")
    assert error(export, query, "oxigraph").startswith("mine.rq:3:")


def test_columns_count_characters_not_bytes(export: Path) -> None:
    message = error(export, 'SELECT ?x WHERE { ?x schema:name "Poincaré" . FILTER ( }', "oxigraph")
    # The "}" is the 56th character of the line, and the 57th byte.
    assert message.startswith("mine.rq:1:56: SPARQL syntax error near '}'")


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unknown_prefix_is_named_with_its_place_and_the_fix(export: Path, engine: str) -> None:
    query = "SELECT ?t\nWHERE {\n  ?p dc:title ?t }"
    assert error(export, query, engine) == (
        "mine.rq:3:6: unknown prefix 'dc:' in dc:title (declare it with PREFIX dc: <IRI>, "
        "or use one of kg's: kg, schema, skos, dcterms, prov, rdf, rdfs, xsd)"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_prefix_the_query_declares_is_known(export: Path, engine: str) -> None:
    query = "PREFIX s: <https://schema.org/>\nSELECT ?t WHERE { ?p s:name ?t } ORDER BY ?t LIMIT 1"
    assert run(export, query, engine=engine).rows[0][0] is not None  # type: ignore[arg-type]


def test_the_cli_prints_one_line_naming_the_file(
    tmp_path: Path, export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "broken.rq"
    query.write_text(BROKEN, encoding="utf-8")
    assert main(["sparql", str(export), str(query)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {query}:4:22: SPARQL syntax error")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert main(["sparql", str(export), "SELECT ?t WHERE { ?p dc:title ?t }"]) == 1
    assert capsys.readouterr().err.startswith("error: query:1:22: unknown prefix 'dc:'")
    assert main(["sparql", str(export), str(query), "--bind", "nothere=1"]) == 1
    err = capsys.readouterr().err
    assert "SPARQL syntax error" in err  # the syntax is checked first: a broken query has no variables to list


def test_without_oxigraph_rdflib_places_the_error_in_the_users_lines(
    export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.sparql

    monkeypatch.setattr(kg.sparql, "oxigraph_available", lambda: False)
    message = error(export, BROKEN, "rdflib")
    assert message.startswith("mine.rq:4:3: SPARQL syntax error near '?paper schema:name }': Expected")
