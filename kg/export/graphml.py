"""GraphML for Gephi, yEd, Cytoscape and networkx.

GraphML attributes must be scalars of one type per name: lists are joined with
``|``, missing values are left out (never ``None``), and text is stripped of
characters XML cannot hold, so every reader accepts the file and
``networkx.read_graphml`` gives back the same nodes, edges and attributes.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.text import safe_text
from kg.graph import KnowledgeGraph

LIST_SEPARATOR = "|"


def _flat(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return LIST_SEPARATOR.join(safe_text(str(v)) for v in value)
    if isinstance(value, str):
        return safe_text(value)
    return value


def graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose every attribute GraphML can hold as it is."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if v is not None})
    for node, attrs in graph.nodes(data=True):
        flat.add_node(safe_text(str(node)), **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(
            safe_text(str(source)),
            safe_text(str(target)),
            key=safe_text(str(key)),
            **{k: _flat(v) for k, v in attrs.items() if v is not None},
        )
    return flat


def write(kg: KnowledgeGraph, path: Path) -> list[Path]:
    """Write the graph as GraphML to ``path``."""
    nx.write_graphml(graphml_graph(kg.graph), path, encoding="utf-8", prettyprint=True)
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    """Read a kg GraphML file back into a MultiDiGraph (lists stay joined)."""
    graph = nx.read_graphml(path, force_multigraph=True)
    if not isinstance(graph, nx.MultiDiGraph):
        graph = nx.MultiDiGraph(graph)
    return graph
