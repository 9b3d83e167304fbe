"""Checking an RDF export against kg's SHACL shapes (``kg/shapes.ttl``).

The shapes name kg's own classes directly, so no inference is needed and a
graph of a hundred thousand triples validates in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError, InputProblem

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}


@dataclass(frozen=True)
class Validation:
    """Whether the data conforms, and pyshacl's report in words."""

    conforms: bool
    report: str
    triples: int


def package_graph(name: str) -> Graph:
    """``ontology.ttl`` or ``shapes.ttl`` as shipped in the package."""
    return Graph().parse(data=resources.files("kg").joinpath(name).read_text(encoding="utf-8"), format="turtle")


def read_rdf(path: Path) -> Graph:
    """An RDF file in a format told by its suffix; InputError names the file and what is wrong."""
    rdf_format = RDF_SUFFIXES.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(
            InputProblem(str(path), None, "unknown RDF suffix", f"use one of {', '.join(sorted(RDF_SUFFIXES))}")
        )
    try:
        return Graph().parse(path, format=rdf_format)
    except FileNotFoundError as err:
        raise InputError(InputProblem(str(path), None, "no such file")) from err
    except Exception as err:  # rdflib raises parser-specific errors of many kinds
        raise InputError(InputProblem(str(path), None, f"not valid {rdf_format}: {err}")) from err


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
