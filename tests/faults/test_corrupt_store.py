"""A damaged ``--store``: ``kg sparql`` refuses it in one line naming the store and the fix, and the
next ``kg build --store`` rebuilds it (a folder with kg's marker) or refuses it in one line (a folder
without), the file exports whole or the old ones intact either way."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.export.store import DATABASE, MARKER
from tests.faults.conftest import Known
from tests.faults.observe import beside, build_with, digests, finish, kg_build, lines, start

pytestmark = pytest.mark.slow  # each test runs kg in processes of its own

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
SAFE = ("--max-memory", "1", "--timeout", "60")
"""Limits for a query over damaged data: a damaged index once made Oxigraph grow until it was stopped."""


def _xor(path: Path, start: int, length: int = 64) -> None:
    data = bytearray(path.read_bytes())
    data[start : start + length] = bytes(b ^ 0x5A for b in data[start : start + length])
    path.write_bytes(bytes(data))


def _tables(store: Path) -> list[Path]:
    return sorted((store / DATABASE).glob("*.sst"), key=lambda p: p.stat().st_size)


def _largest_table_flipped(store: Path) -> None:
    """Bytes in the middle of one table: Oxigraph opens it without a word (found by kg's check)."""
    table = _tables(store)[-1]
    _xor(table, table.stat().st_size // 2)


def _every_table_flipped(store: Path) -> None:
    for table in _tables(store):
        _xor(table, table.stat().st_size // 4, 512)


def _table_cut(store: Path) -> None:
    table = _tables(store)[-1]
    table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])


def _table_deleted(store: Path) -> None:
    _tables(store)[0].unlink()


def _current_deleted(store: Path) -> None:
    (store / DATABASE / "CURRENT").unlink()


def _manifest_garbage(store: Path) -> None:
    for manifest in (store / DATABASE).glob("MANIFEST-*"):
        manifest.write_bytes(bytes((i * 131 + 7) % 256 for i in range(manifest.stat().st_size)))


def _database_emptied(store: Path) -> None:
    shutil.rmtree(store / DATABASE)
    (store / DATABASE).mkdir()


def _database_deleted(store: Path) -> None:
    shutil.rmtree(store / DATABASE)


def _marker_garbage(store: Path) -> None:
    (store / MARKER).write_bytes(b"\xff\xfe{ not json")


def _marker_of_another_format(store: Path) -> None:
    (store / MARKER).write_text(json.dumps({"format": "something-else", "version": 1}))


Damage = Callable[[Path], None]

DAMAGES: dict[str, Damage] = {
    "largest-table-flipped": _largest_table_flipped,
    "every-table-flipped": _every_table_flipped,
    "table-cut": _table_cut,
    "table-deleted": _table_deleted,
    "current-deleted": _current_deleted,
    "manifest-garbage": _manifest_garbage,
    "database-emptied": _database_emptied,
    "database-deleted": _database_deleted,
    "marker-garbage": _marker_garbage,
    "marker-of-another-format": _marker_of_another_format,
}
REBUILT = ["largest-table-flipped", "table-cut", "database-deleted", "marker-garbage"]
"""Damage to a store that still has kg's marker: the next build replaces it."""


@pytest.fixture(scope="module")
def built(first: Known, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that a build of ``first`` wrote beside its exports (which are a clean build's)."""
    out, store = build_with(first.corpus, tmp_path_factory.mktemp("built"), "--store")
    assert digests(out) == first.digests
    return store


def _damaged_copy(built: Path, tmp_path: Path, damage: Damage) -> Path:
    store = tmp_path / "store"
    shutil.copytree(built, store)
    damage(store)
    return store


def _sparql(store: Path, tmp_path: Path) -> tuple[int, str, str]:
    query = tmp_path / "count.rq"
    query.write_text(COUNT)
    run = start(["-m", "kg", "sparql", str(store), str(query), "--format", "csv", *SAFE])
    stdout, stderr = run.communicate(timeout=180)
    return run.returncode, stdout, stderr


def _triples(store: Path) -> int:
    return int(json.loads((store / MARKER).read_text(encoding="utf-8"))["triples"])


def _ttl_triples(path: Path) -> int:
    import pyoxigraph

    graph = pyoxigraph.Store()
    graph.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return len(graph)


def test_the_undamaged_store_answers(built: Path, tmp_path: Path) -> None:
    code, stdout, stderr = _sparql(built, tmp_path)
    assert (code, stderr) == (0, "")
    assert stdout.split() == ["n", str(_triples(built))]
    assert _triples(built) == _ttl_triples(built.parent / "exports" / "graph.ttl")


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_kg_sparql_refuses_a_damaged_store_in_one_line(damage: Damage, built: Path, tmp_path: Path) -> None:
    store = _damaged_copy(built, tmp_path, damage)
    code, stdout, stderr = _sparql(store, tmp_path)
    assert code == 1
    assert stdout == ""
    assert "Traceback" not in stderr
    (error,) = lines(stderr)
    assert error.startswith(f"error: {store}")
    assert error.endswith(f"(rebuild it with kg build INPUTS --store {store})"), error


@pytest.mark.parametrize("damage", [DAMAGES[name] for name in REBUILT], ids=REBUILT)
def test_a_build_rebuilds_a_damaged_store_after_whole_exports(
    damage: Damage, built: Path, first: Known, second: Known, tmp_path: Path
) -> None:
    store = _damaged_copy(built, tmp_path, damage)
    out = tmp_path / "exports"
    first.copy_to(out)
    code, stderr = finish(start(["-m", "kg", *kg_build(second.corpus, out, "--store", str(store))]))
    assert (code, stderr) == (0, "")
    assert digests(out) == second.digests
    assert beside(out) == [] and beside(store) == []
    answered, stdout, said = _sparql(store, tmp_path)
    assert (answered, said) == (0, "")
    assert stdout.split() == ["n", str(_ttl_triples(out / "graph.ttl"))]  # the new graph.ttl's triples


def test_a_folder_without_the_marker_is_refused_before_a_paper_is_read(
    built: Path, first: Known, second: Known, tmp_path: Path
) -> None:
    """Without kg-store.json nothing says kg wrote the folder: it may be someone's data, so it is never replaced."""
    store = _damaged_copy(built, tmp_path, lambda folder: (folder / MARKER).unlink())
    kept = sorted(p.name for p in (store / DATABASE).iterdir())
    out = tmp_path / "exports"
    first.copy_to(out)
    code, stderr = finish(start(["-m", "kg", *kg_build(second.corpus, out, "--store", str(store))]))
    assert code == 1
    assert lines(stderr) == [
        f"error: {store}: --store would replace this folder, but it is not a kg store (no {MARKER}); "
        "choose a new or empty folder"
    ]
    assert digests(out) == first.digests
    assert beside(out) == [] and beside(store) == []
    assert sorted(p.name for p in (store / DATABASE).iterdir()) == kept
