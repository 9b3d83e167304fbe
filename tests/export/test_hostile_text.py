"""Hostile titles, abstracts and names through every exporter: every file stays readable
and says exactly what went in (less the characters no file format can hold)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg.export import graphml, html, rdf, tables
from kg.export.text import safe_text
from kg.graph import build_graph
from kg.link import link
from kg.model import Mention, Paper
from kg.vocab import SCHEMA

NASTY = st.sampled_from(
    [
        '"',
        "'",
        "<",
        ">",
        "&",
        "\\",
        "</script>",
        "<!--",
        "]]>",
        "\x00",
        "\x0b",
        "\x1f",
        "\ud800",
        "\ufffe",
        "é",
        "漢字",
        "🙂",
        "\u202e",
        "{{DATA}}",
        "href",
        "@prefix",
        "|",
        "\n",
        "\r\n",
        "\t",
        " ",
    ]
)
TEXT = st.lists(st.one_of(NASTY, st.text(min_size=1, max_size=8)), min_size=1, max_size=12).map("".join)
LONG = st.booleans().map(lambda long: "long " * 4000 if long else "")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, abstract=st.tuples(TEXT, LONG).map("".join), name=TEXT, paper_id=TEXT)
def test_every_exporter_survives_hostile_text(title: str, abstract: str, name: str, paper_id: str) -> None:
    if not safe_text(name).strip() or not any(c.isalnum() for c in name):
        name = "x" + name
    paper = Paper(id=paper_id or "p", title=title, abstract=abstract or "a", published="2024-01-02")
    concepts, linked = link([Mention(paper.id, "method", name, "abstract", 0, 1, name, "test")])
    kg = build_graph([paper], concepts, linked)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # GraphML: a strict XML parser and networkx both read it back.
        graphml.write(kg, folder / "g.graphml")
        etree.parse(str(folder / "g.graphml"))
        back = graphml.read(folder / "g.graphml")
        paper_attrs = back.nodes[safe_text(f"paper:{paper.id}")]
        assert paper_attrs["label"] == safe_text(title)
        # RDF in every serialisation parses back to the same graph.
        expected = rdf.to_rdf(kg, mentions=True)
        for fmt in rdf.FORMATS:
            path = folder / rdf.file_name(fmt)
            rdf.write(kg, path, fmt, mentions=True)
            assert isomorphic(Graph().parse(path, format=fmt), expected)
        assert Literal(safe_text(title)) in set(expected.objects(None, SCHEMA.name))
        # HTML: the data is JSON that gives back the text; no markup of ours is broken.
        html.write(kg, folder / "g.html", html.ViewOptions(min_papers=1, show_papers=True))
        page = (folder / "g.html").read_text(encoding="utf-8")
        match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
        assert match is not None
        data = json.loads(match.group(1))
        assert {n["label"] for n in data["nodes"]} >= {safe_text(title)}
        assert page.count("</script>") == 3
        # CSV tables read back to the same titles and names.
        tables.write(kg, folder)
        papers = pd.read_csv(folder / "papers.csv", keep_default_na=False, dtype=str)
        assert papers["title"].tolist() == [safe_text(title)]
        concept_rows = pd.read_csv(folder / "concepts.csv", keep_default_na=False, dtype=str)
        assert len(concept_rows) == 1
