"""RDF (Turtle by default) of papers, concepts and their links.

Papers are ``schema:ScholarlyArticle`` with ``schema:name`` and
``schema:abstract``; concepts are ``kg:Method`` / ``kg:Task`` / ``kg:Dataset``
(SKOS concepts, see ``kg/ontology.ttl``) with ``skos:prefLabel`` and
``skos:altLabel``.  IRIs are built from ids that are stable across runs and
percent-encoded, so any title or name gives a valid IRI.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from kg.export.text import safe_text
from kg.graph import KnowledgeGraph
from kg.vocab import CLASSES, DCTERMS, DEFAULT_BASE, KG, PROPERTIES, RDF, SCHEMA, SKOS, XSD

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}


def node_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a graph node: ``<base>paper/<id>`` or ``<base><type>/<slug>``."""
    kind, _, rest = node.partition(":")
    return URIRef(f"{base}{quote(kind, safe='')}/{quote(rest, safe='')}")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.gMonthDay if value.startswith("--") else XSD.date)


def to_rdf(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> Graph:
    """The knowledge graph as an rdflib Graph."""
    rdf = Graph()
    rdf.bind("kg", KG)
    rdf.bind("schema", SCHEMA)
    rdf.bind("skos", SKOS)
    rdf.bind("dcterms", DCTERMS)
    graph = kg.graph
    for node, attrs in graph.nodes(data=True):
        iri = node_iri(node, base)
        kind = attrs["type"]
        if kind == "paper":
            rdf.add((iri, RDF.type, SCHEMA.ScholarlyArticle))
            rdf.add((iri, SCHEMA.name, Literal(safe_text(attrs["label"]))))
            rdf.add((iri, SCHEMA.abstract, Literal(safe_text(attrs["abstract"]))))
            rdf.add((iri, SCHEMA.identifier, Literal(safe_text(attrs["paper_id"]))))
            if "published" in attrs:
                rdf.add((iri, SCHEMA.datePublished, _date(attrs["published"])))
            if "authors_count" in attrs:
                rdf.add((iri, KG.authorCount, Literal(attrs["authors_count"], datatype=XSD.nonNegativeInteger)))
            if "upvotes" in attrs:
                rdf.add((iri, KG.upvotes, Literal(attrs["upvotes"], datatype=XSD.nonNegativeInteger)))
            if "arxiv_id" in attrs:
                rdf.add((iri, SCHEMA.sameAs, URIRef(f"https://arxiv.org/abs/{quote(attrs['arxiv_id'], safe='/.')}")))
            for source in attrs["sources"]:
                rdf.add((iri, DCTERMS.source, Literal(safe_text(source))))
        else:
            rdf.add((iri, RDF.type, CLASSES[kind]))
            rdf.add((iri, SKOS.prefLabel, Literal(safe_text(attrs["label"]))))
            for alias in attrs["aliases"]:
                rdf.add((iri, SKOS.altLabel, Literal(safe_text(alias))))
            rdf.add((iri, KG.paperCount, Literal(attrs["paper_count"], datatype=XSD.nonNegativeInteger)))
    for source, target, attrs in graph.edges(data=True):
        paper, concept = node_iri(source, base), node_iri(target, base)
        rdf.add((paper, PROPERTIES[graph.nodes[target]["type"]], concept))
        if attrs.get("proposed"):
            rdf.add((paper, KG.proposes, concept))
    return rdf


def write(kg: KnowledgeGraph, path: Path, rdf_format: str = "turtle", base: str = DEFAULT_BASE) -> list[Path]:
    """Serialise the graph to ``path`` in ``rdf_format`` (turtle, nt or json-ld)."""
    data = to_rdf(kg, base).serialize(format=rdf_format, encoding="utf-8")
    path.write_bytes(data)
    return [path]
