"""The graph streamed from disk is the networkx graph: same nodes, edges, attributes and
order, and every export written from it is the same file, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.building import build, build_knowledge_graph
from kg.export import EXPORTERS, ExportOptions
from kg.graph import KnowledgeGraph, StreamedGraph, paper_adjacency
from kg.sources import read_corpus
from kg.spool import Spool
from tests.conftest import PAGES


@pytest.fixture(scope="module")
def streamed() -> KnowledgeGraph:
    corpus = read_corpus([PAGES / "spaced.txt", PAGES / "metadata.txt", PAGES / "compact.txt"])
    kg = build_knowledge_graph(corpus.papers)
    assert isinstance(kg.view, StreamedGraph)
    return kg


def test_the_streamed_graph_reads_as_the_networkx_graph(streamed: KnowledgeGraph) -> None:
    view, graph = streamed.view, streamed.graph
    assert isinstance(view, StreamedGraph) and not isinstance(graph, StreamedGraph)
    assert list(view.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(view.nodes) == list(graph.nodes) and len(view.nodes) == len(graph) == len(view)
    for keys in (False, True):
        for data in (False, True):
            assert list(view.edges(keys=keys, data=data)) == list(graph.edges(keys=keys, data=data))
    assert [(n, dict(nbrs)) for n, nbrs in view.adjacency()] == [
        (n, {t: dict(k) for t, k in nbrs.items()}) for n, nbrs in graph.adjacency()
    ]
    in_memory = [(n, {t: dict(k) for t, k in b.items()}) for n, b in paper_adjacency(graph)]
    assert list(paper_adjacency(view)) == in_memory
    for node in graph:
        assert node in view.nodes and view.nodes[node] == graph.nodes[node]
    assert "paper:nowhere" not in view.nodes
    with pytest.raises(KeyError):
        view.nodes["paper:nowhere"]
    assert view.number_of_edges() == graph.number_of_edges() > 10
    assert view.graph == graph.graph
    assert streamed.graph is graph, "made once"


@pytest.mark.parametrize(
    "options",
    [ExportOptions(), ExportOptions(rdf_format="nt", mentions=True), ExportOptions(rdf_format="json-ld")],
    ids=["turtle", "nt-with-mentions", "json-ld"],
)
def test_every_export_from_the_stream_is_the_export_from_memory(
    streamed: KnowledgeGraph, options: ExportOptions, tmp_path: Path
) -> None:
    in_memory = KnowledgeGraph(view=streamed.graph, mentions=streamed.mentions)
    for name, exporter in EXPORTERS.items():
        (tmp_path / "stream" / name).mkdir(parents=True)
        (tmp_path / "memory" / name).mkdir(parents=True)
        from_stream = exporter.write_into(streamed, tmp_path / "stream" / name, options)
        from_memory = exporter.write_into(in_memory, tmp_path / "memory" / name, options)
        assert [p.name for p in from_stream] == [p.name for p in from_memory]
        for a, b in zip(from_stream, from_memory, strict=True):
            assert a.read_bytes() == b.read_bytes(), f"{name}: {a.name} differs"


def test_a_build_from_files_keeps_papers_and_mentions_on_disk(tmp_path: Path) -> None:
    kg, report = build([PAGES / "spaced.txt", PAGES / "metadata.txt"], out=tmp_path / "out", formats=["graphml"])
    assert isinstance(kg.view, StreamedGraph)
    assert isinstance(kg.view.papers, Spool) and isinstance(kg.mentions, Spool)
    assert "graph" not in vars(kg), "no networkx graph was made for the exports"
    assert report.edges == kg.graph.number_of_edges() and report.papers == kg.graph.number_of_nodes() - sum(
        report.concepts.values()
    )


def test_a_mention_of_no_known_concept_is_an_error_not_a_bare_node() -> None:
    from kg.link import link
    from tests.handmade import MENTIONS, PAPERS

    concepts, linked = link(MENTIONS)
    view = StreamedGraph(PAPERS, concepts[1:], linked)
    with pytest.raises(ValueError, match=f"links to '{concepts[0].id}', not a concept"):
        list(view.edges())
