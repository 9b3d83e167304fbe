"""Reading RDF files back: which suffix means which syntax, and parsing a file with rdflib or Oxigraph.

:mod:`kg.export.rdf` writes Turtle, N-Triples and JSON-LD; this is the other
half, which ``kg validate`` (rdflib) and ``kg sparql`` (Oxigraph or rdflib)
read through, so that a suffix kg writes is always one it reads, and both
engines take a file for the same syntax.  RDF/XML is read too, for data that
did not come from kg.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import InputError, InputProblem

if TYPE_CHECKING:
    import pyoxigraph as ox

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}
"""Each suffix kg reads RDF from, and the rdflib name of its syntax (the names of :data:`kg.export.rdf.FORMATS`)."""

MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
"""The media type of each syntax, which names it to Oxigraph."""


def rdf_syntax(path: Path) -> str:
    """The rdflib name of the syntax that ``path``'s suffix says; InputError for a suffix kg does not read."""
    syntax = RDF_SUFFIXES.get(path.suffix.lower())
    if syntax is None:
        hint = f"use one of {', '.join(sorted(RDF_SUFFIXES))}"
        raise InputError(InputProblem(str(path), None, "unknown RDF suffix", hint))
    return syntax


def oxigraph_format(path: Path) -> ox.RdfFormat:
    """Oxigraph's name for the syntax of ``path``; InputError when this pyoxigraph cannot parse it."""
    import pyoxigraph as ox

    syntax = rdf_syntax(path)
    found = ox.RdfFormat.from_media_type(MEDIA_TYPES[syntax])
    if found is None:  # pyoxigraph before 0.5 reads no JSON-LD
        hint = "upgrade it (pip install -U pyoxigraph), or use --engine rdflib"
        raise InputError(InputProblem(str(path), None, f"this pyoxigraph cannot read {syntax}", hint))
    return found


def read_rdf(path: Path) -> Graph:
    """An RDF file in a format told by its suffix, as an rdflib Graph; InputError names the file and what is wrong."""
    syntax = rdf_syntax(path)
    try:
        return Graph().parse(path, format=syntax)
    except FileNotFoundError as err:
        raise InputError(InputProblem(str(path), None, "no such file")) from err
    except Exception as err:  # rdflib raises parser-specific errors of many kinds
        raise InputError(InputProblem(str(path), None, f"not valid {syntax}: {err}")) from err


def read_oxigraph(path: Path) -> ox.Store:
    """An RDF file in a format told by its suffix, loaded into an in-memory Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        store.load(path=str(path), format=oxigraph_format(path))
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(InputProblem(str(path), None, f"cannot parse RDF: {err}")) from err
    return store
