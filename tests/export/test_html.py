from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.api import load
from kg.export import html
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper
from tests.conftest import ROOT

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


def _two_paper_kg() -> KnowledgeGraph:
    """Two papers whose concepts each have one paper: the corpus that used to draw nothing."""
    papers = [Paper("a", "Graphs", "x"), Paper("b", "Images", "y")]
    mentions = [
        Mention("a", "method", "graph neural network", "abstract", 0, 1, "s", "test"),
        Mention("a", "task", "node classification", "abstract", 0, 1, "s", "test"),
        Mention("a", "dataset", "Cora", "abstract", 0, 1, "s", "test"),
        Mention("b", "method", "convolutional network", "abstract", 0, 1, "s", "test"),
        Mention("b", "task", "image classification", "abstract", 0, 1, "s", "test"),
    ]
    concepts, linked = link(mentions)
    return build_graph(papers, concepts, linked)


def test_small_corpus_draws_every_concept_and_says_why() -> None:
    view = html.view_data(_two_paper_kg())
    nodes: list[dict[str, object]] = view["nodes"]  # type: ignore[assignment]
    assert len([n for n in nodes if n["type"] != "paper"]) == 5
    assert view["leftOut"] == []
    notes: list[str] = view["notes"]  # type: ignore[assignment]
    assert any("every concept with at least 1 paper is drawn" in note for note in notes)
    # Two papers are few enough to show from the start.
    assert view["showPapers"] is True


@pytest.mark.slow  # two fresh Python processes
def test_layout_is_stored_and_the_same_in_every_process() -> None:
    script = (
        "import json; from tests.handmade import handmade_kg; from kg.export import html; "
        "v = html.view_data(handmade_kg()); "
        "print(json.dumps([[n['id'], n['x'], n['y'], n['c']] for n in v['nodes']]))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    placed = json.loads(runs[0])
    assert len(placed) == len({(x, y) for _, x, y, _ in placed})  # no two nodes on one spot


def test_concepts_do_not_overlap_and_papers_sit_by_their_concepts() -> None:
    from tests.handmade import handmade_kg

    view = html.view_data(handmade_kg())
    nodes: list[dict[str, Any]] = view["nodes"]  # type: ignore[assignment]
    concepts = [n for n in nodes if n["type"] != "paper"]
    for i, a in enumerate(concepts):
        for b in concepts[i + 1 :]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= a["size"] + b["size"]
    at = {n["id"]: (n["x"], n["y"]) for n in nodes}
    edges: list[dict[str, Any]] = view["edges"]  # type: ignore[assignment]
    for paper in (n for n in nodes if n["type"] == "paper"):
        mentioned = [at[e["to"]] for e in edges if e["kind"] == "mention" and e["from"] == paper["id"]]
        centre = (sum(x for x, _ in mentioned) / len(mentioned), sum(y for _, y in mentioned) / len(mentioned))
        assert math.dist(centre, at[paper["id"]]) <= 42.0


def test_communities_are_coloured_and_named_by_their_top_concepts() -> None:
    view = html.view_data(KnowledgeGraph(load(ROOT / "exports"), ()))
    nodes: list[dict[str, Any]] = view["nodes"]  # type: ignore[assignment]
    communities: list[dict[str, Any]] = view["communities"]  # type: ignore[assignment]
    assert len(communities) >= 5
    colours = [c["color"] for c in communities[:5]]
    assert len(set(colours)) == 5
    for index, community in enumerate(communities):
        members = [n for n in nodes if n["c"] == index]
        assert len(members) == community["size"]
        top = sorted(members, key=lambda n: -n["papers"])[0]
        assert community["name"].startswith(top["short"])  # named by its most mentioned concept
    assert all(n["c"] >= 0 for n in nodes if n["type"] != "paper")


def test_labels_are_larger_for_concepts_with_more_papers() -> None:
    from tests.handmade import handmade_kg

    nodes: list[dict[str, Any]] = html.view_data(handmade_kg())["nodes"]  # type: ignore[assignment]
    concepts = sorted((n for n in nodes if n["type"] != "paper"), key=lambda n: -n["papers"])
    assert concepts[0]["px"] == html.LABEL_MAX_PX and concepts[-1]["px"] >= html.LABEL_MIN_PX
    assert [n["px"] for n in concepts] == sorted((n["px"] for n in concepts), reverse=True)


def test_matrix_cells_count_papers_and_list_them() -> None:
    from tests.handmade import handmade_kg

    matrix: dict[str, Any] = html.view_data(handmade_kg())["matrix"]  # type: ignore[assignment]
    cells = {(matrix["methods"][i], matrix["tasks"][j]): (n, papers) for i, j, n, papers in matrix["cells"]}
    count, papers = cells[("method:graph-neural-network", "task:node-classification")]
    assert count == 3 and sorted(papers) == ["paper:p1", "paper:p2", "paper:p4"]


def test_weak_concept_links_are_left_out_and_the_page_says_so() -> None:
    from tests.handmade import handmade_kg

    view = html.view_data(handmade_kg(), html.ViewOptions(max_links=1))
    edges: list[dict[str, Any]] = view["edges"]  # type: ignore[assignment]
    shared = [e for e in edges if e["kind"] == "shared"]
    full = [e for e in html.view_data(handmade_kg())["edges"] if e["kind"] == "shared"]  # type: ignore[attr-defined]
    assert len(shared) < len(full)
    assert max(e["weight"] for e in shared) == max(e["weight"] for e in full)
    assert any("concept links are not drawn" in note for note in view["leftOut"])  # type: ignore[attr-defined]


def test_a_corpus_without_concepts_says_there_is_nothing_to_draw() -> None:
    kg = build_graph([Paper("a", "Title", "No concept here.")], *link([]))
    view = html.view_data(kg)
    assert view["nodes"] == [] and view["communities"] == []
    assert view["notes"] == ["No concept was found in these papers, so there is nothing to draw"]
