"""GraphML, relations.csv and the Python helpers of a --relations build, on hand-made records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import load
from kg.errors import KGError
from kg.export import graphml, tables
from kg.query import methods_for, papers_of, results_on
from tests.stated_corpus import SENTENCES, stated_graph


def test_graphml_holds_typed_weighted_concept_edges_that_load_back(tmp_path: Path) -> None:
    graphml.write(stated_graph(), tmp_path / "graph.graphml")
    raw = graphml.read(tmp_path / "graph.graphml")
    stated = [(u, v, k, a) for u, v, k, a in raw.edges(keys=True, data=True) if a.get("kind") == "stated"]
    assert {(u, v, a["relation"], a["weight"]) for u, v, _, a in stated} == {
        ("method:graphmix", "task:node-classification", "used-for", 2),
        ("method:graphmix", "dataset:cora", "evaluated-on", 1),
        ("method:resnet", "task:image-classification", "used-for", 1),
    }
    loaded = load(tmp_path)
    edge = loaded.edges["method:graphmix", "task:node-classification", "used-for"]
    assert edge["papers"] == ["paper:s1", "paper:s2"] and edge["sentence"] == SENTENCES["s1"]
    assert loaded.edges["method:graphmix", "dataset:cora", "result:s3:0"]["value"] == "81.5%"


def test_a_default_graph_writes_no_relations_table(tmp_path: Path) -> None:
    kg = stated_graph()
    written = tables.write(kg.__class__(kg.view, kg.mentions), tmp_path)
    assert [p.name for p in written] == list(tables.FILES)


def test_relations_csv_has_a_row_per_sentence_with_offsets_that_slice_it(tmp_path: Path) -> None:
    written = tables.write(stated_graph(), tmp_path)
    assert [p.name for p in written] == [*tables.FILES, "relations.csv", "results.csv"]
    rows = tables.read(tmp_path)["relations.csv"]
    assert [(r["head_label"], r["relation"], r["tail_label"], r["paper_id"]) for r in rows] == [
        ("GraphMix", "used-for", "node classification", "s1"),
        ("GraphMix", "used-for", "node classification", "s2"),
        ("GraphMix", "evaluated-on", "Cora", "s2"),
        ("ResNet", "used-for", "image classification", "s4"),
    ]
    for row in rows:
        assert row["sentence"] == SENTENCES[row["paper_id"]]
        assert row["sentence"][row["head_start"] : row["head_end"]] == row["head_label"]
        assert row["sentence"][row["tail_start"] : row["tail_end"]] == row["tail_label"]
    assert rows[0]["head_id"] == "method:graphmix" and rows[0]["score"] == pytest.approx(0.9)


def test_methods_for_a_task_by_any_name_with_papers_and_a_sentence() -> None:
    graph = stated_graph().graph
    frame = methods_for(graph, "Node Classification")
    assert frame.to_dict("records") == [
        {
            "method": "method:graphmix",
            "label": "GraphMix",
            "paper_count": 2,
            "papers": ["paper:s1", "paper:s2"],
            "sentence": SENTENCES["s1"],
        }
    ]
    assert methods_for(graph, "task:image-classification")["label"].tolist() == ["ResNet"]
    with pytest.raises(KGError, match="no concept named"):
        methods_for(graph, "segmentation")


def test_results_on_a_data_set_from_the_stated_results() -> None:
    frame = results_on(stated_graph().graph, "cora")
    assert frame.to_dict("records") == [
        {
            "method": "method:graphmix",
            "method_label": "GraphMix",
            "metric": "accuracy",
            "value": "81.5%",
            "paper": "paper:s3",
            "sentence": SENTENCES["s3"],
        }
    ]


def test_helpers_of_papers_ignore_the_concept_edges() -> None:
    frame = papers_of(stated_graph().graph, "node classification")
    assert frame["paper"].tolist() == ["paper:s1", "paper:s2"]


def test_a_graph_without_relations_gives_empty_tables() -> None:
    kg = stated_graph()
    graph = kg.__class__(kg.view, kg.mentions).graph
    assert methods_for(graph, "node classification").empty and results_on(graph, "Cora").empty


def test_the_page_embeds_each_stated_link_with_its_type_and_bounded_evidence(tmp_path: Path) -> None:
    from kg.export import html
    from kg.export.html import EVIDENCE_PER_LINK, ViewOptions

    page = html.render(stated_graph(), ViewOptions(min_papers=1))
    start = page.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    stated = {(e["from"], e["type"], e["to"]): e for e in data["edges"] if e["kind"] == "stated"}
    link = stated[("method:graphmix", "used-for", "task:node-classification")]
    assert link["weight"] == 2 and link["sentences"] == 2 and len(link["evidence"]) <= EVIDENCE_PER_LINK
    first = link["evidence"][0]
    assert first["sentence"] == SENTENCES["s1"] and first["paper"] == "paper:s1"
    assert first["sentence"][slice(*first["head"])] == "GraphMix"
    assert first["sentence"][slice(*first["tail"])] == "node classification"
    assert "showLink" in page and "stated relations" in data["summary"]


def test_the_page_keeps_at_most_three_sentences_per_link() -> None:
    from kg.export.html import EVIDENCE_PER_LINK, view_data
    from kg.model import LinkedRelation

    kg = stated_graph()
    first = kg.relations[0]
    many = [LinkedRelation(first.relation, first.head, first.tail, first.head_text, first.tail_text)] * 5
    more = kg.__class__(kg.view, kg.mentions, many, kg.results, stated=True)
    (edge,) = [e for e in view_data(more)["edges"] if e["kind"] == "stated"]
    assert edge["sentences"] == 5 and len(edge["evidence"]) == EVIDENCE_PER_LINK
