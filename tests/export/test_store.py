"""The persistent Oxigraph store: built from the graph, queried without reparsing, with the
same answers as the exported file, and never lost to a failed rebuild."""

from __future__ import annotations

import builtins
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.errors import ExportError, InputError, KGError
from kg.export import rdf, store
from kg.sparql import Results, read_query, run
from tests.conftest import PAGES, ROOT
from tests.handmade import handmade_kg, handmade_stated_kg

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
# A value for each parameter the shipped queries take, chosen to have answers in the handmade graph.
BINDINGS = {"task": "node classification", "dataset": "Cora", "name": "GNNs", "word": "graphmix"}
# A parameter that other queries use as an output variable (?method) is bound for its own query only.
OWN_BINDINGS = {"methods-compared-with.rq": {"method": "GNN"}}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def bindings_for(query_file: Path) -> dict[str, str]:
    query = query_file.read_text(encoding="utf-8")
    found = {name: value for name, value in BINDINGS.items() if f"?{name}" in query}
    return {**found, **OWN_BINDINGS.get(query_file.name, {})}


def rows(results: Results) -> list[tuple[str, ...]]:
    """Every cell with its kind, datatype and language, so a changed literal type shows."""
    return [tuple("" if c is None else f"{c.kind}:{c.value}:{c.datatype}:{c.lang}" for c in r) for r in results.rows]


