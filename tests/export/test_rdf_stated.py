"""RDF of a --relations build: each stated link a statement with its papers and sentences."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.export import rdf
from kg.validate import package_graph, read_rdf, validate
from kg.vocab import KG
from tests.stated_corpus import stated_graph


def _written(tmp_path: Path, rdf_format: str = "turtle") -> Graph:
    path = tmp_path / rdf.file_name(rdf_format)
    rdf.write(stated_graph(), path, rdf_format)
    return read_rdf(path)


def test_a_stated_link_is_a_triple_and_a_statement_with_its_papers(tmp_path: Path) -> None:
    g = _written(tmp_path)
    graphmix, task = rdf.node_iri("method:graphmix"), rdf.node_iri("task:node-classification")
    assert (graphmix, KG.statedUsedFor, task) in g
    (statement,) = [s for s in g.subjects(RDF.type, KG.StatedRelation) if g.value(s, RDF.object) == task]
    assert g.value(statement, RDF.predicate) == KG.statedUsedFor
    assert g.value(statement, KG.relationType) == Literal("used-for")
    assert g.value(statement, KG.paperCount) == Literal(2, datatype=XSD.nonNegativeInteger)
    assert set(g.objects(statement, PROV.wasDerivedFrom)) == {rdf.node_iri("paper:s1"), rdf.node_iri("paper:s2")}
    assert len(set(g.objects(statement, KG.evidence))) == 2


def test_each_evidence_node_has_its_sentence_and_offsets_that_slice_it_to_the_names(tmp_path: Path) -> None:
    g = _written(tmp_path)
    evidence = set(g.subjects(RDF.type, KG.RelationEvidence))
    assert len(evidence) == 4  # one per stated sentence
    for node in evidence:
        sentence = str(g.value(node, KG.sentence))
        head = sentence[int(g.value(node, KG.headBeginIndex)) : int(g.value(node, KG.headEndIndex))]
        tail = sentence[int(g.value(node, KG.tailBeginIndex)) : int(g.value(node, KG.tailEndIndex))]
        assert head == str(g.value(node, KG.headText)) and tail == str(g.value(node, KG.tailText))
        assert isinstance(g.value(node, PROV.wasDerivedFrom), URIRef)
        assert 0 <= float(g.value(node, KG.score)) <= 1
    sentences = {str(g.value(node, KG.sentence)) for node in evidence}
    assert "We use GraphMix for node classification." in sentences


def test_the_stated_rdf_conforms_to_the_shapes_in_every_format(tmp_path: Path) -> None:
    for rdf_format in rdf.FORMATS:
        result = validate(_written(tmp_path, rdf_format))
        assert result.conforms, result.report


def test_every_kg_term_the_stated_rdf_uses_is_declared(tmp_path: Path) -> None:
    g = _written(tmp_path)
    used = {p for p in g.predicates() if str(p).startswith(str(KG))}
    used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(KG))}
    assert used <= set(package_graph("ontology.ttl").subjects())


def test_a_broken_evidence_node_fails_the_shapes(tmp_path: Path) -> None:
    g = _written(tmp_path)
    node = next(iter(g.subjects(RDF.type, KG.RelationEvidence)))
    g.remove((node, KG.headBeginIndex, None))
    assert not validate(g).conforms
