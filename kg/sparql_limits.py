"""Limits on one ``kg sparql`` run: time, result rows and memory, and a way to stop it.

An engine holds the thread while it evaluates: Oxigraph's Rust code does not return to
Python, so Ctrl-C waits for it, and a cross product (or a sort of one) can run for hours
or grow until an allocation aborts the process.  So the query runs in a child process.
The parent waits for the answer at most ``timeout`` seconds and kills the child on
timeout or Ctrl-C; the child's address space is capped (``RLIMIT_AS``), so a runaway
query fails there and the parent says so in one line; and the child reads at most
``max_rows`` rows from the engine, so the answer it sends back is bounded too.  Both
engines run the same way.  The child is forked where the platform allows it (the parent
has opened no data yet), which costs milliseconds on a small query.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.sparql import Engine, Results, run

DEFAULT_TIMEOUT = 300.0
"""Seconds a query may run before it is stopped (``--timeout``)."""
DEFAULT_MAX_ROWS = 100_000
"""Result rows read and shown at most (``--max-rows``); a cut answer says so."""
_GB = 1024**3


def default_max_memory() -> int | None:
    """Bytes of address space a query may use by default: half the machine's memory (None if unknown)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (AttributeError, ValueError, OSError):
        return None


@dataclass(frozen=True)
class Limits:
    """How long, how many rows and how much memory one query may take; None means no limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_memory: int | None = None  # bytes of address space for the query's process
    allow_service: bool = False  # whether SERVICE may call a remote endpoint


@dataclass(frozen=True)
class _Job:
    """What the child process runs: the arguments of :func:`kg.sparql.run`, and where its stderr goes."""

    path: Path
    query: str
    engine: Engine
    bindings: Mapping[str, str]
    source: str
    limits: Limits
    stderr: str


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, so a killed ``kg sparql`` leaves no query running."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _limit_memory(limit: int | None) -> None:
    if limit is None:
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(job: _Job, answer: Connection) -> None:
    """Run the query and send back ``("ok", Results)``, ``("error", message)`` or ``("memory", "")``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C, and kills this process
    faulthandler.disable()  # a forked copy of the parent's would dump an abort on the parent's stderr
    _die_with_parent()
    errors = os.open(job.stderr, os.O_WRONLY | os.O_APPEND)
    os.dup2(errors, 2)  # an engine's own messages (a Rust abort) are read by the parent, not shown raw
    os.close(errors)
    _limit_memory(job.limits.max_memory)
    reply: tuple[str, Any]
    try:
        results = run(
            job.path,
            job.query,
            engine=job.engine,
            bindings=job.bindings,
            source=job.source,
            max_rows=job.limits.max_rows,
            allow_service=job.limits.allow_service,
        )
        reply = ("ok", results)
    except MemoryError:
        reply = ("memory", "")
    except KGError as err:
        reply = ("error", str(err))
    try:
        answer.send(reply)
    except MemoryError:
        answer.send(("memory", ""))
    answer.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _stop(process: Any) -> None:
    if process.is_alive():
        process.kill()
    process.join()


def _memory_error(source: str, limit: int | None) -> KGError:
    size = f"{limit / _GB:.1f} GB" if limit else "the machine's memory"
    return KGError(
        f"{source}: the query ran out of memory (its limit is {size}, --max-memory); ORDER BY, GROUP BY and "
        "DISTINCT hold every row of a cross product: connect the patterns, add a LIMIT, or raise --max-memory"
    )


def _died(source: str, exitcode: int | None, stderr: str, limit: int | None) -> KGError:
    if "memory allocation" in stderr or "MemoryError" in stderr or "out of memory" in stderr.lower():
        return _memory_error(source, limit)
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    last = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "")
    return KGError(f"{source}: the query process died ({how}){': ' + last[:200] if last else ''}")


def run_limited(
    path: Path,
    query: str,
    engine: Engine = "auto",
    bindings: Mapping[str, str] | None = None,
    source: str = "query",
    limits: Limits | None = None,
) -> Results:
    """:func:`kg.sparql.run` in a child process, stopped after ``limits.timeout`` or on Ctrl-C.

    A KGError says in one line why a query was stopped; KeyboardInterrupt is raised
    again once the child is gone.
    """
    limits = limits or Limits()
    handle, stderr_path = tempfile.mkstemp(prefix="kg-sparql-", suffix=".stderr")
    os.close(handle)
    context = _context()
    receive, send = context.Pipe(duplex=False)
    job = _Job(path, query, engine, dict(bindings or {}), source, limits, stderr_path)
    process = context.Process(target=_child, args=(job, send), daemon=True)
    try:
        process.start()
        send.close()
        if not receive.poll(limits.timeout):
            _stop(process)
            seconds = f"{limits.timeout:g}"
            raise KGError(
                f"{source}: stopped after {seconds} s (--timeout {seconds}); patterns that share no variable make "
                "a cross product: connect them, add a LIMIT, or raise --timeout (0 for none)"
            )
        try:
            kind, payload = receive.recv()
        except EOFError:
            process.join()
            said = Path(stderr_path).read_text(errors="replace")
            raise _died(source, process.exitcode, said, limits.max_memory) from None
        if kind == "memory":
            raise _memory_error(source, limits.max_memory)
        if kind == "error":
            raise KGError(payload)
        process.join()
        said = Path(stderr_path).read_text(errors="replace")
        if said:
            sys.stderr.write(said)  # what the engine said on a query that worked (rdflib's warnings)
        results: Results = payload
        return results
    finally:
        if process.pid is not None:
            _stop(process)
        receive.close()
        with contextlib.suppress(OSError):
            os.unlink(stderr_path)
