"""SPARQL over kg's RDF exports: Oxigraph when installed, rdflib otherwise.

The data is an RDF file (parsed into memory for each run) or a persistent
store folder that ``kg build --store DIR`` wrote (opened read-only by
Oxigraph, with nothing to parse, for graphs of millions of triples).

Both engines get the same query text: the prefixes kg writes (``kg:``,
``schema:``, ``skos:``, ...) are declared for a query that does not declare
them, and ``--bind NAME=VALUE`` sets a variable before evaluation (a plain
string literal, or an IRI when written ``<...>``), so one ``.rq`` file
answers the same question about any concept.

Before the data is read, the query is checked against the user's own text
(:mod:`kg.sparql_text`): an undeclared prefix, a syntax error (placed at the
line and column of the text as written, not of the text with kg's prefixes
ahead of it) and a ``--bind`` name the query does not use are errors.  A bound
variable that holds a concept's name (``?d skos:prefLabel|skos:altLabel
?dataset``) is matched as the Python helpers match names (:mod:`kg.sparql_names`):
any case, any alias; it is set, with its concept, to the concepts the name
means, and a name that means none is reported with the nearest names.

kg only reads: a SPARQL Update is refused, and so is ``SERVICE`` (a request to a remote
endpoint) unless the caller allows it.  A cap on result rows keeps the answer's size
bounded; the CLI runs queries under a time and memory limit too (:mod:`kg.sparql_limits`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from kg.errors import InputError, InputProblem, KGError
from kg.export.rdf_read import RDF_SUFFIXES, read_oxigraph, read_rdf
from kg.sparql_names import NAMES_QUERY, ConceptNames, concept_names, matching, nearest
from kg.sparql_text import (
    NameVariable,
    name_variables,
    service_call,
    undeclared_prefix,
    update_operation,
    variables,
    where_block,
)
from kg.vocab import PREFIXES

Engine = Literal["auto", "oxigraph", "rdflib"]
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
    notes: tuple[str, ...] = ()  # what the user should know about the answer, e.g. a name that matched nothing
    cut_at: int | None = None  # the row cap, when the answer had more rows and was cut there


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
    start = where_block(query)  # read from tokens: a WHERE in a comment or a string is no WHERE block
    if start is None:
        raise KGError("--bind needs a query with a WHERE { ... } block")
    values = " ".join(f"VALUES ?{name} {{ {_term(value)} }}" for name, value in bindings.items())
    return f"{query[:start]} {values} {query[start:]}"


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; a query's text is no name (a line over 255 bytes makes
    the system refuse the name with "File name too long")."""
    try:
        return len(str(path)) < 1024 and path.is_file()
    except OSError:
        return False


def read_query(query_or_file: str) -> str:
    """The query text: the file's content when given an existing file (or a ``.rq`` path)."""
    path = Path(query_or_file)
    if query_or_file.endswith((".rq", ".sparql")) or _is_file(path):
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
    return _opened(path, "oxigraph")(query, None)


Row = tuple[Cell | None, ...]


def _capped(rows: Any, max_rows: int | None) -> tuple[tuple[Row, ...], int | None]:
    """At most ``max_rows`` of the lazily made ``rows`` (all when None), and the cap when more were there."""
    if max_rows is None:
        return tuple(rows), None
    kept = tuple(islice(rows, max_rows + 1))
    return (kept[:max_rows], max_rows) if len(kept) > max_rows else (kept, None)


def _evaluation_error(err: Exception) -> KGError:
    text = " ".join(str(err).split()) or type(err).__name__
    return KGError(f"the query failed while it ran: {text[:200]}")


def _query_oxigraph(store: Any, query: str, max_rows: int | None = None) -> Results:
    import pyoxigraph as ox

    try:
        answer = store.query(query)
        if isinstance(answer, ox.QueryBoolean):
            return Results((), (), bool(answer), "oxigraph")
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows, cut = _capped((tuple(_oxigraph_cell(s[name]) for name in names) for s in answer), max_rows)
            return Results(names, rows, None, "oxigraph", cut_at=cut)
        cells = ((_oxigraph_cell(t.subject), _oxigraph_cell(t.predicate), _oxigraph_cell(t.object)) for t in answer)
        triples, cut = _capped(cells, max_rows)
        return Results(("subject", "predicate", "object"), triples, None, "oxigraph", cut_at=cut)
    except SyntaxError as err:
        raise KGError(f"SPARQL syntax error: {err}") from err
    except (OSError, RuntimeError, ValueError, TypeError) as err:  # e.g. a SERVICE endpoint that failed
        raise _evaluation_error(err) from err


