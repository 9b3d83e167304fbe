from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from kg.export import rdf
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper
from kg.vocab import KG, SCHEMA

ONTOLOGY = Path(__file__).resolve().parents[2] / "kg" / "ontology.ttl"


def test_turtle_round_trip_is_isomorphic(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    rdf.write(small_kg, path)
    back = Graph().parse(path, format="turtle")
    assert isomorphic(back, rdf.to_rdf(small_kg))
    assert len(back) > 0


def test_papers_and_concepts_use_the_declared_vocabulary(small_kg: KnowledgeGraph) -> None:
    g = rdf.to_rdf(small_kg)
    papers = set(g.subjects(RDF.type, SCHEMA.ScholarlyArticle))
    assert len(papers) == 3
    for paper in papers:
        assert g.value(paper, SCHEMA.name) is not None
        assert g.value(paper, SCHEMA.abstract) is not None
    methods = set(g.subjects(RDF.type, KG.Method))
    assert methods
    for concept in methods:
        assert g.value(concept, SKOS.prefLabel) is not None
    pinn = URIRef(rdf.node_iri("method:physics-informed-neural-network"))
    assert (pinn, SKOS.altLabel, Literal("PINNs")) in g
    assert set(g.subjects(KG.usesMethod, pinn))
    ontology = Graph().parse(ONTOLOGY)
    for cls in (KG.Method, KG.Task, KG.Dataset):
        assert (cls, RDFS.subClassOf, SKOS.Concept) in ontology
    for prop in (KG.usesMethod, KG.addressesTask, KG.usesDataset, KG.proposes):
        assert (prop, RDF.type, None) in ontology
    used = {p for p in g.predicates() if str(p).startswith(str(KG))}
    declared = set(ontology.subjects())
    assert used <= declared


def test_sparql_answers_which_papers_use_a_method(small_kg: KnowledgeGraph) -> None:
    g = rdf.to_rdf(small_kg)
    rows = g.query(
        """SELECT ?title WHERE { ?p kg:usesMethod ?m . ?m skos:prefLabel "physics-informed neural network" .
           ?p schema:name ?title }""",
        initNs={"kg": KG, "skos": SKOS, "schema": SCHEMA},
    )
    assert [str(r[0]) for r in rows] == ["Adaptive Sampling for Physics-Informed Neural Networks"]


def test_iris_are_stable_and_safe_for_any_title(tmp_path: Path) -> None:
    paper = Paper(
        id='we ird/"id" <x>', title="<script>alert(1)</script> \x0b", abstract='Text with "quotes" and \\ slashes.'
    )
    mention = Mention(paper.id, "method", "Ärger-Net > °", "abstract", 0, 3, "s", "test")
    concepts, linked = link([mention])
    kg = build_graph([paper], concepts, linked)
    path = tmp_path / "h.ttl"
    rdf.write(kg, path)
    back = Graph().parse(path, format="turtle")
    assert isomorphic(back, rdf.to_rdf(kg))
    for s in back.subjects():
        assert all(c not in str(s) for c in ' <>"{}|\\^`')
    rdf.write(kg, tmp_path / "h.nt", rdf_format="nt")
    assert isomorphic(Graph().parse(tmp_path / "h.nt", format="nt"), back)
    assert rdf.node_iri("paper:x") == rdf.node_iri("paper:x")
