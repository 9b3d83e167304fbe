"""A small knowledge graph built from hand-written records, so that query answers are known
whatever the extraction model says."""

from __future__ import annotations

from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import ConceptType, Mention, Paper, SourceRef

PAPERS = [
    Paper("p1", "Graph networks for citations", "A1", "2021-03-01", 3, None, None, (SourceRef("pages/a.txt", 4),)),
    Paper(
        "p2",
        "GraphMix",
        "A2",
        "2022-05-01",
        2,
        7,
        "2205.00001",
        (SourceRef("pages/a.txt", 9), SourceRef("pages/b.txt", 2)),
    ),
    Paper("p3", "Vision at scale", "A3", "2022-07-01", None, None, None, (SourceRef("pages/b.txt", 7),)),
    Paper("p4", "Graphs meet vision", "A4", "--01-15", None, None, None, (SourceRef("pages/c.txt", 1),)),
]


def _m(paper: str, kind: ConceptType, text: str, proposed: bool = False, long_form: str | None = None) -> Mention:
    return Mention(paper, kind, text, "abstract", 0, len(text), f"We use {text}.", "test", 1.0, long_form, proposed)


MENTIONS = [
    _m("p1", "method", "graph neural networks"),
    _m("p1", "method", "GNNs", long_form="graph neural networks"),
    _m("p1", "method", "dropout"),
    _m("p1", "task", "node classification"),
    _m("p1", "dataset", "Cora"),
    _m("p2", "method", "GNN"),
    _m("p2", "method", "GraphMix", proposed=True),
    _m("p2", "task", "node classification"),
    _m("p2", "dataset", "Cora dataset"),
    _m("p2", "dataset", "PubMed"),
    _m("p3", "method", "transformers"),
    _m("p3", "method", "dropout"),
    _m("p3", "task", "image classification"),
    _m("p3", "dataset", "ImageNet"),
    _m("p4", "method", "Transformer"),
    _m("p4", "method", "graph neural network"),
    _m("p4", "task", "node classification"),
    _m("p4", "task", "image classification"),
    _m("p4", "dataset", "ImageNet"),
]


def handmade_kg() -> KnowledgeGraph:
    concepts, linked = link(MENTIONS)
    return build_graph(PAPERS, concepts, linked)