def _run_rdflib(path: Path, query: str) -> Results:
    return _query_rdflib(read_rdf(path), query)


def _out_of_memory(err: BaseException) -> bool:
    """Whether ``err`` is, or was raised while handling, a MemoryError (rdflib and pyparsing wrap errors)."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _query_rdflib(graph: Any, query: str, max_rows: int | None = None) -> Results:
    try:
        answer = graph.query(query)
    except Exception as err:  # rdflib raises pyparsing errors for bad syntax
        if _out_of_memory(err):
            raise MemoryError from err
        raise KGError(f"SPARQL error: {' '.join(str(err).split()) or type(err).__name__}") from err
    try:
        if answer.type == "ASK":
            return Results((), (), bool(answer.askAnswer), "rdflib")
        if answer.type == "SELECT":
            names = tuple(str(v) for v in answer.vars or ())
            rows, cut = _capped((tuple(_rdflib_cell(row[i]) for i in range(len(names))) for row in answer), max_rows)
            return Results(names, rows, None, "rdflib", cut_at=cut)
        triples, cut = _capped(((_rdflib_cell(s), _rdflib_cell(p), _rdflib_cell(o)) for s, p, o in answer), max_rows)
        return Results(("subject", "predicate", "object"), triples, None, "rdflib", cut_at=cut)
    except Exception as err:  # rdflib evaluates lazily: errors of evaluation come while rows are read
        if _out_of_memory(err):
            raise MemoryError from err
        raise _evaluation_error(err) from err


def oxigraph_available() -> bool:
    """True when pyoxigraph can be imported."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return False
    return True


def query_source(query_or_file: str) -> str:
    """How errors name the query: its file, or ``query`` for text given on the command line."""
    path = Path(query_or_file)
    if query_or_file.endswith((".rq", ".sparql")) or _is_file(path):
        return query_or_file
    return "query"


def _header_lines(query: str) -> int:
    text = with_prefixes(query)
    return text[: len(text) - len(query)].count("\n")


def _syntax_error(query: str, source: str, line: int, column: int, message: str) -> KGError:
    """The error for a syntax error at ``line``:``column`` of the text as written (1-based).

    An engine that stops at the end of the text places the error after the last line;
    it is placed at the end of the last line that is not blank, where the user can look.
    """
    lines = query.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if line > len(lines):
        line, column = max(len(lines), 1), len(lines[-1]) + 1 if lines else 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    after = text[max(column - 1, 0) :].strip()[:30]
    near = f"near {after!r}" if after else f"at the end of {text.strip()[-30:]!r}"
    message = " ".join(message.split())
    if len(message) > 120:
        message = message[:119] + "…"
    return KGError(f"{source}:{line}:{column}: SPARQL syntax error {near}: {message}")


def _check_oxigraph_syntax(query: str, source: str) -> None:
    import pyoxigraph as ox

    try:
        ox.Store().query(with_prefixes(query))
    except SyntaxError as err:
        found = re.match(r"error at (\d+):(\d+): (.*)", str(err), re.DOTALL)
        if found is None:
            raise KGError(f"{source}: SPARQL syntax error: {' '.join(str(err).split())}") from err
        line, lines = int(found.group(1)) - _header_lines(query), query.splitlines()
        # Oxigraph counts columns in UTF-8 bytes.
        raw = lines[line - 1].encode("utf-8") if 0 < line <= len(lines) else b""
        column = len(raw[: int(found.group(2)) - 1].decode("utf-8", errors="ignore")) + 1
        raise _syntax_error(query, source, line, column, found.group(3)) from err


