"""The RDF vocabulary kg writes: standard terms first, the project's own in ``ontology.ttl``.

The project owns no domain, so its terms live under the reserved documentation
domain ``kg.example.org`` until a permanent namespace is registered; data IRIs
take a configurable base.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://kg.example.org/ontology#")
SCHEMA = Namespace("https://schema.org/")
DEFAULT_BASE = "https://kg.example.org/id/"

CLASSES = {"method": KG.Method, "task": KG.Task, "dataset": KG.Dataset}
PROPERTIES = {"method": KG.usesMethod, "task": KG.addressesTask, "dataset": KG.usesDataset}
LINK_PROPERTIES = {"applied_to": KG.appliedTo, "evaluated_on": KG.evaluatedOn}
"""Co-occurrence links (a paper names both ends): the names say more than they mean, see ``ontology.ttl``."""
STATED_PROPERTIES = {
    "used-for": KG.statedUsedFor,
    "evaluated-on": KG.statedEvaluatedOn,
    "compared-with": KG.statedComparedWith,
    "part-of": KG.statedPartOf,
    "kind-of": KG.statedKindOf,
}
"""Relations a sentence states (``kg build --relations``), by kg_relations' type names."""
PREFIXES = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
"""Prefixes of the exports, and the ones ``kg sparql`` declares for a query that does not."""

__all__ = [
    "CLASSES",
    "DCTERMS",
    "DEFAULT_BASE",
    "KG",
    "LINK_PROPERTIES",
    "PREFIXES",
    "PROPERTIES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "STATED_PROPERTIES",
    "XSD",
]
