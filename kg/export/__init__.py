"""Exporters, one module per format, each with ``write(kg, path, **options) -> list[Path]``.

``EXPORTERS`` maps a format name to how it fills the output folder; the CLI
builds its choices from it, so adding a format means adding a module and a
line here.  The persistent SPARQL store (:mod:`kg.export.store`) is not one of
them: it is a database folder of its own, written by ``kg build --store DIR``
outside the output folder, and replaced as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.export import graphml, html, rdf, report, tables
from kg.export.html import ViewOptions
from kg.graph import KnowledgeGraph
from kg.vocab import DEFAULT_BASE


@dataclass(frozen=True)
class ExportOptions:
    """Choices that shape the exports; the defaults are what ``kg build`` writes."""

    rdf_format: str = "turtle"
    base: str = DEFAULT_BASE
    mentions: bool = False
    view: ViewOptions = field(default_factory=ViewOptions)


@dataclass(frozen=True)
class Exporter:
    """A format: how it writes its file(s) into the output folder."""

    write_into: Callable[[KnowledgeGraph, Path, ExportOptions], list[Path]]
    files: Callable[[ExportOptions], tuple[str, ...]] = field(default=lambda options: ())


EXPORTERS: dict[str, Exporter] = {
    "rdf": Exporter(
        lambda kg, folder, o: rdf.write(
            kg, folder / rdf.file_name(o.rdf_format), o.rdf_format, base=o.base, mentions=o.mentions
        ),
        lambda o: (rdf.file_name(o.rdf_format),),
    ),
    "graphml": Exporter(
        lambda kg, folder, o: graphml.write(kg, folder / "graph.graphml"), lambda o: ("graph.graphml",)
    ),
    "html": Exporter(lambda kg, folder, o: html.write(kg, folder / "graph.html", o.view), lambda o: ("graph.html",)),
    "report": Exporter(lambda kg, folder, o: report.write(kg.view, folder / "report.html"), lambda o: ("report.html",)),
    "tables": Exporter(lambda kg, folder, o: tables.write(kg, folder), lambda o: tables.FILES),
}

__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "KnowledgeGraph", "ViewOptions"]