def _check_rdflib_syntax(query: str, source: str) -> None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(with_prefixes(query))
    except ParseBaseException as err:
        message = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(err))
        raise _syntax_error(query, source, err.lineno - _header_lines(query), err.col, message) from err
    except Exception as err:  # rdflib reports some errors of meaning while it translates the query
        raise KGError(f"{source}: SPARQL error: {' '.join(str(err).split())}") from err


def _check_syntax(query: str, source: str, engine: str) -> None:
    """Parse ``query`` (with kg's prefixes); a KGError placed in the user's text if it fails.

    Oxigraph's parser judges for both engines when it is installed, so that both report
    the same error at the same place; rdflib's parser then checks what rdflib will run.
    """
    if oxigraph_available():
        _check_oxigraph_syntax(query, source)
    if engine == "rdflib":
        _check_rdflib_syntax(query, source)


def _check_reads_only(query: str, source: str, allow_service: bool) -> None:
    """Refuse an update (kg only reads), and a SERVICE call unless ``allow_service``."""
    update = update_operation(query)
    if update is not None:
        raise KGError(
            f"{source}:{update.line}:{update.column}: {update.text.upper()} is a SPARQL Update, and kg sparql only "
            "reads (SELECT, ASK, CONSTRUCT or DESCRIBE); to change the graph, change the inputs and rebuild"
        )
    service = service_call(query)
    if service is not None and not allow_service:
        raise KGError(
            f"{source}:{service.line}:{service.column}: SERVICE sends part of the query to a remote endpoint, "
            "and kg sparql reads only local data; pass --allow-service to let it"
        )


def check_query(
    query: str,
    bindings: Mapping[str, str],
    engine: str = "oxigraph",
    source: str = "query",
    allow_service: bool = False,
) -> None:
    """Check ``query`` before any data is read: that it only reads, its prefixes, its syntax, its bound names."""
    _check_reads_only(query, source, allow_service)
    unknown = undeclared_prefix(query, PREFIXES)
    if unknown is not None:
        prefix = unknown.text.partition(":")[0]
        raise KGError(
            f"{source}:{unknown.line}:{unknown.column}: unknown prefix {prefix + ':'!r} in {unknown.text} "
            f"(declare it with PREFIX {prefix}: <IRI>, or use one of kg's: {', '.join(PREFIXES)})"
        )
    _check_syntax(query, source, engine)
    used = variables(query)
    for name in bindings:
        if name not in used:
            listed = ", ".join(f"?{v}" for v in used) or "none"
            raise KGError(f"--bind {name}: {source} has no ?{name}; its variables are {listed} (bind one of these)")


_KIND_NAMES = {"method": "method", "task": "task", "dataset": "data set", "concept": "concept"}


def _concept_values(
    name: str, value: str, variable: NameVariable, concepts: Sequence[ConceptNames], where: str
) -> tuple[str | None, str | None]:
    """The VALUES clause that sets a name variable to the concepts ``value`` means, and a note if it means none."""
    found = matching(concepts, value)
    wanted = [c for c in found if not variable.classes or c.cls in variable.classes]
    if not wanted:
        kinds = sorted({c.kind for c in concepts if not variable.classes or c.cls in variable.classes})
        kind = _KIND_NAMES[kinds[0]] if len(kinds) == 1 else "concept"
        pool = [c for c in concepts if not variable.classes or c.cls in variable.classes]
        note = f"--bind {name}={value!r}: no {kind} in {where} has that name"
        if found:
            note += f"; it names the {_KIND_NAMES[found[0].kind]} {found[0].label!r}"
        close = nearest(pool, value)
        note += f"; nearest names: {', '.join(close)}" if close else ""
        return None, note
    rows: list[tuple[str, str]] = []
    for concept in wanted:
        labels: Sequence[str] = (concept.label,)
        if not variable.preferred:
            # Only aliases can bind the variable: the aliases the value matches, or else all of them.
            alike = [a for a in concept.aliases if matching([ConceptNames(concept.iri, concept.cls, a)], value)]
            labels = alike or concept.aliases
        rows.extend((concept.iri, label) for label in labels)
    if variable.concept is None:
        return f"VALUES ?{name} {{ {' '.join(dict.fromkeys(_term(label) for _, label in rows))} }}", None
    pairs = " ".join(f"(<{iri}> {_term(label)})" for iri, label in rows)
    return f"VALUES (?{variable.concept} ?{name}) {{ {pairs} }}", None


