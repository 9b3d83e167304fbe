"""N-Triples streamed from the triple generator: the same graph rdflib wrote before,
literals that survive any text, and no rdflib Graph on the way."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib import Literal as RdflibLiteral
from rdflib.compare import isomorphic

from kg.export import rdf
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper
from kg.vocab import SCHEMA
from tests.conftest import FIXTURES
from tests.handmade import handmade_kg

# Written by the rdflib-based exporter that came before streaming (Graph.serialize, lines sorted).
RDFLIB_REFERENCE = FIXTURES / "handmade-mentions.nt"
HOSTILE = [
    'a "quoted" title',
    "back\\slash \\n not a newline \\u0041",
    "two\nlines",
    "tab\there",
    "bell\x07 nul\x00 escape\x1b del\x7f c1\x85\x9f",
    "line sep\u2028para sep\u2029",
    "é 漢字 🙂 \u202e right-to-left",
    "ends with a backslash \\",
    '"',
    "x" * 200_000 + '"\\\n',
]


def test_streamed_ntriples_hold_the_triples_rdflib_wrote(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    rdf.write(handmade_kg(), path, "nt", mentions=True)
    streamed = Graph().parse(path, format="nt")
    reference = Graph().parse(RDFLIB_REFERENCE, format="nt")
    assert len(streamed) == len(reference) > 300
    assert set(streamed) == set(reference)


def test_streamed_ntriples_match_the_turtle_export(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    rdf.write(small_kg, tmp_path / "graph.nt", "nt")
    rdf.write(small_kg, tmp_path / "graph.ttl", "turtle")
    assert isomorphic(Graph().parse(tmp_path / "graph.nt", format="nt"), Graph().parse(tmp_path / "graph.ttl"))


def test_ntriples_never_build_an_rdflib_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the N-Triples export built an rdflib Graph")

    monkeypatch.setattr(rdf, "Graph", refuse)
    path = tmp_path / "graph.nt"
    rdf.write(handmade_kg(), path, "nt", mentions=True)
    assert path.read_text(encoding="utf-8").count("\n") == len(list(rdf.triples(handmade_kg(), mentions=True)))


def test_ntriples_are_byte_identical_across_runs(tmp_path: Path) -> None:
    rdf.write(handmade_kg(), tmp_path / "a.nt", "nt", mentions=True)
    rdf.write(handmade_kg(), tmp_path / "b.nt", "nt", mentions=True)
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_base_iri_reaches_every_subject(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    rdf.write(handmade_kg(), path, "nt", base="http://example.com/g#", mentions=True)
    for line in path.read_text(encoding="utf-8").splitlines():
        assert line.startswith("<http://example.com/g#"), line


def _parsed_literals(line: str) -> tuple[str, str]:
    """The object of a one-triple N-Triples document, as rdflib and as Oxigraph read it."""
    by_rdflib = Graph().parse(data=line, format="nt")
    (obj,) = by_rdflib.objects()
    (quad,) = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(quad.object, ox.Literal)
    return str(obj), quad.object.value


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_literals_round_trip_in_rdflib_and_oxigraph(text: str) -> None:
    (line,) = rdf.ntriples_lines([("http://x/s", "http://x/p", rdf.Literal(text))])
    assert line.endswith(" .\n") and line.count("\n") == 1
    assert _parsed_literals(line) == (text, text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=50))
def test_any_text_round_trips_through_an_ntriples_literal(text: str) -> None:
    (line,) = rdf.ntriples_lines([("http://x/s", "http://x/p", rdf.Literal(text))])
    assert _parsed_literals(line) == (text, text)


def test_typed_and_tagged_literals_keep_their_datatype_and_language() -> None:
    lines = "".join(
        rdf.ntriples_lines(
            [
                ("http://x/s", "http://x/p", rdf.Literal("3", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")),
                ("http://x/s", "http://x/q", rdf.Literal("chat", lang="fr")),
            ]
        )
    )
    graph = Graph().parse(data=lines, format="nt")
    assert {o for o in graph.objects()} == {
        RdflibLiteral("3", datatype="http://www.w3.org/2001/XMLSchema#nonNegativeInteger"),
        RdflibLiteral("chat", lang="fr"),
    }


def test_hostile_papers_round_trip_through_streamed_ntriples(tmp_path: Path) -> None:
    papers = [Paper(id=f"p{i}", title=text or "t", abstract=text + " abstract") for i, text in enumerate(HOSTILE)]
    found = [Mention(p.id, "method", "a net", "abstract", 0, 5, p.abstract, "test") for p in papers]
    concepts, linked = link(found)
    kg = build_graph(papers, concepts, linked)
    path = tmp_path / "graph.nt"
    rdf.write(kg, path, "nt", mentions=True)
    back = Graph().parse(path, format="nt")
    assert set(back) == set(rdf.to_rdf(kg, mentions=True))
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(back)
    titles = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.name)), None)}
    assert titles == {str(o) for o in back.objects(None, SCHEMA.name)}
