"""``kg.build`` and ``kg.load``: the graph in Python, with or without files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from kg.building import build as build_files
from kg.building import build_knowledge_graph, write_exports
from kg.errors import InputError, InputProblem
from kg.export import ExportOptions
from kg.export import graphml as graphml_format
from kg.extract.options import ExtractOptions
from kg.model import Paper
from kg.sources import OnError, read_corpus

"""Node attributes that GraphML stores joined with ``|`` and :func:`load` splits again."""


def build(
    inputs: Sequence[str | os.PathLike[str]] | Sequence[Paper],
    out: str | os.PathLike[str] | None = None,
    on_error: OnError = "skip",
    options: ExportOptions | None = None,
    extraction: ExtractOptions | None = None,
) -> nx.MultiDiGraph:
    """Build the graph of files and folders (or of :class:`~kg.model.Paper` records).

    With ``out`` the exports are written there too, as ``kg build`` does;
    ``extraction`` chooses worker processes, Dask or a cache, as the CLI's
    ``--workers``, ``--engine`` and ``--cache`` do.
    """
    if inputs and all(isinstance(item, Paper) for item in inputs):
        papers = [item for item in inputs if isinstance(item, Paper)]
        kg = build_knowledge_graph(papers, extraction=extraction)
        if out is not None:
            write_exports(kg, Path(out), options=options)
        return kg.graph
    paths = [item for item in inputs if not isinstance(item, Paper)]
    if out is None:
        return build_knowledge_graph(read_corpus(paths, on_error=on_error).papers, extraction=extraction).graph
    kg, _ = build_files(paths, out=out, on_error=on_error, options=options, extraction=extraction)
    return kg.graph


def load(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The graph that ``kg build`` wrote, from its ``graph.graphml`` (or the folder holding it).

    Lists that GraphML keeps joined (aliases, sources) are lists again, so the
    loaded graph has the same nodes, edges and attributes as the built one.
    A missing or broken file is an :class:`~kg.errors.InputError` naming it.
    """
    target = Path(path)
    if target.is_dir():
        target = target / "graph.graphml"
        if not target.exists():
            hint = "this folder holds no export; build one with kg build PAPERS --out FOLDER"
            raise InputError(InputProblem(target.as_posix(), None, "no such file", hint))
    return graphml_format.read_graph(target)
