"""kg's modules import downward only: no import loop, not even one closed by an import
inside a function, and no module imports a module of a layer above its own (issue 25).

Every ``import`` and ``from ... import`` of every module under ``kg/`` is read with
:mod:`ast`, wherever it stands (the top of the file, a function, a ``TYPE_CHECKING``
block), and the modules it names are the graph's edges.  Importing ``a.b.c`` also runs
the ``__init__`` of ``a.b``, so an import names the packages on the way to its module
too, except those that hold the importing module itself (they are running already;
naming one of them outright, as ``from kg import __version__`` does, still counts).
A slow test imports each module first, with no other kg module loaded, which catches
what reading the source cannot (an import made from a string, say).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",  # records, errors, names and tools that know nothing of the flow
        (
            "kg.version",
            "kg.model",
            "kg.errors",
            "kg.vocab",
            "kg.normalize",
            "kg.spool",
            "kg.machine",
            "kg.timing",
            "kg.locking",
            "kg.termination",
        ),
    ),
    ("sources", ("kg.sources",)),  # input files -> Paper records
    ("extract", ("kg.extract",)),  # Paper -> Mention: the spaCy pipeline, its options and runners
    ("link", ("kg.link",)),  # Mention -> Concept (and kg.link.*, once link.py is a package)
    ("graph", ("kg.graph",)),  # papers and concepts -> the graph
    ("stats", ("kg.stats",)),  # counts over the graph that the report and kg.query share
    ("export", ("kg.export",)),  # the graph -> files, and those files read back
    ("query", ("kg.query", "kg.sparql", "kg.sparql_names", "kg.sparql_text", "kg.sparql_limits", "kg.validate")),
    ("build", ("kg.building", "kg.api", "kg.examples")),  # the whole flow as one call; kg.build, kg.load
    ("evaluate", ("kg.evaluate",)),  # kg eval: the extractor and the flow against gold
    ("command", ("kg", "kg.cli", "kg.__main__")),  # the package's API and the kg command
)
"""kg's layers, bottom to top, each a name and its modules.  A module may import
modules of its own layer or of the layers below.  A name stands for that module and,
if it is a package, every module in it; the root package ``kg`` stands for
``kg/__init__.py`` alone."""


@dataclass(frozen=True)
class Edge:
    """One import: ``source`` names ``target`` at ``line`` of ``path``."""

    source: str
    target: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.source} imports {self.target})"


def modules_of(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` (a folder under ``root``) by dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _named(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: Mapping[str, Path]) -> list[str]:
    """The modules of ``modules`` that one import statement loads by name."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = module.split(".") if is_package else module.split(".")[:-1]
        anchor = here[: len(here) - node.level + 1]
        base = ".".join([*anchor, *([base] if base else [])])
    named = []
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        named.append(submodule if submodule in modules else base)
    return named


def import_edges(root: Path, package: str) -> list[Edge]:
    """Every import between the modules of ``package``, lazy ones included."""
    modules = modules_of(root, package)
    edges = []
    for module, path in modules.items():
        own = {module, *_ancestors(module)}
        shown = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=shown)):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _named(node, module, path.name == "__init__.py", modules):
                on_the_way = [outer for outer in _ancestors(name) if outer not in own]
                for target in [*on_the_way, name]:
                    if target in modules and target != module:
                        edges.append(Edge(module, target, shown, node.lineno))
    return edges


def _graph(edges: list[Edge]) -> dict[str, list[Edge]]:
    graph: dict[str, list[Edge]] = {}
    for edge in edges:
        graph.setdefault(edge.source, []).append(edge)
        graph.setdefault(edge.target, [])
    return graph


def loop_groups(edges: list[Edge]) -> list[set[str]]:
    """The groups of modules that import one another, each through a loop of imports."""
    graph = _graph(edges)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for edge in graph[node]:
            if edge.target not in index:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def cycles(edges: list[Edge]) -> list[list[Edge]]:
    """One loop of imports through each group of :func:`loop_groups`."""
    graph = _graph(edges)
    return [_loop_in(graph, group) for group in loop_groups(edges)]


def _loop_in(graph: Mapping[str, list[Edge]], group: set[str]) -> list[Edge]:
    """The shortest loop from the group's first module back to it, by breadth-first search."""
    start = min(group)
    came_by: dict[str, Edge] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for edge in graph[node]:
                if edge.target == start:
                    loop = [edge]
                    while loop[0].source != start:
                        loop.insert(0, came_by[loop[0].source])
                    return loop
                if edge.target in group and edge.target not in came_by:
                    came_by[edge.target] = edge
                    following.append(edge.target)
        frontier = following
    raise AssertionError(f"no loop through {sorted(group)}")


def layer_of(module: str) -> int | None:
    """The index in :data:`LAYERS` of the layer that holds ``module``, None if none does."""
    best: tuple[int, int] | None = None
    for level, (_, names) in enumerate(LAYERS):
        for name in names:
            covers = module == name or (name != "kg" and module.startswith(f"{name}."))
            if covers and (best is None or len(name) > best[0]):
                best = (len(name), level)
    return None if best is None else best[1]


