"""Checking an RDF export against kg's SHACL shapes (``kg/shapes.ttl``).

The shapes name kg's own classes directly, so no inference is needed and a
graph of a hundred thousand triples validates in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from rdflib import Graph

from kg.export.rdf_read import read_rdf

__all__ = ["Validation", "package_graph", "read_rdf", "validate"]
"""``read_rdf`` is :func:`kg.export.rdf_read.read_rdf`, kept here for the callers that validate what they read."""


@dataclass(frozen=True)
class Validation:
    """Whether the data conforms, and pyshacl's report in words."""

    conforms: bool
    report: str
    triples: int


def package_graph(name: str) -> Graph:
    """``ontology.ttl`` or ``shapes.ttl`` as shipped in the package."""
    return Graph().parse(data=resources.files("kg").joinpath(name).read_text(encoding="utf-8"), format="turtle")


def validate(data: Graph) -> Validation:
    """Validate ``data`` against the shipped shapes."""
    from pyshacl import validate as shacl_validate

    conforms, _, text = shacl_validate(
        data,
        shacl_graph=package_graph("shapes.ttl"),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    return Validation(bool(conforms), str(text), len(data))
