"""Questions people ask of the graph, answered from Python as pandas DataFrames.

Every helper takes the ``networkx.MultiDiGraph`` that :func:`kg.build` or
:func:`kg.load` returns.  Concepts can be named by node id
(``method:graph-neural-network``), label or any alias ("GNN"); papers by node
id, paper id or title.  The examples run on :func:`kg.examples.example_graph`.

>>> from kg.examples import example_graph
>>> g = example_graph()
>>> top_concepts(g, "method", 2)[["label", "paper_count"]]
                  label  paper_count
0  graph neural network            2
1           transformer            2
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from kg.errors import KGError
from kg.graph import CONCEPT_FIELDS, paper_node
from kg.model import CONCEPT_TYPES
from kg.normalize import concept_key
from kg.stats import method_task_matrix

__all__ = [
    "concepts_of",
    "find_concept",
    "find_paper",
    "method_task_matrix",
    "methods_for",
    "papers_of",
    "related_concepts",
    "results_on",
    "top_concepts",
]


def _concepts(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, a in graph.nodes(data=True) if a["type"] != "paper"]


def find_concept(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id of a concept given by id, label or alias; KGError if none or several match.

    >>> from kg.examples import example_graph
    >>> find_concept(example_graph(), "GNNs")
    'method:graph-neural-network'
    """
    if name in graph and graph.nodes[name]["type"] != "paper":
        return name
    key = concept_key(name)
    found = sorted(
        node
        for node in _concepts(graph)
        if key in {concept_key(n) for n in [graph.nodes[node]["label"], *graph.nodes[node]["aliases"]]}
    )
    if not found:
        raise KGError(f"no concept named {name!r} in the graph")
    if len(found) > 1:
        raise KGError(f"{name!r} names several concepts: {', '.join(found)}; pass one of these ids")
    return found[0]


