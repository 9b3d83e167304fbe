"""Every format kg writes, read back through kg's own reader, says what went in.

Two graphs go through each format: one that kg builds from a fixture corpus,
and one made by hand whose titles, names, ids and source paths hold ``|``,
quotes, backslashes, newlines, non-ASCII and bidi characters, empty lists,
``None`` and zero.  What comes back is compared with the graph itself (less the
characters no file can hold, which :func:`~kg.export.text.safe_text` makes
spaces), not with what the writer meant to write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib import Literal as RdflibLiteral

import kg as kg_api
from kg.building import build_knowledge_graph
from kg.export import graphml, rdf, tables
from kg.export.rdf_read import MEDIA_TYPES, RDF_SUFFIXES, rdf_syntax, read_oxigraph, read_rdf
from kg.export.text import safe_text
from kg.graph import KnowledgeGraph, build_graph, paper_node
from kg.link import link
from kg.model import Mention, Paper, SourceRef
from kg.sources import read_corpus
from kg.vocab import CLASSES, KG, PROPERTIES, SCHEMA, SKOS, XSD
from tests.conftest import FIXTURES, ROOT

CORPUS = FIXTURES / "corpus" / "papers.jsonl"
HOSTILE_TITLE = (
    "Graph|Net: \"quoted\" 'single'\nsecond line\r\nthird é 漢字 🙂 \u202eevil\u202c \u200f \u2066iso\u2069 \\ end "
)


@pytest.fixture(scope="module")
def corpus_kg() -> KnowledgeGraph:
    """The graph kg builds from the fixture corpus, with its mentions."""
    return build_knowledge_graph(read_corpus([CORPUS]).papers)


@pytest.fixture(scope="module")
def hostile_kg() -> KnowledgeGraph:
    """A graph whose every kind of value is one a format could lose."""
    papers = [
        Paper(
            id="p|1",
            title=HOSTILE_TITLE,
            abstract="",
            published="--04-01",
            authors_count=0,
            arxiv_id="2101.00001",
            sources=(
                SourceRef("dir|x/a b.jsonl", 3),
                SourceRef("C:\\data\\papers.csv", 1),
                SourceRef("bad\\xff|\\", 2),
            ),
        ),
        Paper(id="None", title="NaN", abstract="long " * 30_000, published="2024-01-02", upvotes=7),
        Paper(id="p3", title="1", abstract="True", sources=()),
    ]
    mentions = [
        Mention("p|1", "method", "graph|net", "title", 0, 9, 'Graph|Net: "quoted"\nx', "lexicon", proposed=True),
        Mention("None", "method", "Graph|Net", "abstract", 0, 9, "s", "ner", long_form="Graph Net"),
        Mention("p3", "method", "graph | net", "abstract", 0, 11, "s", "ner"),
        Mention("None", "task", 'node "classification"\n', "abstract", 5, 9, "é 漢字", "pattern"),
        Mention("p3", "dataset", "Cora\u200f", "abstract", 0, 4, "\u202eCora", "lexicon"),
    ]
    concepts, linked = link(mentions)
    return build_graph(papers, concepts, linked)


GRAPHS = ("corpus_kg", "hostile_kg")


def _safe(value: Any) -> Any:
    """``value`` as a file holds it: text through safe_text, lists item by item."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    if isinstance(value, dict):
        return {name: _safe(item) for name, item in value.items()}
    return value


