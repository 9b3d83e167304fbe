"""The Python API: kg.build and kg.load give the same networkx graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.query import concepts_of, find_concept, method_task_matrix, papers_of, related_concepts, top_concepts
from tests.conftest import PAGES, ROOT
from tests.handmade import handmade_kg


def test_build_then_load_round_trips(tmp_path: Path) -> None:
    built = kg.build([PAGES / "spaced.txt", PAGES / "metadata.txt"], out=tmp_path)
    loaded = kg.load(tmp_path)
    assert isinstance(built, nx.MultiDiGraph) and isinstance(loaded, nx.MultiDiGraph)
    assert dict(loaded.nodes(data=True)) == dict(built.nodes(data=True))
    assert sorted(loaded.edges(keys=True, data=True)) == sorted(built.edges(keys=True, data=True))


def test_build_without_files_and_from_records() -> None:
    graph = kg.build([PAGES / "compact.txt"])
    assert sum(1 for _, a in graph.nodes(data=True) if a["type"] == "paper") == 2
    from kg.model import Paper

    records = kg.build([Paper("x", "GraphMix", "We train graph neural networks on the Cora dataset.")])
    assert "paper:x" in records


def test_helpers_answer_with_dataframes() -> None:
    graph = handmade_kg().graph
    assert find_concept(graph, "GNNs") == "method:graph-neural-network"
    assert set(papers_of(graph, "GNN")["paper"]) == {"paper:p1", "paper:p2", "paper:p4"}
    concepts = concepts_of(graph, "GraphMix")
    assert list(concepts["label"]) == ["Cora", "PubMed", "GraphMix", "graph neural network", "node classification"]
    assert concepts.set_index("label").loc["GraphMix", "proposed"]
    top = top_concepts(graph, "method", 2)
    assert list(top["label"]) == ["graph neural network", "dropout"]
    assert list(top["paper_count"]) == sorted(top["paper_count"], reverse=True)
    related = related_concepts(graph, "ImageNet")
    assert related.iloc[0]["label"] in {"image classification", "transformer"} and related.iloc[0]["shared_papers"] == 2
    matrix = method_task_matrix(graph)
    assert matrix.loc["graph neural network", "node classification"] == 3
    assert matrix.loc["transformer", "image classification"] == 2
    assert method_task_matrix(graph, top=1).shape == (1, 1)


def test_helpers_say_what_is_missing() -> None:
    graph = handmade_kg().graph
    with pytest.raises(KGError, match="no concept named"):
        papers_of(graph, "quantum annealing")
    with pytest.raises(KGError, match="unknown concept type"):
        top_concepts(graph, "person")


def test_top_of_the_method_task_matrix_is_the_best_part_of_the_whole() -> None:
    """``top`` keeps the rows and columns with most papers (ties by name), cells as in the whole matrix."""
    demo = kg.load(ROOT / "exports")
    whole = method_task_matrix(demo)
    for top in (1, 7, 15):
        part = method_task_matrix(demo, top=top)
        rows = sorted(sorted(whole.index, key=lambda m: -whole.loc[m].sum())[:top])
        cols = sorted(sorted(whole.columns, key=lambda t: -whole[t].sum())[:top])
        assert list(part.index) == rows and list(part.columns) == cols
        assert part.equals(whole.loc[rows, cols])


@pytest.fixture(scope="module")
def one_demo_file() -> KnowledgeGraph:
    """The graph of one file of the demo corpus, built once for the tests that only read it."""
    from kg.building import build_knowledge_graph
    from kg.sources import read_corpus

    return build_knowledge_graph(read_corpus([ROOT / "data" / "daily-papers" / "000_66f2ce7dbc3a60c0.txt"]).papers)


@pytest.mark.parametrize("top", [None, 1, 4, 12])
def test_the_method_task_matrix_is_a_tally_of_every_pair_cut_to_its_top_rows_and_columns(
    one_demo_file: KnowledgeGraph, top: int | None
) -> None:
    built = one_demo_file
    graph = built.graph
    pairs: dict[tuple[str, str], int] = {}
    for paper, attrs in graph.nodes(data=True):
        if attrs["type"] == "paper":
            labels = [(graph.nodes[c]["type"], graph.nodes[c]["label"]) for c in graph.successors(paper)]
            for method in (label for kind, label in labels if kind == "method"):
                for task in (label for kind, label in labels if kind == "task"):
                    pairs[(method, task)] = pairs.get((method, task), 0) + 1
    rows = {m for m, _ in pairs}
    cols = {t for _, t in pairs}
    if top is not None:
        row_sum = {m: sum(n for (a, _), n in pairs.items() if a == m) for m in rows}
        col_sum = {t: sum(n for (_, b), n in pairs.items() if b == t) for t in cols}
        rows = set(sorted(sorted(rows), key=lambda m: -row_sum[m])[:top])
        cols = set(sorted(sorted(cols), key=lambda t: -col_sum[t])[:top])
    for view in (graph, built.view):
        matrix = method_task_matrix(view, top=top)
        assert list(matrix.index) == sorted(rows) and list(matrix.columns) == sorted(cols)
        assert {(m, t): n for (m, t), n in matrix.stack().items() if n} == {
            pair: n for pair, n in pairs.items() if pair[0] in rows and pair[1] in cols
        }
    assert len(pairs) > 30


def test_load_raises_kgs_own_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="nothere: no such file"):
        kg.load(tmp_path / "nothere")
    with pytest.raises(KGError, match=r"graph\.graphml: no such file"):
        kg.load(tmp_path)
    (tmp_path / "graph.graphml").write_text("<graphml>\n<node id='a'>", encoding="utf-8")
    with pytest.raises(KGError, match=r"graph\.graphml:2: not well-formed GraphML"):
        kg.load(tmp_path)


def test_top_concepts_has_the_columns_of_concepts_csv() -> None:
    """A user reading concepts.csv and calling top_concepts() meets the same column names and values."""
    import pandas as pd

    graph = kg.load(ROOT / "exports")
    table = pd.read_csv(ROOT / "exports" / "concepts.csv", keep_default_na=False)
    top = top_concepts(graph, "method", 5)
    assert list(top.columns) == list(table.columns)
    from_csv = table.set_index("id").loc[list(top["id"])]
    assert list(from_csv["paper_count"]) == list(top["paper_count"])
    assert list(from_csv["label"]) == list(top["label"])
