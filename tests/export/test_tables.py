from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kg.export import tables
from kg.graph import KnowledgeGraph


def test_tables_match_the_graph(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    tables.write(small_kg, tmp_path)
    papers = pd.read_csv(tmp_path / "papers.csv")
    concepts = pd.read_csv(tmp_path / "concepts.csv")
    mentions = pd.read_csv(tmp_path / "mentions.csv")
    graph = small_kg.graph
    assert len(papers) == sum(1 for _, a in graph.nodes(data=True) if a["type"] == "paper")
    assert len(concepts) == graph.number_of_nodes() - len(papers)
    assert len(mentions) == len(small_kg.mentions)
    assert set(mentions["concept_id"]) == set(concepts["id"])
    assert set(mentions["paper_id"]) <= set(papers["id"])
    graphmix = papers[papers["title"].str.startswith("GraphMix")].iloc[0]
    assert graphmix["authors_count"] == 4
    assert "spaced.txt" in graphmix["sources"] and "metadata.txt" in graphmix["sources"]
    for row in mentions.itertuples():
        paper = papers[papers["id"] == row.paper_id].iloc[0]
        text = paper["title"] if row.field == "title" else paper["abstract"]
        assert text[row.start : row.end] == row.text


def test_tables_written_in_slices_equal_whole_tables(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    """Slices of 2 rows (so every table takes several) give the bytes of the tables written whole."""
    sliced = tables.write(small_kg, tmp_path / "sliced", chunk_rows=2)
    whole = tmp_path / "whole"
    whole.mkdir()
    for name, frame in tables.frames(small_kg).items():
        assert len(frame) > 2, name
        text = frame.map(lambda v: tables.safe_text(v) if isinstance(v, str) else v)
        text.to_csv(whole / name, index=False, lineterminator="\n")
    for path in sliced:
        assert path.read_bytes() == (whole / path.name).read_bytes(), path.name


def test_tables_of_an_empty_graph_have_their_headers(tmp_path: Path) -> None:
    import networkx as nx

    tables.write(KnowledgeGraph(view=nx.MultiDiGraph(), mentions=()), tmp_path)
    assert (tmp_path / "papers.csv").read_text(encoding="utf-8").startswith("id,title,abstract,")
    assert pd.read_csv(tmp_path / "mentions.csv").columns.tolist() == list(tables.MENTION_COLUMNS)


def test_each_table_says_the_kind_of_each_of_its_columns() -> None:
    for name, (columns, _) in tables.TABLES.items():
        assert tuple(tables.COLUMN_KINDS[name]) == columns, name


def test_reading_a_table_kg_did_not_write_names_the_file_line_and_column(tmp_path: Path) -> None:
    from kg.errors import InputError

    with pytest.raises(InputError, match=r"notes\.csv: not one of kg's tables"):
        list(tables.read_rows(tmp_path / "notes.csv"))
    with pytest.raises(InputError, match=r"papers\.csv: no such file"):
        list(tables.read_rows(tmp_path / "papers.csv"))
    (tmp_path / "papers.csv").write_text("id,title\np1,T\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"papers\.csv:1: header is id,title, not kg's id,title,abstract"):
        list(tables.read_rows(tmp_path / "papers.csv"))
    header = ",".join(tables.CONCEPT_COLUMNS)
    rows = 'method:a,method,a,,1,1\nmethod:b,method,"b\non two lines",,2,many\n'
    (tmp_path / "concepts.csv").write_text(f"{header}\n{rows}", encoding="utf-8")
    with pytest.raises(InputError, match=r"concepts\.csv:4: mention_count 'many' is not a whole number"):
        list(tables.read_rows(tmp_path / "concepts.csv"))
    (tmp_path / "concepts.csv").write_text(f"{header}\nmethod:a,method,a\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"concepts\.csv:2: row has 3 cells, the header 6"):
        list(tables.read_rows(tmp_path / "concepts.csv"))


def test_reading_an_empty_graph_s_tables_gives_no_rows(tmp_path: Path) -> None:
    import networkx as nx

    tables.write(KnowledgeGraph(view=nx.MultiDiGraph(), mentions=()), tmp_path)
    assert tables.read(tmp_path) == {name: [] for name in tables.FILES}
