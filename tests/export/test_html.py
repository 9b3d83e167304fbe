from __future__ import annotations

import json
import re
from pathlib import Path

from kg.export import html
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper

INJECTION = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> href {{VIS_JS}}"


def test_page_is_self_contained(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.html"
    html.write(small_kg, path)
    page = path.read_text(encoding="utf-8")
    # No element loads anything from elsewhere: no src/href attributes to http(s), no CDN.
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    for host in ("jsdelivr", "unpkg", "cdnjs", "bootstrapcdn", "googleapis", "cloudflare"):
        assert host not in page
    assert "default-src 'none'" in page
    assert "vis.Network" in page


def test_node_text_is_data_not_markup(tmp_path: Path) -> None:
    paper = Paper(id="p1", title=INJECTION, abstract="Graph neural networks for node classification.")
    concepts, linked = link([Mention("p1", "method", "<b>GNN</b>", "abstract", 0, 1, "s", "test")])
    kg = build_graph([paper], concepts, linked)
    page = html.render(kg, html.ViewOptions(min_papers=1))
    assert "<img" not in page
    assert page.count("</script>") == 3  # the three script elements of the template, nothing more
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert data is not None
    view = json.loads(data.group(1))
    labels = {n["type"]: n["label"] for n in view["nodes"]}
    assert labels == {"paper": INJECTION, "method": "<b>GNN</b>"}
    assert view["counts"] == {"method": 1, "task": 0, "dataset": 0, "paper": 1}


def test_view_has_every_node_and_edge(small_kg: KnowledgeGraph) -> None:
    view = html.view_data(small_kg, html.ViewOptions(min_papers=1))
    nodes: list[dict[str, object]] = view["nodes"]  # type: ignore[assignment]
    edges: list[dict[str, object]] = view["edges"]  # type: ignore[assignment]
    assert len(nodes) == small_kg.graph.number_of_nodes()
    assert len([e for e in edges if e["kind"] == "mention"]) == small_kg.graph.number_of_edges()
    assert view["leftOut"] == []


def test_concept_links_are_weighted_by_shared_papers() -> None:
    from tests.handmade import handmade_kg

    view = html.view_data(handmade_kg(), html.ViewOptions(min_papers=1))
    edges: list[dict[str, object]] = view["edges"]  # type: ignore[assignment]
    shared = {(e["from"], e["to"]): e["weight"] for e in edges if e["kind"] == "shared"}
    assert shared[("method:graph-neural-network", "task:node-classification")] == 3
    assert shared[("method:transformer", "dataset:imagenet")] == 2
    # Method-method pairs are not concept links in the view.
    assert not any(a.startswith("method:") and b.startswith("method:") for a, b in shared)  # type: ignore[union-attr]


def test_large_graphs_are_pruned_and_the_page_says_so() -> None:
    from tests.handmade import handmade_kg

    view = html.view_data(handmade_kg(), html.ViewOptions(max_nodes=3, min_papers=2))
    nodes: list[dict[str, object]] = view["nodes"]  # type: ignore[assignment]
    concepts = [n for n in nodes if n["type"] != "paper"]
    assert len(concepts) == 3
    assert all(n["papers"] >= 2 for n in concepts)  # type: ignore[operator]
    assert any("concepts are not drawn" in note for note in view["leftOut"])  # type: ignore[union-attr]
