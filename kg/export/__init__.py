"""Exporters, one module per format, each ``write(kg, path, **options) -> list[Path]``.

``EXPORTERS`` maps a format name to its writer and default file name; the CLI
builds its choices from it, so adding a format means adding a module and a
line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.export import graphml, html, rdf, tables
from kg.graph import KnowledgeGraph


@dataclass(frozen=True)
class Exporter:
    """A format: its writer and where in the output folder it writes."""

    write: Callable[..., list[Path]]
    target: str
    """A file name, or ``.`` for writers that fill the folder with several files."""


EXPORTERS: dict[str, Exporter] = {
    "rdf": Exporter(rdf.write, "graph.ttl"),
    "graphml": Exporter(graphml.write, "graph.graphml"),
    "html": Exporter(html.write, "graph.html"),
    "tables": Exporter(tables.write, "."),
}

__all__ = ["EXPORTERS", "Exporter", "KnowledgeGraph"]
