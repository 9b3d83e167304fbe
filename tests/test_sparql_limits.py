"""``kg sparql`` only reads, and never hangs: timeouts, Ctrl-C, memory and row caps, SERVICE.

Issue 24, item 11.  The slow queries are cross products over a small graph; tests assert
only that a run ended, in one line, with the right exit code, and give it generous time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main
from kg.sparql import run, with_bindings
from tests.interrupts import as_at_a_terminal

ENGINES = ("oxigraph", "rdflib")
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
KG = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "small.ttl"
    lines = ["@prefix ex: <http://example.org/> ."]
    lines += [f'ex:s{i} ex:p{i % 7} "value {i}" .' for i in range(300)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    return lines[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cross_product_stops_at_the_timeout_in_one_line(
    small: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sparql", str(small), CROSS, "--timeout", "1", "--engine", engine]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "stopped after 1 s (--timeout 1)" in line


def _wait_for_the_query(pid: int) -> None:
    """Until ``kg sparql`` has started the process that runs the query (it runs for hours), at most a minute."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not children.exists():
            time.sleep(5)  # no /proc: a guess that is long enough on a quiet machine
            return
        if children.read_text().strip():
            time.sleep(0.5)
            return
        time.sleep(0.1)


@pytest.mark.slow  # a kg sparql process of its own, interrupted
@pytest.mark.parametrize("engine", ENGINES)
def test_ctrl_c_stops_a_running_query(small: Path, engine: str) -> None:
    process = subprocess.Popen(
        [*KG, "sparql", str(small), CROSS, "--engine", engine, "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_at_a_terminal,
    )
    try:
        _wait_for_the_query(process.pid)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert out == ""
    assert "Traceback" not in err and "interrupted" in err


def _address_space_gb() -> float:
    """This process's address space in GB (0 where /proc does not say)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) / 1024**2
    return 0.0


@pytest.mark.slow  # grows a query to its memory limit: over a minute with rdflib
@pytest.mark.parametrize("engine", ENGINES)
def test_a_sort_of_a_cross_product_ends_at_the_memory_limit_in_one_line(
    small: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    limit = f"{_address_space_gb() + 1:.2f}"  # the query runs in a fork of this process, as large as it is
    code = main(["sparql", str(small), query, "--engine", engine, "--max-memory", limit, "--timeout", "300"])
    assert code == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "ran out of memory" in line and "--max-memory" in line


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cut_answer_says_so(small: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert main(["sparql", str(small), query, "--engine", engine, "--max-rows", "5"]) == 0
    out, err = capsys.readouterr()
    assert out.rstrip().endswith(f"(5 rows, {engine}, cut at --max-rows 5)")
    assert "note: only the first 5 rows are shown (--max-rows 5)" in err
    assert main(["sparql", str(small), query, "--engine", engine, "--max-rows", "0", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 301 and err == ""
    assert main(["sparql", str(small), query, "--engine", engine, "--max-rows", "300"]) == 0
    out, err = capsys.readouterr()
    assert "cut at" not in out and err == ""


def test_the_row_cap_is_the_same_in_the_library(small: Path) -> None:
    for engine in ENGINES:
        answer = run(small, "SELECT ?s WHERE { ?s ?p ?o }", engine=engine, max_rows=10)  # type: ignore[arg-type]
        assert len(answer.rows) == 10 and answer.cut_at == 10
        assert run(small, "SELECT ?s WHERE { ?s ?p ?o }", engine=engine).cut_at is None  # type: ignore[arg-type]


SERVICE = "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o }\n}"


@pytest.mark.parametrize("engine", ENGINES)
def test_service_is_refused_before_any_request(
    small: Path, engine: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def no_network(*_: object, **__: object) -> None:
        raise AssertionError("kg sparql opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert main(["sparql", str(small), SERVICE, "--engine", engine]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "query:2:3: SERVICE" in line and "--allow-service" in line


@pytest.mark.parametrize("engine", ENGINES)
def test_an_allowed_service_that_fails_is_one_line(
    small: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Port 1 of the local machine: no request leaves it, and the failure is an error, not a traceback."""
    assert main(["sparql", str(small), SERVICE, "--engine", engine, "--allow-service", "--timeout", "120"]) == 1
    _one_error_line(capsys.readouterr().err)


def test_service_in_a_comment_or_a_string_is_no_service(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = '# SERVICE <http://example.org/>\nSELECT ?s WHERE { ?s ?p "SERVICE" }'
    assert main(["sparql", str(small), query]) == 0


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ex:p1 ?o }",
        "CLEAR ALL",
        "LOAD <http://example.org/data.ttl>",
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_an_update_is_refused_as_kg_only_reads(small: Path, update: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", str(small), update]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "is a SPARQL Update, and kg sparql only reads" in line
    assert "CONSTRUCT or DESCRIBE" in line and "expected" not in line


def test_bind_works_below_a_comment_that_holds_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\nex:b ex:p "y" .\n', encoding="utf-8")
    query = "# the VALUES go after WHERE { in the real block\nSELECT ?s WHERE { ?s <http://example.org/p> ?v }"
    for engine in ENGINES:
        assert main(["sparql", str(path), query, "--bind", "v=y", "--engine", engine, "--format", "csv"]) == 0
        assert capsys.readouterr().out.split() == ["s", "http://example.org/b"]
    assert "# the VALUES go after WHERE { in" in with_bindings(query, {"v": "y"})
    assert with_bindings(query, {"v": "y"}).endswith('WHERE { VALUES ?v { "y" }  ?s <http://example.org/p> ?v }')


@pytest.mark.parametrize("flag", ["--timeout", "--max-memory", "--max-rows"])
def test_bad_limits_are_refused_by_the_parser(small: Path, flag: str) -> None:
    with pytest.raises(SystemExit):
        main(["sparql", str(small), "ASK {}", flag, "-1"])
