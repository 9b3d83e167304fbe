from __future__ import annotations

from pathlib import Path

import networkx as nx
from lxml import etree

from kg.export import graphml
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper


def test_round_trip_keeps_nodes_edges_and_attributes(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    graphml.write(small_kg, path)
    back = graphml.read(path)
    expected = graphml.graphml_graph(small_kg.graph)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    assert back.graph["name"] == expected.graph["name"]
    assert list(back.nodes) == list(expected.nodes)


def test_every_node_has_label_and_type_and_edges_have_weights(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    graphml.write(small_kg, path)
    back = graphml.read(path)
    assert all({"label", "type"} <= set(a) for _, a in back.nodes(data=True))
    assert all(isinstance(a["weight"], int) and a["weight"] >= 1 for *_, a in back.edges(data=True))
    aliases = [a["aliases"] for _, a in back.nodes(data=True) if a["type"] == "method" and a["aliases"]]
    assert aliases and all(isinstance(v, str) for v in aliases)


def test_control_characters_and_markup_give_a_file_every_reader_accepts(tmp_path: Path) -> None:
    title = "Bad \x0b title <b>\"&'</b> \x00\x1f end \ud800"
    paper = Paper(id="p1", title=title, abstract="Graph neural networks \x0c for \x1b node classification.")
    mention = Mention("p1", "method", "Graph \x0b neural", "abstract", 0, 5, "s", "test")
    concepts, linked = link([mention])
    kg = build_graph([paper], concepts, linked)
    path = tmp_path / "hostile.graphml"
    graphml.write(kg, path)
    etree.parse(str(path))  # a strict XML parser accepts it
    back = graphml.read(path)
    assert back.nodes["paper:p1"]["label"] == "Bad   title <b>\"&'</b>    end  "


def test_streamed_file_is_the_file_of_the_flattened_copy(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    """The view handed to the writer gives the bytes of writing a whole flattened copy of the graph."""
    title = "Markup <b>\"&'</b> \x0b and a list"
    paper = Paper(id="p1", title=title, abstract="Graph neural networks for node classification.", upvotes=3)
    mention = Mention("p1", "method", "Graph neural networks", "abstract", 0, 21, "s", "test", proposed=True)
    hostile = build_graph([paper], *link([mention]))
    for name, kg in (("small", small_kg), ("hostile", hostile)):
        streamed, copied = tmp_path / f"{name}-streamed.graphml", tmp_path / f"{name}-copied.graphml"
        graphml.write(kg, streamed)
        nx.write_graphml(graphml.graphml_graph(kg.graph), copied, encoding="utf-8", prettyprint=True)
        assert streamed.read_bytes() == copied.read_bytes(), name
