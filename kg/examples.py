"""A small graph to try kg's helpers on: the examples in the docstrings of
:mod:`kg.query` and :mod:`kg.stats` run on it.

It is built by the whole pipeline from three short papers, so it has the shape a
real build has; it lives apart from the helpers because building sits above them.
"""

from __future__ import annotations

from functools import cache

import networkx as nx

from kg.building import build_knowledge_graph
from kg.model import Paper


@cache
def _example() -> nx.MultiDiGraph:
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
