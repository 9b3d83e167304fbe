"""SPARQL over kg's RDF exports: Oxigraph when installed, rdflib otherwise.

The data is an RDF file (parsed into memory for each run) or a persistent
store folder that ``kg build --store DIR`` wrote (opened read-only by
Oxigraph, with nothing to parse, for graphs of millions of triples).

Both engines get the same query text: the prefixes kg writes (``kg:``,
``schema:``, ``skos:``, ...) are declared for a query that does not declare
them, and ``--bind NAME=VALUE`` sets a variable before evaluation (a plain
string literal, or an IRI when written ``<...>``), so one ``.rq`` file
answers the same question about any concept.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kg.errors import InputError, InputProblem, KGError
from kg.validate import RDF_SUFFIXES
from kg.vocab import PREFIXES

Engine = Literal["auto", "oxigraph", "rdflib"]
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w\-.]*)?:", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Cell:
    """One value of a result row, as the SPARQL JSON results format describes it."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Results:
    """What a query returned: rows for SELECT, a truth value for ASK, triples for CONSTRUCT."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Cell | None, ...], ...]
    boolean: bool | None = None
    engine: str = ""


def with_prefixes(query: str) -> str:
    """The query with kg's prefixes declared ahead of it, except those it declares itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(query)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return header + query


