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
    page = html.render(kg)
    assert "<img" not in page
    assert page.count("</script>") == 3  # the three script elements of the template, nothing more
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert data is not None
    view = json.loads(data.group(1))
    assert view["nodes"][0]["label"] == INJECTION
    assert view["counts"] == {"method": 1, "task": 0, "dataset": 0, "paper": 1}


def test_view_has_every_node_and_edge(small_kg: KnowledgeGraph) -> None:
    view = html.view_data(small_kg, "t")
    assert len(view["nodes"]) == small_kg.graph.number_of_nodes()  # type: ignore[arg-type]
    assert len(view["edges"]) == small_kg.graph.number_of_edges()  # type: ignore[arg-type]