def find_paper(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id of a paper given by node id, paper id or exact title."""
    for candidate in (name, paper_node(name)):
        if candidate in graph and graph.nodes[candidate]["type"] == "paper":
            return candidate
    matches = [str(n) for n, a in graph.nodes(data=True) if a["type"] == "paper" and a["label"] == name]
    if len(matches) == 1:
        return matches[0]
    raise KGError(f"no single paper with id or title {name!r} in the graph")


def papers_of(graph: nx.MultiDiGraph, concept: str) -> pd.DataFrame:
    """The papers that mention a concept, most mentions first.

    >>> from kg.examples import example_graph
    >>> papers_of(example_graph(), "GNN")[["title", "mentions"]]
                                  title  mentions
    0  GraphMix for node classification         3
    1      Comparing models on ImageNet         1
    """
    node = find_concept(graph, concept)
    rows = [
        {
            "paper": source,
            "title": graph.nodes[source]["label"],
            "published": graph.nodes[source].get("published"),
            "relation": attrs["relation"],
            "mentions": attrs["mentions"],
            "proposed": attrs["proposed"],
        }
        for source, _, attrs in graph.in_edges(node, data=True)
        if graph.nodes[source]["type"] == "paper"  # a --relations graph also links concepts
    ]
    frame = pd.DataFrame(rows, columns=["paper", "title", "published", "relation", "mentions", "proposed"])
    return frame.sort_values(["mentions", "title"], ascending=[False, True], ignore_index=True)


def concepts_of(graph: nx.MultiDiGraph, paper: str) -> pd.DataFrame:
    """The concepts a paper mentions, by type then label.

    >>> from kg.examples import example_graph
    >>> concepts_of(example_graph(), "GraphMix for node classification")[["type", "label", "proposed"]]
          type                 label  proposed
    0  dataset                  Cora     False
    1   method              GraphMix      True
    2   method  graph neural network     False
    3     task   node classification     False
    """
    node = find_paper(graph, paper)
    rows = [
        {
            "concept": target,
            "type": graph.nodes[target]["type"],
            "label": graph.nodes[target]["label"],
            "relation": attrs["relation"],
            "mentions": attrs["mentions"],
            "proposed": attrs["proposed"],
        }
        for _, target, attrs in graph.out_edges(node, data=True)
    ]
    frame = pd.DataFrame(rows, columns=["concept", "type", "label", "relation", "mentions", "proposed"])
    return frame.sort_values(["type", "label"], ignore_index=True)


def top_concepts(graph: nx.MultiDiGraph, kind: str | None = None, n: int = 10) -> pd.DataFrame:
    """The ``n`` concepts (of one type, or all) mentioned by the most papers, with the
    columns of ``concepts.csv`` (:data:`kg.graph.CONCEPT_FIELDS`), so a table read
    from either has the same names; ``aliases`` is a list here."""
    if kind is not None and kind not in CONCEPT_TYPES:
        raise KGError(f"unknown concept type {kind!r}; choose from {', '.join(CONCEPT_TYPES)}")
    rows = [
        {
            "id": node,
            "type": graph.nodes[node]["type"],
            "label": graph.nodes[node]["label"],
            "aliases": list(graph.nodes[node].get("aliases") or []),
            "paper_count": graph.nodes[node]["paper_count"],
            "mention_count": graph.nodes[node]["mention_count"],
        }
        for node in _concepts(graph)
        if kind is None or graph.nodes[node]["type"] == kind
    ]
    frame = pd.DataFrame(rows, columns=list(CONCEPT_FIELDS))
    frame = frame.sort_values(
        ["paper_count", "mention_count", "label"], ascending=[False, False, True], ignore_index=True
    )
    return frame.head(n).reset_index(drop=True)


def related_concepts(graph: nx.MultiDiGraph, concept: str, n: int = 10) -> pd.DataFrame:
    """Concepts that share papers with ``concept``, by number of shared papers.

    >>> from kg.examples import example_graph
    >>> related_concepts(example_graph(), "graph neural network", 3)[["label", "shared_papers"]]
          label  shared_papers
    0      Cora              1
    1  GraphMix              1
    2  ImageNet              1
    """
    node = find_concept(graph, concept)
    shared: Counter[str] = Counter()
    for paper in {p for p in graph.predecessors(node) if graph.nodes[p]["type"] == "paper"}:
        for other in set(graph.successors(paper)):
            if other != node:
                shared[other] += 1
    rows = [
        {"concept": c, "type": graph.nodes[c]["type"], "label": graph.nodes[c]["label"], "shared_papers": k}
        for c, k in shared.items()
    ]
    frame = pd.DataFrame(rows, columns=["concept", "type", "label", "shared_papers"])
    frame = frame.sort_values(["shared_papers", "label"], ascending=[False, True], ignore_index=True)
    return frame.head(n).reset_index(drop=True)


METHODS_FOR_COLUMNS = ("method", "label", "paper_count", "papers", "sentence")
RESULTS_ON_COLUMNS = ("method", "method_label", "metric", "value", "paper", "sentence")


def methods_for(graph: nx.MultiDiGraph, task: str) -> pd.DataFrame:
    """The methods that papers' sentences say are used for ``task``, most papers first, each
    with its papers and one sentence that says so.

    Stated relations are in the graph of a ``kg build --relations`` (or ``kg.build`` with
    ``ExtractOptions(relations=True)``) and in the GraphML it writes; a graph built without
    them has none, and the table is empty.  The task is named as :func:`find_concept` takes it.
    """
    node = find_concept(graph, task)
    rows = [
        {
            "method": source,
            "label": graph.nodes[source]["label"],
            "paper_count": attrs["paper_count"],
            "papers": list(attrs["papers"]),
            "sentence": attrs["sentence"],
        }
        for source, _, attrs in graph.in_edges(node, data=True)
        if attrs.get("kind") == "stated" and attrs["relation"] == "used-for" and graph.nodes[source]["type"] == "method"
    ]
    frame = pd.DataFrame(rows, columns=list(METHODS_FOR_COLUMNS))
    return frame.sort_values(["paper_count", "label"], ascending=[False, True], ignore_index=True)


def results_on(graph: nx.MultiDiGraph, dataset: str) -> pd.DataFrame:
    """The results papers' sentences state on ``dataset``: the method, metric and value, the
    paper and the sentence, in paper order.

    Results come from ``kg_result_claims`` in a ``--relations`` build; only those whose method
    and data set are concepts of the graph are kept (a claim that names no method kg found is
    not).  The data set is named as :func:`find_concept` takes it.
    """
    node = find_concept(graph, dataset)
    rows = [
        {
            "method": source,
            "method_label": graph.nodes[source]["label"],
            "metric": attrs.get("metric"),
            "value": attrs["value"],
            "paper": attrs["paper"],
            "sentence": attrs["sentence"],
        }
        for source, _, attrs in graph.in_edges(node, data=True)
        if attrs.get("kind") == "claim"
    ]
    return pd.DataFrame(rows, columns=list(RESULTS_ON_COLUMNS))