def _typed(attrs: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Attributes with each value's type beside it, so that ``True`` never passes for ``1``."""
    return {name: (type(value), value) for name, value in attrs.items()}


def test_the_hostile_graph_holds_what_it_should(hostile_kg: KnowledgeGraph) -> None:
    """The hand-made graph has the values the round trips are meant to meet."""
    graph = hostile_kg.graph
    concept = graph.nodes["method:graph-net"]
    assert {concept["label"], *concept["aliases"]} == {"graph|net", "Graph|Net", "graph | net"}
    assert len(concept["aliases"]) == 2
    assert graph.nodes[paper_node("p|1")]["sources"][0] == "dir|x/a b.jsonl:3"
    assert graph.nodes[paper_node("p3")]["sources"] == []
    assert graph.nodes[paper_node("p|1")]["authors_count"] == 0
    assert "upvotes" not in graph.nodes[paper_node("p|1")]
    assert any(not attrs["aliases"] for _, attrs in graph.nodes(data=True) if attrs["type"] != "paper")


# GraphML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GRAPHS)
def test_graphml_gives_back_the_graph(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    kg: KnowledgeGraph = request.getfixturevalue(name)
    graph = kg.graph
    path = tmp_path / "graph.graphml"
    graphml.write(kg, path)
    back = graphml.read_graph(path)
    assert list(back.nodes) == [safe_text(node) for node in graph.nodes]
    for node, attrs in graph.nodes(data=True):
        assert _typed(back.nodes[safe_text(node)]) == _typed(_safe(attrs)), node
    expected_edges = [(safe_text(u), safe_text(v), k, _typed(a)) for u, v, k, a in graph.edges(keys=True, data=True)]
    assert [(u, v, k, _typed(a)) for u, v, k, a in back.edges(keys=True, data=True)] == expected_edges
    assert back.graph == graph.graph


def test_kg_load_gives_back_what_kg_build_built(tmp_path: Path) -> None:
    """The Python API's round trip: ``kg.load`` of a build's folder is the graph ``kg.build`` returned."""
    built = kg_api.build([CORPUS], out=tmp_path / "out")
    loaded = kg_api.load(tmp_path / "out")
    assert nx.utils.graphs_equal(loaded, built)
    assert list(loaded.nodes) == list(built.nodes)
    for node, attrs in built.nodes(data=True):
        assert _typed(loaded.nodes[node]) == _typed(attrs), node
    for u, v, key, attrs in built.edges(keys=True, data=True):
        assert _typed(loaded.edges[u, v, key]) == _typed(attrs)


# CSV tables --------------------------------------------------------------------------------


def _expected_tables(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    """The rows the three tables should give back, made from the graph and its mentions."""
    papers, concepts = [], []
    for node, attrs in kg.graph.nodes(data=True):
        if attrs["type"] == "paper":
            papers.append(
                {
                    "id": attrs["paper_id"],
                    "title": attrs["label"],
                    "abstract": attrs["abstract"],
                    "published": attrs.get("published"),
                    "authors_count": attrs.get("authors_count"),
                    "upvotes": attrs.get("upvotes"),
                    "arxiv_id": attrs.get("arxiv_id"),
                    "sources": attrs["sources"],
                }
            )
        else:
            concepts.append({"id": node, **{k: attrs[k] for k in tables.CONCEPT_COLUMNS if k != "id"}})
    mentions = [
        {
            "paper_id": lm.mention.paper_id,
            "paper_node": paper_node(lm.mention.paper_id),
            "concept_id": lm.concept_id,
            "type": lm.mention.type,
            "text": lm.mention.text,
            "field": lm.mention.field,
            "start": lm.mention.start,
            "end": lm.mention.end,
            "rule": lm.mention.rule,
            "proposed": lm.mention.proposed,
            "long_form": lm.mention.long_form,
            "sentence": lm.mention.sentence,
        }
        for lm in kg.mentions
    ]
    found = {"papers.csv": papers, "concepts.csv": concepts, "mentions.csv": mentions}
    return {name: [_typed(_safe(row)) for row in rows] for name, rows in found.items()}


@pytest.mark.parametrize("name", GRAPHS)
def test_tables_give_back_the_rows(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    kg: KnowledgeGraph = request.getfixturevalue(name)
    tables.write(kg, tmp_path, chunk_rows=2)
    back = tables.read(tmp_path)
    expected = _expected_tables(kg)
    for table in tables.FILES:
        assert [_typed(row) for row in back[table]] == expected[table], table
        assert all(list(row) == list(tables.TABLES[table][0]) for row in back[table]), table


def test_the_committed_tables_agree_with_the_committed_graph() -> None:
    """exports/'s CSV tables, read back, hold the papers and concepts of exports/graph.graphml."""
    graph = kg_api.load(ROOT / "exports")
    back = tables.read(ROOT / "exports")
    papers = {row["id"]: row for row in back["papers.csv"]}
    assert len(papers) == sum(1 for _, a in graph.nodes(data=True) if a["type"] == "paper")
    for _, attrs in graph.nodes(data=True):
        if attrs["type"] == "paper":
            row = papers[attrs["paper_id"]]
            assert (row["title"], row["sources"], row["upvotes"]) == (
                attrs["label"],
                attrs["sources"],
                attrs.get("upvotes"),
            )
    concepts = {row["id"]: row for row in back["concepts.csv"]}
    for node, attrs in graph.nodes(data=True):
        if attrs["type"] != "paper":
            assert concepts[node] == {"id": node, **{k: attrs[k] for k in tables.CONCEPT_COLUMNS if k != "id"}}
    assert len(back["mentions.csv"]) == sum(a["mentions"] for *_, a in graph.edges(data=True))


# RDF ---------------------------------------------------------------------------------------

Fact = tuple[str, str, object]
"""A triple as plain values: subject IRI, predicate IRI, and an IRI or (lexical form, datatype, language)."""
_STRING = str(XSD.string)


def _written(kg: KnowledgeGraph) -> set[Fact]:
    """What :func:`kg.export.rdf.triples` says, as plain values."""
    return {
        (s, p, (o.value, o.datatype or _STRING, o.lang) if isinstance(o, rdf.Literal) else o)
        for s, p, o in rdf.triples(kg, mentions=True)
    }


def _rdflib_facts(graph: Graph) -> set[Fact]:
    return {
        (
            str(s),
            str(p),
            (str(o), str(o.datatype) if o.datatype else _STRING, o.language)
            if isinstance(o, RdflibLiteral)
            else str(o),
        )
        for s, p, o in graph
    }


def _oxigraph_facts(store: ox.Store) -> set[Fact]:
    facts: set[Fact] = set()
    for quad in store:
        obj = quad.object
        if isinstance(obj, ox.Literal):
            facts.add((quad.subject.value, quad.predicate.value, (obj.value, obj.datatype.value, obj.language)))
        else:
            facts.add((quad.subject.value, quad.predicate.value, obj.value))
    return facts


def _integers_as_integer(facts: set[Fact]) -> set[Fact]:
    """Oxigraph's store keeps an xsd:nonNegativeInteger as the xsd:integer of the same value."""
    derived = str(XSD.nonNegativeInteger)
    return {
        (s, p, (o[0], str(XSD.integer), o[2]) if isinstance(o, tuple) and o[1] == derived else o) for s, p, o in facts
    }


def _says_the_graph(data: Graph, kg: KnowledgeGraph) -> None:
    """The parsed RDF holds every node with its type, label, counts and lists, and every edge."""
    graph = kg.graph

    def text(value: str) -> RdflibLiteral:
        return RdflibLiteral(safe_text(value))

    def count(subject: URIRef, predicate: URIRef) -> object:
        values = [o.toPython() for o in data.objects(subject, predicate)]
        return values[0] if len(values) == 1 else values

    for node, attrs in graph.nodes(data=True):
        iri = rdf.node_iri(node)
        if attrs["type"] == "paper":
            assert (iri, SCHEMA.name, text(attrs["label"])) in data
            assert (iri, SCHEMA.abstract, text(attrs["abstract"])) in data
            assert (iri, SCHEMA.identifier, text(attrs["paper_id"])) in data
            assert set(data.objects(iri, URIRef(str(rdf.DCTERMS.source)))) == {text(s) for s in attrs["sources"]}
            for name, predicate in (("authors_count", KG.authorCount), ("upvotes", KG.upvotes)):
                assert count(iri, predicate) == attrs.get(name, []), (node, name)
        else:
            assert (iri, rdf.RDF.type, CLASSES[attrs["type"]]) in data
            assert set(data.objects(iri, SKOS.prefLabel)) == {text(attrs["label"])}
            assert set(data.objects(iri, SKOS.altLabel)) == {text(a) for a in attrs["aliases"]}
            assert count(iri, KG.paperCount) == attrs["paper_count"]
            assert isinstance(count(iri, KG.paperCount), int)
    for source, target, attrs in graph.edges(data=True):
        paper, concept = rdf.node_iri(source), rdf.node_iri(target)
        assert (paper, PROPERTIES[graph.nodes[target]["type"]], concept) in data
        assert ((paper, KG.proposes, concept) in data) == attrs["proposed"]


def test_each_suffix_kg_writes_reads_as_the_syntax_it_was_written_in() -> None:
    for syntax, suffix in rdf.FORMATS.items():
        assert RDF_SUFFIXES[suffix] == syntax
        assert rdf_syntax(Path(rdf.file_name(syntax))) == syntax
    assert set(RDF_SUFFIXES.values()) == set(MEDIA_TYPES)


@pytest.mark.parametrize("syntax", list(rdf.FORMATS))
@pytest.mark.parametrize("name", GRAPHS)
def test_rdf_gives_back_the_graph(name: str, syntax: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Turtle, N-Triples and JSON-LD, read by rdflib (kg validate, kg sparql --engine rdflib)
    and by Oxigraph (kg sparql), hold exactly the triples written, which say the graph."""
    kg: KnowledgeGraph = request.getfixturevalue(name)
    path = tmp_path / rdf.file_name(syntax)
    rdf.write(kg, path, syntax, mentions=True)
    written = _written(kg)
    data = read_rdf(path)
    assert _rdflib_facts(data) == written
    _says_the_graph(data, kg)
    assert _integers_as_integer(_oxigraph_facts(read_oxigraph(path))) == _integers_as_integer(written)
    mention_texts = {str(o) for o in data.objects(None, KG.anchorText)}
    assert mention_texts == {safe_text(lm.mention.text) for lm in kg.mentions}
