"""Result claims of a --relations build in RDF: kg:ResultClaim nodes, on hand-made records."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.export import rdf
from kg.graph import KnowledgeGraph, claimed_results
from kg.model import LinkedResult
from kg.validate import package_graph, read_rdf, validate
from kg.vocab import DEFAULT_BASE, KG
from tests.stated_corpus import SENTENCES, stated_graph


def _written(tmp_path: Path, kg: KnowledgeGraph | None = None, rdf_format: str = "turtle") -> Graph:
    path = tmp_path / rdf.file_name(rdf_format)
    rdf.write(kg or stated_graph(), path, rdf_format)
    return read_rdf(path)


def _with_results(kg: KnowledgeGraph, results: list[LinkedResult]) -> KnowledgeGraph:
    return KnowledgeGraph(kg.view, kg.mentions, kg.relations, results, stated=True)


def test_a_claim_is_a_node_with_its_paper_concepts_metric_value_and_sentence(tmp_path: Path) -> None:
    g = _written(tmp_path)
    (claim,) = g.subjects(RDF.type, KG.ResultClaim)
    assert claim == URIRef(f"{DEFAULT_BASE}result/s3/0")
    assert g.value(claim, PROV.wasDerivedFrom) == rdf.node_iri("paper:s3")
    assert g.value(claim, KG.resultMethod) == rdf.node_iri("method:graphmix")
    assert g.value(claim, KG.resultDataset) == rdf.node_iri("dataset:cora")
    assert g.value(claim, KG.metricName) == Literal("accuracy")
    assert g.value(claim, KG.valueText) == Literal("81.5%")
    assert g.value(claim, KG.numericValue) == Literal("81.5", datatype=XSD.decimal)
    assert g.value(claim, KG.unit) == Literal("%")
    assert g.value(claim, KG.relativeValue) == Literal(False)
    assert g.value(claim, KG.ownMethod) == Literal(True)
    sentence = str(g.value(claim, KG.sentence))
    assert sentence == SENTENCES["s3"]
    assert sentence[int(g.value(claim, KG.valueBeginIndex)) : int(g.value(claim, KG.valueEndIndex))] == "81.5%"
    assert sentence[int(g.value(claim, KG.metricBeginIndex)) : int(g.value(claim, KG.metricEndIndex))] == "accuracy"


def test_claims_conform_to_the_shapes_in_every_format(tmp_path: Path) -> None:
    for rdf_format in rdf.FORMATS:
        g = _written(tmp_path, rdf_format=rdf_format)
        assert len(set(g.subjects(RDF.type, KG.ResultClaim))) == 1
        result = validate(g)
        assert result.conforms, result.report


def test_every_kg_term_of_a_claim_is_declared(tmp_path: Path) -> None:
    g = _written(tmp_path)
    (claim,) = g.subjects(RDF.type, KG.ResultClaim)
    used = {p for _, p, _ in g.triples((claim, None, None)) if str(p).startswith(str(KG))} | {KG.ResultClaim}
    assert used <= set(package_graph("ontology.ttl").subjects())


@pytest.mark.parametrize("broken", ["no method", "a task as method", "a second value"])
def test_a_broken_claim_fails_the_shapes(tmp_path: Path, broken: str) -> None:
    g = _written(tmp_path)
    (claim,) = g.subjects(RDF.type, KG.ResultClaim)
    if broken == "no method":
        g.remove((claim, KG.resultMethod, None))
    elif broken == "a task as method":
        g.set((claim, KG.resultMethod, rdf.node_iri("task:node-classification")))
    else:
        g.add((claim, KG.valueText, Literal("82%")))
    assert not validate(g).conforms


def test_claims_are_numbered_within_their_paper_as_the_graph_keys_them(tmp_path: Path) -> None:
    kg = stated_graph()
    (linked,) = kg.results
    unlinked = LinkedResult(linked.result, None, linked.dataset)  # its method is no concept: no claim
    second = replace(linked.result, value="0.9", number=0.9, unit="", relative=True, metric=None, metric_at=None)
    more = _with_results(kg, [linked, unlinked, LinkedResult(second, linked.method, linked.dataset)])
    assert [c.number for c in claimed_results(more.results)] == [0, 1]
    keys = {k for _, _, k, a in more.graph.edges(keys=True, data=True) if a.get("kind") == "claim"}
    assert keys == {"result:s3:0", "result:s3:1"}
    g = _written(tmp_path, more)
    first, node = URIRef(f"{DEFAULT_BASE}result/s3/0"), URIRef(f"{DEFAULT_BASE}result/s3/1")
    assert set(g.subjects(RDF.type, KG.ResultClaim)) == {first, node}
    assert g.value(node, KG.metricName) is None and g.value(node, KG.unit) is None
    assert g.value(node, KG.relativeValue) == Literal(True)
    assert g.value(node, KG.numericValue) == Literal("0.9", datatype=XSD.decimal)
    assert validate(g).conforms


def test_a_number_is_written_as_a_decimal_without_an_exponent() -> None:
    assert rdf._decimal(1e-05) == rdf.Literal("0.00001", str(XSD.decimal))
    assert rdf._decimal(28.0) == rdf.Literal("28.0", str(XSD.decimal))
    assert rdf._decimal(float("nan")) is None


def test_a_graph_without_relations_writes_no_claim(tmp_path: Path) -> None:
    kg = stated_graph()
    g = _written(tmp_path, kg.__class__(kg.view, kg.mentions, kg.relations, kg.results))
    assert not set(g.subjects(RDF.type, KG.ResultClaim))


def test_the_ontology_maps_claims_and_stated_relations_to_lpwc_and_cs_kg() -> None:
    ontology = package_graph("ontology.ttl")
    lpwc, cskg = "https://linkedpaperswithcode.com/", "https://w3id.org/cskg/ontology#"
    assert (KG.resultDataset, RDFS.subPropertyOf, URIRef(lpwc + "property/hasDataset")) in ontology
    assert (KG.metricName, RDFS.subPropertyOf, URIRef(lpwc + "property/metricName")) in ontology
    assert (KG.valueText, RDFS.subPropertyOf, URIRef(lpwc + "property/metricValue")) in ontology
    assert (KG.ResultClaim, SKOS.closeMatch, URIRef(lpwc + "class/evaluation")) in ontology
    assert (KG.StatedRelation, RDFS.subClassOf, URIRef(cskg + "Statement")) in ontology
    assert (KG.statedUsedFor, RDFS.subPropertyOf, URIRef(cskg + "usedBy")) in ontology
    assert (KG.statedPartOf, RDFS.subPropertyOf, URIRef(cskg + "includedBy")) in ontology
    assert (KG.statedKindOf, RDFS.subPropertyOf, SKOS.broader) in ontology
    assert (URIRef(cskg + "outperforms"), RDFS.subPropertyOf, KG.statedComparedWith) in ontology
    # No counterpart was found for evaluated-on in either graph, so none is claimed.
    assert not set(ontology.objects(KG.statedEvaluatedOn, RDFS.subPropertyOf)) - {KG.statedRelation}
