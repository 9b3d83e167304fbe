"""GraphML for Gephi, yEd, Cytoscape and networkx.

GraphML attributes must be scalars of one type per name: lists are joined with
``|`` (a ``|`` inside an item written ``\\|``, see :mod:`kg.export.lists`), missing
values are left out (never ``None``), and text is stripped of characters XML
cannot hold, so every reader accepts the file and ``networkx.read_graphml`` gives
back the same nodes, edges and attributes.  :func:`read_graph` is kg's own
reader: it splits the lists again, so ``kg.load`` gives the graph as it was built.

A ``--relations`` build adds concept-to-concept edges (:func:`kg.graph.statement_edges`):
each stated link keyed and ``relation``-named by its type (``used-for``...), of ``kind``
``stated``, with ``weight`` its number of papers, so Gephi draws the method-task graph
as it is; and each stated result an edge from method to data set (``kind`` ``claim``).

networkx's writer is handed a :class:`FlatView` of the graph, which flattens each
node's and edge's attributes as the writer reads them, so writing a graph of a
million edges does not first build a second, flattened graph of the same size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx

from kg.errors import InputError, InputProblem
from kg.export.lists import SEPARATOR, join_list, split_list
from kg.export.text import safe_text
from kg.graph import GraphView, KnowledgeGraph, statement_edges
from kg.model import CONCEPT_TYPES

LIST_SEPARATOR = SEPARATOR
MoreEdge = tuple[str, str, str, dict[str, Any]]
"""An edge as (source, target, key, attributes)."""


def _flat(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return join_list(safe_text(str(v)) for v in value)
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

    def __init__(self, graph: GraphView, more: Callable[[], Iterable[MoreEdge]] = tuple) -> None:
        self._graph = graph
        self._more = more
        """Edges beyond the graph's own, made afresh on each walk (the writer walks twice)."""
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
        for source, target, key, attrs in self._more():
            yield safe_text(source), safe_text(target), safe_text(key), _flat_attrs(attrs)


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
    nx.write_graphml_lxml(FlatView(kg.view, lambda: statement_edges(kg)), path, encoding="utf-8", prettyprint=True)
    return [path]


def read(path: Path) -> nx.MultiDiGraph:
    """Read a kg GraphML file back into a MultiDiGraph (lists stay joined).

    A missing, unreadable or malformed file is an :class:`~kg.errors.InputError` that
    names it (and the line, for bad XML), so no caller shows a user a traceback.
    """
    hint = "give a folder that kg build wrote, or its graph.graphml"
    if not path.is_file():
        what = "is a folder, not a GraphML file" if path.is_dir() else "no such file"
        raise InputError(InputProblem(path.as_posix(), None, what, hint))
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except ElementTree.ParseError as err:
        line = err.position[0] if err.position else None
        raise InputError(
            InputProblem(path.as_posix(), line, f"not well-formed GraphML ({err})", "rebuild it with kg build")
        ) from err
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(InputProblem(path.as_posix(), None, f"cannot be read ({err})", hint)) from err
    except (nx.NetworkXError, KeyError, ValueError, TypeError) as err:
        raise InputError(
            InputProblem(path.as_posix(), None, f"not a graph kg can read ({err})", "rebuild it with kg build")
        ) from err
    if not isinstance(graph, nx.MultiDiGraph):
        graph = nx.MultiDiGraph(graph)
    return graph


LIST_ATTRIBUTES = ("aliases", "sources")
"""Node attributes that are lists in kg's graph and joined with :data:`LIST_SEPARATOR` in GraphML."""
EDGE_LIST_ATTRIBUTES = ("papers",)
"""Edge attributes that are lists (a stated link's papers) and joined in GraphML."""
NODE_TYPES = frozenset({"paper", *CONCEPT_TYPES})


def read_graph(path: Path) -> nx.MultiDiGraph:
    """The graph ``kg build`` wrote to ``path``, as it was built: lists are lists again.

    The graph's attributes are the built graph's too: the empty ``node_default``
    and ``edge_default`` that networkx's reader adds are dropped.  A GraphML file
    that kg did not write (a node without one of kg's types) is an
    :class:`~kg.errors.InputError`, so the report and the Python helpers never meet it.
    """
    graph = read(path)
    for name in ("node_default", "edge_default"):
        if graph.graph.get(name) == {}:
            del graph.graph[name]
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") not in NODE_TYPES:
            message = f"node {node!r} has no kg type (paper, method, task or dataset): not a graph kg wrote"
            raise InputError(InputProblem(path.as_posix(), None, message, "rebuild it with kg build"))
        for name in LIST_ATTRIBUTES:
            if name in attrs:
                value = attrs[name]
                attrs[name] = split_list(value)
            elif attrs["type"] != "paper" and name == "aliases":
                attrs[name] = []
    for _, _, attrs in graph.edges(data=True):
        for name in EDGE_LIST_ATTRIBUTES:
            if name in attrs:
                attrs[name] = split_list(attrs[name])
    return graph
