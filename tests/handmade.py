"""A small knowledge graph built from hand-written records, so that query answers are known
whatever the extraction model says."""

from __future__ import annotations

from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import (
    ConceptType,
    LinkedRelation,
    LinkedResult,
    Mention,
    Paper,
    SourceRef,
    StatedRelation,
    StatedResult,
)

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


def _stated(paper: str, kind: str, sentence: str, head: tuple[str, str], tail: tuple[str, str]) -> LinkedRelation:
    """A relation ``sentence`` states between two concepts, each given as (concept id, name in the sentence)."""
    (head_id, head_text), (tail_id, tail_text) = head, tail
    at = [(sentence.index(text), sentence.index(text) + len(text)) for text in (head_text, tail_text)]
    stated = StatedRelation(paper, kind, 0, 1, sentence, at[0], at[1], 0.9)
    return LinkedRelation(stated, head_id, tail_id, head_text, tail_text)


STATED_RELATIONS = [
    _stated(
        "p2",
        "used-for",
        "We use GraphMix for node classification.",
        ("method:graphmix", "GraphMix"),
        ("task:node-classification", "node classification"),
    ),
    _stated(
        "p4",
        "compared-with",
        "Graph neural networks outperform the Transformer.",
        ("method:graph-neural-network", "Graph neural networks"),
        ("method:transformer", "Transformer"),
    ),
]
_CLAIM = "GraphMix achieves 81.5% accuracy on Cora."
STATED_RESULTS = [
    LinkedResult(
        StatedResult(
            "p2", _CLAIM, "81.5%", 81.5, "%", False, "accuracy", (18, 23), (24, 32), 0, 1, "GraphMix", "Cora", False
        ),
        "method:graphmix",
        "dataset:cora",
    )
]


def handmade_stated_kg() -> KnowledgeGraph:
    """:func:`handmade_kg` as a ``kg build --relations`` makes it: with a stated used-for, a
    stated compared-with and one result claim, so the queries of stated links have answers."""
    kg = handmade_kg()
    return KnowledgeGraph(kg.view, kg.mentions, STATED_RELATIONS, STATED_RESULTS, stated=True)
