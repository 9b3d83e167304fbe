"""results.csv of a --relations build: a row per result claim, read back typed, on hand-made records."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg.export import tables
from kg.graph import KnowledgeGraph
from kg.model import LinkedResult
from tests.stated_corpus import SENTENCES, stated_graph


def test_results_csv_has_a_row_per_claim_that_reads_back_typed(tmp_path: Path) -> None:
    written = tables.write(stated_graph(), tmp_path)
    assert [p.name for p in written] == [*tables.FILES, "relations.csv", "results.csv"]
    assert tables.read(tmp_path)["results.csv"] == [
        {
            "paper_id": "s3",
            "method_id": "method:graphmix",
            "method_label": "GraphMix",
            "dataset_id": "dataset:cora",
            "dataset_label": "Cora",
            "metric": "accuracy",
            "value": "81.5%",
            "number": 81.5,
            "unit": "%",
            "relative": False,
            "own_method": True,
            "sentence": SENTENCES["s3"],
            "value_start": 22,
            "value_end": 27,
            "metric_start": 28,
            "metric_end": 36,
        }
    ]


def test_results_csv_writes_an_absent_metric_as_an_empty_cell(tmp_path: Path) -> None:
    kg = stated_graph()
    (linked,) = kg.results
    bare = replace(linked.result, metric=None, metric_at=None, unit="", value="81.5")
    bare_kg = KnowledgeGraph(
        kg.view, kg.mentions, kg.relations, [LinkedResult(bare, linked.method, linked.dataset)], True
    )
    tables.write(bare_kg, tmp_path, chunk_rows=1)
    (row,) = tables.read(tmp_path)["results.csv"]
    assert (row["metric"], row["metric_start"], row["metric_end"], row["unit"]) == (None, None, None, "")
    assert list(row) == list(tables.RESULT_COLUMNS)