Ask = Callable[[str, int | None], Results]
"""Runs a query text over opened data, with a cap on rows (None for none)."""


def _bound(query: str, bindings: Mapping[str, str], ask: Ask, where: str) -> tuple[str, tuple[str, ...]]:
    """The query with its bindings as VALUES first in its WHERE block, and notes on names that matched nothing."""
    if not bindings:
        return query, ()
    start = where_block(query)
    if start is None:
        raise KGError("--bind needs a query with a WHERE { ... } block")
    names = name_variables(query, PREFIXES)
    concepts: tuple[ConceptNames, ...] | None = None
    clauses, notes = [], []
    for name, value in bindings.items():
        variable = names.get(name)
        is_iri = value.startswith("<") and value.endswith(">")
        if variable is not None and not is_iri and (variable.concept is None or variable.concept not in bindings):
            if concepts is None:
                concepts = concept_names(
                    tuple("" if c is None else c.value for c in row)  # type: ignore[misc]
                    for row in ask(with_prefixes(NAMES_QUERY), None).rows
                )
            clause, note = _concept_values(name, value, variable, concepts, where)
            if note:
                notes.append(note)
            if clause:
                clauses.append(clause)
                continue
        clauses.append(f"VALUES ?{name} {{ {_term(value)} }}")
    return f"{query[:start]} {' '.join(clauses)} {query[start:]}", tuple(notes)


def _chosen_engine(path: Path, engine: Engine) -> str:
    if path.is_dir():
        if engine == "rdflib":
            raise KGError(
                f"{path} is a folder, read as a kg store, which only Oxigraph reads: "
                "drop --engine rdflib, or give an RDF file"
            )
        if not oxigraph_available():
            raise KGError(f"{path} is a folder, read as a kg store, which needs pyoxigraph: pip install pyoxigraph")
        return "store"
    _check_file(path)
    if engine == "auto":
        return "oxigraph" if oxigraph_available() else "rdflib"
    if engine == "oxigraph" and not oxigraph_available():
        raise KGError("engine 'oxigraph' needs pyoxigraph: pip install pyoxigraph, or use --engine rdflib")
    return engine


def _opened(path: Path, chosen: str) -> Ask:
    """A function that runs queries over the data at ``path``, read once."""
    if chosen == "store":
        from kg.export.store import open_store

        store = open_store(path)
        return lambda text, cap: _query_oxigraph(store, text, cap)
    if chosen == "oxigraph":
        memory = read_oxigraph(path)
        return lambda text, cap: _query_oxigraph(memory, text, cap)
    graph = read_rdf(path)
    return lambda text, cap: _query_rdflib(graph, text, cap)


def run(
    path: Path,
    query: str,
    engine: Engine = "auto",
    bindings: Mapping[str, str] | None = None,
    source: str = "query",
    max_rows: int | None = None,
    allow_service: bool = False,
) -> Results:
    """Run ``query`` over the RDF file or the kg store folder at ``path``; ``auto`` prefers Oxigraph.

    A store is read by Oxigraph only: it is a database, not a file rdflib can parse.
    ``source`` names the query in errors (its file, see :func:`query_source`).  At most
    ``max_rows`` rows are read from the engine (None: all); a cut answer says so in its
    notes and ``cut_at``.  This runs in the calling process with no time or memory limit;
    :func:`kg.sparql_limits.run_limited` adds them.
    """
    bindings = dict(bindings or {})
    chosen = _chosen_engine(path, engine)
    check_query(query, bindings, "rdflib" if chosen == "rdflib" else "oxigraph", source, allow_service)
    ask = _opened(path, chosen)
    text, notes = _bound(query, bindings, ask, str(path))
    answer = ask(with_prefixes(text), max_rows)
    if answer.cut_at is not None:
        notes += (
            f"only the first {answer.cut_at} rows are shown (--max-rows {answer.cut_at}); "
            "raise --max-rows (0 for no cap), or narrow the query",
        )
    return replace(answer, notes=notes)


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
    cut = f", cut at --max-rows {results.cut_at}" if results.cut_at is not None else ""
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}, {results.engine}{cut})")
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