def count(path: Path) -> int:
    (row,) = run(path, COUNT).rows
    assert row[0] is not None
    return int(row[0].value)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The handmade graph (with mentions, and what its sentences state) as graph.ttl and as a store."""
    folder = tmp_path_factory.mktemp("handmade")
    kg = handmade_stated_kg()
    rdf.write(kg, folder / "graph.ttl", mentions=True)
    store.write(kg, folder / "store", mentions=True)
    return folder / "graph.ttl", folder / "store"


@pytest.mark.parametrize("query_file", QUERIES, ids=[q.name for q in QUERIES])
def test_store_answers_every_shipped_query_as_the_file_does(exported: tuple[Path, Path], query_file: Path) -> None:
    ttl, folder = exported
    query = read_query(str(query_file))
    from_file = run(ttl, query, engine="oxigraph", bindings=bindings_for(query_file))
    from_store = run(folder, query, bindings=bindings_for(query_file))
    assert from_store.variables == from_file.variables
    assert sorted(rows(from_store)) == sorted(rows(from_file))
    assert from_store.engine == "oxigraph"


def test_shipped_queries_have_answers_in_the_handmade_store(exported: tuple[Path, Path]) -> None:
    _, folder = exported
    answered = [q.name for q in QUERIES if run(folder, read_query(str(q)), bindings=bindings_for(q)).rows]
    assert len(answered) == len(QUERIES), set(q.name for q in QUERIES) - set(answered)


def test_store_records_what_it_holds(exported: tuple[Path, Path]) -> None:
    ttl, folder = exported
    held = store.info(folder)
    assert held.triples == count(ttl) == count(folder) == len(rdf.to_rdf(handmade_stated_kg(), mentions=True))
    assert held.mentions and held.base == rdf.DEFAULT_BASE


def test_kg_build_store_then_kg_sparql_gives_the_rows_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, folder = tmp_path / "out", tmp_path / "store"
    inputs = [str(PAGES / name) for name in ("spaced.txt", "metadata.txt", "compact.txt")]
    argv = ["build", *inputs, "--out", str(out), "--formats", "rdf", "--mentions", "--no-progress"]
    assert main([*argv, "--store", str(folder)]) == 0
    assert f"store: {folder.as_posix()} (" in capsys.readouterr().out
    assert store.is_store(folder)
    for query_file in QUERIES:
        binds = [f"--bind={k}={v}" for k, v in bindings_for(query_file).items()]
        outputs = []
        for data in (out / "graph.ttl", folder):
            assert main(["sparql", str(data), str(query_file), "--format", "csv", *binds]) == 0
            outputs.append(capsys.readouterr().out.splitlines())
        from_file, from_store = outputs
        assert from_store[0] == from_file[0], query_file.name
        assert sorted(from_store[1:]) == sorted(from_file[1:]), query_file.name
    assert main(["sparql", str(folder), COUNT, "--format", "csv"]) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) == store.info(folder).triples > 50


def _failing(lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines):
        if number == 100:
            raise OSError("disk full")
        yield line


def test_a_failed_store_write_keeps_the_earlier_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    before = count(folder)
    original = rdf.ntriples_lines
    monkeypatch.setattr(rdf, "ntriples_lines", lambda stream: _failing(original(stream)))
    with pytest.raises(OSError, match="disk full"):
        store.write(handmade_kg(), folder, mentions=True)
    assert count(folder) == before
    assert not store.info(folder).mentions
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_store_is_replaced_by_a_new_build(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    before = count(folder)
    store.write(handmade_kg(), folder, mentions=True)
    assert count(folder) > before
    assert store.info(folder).mentions
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_folder_that_is_not_a_store_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="not a kg store"):
        store.write(handmade_kg(), folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]


def test_kg_sparql_on_a_folder_that_is_not_a_store_names_it_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    assert main(["sparql", str(folder), COUNT]) == 1
    error = capsys.readouterr().err
    assert str(folder) in error and "not a kg store" in error and "kg build" in error
    assert main(["sparql", str(tmp_path / "missing"), COUNT]) == 1
    error = capsys.readouterr().err
    assert "missing" in error and "--store" in error


def test_a_store_is_read_by_oxigraph_only(exported: tuple[Path, Path]) -> None:
    _, folder = exported
    with pytest.raises(KGError, match="only Oxigraph reads"):
        run(folder, COUNT, engine="rdflib")


def test_a_broken_marker_says_to_rebuild(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    (folder / store.MARKER).write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="rebuild it with kg build"):
        run(folder, COUNT)


def _flip(path: Path, at: int, length: int = 64) -> None:
    data = bytearray(path.read_bytes())
    data[at : at + length] = bytes(b ^ 0x5A for b in data[at : at + length])
    path.write_bytes(bytes(data))


def test_a_changed_table_file_is_refused_before_oxigraph_reads_it(tmp_path: Path) -> None:
    """Oxigraph opened a store with bytes changed inside a table, and a query over that
    index then ran out of memory: the error blamed the query, not the store."""
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    table = max((folder / store.DATABASE).glob("*.sst"), key=lambda p: p.stat().st_size)
    _flip(table, table.stat().st_size // 2)
    with pytest.raises(InputError) as caught:
        run(folder, COUNT)
    message = str(caught.value)
    assert f"the Oxigraph store is damaged: {store.DATABASE}/{table.name} is not as kg build wrote it" in message
    assert f"rebuild it with kg build INPUTS --store {folder}" in message
    store.write(handmade_kg(), folder)  # what the message says to do
    assert count(folder) > 50


@pytest.mark.parametrize("damage", ["cut", "deleted"])
def test_a_cut_or_missing_database_file_is_named(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    manifest = next((folder / store.DATABASE).glob("MANIFEST-*"))
    if damage == "cut":
        manifest.write_bytes(manifest.read_bytes()[:10])
    else:
        manifest.unlink()
    with pytest.raises(InputError, match=f"{store.DATABASE}/{manifest.name} (has 10 bytes|is missing)"):
        store.open_store(folder)


def test_a_store_without_its_database_says_so_and_is_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    shutil.rmtree(folder / store.DATABASE)
    with pytest.raises(InputError, match=f"the store's database {store.DATABASE}/ is missing.*rebuild it"):
        run(folder, COUNT)
    store.check_destination(folder)  # its marker says kg wrote it: a build may replace it
    store.write(handmade_kg(), folder)
    assert count(folder) > 50


def test_a_store_written_before_kg_recorded_its_files_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store.write(handmade_kg(), folder)
    marker = json.loads((folder / store.MARKER).read_text(encoding="utf-8"))
    assert set(marker["files"]) >= {"CURRENT", next((folder / store.DATABASE).glob("MANIFEST-*")).name}
    del marker["files"]
    (folder / store.MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert count(folder) > 50


def test_without_pyoxigraph_the_error_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_oxigraph(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyoxigraph":
            raise ImportError("No module named 'pyoxigraph'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "pyoxigraph", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_oxigraph)
    with pytest.raises(KGError, match="pip install pyoxigraph"):
        store.write(handmade_kg(), tmp_path / "store")
    assert not (tmp_path / "store").exists()
    (tmp_path / "folder").mkdir()
    with pytest.raises(KGError, match="pip install pyoxigraph"):
        run(tmp_path / "folder", COUNT)


def test_a_store_loaded_in_many_slices_holds_every_triple(
    exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ttl, _ = exported
    monkeypatch.setattr(store, "LOAD_SLICE", 7)
    folder = tmp_path / "store"
    assert store.write(handmade_stated_kg(), folder, mentions=True).triples == count(ttl)
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert sorted(rows(run(folder, everything))) == sorted(rows(run(ttl, everything, engine="oxigraph")))


def test_the_store_folder_follows_the_umask(tmp_path: Path) -> None:
    """mkdtemp's 0700 became the store's mode whatever the umask (issue 24)."""
    import os

    old = os.umask(0o022)
    try:
        target = tmp_path / "store"
        store.write(handmade_kg(), target)
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o755