def _term(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        if any(c in value[1:-1] for c in ' <>"{}|\\^`'):
            raise KGError(f"--bind value {value!r} is not a valid IRI")
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def with_bindings(query: str, bindings: Mapping[str, str]) -> str:
    """The query with ``VALUES ?name { value }`` for each binding, first in its WHERE block."""
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise KGError("--bind needs a query with a WHERE { ... } block")
    values = " ".join(f"VALUES ?{name} {{ {_term(value)} }}" for name, value in bindings.items())
    return f"{query[: match.end()]} {values} {query[match.end() :]}"


def read_query(query_or_file: str) -> str:
    """The query text: the file's content when given an existing file (or a ``.rq`` path)."""
    path = Path(query_or_file)
    if query_or_file.endswith((".rq", ".sparql")) or (len(query_or_file) < 1024 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(InputProblem(query_or_file, None, f"cannot read query file: {err.strerror}")) from err
    return query_or_file


def _oxigraph_cell(term: Any) -> Cell | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    return Cell("literal", term.value, term.datatype.value if not term.language else None, term.language)


def _rdflib_cell(term: Any) -> Cell | None:
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Cell("uri", str(term))
    if isinstance(term, BNode):
        return Cell("bnode", str(term))
    datatype = str(term.datatype) if term.datatype else None
    if datatype is None and not term.language:
        datatype = "http://www.w3.org/2001/XMLSchema#string"
    return Cell("literal", str(term), datatype, term.language)


def _check_file(path: Path) -> str:
    suffix = path.suffix.lower()
    if not suffix and not path.exists():
        raise InputError(
            InputProblem(
                str(path), None, "no such file or store folder", f"build it with kg build INPUTS --store {path}"
            )
        )
    if suffix not in RDF_SUFFIXES:
        raise InputError(InputProblem(str(path), None, "unknown RDF suffix", f"use {', '.join(sorted(RDF_SUFFIXES))}"))
    if not path.is_file():
        raise InputError(InputProblem(str(path), None, "no such file", "build it first with kg build"))
    return suffix


def _run_oxigraph(path: Path, query: str) -> Results:
    import pyoxigraph as ox

    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(InputProblem(str(path), None, f"cannot parse RDF: {err}")) from err
    return _query_oxigraph(store, query)


def _run_store(path: Path, query: str) -> Results:
    from kg.export.store import open_store

    return _query_oxigraph(open_store(path), query)


def _query_oxigraph(store: Any, query: str) -> Results:
    import pyoxigraph as ox

    try:
        answer = store.query(query)
    except SyntaxError as err:
        raise KGError(f"SPARQL syntax error: {err}") from err
    if isinstance(answer, ox.QueryBoolean):
        return Results((), (), bool(answer), "oxigraph")
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(_oxigraph_cell(solution[name]) for name in names) for solution in answer)
        return Results(names, rows, None, "oxigraph")
    triples = tuple((_oxigraph_cell(t.subject), _oxigraph_cell(t.predicate), _oxigraph_cell(t.object)) for t in answer)
    return Results(("subject", "predicate", "object"), triples, None, "oxigraph")


def _run_rdflib(path: Path, query: str) -> Results:
    from kg.validate import read_rdf

    graph = read_rdf(path)
    try:
        answer = graph.query(query)
    except Exception as err:  # rdflib raises pyparsing errors for bad syntax
        raise KGError(f"SPARQL error: {err}") from err
    if answer.type == "ASK":
        return Results((), (), bool(answer.askAnswer), "rdflib")
    if answer.type == "SELECT":
        names = tuple(str(v) for v in answer.vars or ())
        rows = tuple(tuple(_rdflib_cell(row[i]) for i in range(len(names))) for row in answer)  # type: ignore[index]
        return Results(names, rows, None, "rdflib")
    triples = tuple((_rdflib_cell(s), _rdflib_cell(p), _rdflib_cell(o)) for s, p, o in answer)  # type: ignore[misc]
    return Results(("subject", "predicate", "object"), triples, None, "rdflib")


def oxigraph_available() -> bool:
    """True when pyoxigraph can be imported."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return False
    return True


def run(path: Path, query: str, engine: Engine = "auto", bindings: Mapping[str, str] | None = None) -> Results:
    """Run ``query`` over the RDF file or the kg store folder at ``path``; ``auto`` prefers Oxigraph.

    A store is read by Oxigraph only: it is a database, not a file rdflib can parse.
    """
    text = with_prefixes(with_bindings(query, bindings or {}))
    if path.is_dir():
        if engine == "rdflib":
            raise KGError(
                f"{path} is a folder, read as a kg store, which only Oxigraph reads: "
                "drop --engine rdflib, or give an RDF file"
            )
        if not oxigraph_available():
            raise KGError(f"{path} is a folder, read as a kg store, which needs pyoxigraph: pip install pyoxigraph")
        return _run_store(path, text)
    _check_file(path)
    chosen = engine
    if engine == "auto":
        chosen = "oxigraph" if oxigraph_available() else "rdflib"
    if chosen == "oxigraph":
        if not oxigraph_available():
            raise KGError("engine 'oxigraph' needs pyoxigraph: pip install pyoxigraph, or use --engine rdflib")
        return _run_oxigraph(path, text)
    return _run_rdflib(path, text)


def _short(cell: Cell | None, width: int) -> str:
    text = "" if cell is None else cell.value
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_results(results: Results, style: str = "table", width: int = 60) -> str:
    """Results as an aligned text table, CSV, or SPARQL 1.1 JSON results."""
    if results.boolean is not None:
        if style == "json":
            return json.dumps({"head": {}, "boolean": results.boolean})
        return "true" if results.boolean else "false"
    if style == "json":
        bindings = [
            {
                name: {
                    k: v
                    for k, v in (("type", c.kind), ("value", c.value), ("datatype", c.datatype), ("xml:lang", c.lang))
                    if v
                }
                for name, c in zip(results.variables, row, strict=True)
                if c is not None
            }
            for row in results.rows
        ]
        return json.dumps(
            {"head": {"vars": list(results.variables)}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False
        )
    if style == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows(["" if c is None else c.value for c in row] for row in results.rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_short(c, width) for c in row] for row in results.rows]
    widths = [max([len(name), *(len(r[i]) for r in cells)]) for i, name in enumerate(results.variables)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(results.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(value.ljust(w) for value, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}, {results.engine})")
    return "\n".join(lines)


def parse_bindings(pairs: Sequence[str]) -> dict[str, str]:
    """``["task=image classification"]`` -> ``{"task": "image classification"}``."""
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise KGError(f"--bind {pair!r}: write NAME=VALUE, e.g. --bind task='image classification'")
        found[name] = value
    return found
