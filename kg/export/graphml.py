"""GraphML for Gephi, yEd, Cytoscape and networkx.

GraphML attributes must be scalars of one type per name: lists are joined with
``|``, missing values are left out (never ``None``), and text is stripped of
characters XML cannot hold, so every reader accepts the file and
``networkx.read_graphml`` gives back the same nodes, edges and attributes.

networkx's writer is handed a :class:`FlatView` of the graph, which flattens each
node's and edge's attributes as the writer reads them, so writing a graph of a
million edges does not first build a second, flattened graph of the same size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.text import safe_text
from kg.graph import GraphView, KnowledgeGraph

LIST_SEPARATOR = "|"


def _flat(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return LIST_SEPARATOR.join(safe_text(str(v)) for v in value)
    if isinstance(value, str):
        return safe_text(value)
    return value


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, object]:
    return {k: _flat(v) for k, v in attrs.items() if v is not None}


class FlatView:
    """A directed multigraph as GraphML can hold it, made attribute by attribute as it is read.

    It offers the part of the networkx graph interface that networkx's GraphML
    writer reads (``graph``, ``is_directed``, ``is_multigraph``, ``nodes`` and
    ``edges`` with their data); :func:`graphml_graph` makes the same graph whole.
    """

    def __init__(self, graph: GraphView) -> None:
        self._graph = graph
        self.graph = _flat_attrs(graph.graph)

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def nodes(self, data: bool = True) -> Iterator[tuple[str, dict[str, object]]]:
        for node, attrs in self._graph.nodes(data=True):
            yield safe_text(str(node)), _flat_attrs(attrs)

    def edges(self, keys: bool = True, data: bool = True) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        for source, target, key, attrs in self._graph.edges(keys=True, data=True):
            yield safe_text(str(source)), safe_text(str(target)), safe_text(str(key)), _flat_attrs(attrs)


def graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose every attribute GraphML can hold as it is: what the file holds."""
    view = FlatView(graph)
    flat = nx.MultiDiGraph()
    flat.graph.update(view.graph)
    for node, attrs in view.nodes():
        flat.add_node(node, **attrs)
    for source, target, key, attrs in view.edges():
        flat.add_edge(source, target, key=key, **attrs)
    return flat


def write(kg: KnowledgeGraph, path: Path) -> list[Path]:
    """Write the graph as GraphML to ``path``, streamed through networkx's lxml writer."""
    nx.write_graphml_lxml(FlatView(kg.view), path, encoding="utf-8", prettyprint=True)
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    """Read a kg GraphML file back into a MultiDiGraph (lists stay joined)."""
    graph = nx.read_graphml(path, force_multigraph=True)
    if not isinstance(graph, nx.MultiDiGraph):
        graph = nx.MultiDiGraph(graph)
    return graph
