"""Questions people ask of the graph, answered from Python as pandas DataFrames.

Every helper takes the ``networkx.MultiDiGraph`` that :func:`kg.build` or
:func:`kg.load` returns.  Concepts can be named by node id
(``method:graph-neural-network``), label or any alias ("GNN"); papers by node
id, paper id or title.

>>> g = example_graph()
>>> top_concepts(g, "method", 2)[["label", "paper_count"]]
                  label  paper_count
0  graph neural network            2
1           transformer            2
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache

import networkx as nx
import numpy as np
import pandas as pd

from kg.errors import KGError
from kg.graph import CONCEPT_FIELDS, GraphView, paper_adjacency, paper_node
from kg.model import CONCEPT_TYPES, Paper
from kg.normalize import concept_key


def _concepts(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, a in graph.nodes(data=True) if a["type"] != "paper"]


def find_concept(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id of a concept given by id, label or alias; KGError if none or several match.

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
    ]
    frame = pd.DataFrame(rows, columns=["paper", "title", "published", "relation", "mentions", "proposed"])
    return frame.sort_values(["mentions", "title"], ascending=[False, True], ignore_index=True)


def concepts_of(graph: nx.MultiDiGraph, paper: str) -> pd.DataFrame:
    """The concepts a paper mentions, by type then label.

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

    >>> related_concepts(example_graph(), "graph neural network", 3)[["label", "shared_papers"]]
          label  shared_papers
    0      Cora              1
    1  GraphMix              1
    2  ImageNet              1
    """
    node = find_concept(graph, concept)
    shared: Counter[str] = Counter()
    for paper in set(graph.predecessors(node)):
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


def method_task_matrix(graph: GraphView, top: int | None = None) -> pd.DataFrame:
    """Papers per (method, task): methods as rows, tasks as columns, labels as names.

    ``top`` keeps the methods and tasks with the most papers.

    >>> method_task_matrix(example_graph())
    task                  image classification  node classification
    method
    GraphMix                                 0                    1
    Vision transformer                       1                    0
    graph neural network                     1                    1
    transformer                              2                    0
    """

    def methods_and_tasks() -> Iterator[tuple[list[str], list[str]]]:
        for _, neighbours in paper_adjacency(graph):
            targets = set(neighbours)
            methods = [graph.nodes[c]["label"] for c in targets if graph.nodes[c]["type"] == "method"]
            tasks = [graph.nodes[c]["label"] for c in targets if graph.nodes[c]["type"] == "task"]
            yield methods, tasks

    # A row's (column's) sum is the number of (method, task) mentions it is in: known
    # without tallying every pair, which a large corpus has millions of.
    row_sums, col_sums = Counter[str](), Counter[str]()
    for methods, tasks in methods_and_tasks():
        if methods and tasks:
            for method in methods:
                row_sums[method] += len(tasks)
            for task in tasks:
                col_sums[task] += len(methods)
    if not row_sums:
        return pd.DataFrame()
    row_names, col_names = sorted(row_sums), sorted(col_sums)
    if top is not None:
        # Chosen before the pairs are counted, so only top x top cells are held.
        row_names = sorted(sorted(row_names, key=lambda m: -row_sums[m])[:top])
        col_names = sorted(sorted(col_names, key=lambda t: -col_sums[t])[:top])
    kept_rows, kept_cols = set(row_names), set(col_names)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for methods, tasks in methods_and_tasks():
        for method in methods:
            if method in kept_rows:
                for task in tasks:
                    if task in kept_cols:
                        counts[(method, task)] += 1
    rows = {method: i for i, method in enumerate(row_names)}
    cols = {task: i for i, task in enumerate(col_names)}
    values = np.zeros((len(rows), len(cols)), dtype=np.int64)
    for (method, task), n in counts.items():
        if method in rows and task in cols:
            values[rows[method], cols[task]] = n
    return pd.DataFrame(values, index=pd.Index(list(rows), name="method"), columns=pd.Index(list(cols), name="task"))


@cache
def _example() -> nx.MultiDiGraph:
    from kg.build import build_knowledge_graph

    papers = [
        Paper(
            "p1",
            "GraphMix for node classification",
            "We propose GraphMix, which trains graph neural networks (GNNs) for node classification. "
            "GNNs with GraphMix reach the best accuracy on the Cora dataset.",
        ),
        Paper(
            "p2",
            "Comparing models on ImageNet",
            "We compare a transformer with graph neural networks for image classification on ImageNet.",
        ),
        Paper(
            "p3",
            "Vision transformers",
            "A transformer trained for image classification on ImageNet and CIFAR-10.",
        ),
    ]
    return build_knowledge_graph(papers).graph


def example_graph() -> nx.MultiDiGraph:
    """A three-paper graph to try the helpers on (a fresh copy each call)."""
    return _example().copy()
