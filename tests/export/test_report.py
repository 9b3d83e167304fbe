"""report.html: what its over-time section says, and labels that are never cut."""

from __future__ import annotations

import re

import networkx as nx

from kg.api import load
from kg.export import report
from tests.conftest import ROOT

LONG_TASK = "solving partial differential equations on irregular meshes"


def _corpus(dated: int, undated: int) -> nx.MultiDiGraph:
    """Papers over 2020-2023 (``dated`` of them with a date) that each mention a
    method and a task with a long name."""
    graph = nx.MultiDiGraph()
    concepts = {"method:pinn": ("method", "physics-informed neural network"), "task:pde": ("task", LONG_TASK)}
    for node, (kind, label) in concepts.items():
        count = dated + undated
        graph.add_node(node, type=kind, label=label, aliases=[], paper_count=count, mention_count=count)
    for i in range(dated + undated):
        extra = {"published": f"{2020 + i % 4}-05-01"} if i < dated else {}
        graph.add_node(f"paper:p{i}", type="paper", label=f"Paper {i}", title=f"Paper {i}", sources=[], **extra)
        graph.add_edge(f"paper:p{i}", "method:pinn", key="uses_method", relation="uses_method", mentions=1, weight=1)
        graph.add_edge(f"paper:p{i}", "task:pde", key="addresses_task", relation="addresses_task", mentions=1, weight=1)
    return graph


def _over_time(page: str) -> str:
    return page[page.index("<h2>Over time</h2>") :]


def test_few_dated_papers_give_counts_per_year_and_say_why_no_trends() -> None:
    section = _over_time(report.render(_corpus(dated=20, undated=380)))
    assert "Dated papers per year" in section
    assert "Most-mentioned concepts over time" not in section
    assert "Only 20 of 400 papers (5%) carry a full date: too few to show concepts over time" in section


def test_enough_dated_papers_show_concepts_over_time() -> None:
    section = _over_time(report.render(_corpus(dated=report.MIN_DATED_FOR_TRENDS, undated=0)))
    assert "Most-mentioned concepts over time" in section
    assert f"From the {report.MIN_DATED_FOR_TRENDS} of {report.MIN_DATED_FOR_TRENDS} papers (100%)" in section


def test_no_date_at_all_is_said_in_words() -> None:
    section = _over_time(report.render(_corpus(dated=0, undated=5)))
    assert "<svg" not in section and "Only 0 of 5 papers (0%) carry a full date" in section


def _svg_words(page: str) -> str:
    return " ".join(html_text for html_text in re.findall(r"<text[^>]*>([^<]*)</text>", page))


def test_axis_labels_are_whole_however_long() -> None:
    """Long concept names are wrapped on the axes, never cut ("solving partial differential e")."""
    words = _svg_words(report.render(_corpus(dated=3, undated=0)))
    assert "solving partial differential" in words  # the first line
    for word in LONG_TASK.split():
        assert word in words.split(), word


def test_every_label_of_the_demo_report_is_drawn_whole() -> None:
    page = report.render(load(ROOT / "exports"))
    words = set(_svg_words(page).split())
    for label in ("solving partial differential equation", "physics-informed neural network"):
        assert set(label.split()) <= words, label


def test_the_corpus_table_names_the_ten_largest_sources_and_sums_the_rest() -> None:
    graph = _corpus(dated=0, undated=30)
    for i, node in enumerate(n for n, a in graph.nodes(data=True) if a["type"] == "paper"):
        graph.nodes[node]["sources"] = [f"pages/{i:03d}.txt:1"]
    rows = dict(report.statistics(graph))
    named = [k for k in rows if k.startswith("listings in pages/")]
    assert len(named) == report.SOURCE_ROWS
    assert rows["listings in 20 other files"] == "20"
