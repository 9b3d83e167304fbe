"""RDF of papers, concepts and their links, in Turtle, N-Triples or JSON-LD.

Papers are ``schema:ScholarlyArticle`` with ``schema:name`` and
``schema:abstract``; concepts are ``kg:Method`` / ``kg:Task`` / ``kg:Dataset``
(SKOS concepts, see ``kg/ontology.ttl``) with ``skos:prefLabel`` and
``skos:altLabel``.  Concept-to-concept links (``kg:appliedTo``,
``kg:evaluatedOn``) are written as triples and as ``rdf:Statement`` nodes that
carry the number of supporting papers and, through ``prov:wasDerivedFrom``,
the papers themselves.  With ``mentions=True`` every extracted span becomes a
``kg:Mention`` with its text, field, offsets, sentence and rule, so a user can
see why an edge exists.  IRIs are built from ids that are stable across runs
and percent-encoded, so any title or name gives a valid IRI.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from kg.errors import ExportError
from kg.export.text import safe_text
from kg.graph import KnowledgeGraph, concept_links, paper_node
from kg.vocab import (
    CLASSES,
    DCTERMS,
    DEFAULT_BASE,
    KG,
    LINK_PROPERTIES,
    PREFIXES,
    PROPERTIES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
)

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}
"""Serialisations kg writes, with their file suffixes."""


def node_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a graph node: ``<base>paper/<id>`` or ``<base><type>/<slug>``."""
    kind, _, rest = safe_text(node).partition(":")
    return URIRef(f"{base}{quote(kind, safe='')}/{quote(rest, safe='')}")


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def check_base(base: str) -> str:
    """``base`` if it can prefix kg's IRIs (absolute, ending in ``/`` or ``#``); else ExportError."""
    if not base.endswith(("/", "#")) or ":" not in base or any(c in base for c in ' <>"{}|\\^`'):
        raise ExportError(f"base IRI {base!r} must be an absolute IRI ending in '/' or '#', e.g. {DEFAULT_BASE}")
    return base


def to_rdf(kg: KnowledgeGraph, base: str = DEFAULT_BASE, mentions: bool = False) -> Graph:
    """The knowledge graph as an rdflib Graph."""
    base = check_base(base)
    rdf = Graph()
    for prefix, namespace in PREFIXES.items():
        if prefix not in ("rdf", "rdfs"):
            rdf.bind(prefix, namespace)
    graph = kg.graph
    for node, attrs in graph.nodes(data=True):
        iri = node_iri(node, base)
        kind = attrs["type"]
        if kind == "paper":
            rdf.add((iri, RDF.type, SCHEMA.ScholarlyArticle))
            rdf.add((iri, SCHEMA.name, Literal(safe_text(attrs["label"]))))
            rdf.add((iri, SCHEMA.abstract, Literal(safe_text(attrs["abstract"]))))
            rdf.add((iri, SCHEMA.identifier, Literal(safe_text(attrs["paper_id"]))))
            published = attrs.get("published")
            if published and published.startswith("--"):
                # Month and day only: not an xsd:date; some RDF tools mis-parse xsd:gMonthDay.
                rdf.add((iri, KG.monthDayPublished, Literal(published)))
            elif published:
                rdf.add((iri, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
            if "authors_count" in attrs:
                rdf.add((iri, KG.authorCount, _count(attrs["authors_count"])))
            if "upvotes" in attrs:
                rdf.add((iri, KG.upvotes, _count(attrs["upvotes"])))
            if "arxiv_id" in attrs:
                rdf.add((iri, SCHEMA.sameAs, URIRef(f"https://arxiv.org/abs/{quote(attrs['arxiv_id'], safe='/.')}")))
            for source in attrs["sources"]:
                rdf.add((iri, DCTERMS.source, Literal(safe_text(source))))
        else:
            rdf.add((iri, RDF.type, CLASSES[kind]))
            rdf.add((iri, SKOS.prefLabel, Literal(safe_text(attrs["label"]))))
            for alias in attrs["aliases"]:
                rdf.add((iri, SKOS.altLabel, Literal(safe_text(alias))))
            rdf.add((iri, KG.paperCount, _count(attrs["paper_count"])))
    for source, target, attrs in graph.edges(data=True):
        paper, concept = node_iri(source, base), node_iri(target, base)
        rdf.add((paper, PROPERTIES[graph.nodes[target]["type"]], concept))
        if attrs.get("proposed"):
            rdf.add((paper, KG.proposes, concept))
    for link in concept_links(graph):
        subject, predicate, obj = (
            node_iri(link.source, base),
            LINK_PROPERTIES[link.relation],
            node_iri(link.target, base),
        )
        rdf.add((subject, predicate, obj))
        statement = URIRef(f"{base}link/{quote(link.relation)}/{subject.rsplit('/', 1)[1]}/{obj.rsplit('/', 1)[1]}")
        rdf.add((statement, RDF.type, RDF.Statement))
        rdf.add((statement, RDF.subject, subject))
        rdf.add((statement, RDF.predicate, predicate))
        rdf.add((statement, RDF.object, obj))
        rdf.add((statement, KG.paperCount, _count(len(link.papers))))
        for supporting in link.papers:
            rdf.add((statement, PROV.wasDerivedFrom, node_iri(supporting, base)))
    if mentions:
        _add_mentions(rdf, kg, base)
    return rdf


def _add_mentions(rdf: Graph, kg: KnowledgeGraph, base: str) -> None:
    counter: dict[str, int] = {}
    for linked in kg.mentions:
        m = linked.mention
        index = counter.get(m.paper_id, 0)
        counter[m.paper_id] = index + 1
        iri = URIRef(f"{base}mention/{quote(safe_text(m.paper_id), safe='')}/{index}")
        rdf.add((iri, RDF.type, KG.Mention))
        rdf.add((iri, PROV.wasDerivedFrom, node_iri(paper_node(m.paper_id), base)))
        rdf.add((iri, KG.mentionOf, node_iri(linked.concept_id, base)))
        rdf.add((iri, KG.anchorText, Literal(safe_text(m.text))))
        rdf.add((iri, KG.inField, Literal(m.field)))
        rdf.add((iri, KG.beginIndex, _count(m.start)))
        rdf.add((iri, KG.endIndex, _count(m.end)))
        rdf.add((iri, KG.sentence, Literal(safe_text(m.sentence))))
        rdf.add((iri, KG.foundBy, Literal(m.rule)))


def file_name(rdf_format: str) -> str:
    """The export's file name for a serialisation: ``graph.ttl``, ``graph.nt`` or ``graph.jsonld``."""
    if rdf_format not in FORMATS:
        raise ExportError(f"unknown RDF format {rdf_format!r}; choose from {', '.join(FORMATS)}")
    return f"graph{FORMATS[rdf_format]}"


def write(
    kg: KnowledgeGraph, path: Path, rdf_format: str = "turtle", base: str = DEFAULT_BASE, mentions: bool = False
) -> list[Path]:
    """Serialise the graph to ``path`` in ``rdf_format`` (turtle, nt or json-ld)."""
    file_name(rdf_format)
    graph = to_rdf(kg, base, mentions)
    if rdf_format == "json-ld":
        context = {prefix: ns for prefix, ns in PREFIXES.items()}
        data = graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    elif rdf_format == "nt":
        # N-Triples has no order of its own: sort the lines so that two builds give one file.
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        data = "".join(sorted(line + "\n" for line in text.split("\n") if line.strip())).encode("utf-8")
    else:
        data = graph.serialize(format=rdf_format, encoding="utf-8")
    path.write_bytes(data)
    return [path]
