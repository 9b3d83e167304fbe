"""Stated relations and results tied to concepts (kg.link.statements), and the stated links
the graph makes of them (kg.graph.iter_stated_links, statement_edges)."""

from __future__ import annotations

from kg.graph import iter_stated_links, statement_edges
from kg.link import link_into
from kg.link.statements import link_statements
from kg.model import PaperStatements
from kg.spool import MentionSpool
from tests.stated_corpus import PAPERS, STATEMENTS, mentions, stated_graph


def test_each_relation_gets_the_concepts_of_its_mentions_and_their_text() -> None:
    kg = stated_graph()
    found = [(r.head, r.relation.type, r.tail, r.head_text, r.tail_text) for r in kg.relations]
    assert found == [
        ("method:graphmix", "used-for", "task:node-classification", "GraphMix", "node classification"),
        ("method:graphmix", "used-for", "task:node-classification", "GraphMix", "node classification"),
        ("method:graphmix", "evaluated-on", "dataset:cora", "GraphMix", "Cora"),
        ("method:resnet", "used-for", "task:image-classification", "ResNet", "image classification"),
    ]
    for linked in kg.relations:
        sentence = linked.relation.sentence
        assert sentence[slice(*linked.relation.head_at)] == linked.head_text
        assert sentence[slice(*linked.relation.tail_at)] == linked.tail_text


def test_a_result_gets_its_method_and_data_set_concepts() -> None:
    (result,) = stated_graph().results
    assert (result.method, result.dataset) == ("method:graphmix", "dataset:cora")
    assert result.result.sentence[slice(*result.result.value_at)] == "81.5%"


def test_a_relation_of_a_concept_with_itself_is_left_out() -> None:
    _, linked = link_into(mentions(), MentionSpool)
    s1 = STATEMENTS["s1"].relations[0]
    itself = PaperStatements((s1.__class__(s1.paper_id, "part-of", 0, 0, s1.sentence, s1.head_at, s1.head_at, 0.9),))
    statements = [itself if p.id == "s1" else PaperStatements() for p in PAPERS]
    relations, _ = link_statements([p.id for p in PAPERS], statements, linked)
    assert len(relations) == 0


def test_stated_links_gather_papers_most_first() -> None:
    links = list(iter_stated_links(stated_graph().relations, run=1))  # run=1: sorted on disk
    assert [(link.source, link.relation, link.target, link.papers) for link in links] == [
        ("method:graphmix", "used-for", "task:node-classification", ("paper:s1", "paper:s2")),
        ("method:graphmix", "evaluated-on", "dataset:cora", ("paper:s2",)),
        ("method:resnet", "used-for", "task:image-classification", ("paper:s4",)),
    ]
    assert [len(link.evidence) for link in links] == [2, 1, 1]


def test_the_networkx_graph_holds_typed_weighted_concept_edges() -> None:
    kg = stated_graph()
    graph = kg.graph
    edge = graph.edges["method:graphmix", "task:node-classification", "used-for"]
    assert edge["kind"] == "stated" and edge["weight"] == 2 and edge["papers"] == ["paper:s1", "paper:s2"]
    assert edge["sentence"] == "We use GraphMix for node classification."
    result = graph.edges["method:graphmix", "dataset:cora", "result:s3:0"]
    assert (result["metric"], result["value"], result["paper"]) == ("accuracy", "81.5%", "paper:s3")
    assert len(list(statement_edges(kg))) == 4


def test_a_default_graph_has_no_statement_edges() -> None:
    kg = stated_graph()
    default = kg.__class__(kg.view, kg.mentions)
    assert list(statement_edges(default)) == []
    assert all(source.startswith("paper:") for source, _ in default.graph.edges())
