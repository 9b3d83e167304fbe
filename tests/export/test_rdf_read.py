"""RDF files read back: the suffix names the syntax for rdflib and Oxigraph alike, and a bad file is named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.export.rdf_read import RDF_SUFFIXES, oxigraph_format, rdf_syntax, read_oxigraph, read_rdf

TRIPLE = '<https://example.org/s> <https://example.org/p> "o" .\n'
DOCUMENTS = {
    "turtle": TRIPLE,
    "nt": TRIPLE,
    "json-ld": '{"@id": "https://example.org/s", "https://example.org/p": "o"}',
    "xml": (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
        '<rdf:Description rdf:about="https://example.org/s"><e:p>o</e:p></rdf:Description></rdf:RDF>'
    ),
}


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_both_engines_read_every_suffix_as_one_syntax(suffix: str, tmp_path: Path) -> None:
    syntax = RDF_SUFFIXES[suffix]
    path = tmp_path / f"data{suffix.upper()}"
    path.write_text(DOCUMENTS[syntax], encoding="utf-8")
    assert rdf_syntax(path) == syntax
    assert len(read_rdf(path)) == 1
    assert oxigraph_format(path) == ox.RdfFormat.from_extension(suffix.lstrip("."))
    assert len(read_oxigraph(path)) == 1


def test_an_unknown_suffix_names_the_ones_kg_reads(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"data\.n3: unknown RDF suffix.*\.jsonld.*\.ttl"):
        read_rdf(tmp_path / "data.n3")
    with pytest.raises(InputError, match="unknown RDF suffix"):
        read_oxigraph(tmp_path / "data.n3")


def test_a_missing_or_broken_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.ttl: no such file"):
        read_rdf(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.nt"
    broken.write_text("<https://example.org/s> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.nt: not valid nt"):
        read_rdf(broken)
    with pytest.raises(InputError, match=r"broken\.nt: cannot parse RDF"):
        read_oxigraph(broken)