def _layer_name(level: int) -> str:
    return LAYERS[level][0]


@cache
def kg_edges() -> list[Edge]:
    return import_edges(ROOT, "kg")


def test_no_module_imports_itself_through_others() -> None:
    groups = [sorted(group) for group in loop_groups(kg_edges())]
    loops = [" -> ".join(str(edge) for edge in loop) for loop in cycles(kg_edges())]
    assert not groups, (
        f"modules that import one another: {groups}; one loop through each (move what both sides"
        " need into a module below them):\n" + "\n".join(loops)
    )


def test_every_module_has_a_layer() -> None:
    missing = sorted(module for module in modules_of(ROOT, "kg") if layer_of(module) is None)
    assert not missing, f"modules in no layer of tests/test_layers.py's LAYERS; add them where they belong: {missing}"


def test_every_import_points_down_or_within_its_layer() -> None:
    upward = [
        f"{edge}: layer {_layer_name(source)} imports layer {_layer_name(target)} above it"
        for edge in kg_edges()
        if (source := layer_of(edge.source)) is not None
        and (target := layer_of(edge.target)) is not None
        and target > source
    ]
    assert not upward, "imports that point up (move what they need down, or the importer up):\n" + "\n".join(upward)


def test_layers_name_each_module_once() -> None:
    assert len({layer for layer, _ in LAYERS}) == len(LAYERS)
    names = [name for _, layer in LAYERS for name in layer]
    assert len(names) == len(set(names))
    modules = modules_of(ROOT, "kg")
    unknown = [name for name in names if name not in modules]
    assert not unknown, f"LAYERS names modules that do not exist: {unknown}"


def test_imports_inside_functions_and_type_checking_blocks_are_edges() -> None:
    """The walk sees what runs late: ``kg build``'s import of the flow sits inside the CLI's function."""
    edges = {(edge.source, edge.target) for edge in kg_edges()}
    assert ("kg.cli", "kg.building") in edges
    assert ("kg", "kg.api") in edges


def _package(tmp_path: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_lazy_import_that_closes_a_loop_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low.py": "def late():\n    from pkg.high import thing\n    return thing\n",
            "pkg/high.py": "from pkg import low\nthing = 1\n",
            "pkg/side.py": "from . import low\n",
        },
    )
    (loop,) = cycles(import_edges(root, "pkg"))
    assert [(edge.source, edge.target, edge.line) for edge in loop] == [
        ("pkg.high", "pkg.low", 1),
        ("pkg.low", "pkg.high", 2),
    ]


def test_an_import_runs_the_packages_on_the_way_to_its_module(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "VERSION = 1\n",
            "pkg/version_user.py": "from pkg import VERSION\n",
            "pkg/sub/__init__.py": "from pkg.sub import deep\n",
            "pkg/sub/deep.py": "from ..top import x\n",
            "pkg/top.py": "import pkg.sub.deep\nx = 1\n",
        },
    )
    edges = {(edge.source, edge.target) for edge in import_edges(root, "pkg")}
    assert edges == {
        ("pkg.version_user", "pkg"),
        ("pkg.sub", "pkg.sub.deep"),
        ("pkg.sub.deep", "pkg.top"),
        ("pkg.top", "pkg.sub"),
        ("pkg.top", "pkg.sub.deep"),
    }
    assert {edge.source for edge in cycles(import_edges(root, "pkg"))[0]} == {"pkg.sub", "pkg.sub.deep", "pkg.top"}


IMPORT_EACH_ALONE = """
import importlib, json, sys, traceback
failed = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "kg" or m.startswith("kg.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""
"""Imports each named module first, with no kg module loaded before it (the libraries
kg uses stay loaded, which only saves time)."""


@pytest.mark.slow
def test_each_module_imports_on_its_own() -> None:
    names = [name for name in modules_of(ROOT, "kg") if name != "kg.__main__"]  # that one runs the command
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_ALONE, json.dumps(names)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    failed: dict[str, str] = json.loads(done.stdout.splitlines()[-1])
    assert not failed, "\n".join(f"{name}:\n{trace}" for name, trace in failed.items())


def _loaded_after(statement: str) -> Iterator[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return iter(done.stdout.splitlines())


@pytest.mark.slow
def test_importing_kg_or_its_command_loads_no_spacy() -> None:
    """``kg sparql`` and ``kg validate`` start without the extractor's libraries: the
    package imports ``kg.build`` and ``kg.load`` when they are first used."""
    for statement in ("import kg", "import kg.cli"):
        loaded = set(_loaded_after(statement))
        assert not {"spacy", "kg.api", "kg.building", "kg.extract"} & loaded, statement
    assert "spacy" in set(_loaded_after("import kg\nkg.build"))
