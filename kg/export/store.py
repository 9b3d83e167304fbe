"""A persistent Oxigraph store of the graph, for SPARQL over millions of triples without reparsing.

``kg build ... --store DIR`` writes one; ``kg sparql DIR QUERY`` opens it
read-only and answers at once, where a ``.ttl`` or ``.nt`` file has to be
parsed into memory on every query.  The store is the RDF export's triples
(:func:`kg.export.rdf.triples`) bulk-loaded as N-Triples, streamed from the
graph with no intermediate file, so building it needs no more memory than
the graph itself plus Oxigraph's own buffers.

A store folder holds ``kg-store.json`` (what built it, how many triples,
and the size and CRC-32 of each database file) and ``oxigraph/`` (the
database).  It is written into a temporary folder beside ``DIR`` and renamed
into place only when complete, so a build that fails or is interrupted leaves
the earlier store as it was.  kg replaces only a folder that is a kg store
(it holds ``kg-store.json``, even if the rest is damaged) or an empty one,
never other data.

Oxigraph checks little when it opens a store read-only: bytes changed inside a
table file went unseen until a query read them, and then gave an "out of
memory" error that blamed the query.  So :func:`open_store` compares the files
with what ``kg-store.json`` recorded, and a damaged store is refused with one
line naming the file and the fix.  Checking reads the whole database once: 50 ms
for a store of 400,000 triples (31 MB), against 3 s for the whole ``kg sparql``.
"""

from __future__ import annotations

import gc
import io
import itertools
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ExportError, InputError, InputProblem, KGError
from kg.export import rdf
from kg.graph import KnowledgeGraph
from kg.version import __version__
from kg.vocab import DEFAULT_BASE

MARKER = "kg-store.json"
"""The file that marks a folder as a kg store and says what is in it."""
DATABASE = "oxigraph"
"""The sub-folder holding Oxigraph's database."""
STORE_FORMAT = "kg-oxigraph-store"
STORE_VERSION = 1
LOAD_SLICE = 250_000
"""Triples per bulk load: Oxigraph's memory while building grows with this, not with the graph."""
_REBUILD = "rebuild it with kg build INPUTS --store {path}"
_READ_BYTES = 1 << 20


@dataclass(frozen=True)
class StoreInfo:
    """What ``kg-store.json`` records about a store."""

    path: Path
    triples: int
    base: str
    mentions: bool


def _pyoxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError as err:
        raise KGError("a kg store needs pyoxigraph: pip install pyoxigraph") from err
    return pyoxigraph


class _NTriplesReader(io.RawIOBase):
    """A binary file-like object that reads N-Triples lines from a generator, for Oxigraph's bulk loader.

    Oxigraph asks for a few kilobytes at a time; lines are encoded a batch at a
    time and handed out from an offset, so no byte is copied more than twice.
    """

    def __init__(self, lines: Iterable[str], batch: int = 1024) -> None:
        super().__init__()
        self._lines: Iterator[str] = iter(lines)
        self._batch = batch
        self._pending = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def _refill(self) -> bool:
        chunk: list[str] = []
        for line in self._lines:
            chunk.append(line)
            if len(chunk) >= self._batch:
                break
        self._pending = "".join(chunk).encode("utf-8")
        self._offset = 0
        return bool(chunk)

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._offset >= len(self._pending) and not self._refill():
            return 0
        size = min(len(view), len(self._pending) - self._offset)
        view[:size] = self._pending[self._offset : self._offset + size]
        self._offset += size
        return size


def is_store(path: Path) -> bool:
    """True when ``path`` is a folder that ``kg build --store`` wrote."""
    return (path / MARKER).is_file() and (path / DATABASE).is_dir()


def _holds_data(name: str) -> bool:
    """Whether a file of the database holds its data: not RocksDB's lock or its info log (LOG, LOG.old.*)."""
    return name != "LOCK" and not name.startswith("LOG")


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while block := handle.read(_READ_BYTES):
            crc = zlib.crc32(block, crc)
    return crc


def _database_files(database: Path) -> dict[str, tuple[int, int]]:
    """The size and CRC-32 of each file of a closed Oxigraph database that holds data, by name."""
    return {
        p.name: (p.stat().st_size, _crc32(p)) for p in sorted(database.iterdir()) if p.is_file() and _holds_data(p.name)
    }


def check_destination(path: Path) -> None:
    """Refuse a ``--store`` path that is a file, or a folder with other things in it (checked before a build starts).

    A folder with kg's marker is a kg store however damaged the rest, and is replaced.
    """
    if not path.exists():
        return
    if not path.is_dir():
        raise ExportError(f"{path}: --store needs a folder, and this is a file; choose another path")
    if not (path / MARKER).is_file() and any(path.iterdir()):
        raise ExportError(
            f"{path}: --store would replace this folder, but it is not a kg store (no {MARKER}); "
            "choose a new or empty folder"
        )


def _folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder under this process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, moving an earlier store aside first and deleting it after."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write(kg: KnowledgeGraph, path: Path, base: str = DEFAULT_BASE, mentions: bool = False) -> StoreInfo:
    """Write the graph's RDF (as :func:`kg.export.rdf.triples` gives it) into a new Oxigraph store at ``path``.

    An earlier store at ``path`` is replaced only once the new one is complete.
    """
    ox = _pyoxigraph()
    base = rdf.check_base(base)
    path = Path(path)
    check_destination(path)
    target = Path(os.path.abspath(path))  # so that "." or "store/" has a name and a parent to stage beside
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    staging.chmod(_folder_mode())  # mkdtemp's 0700 would become the store's mode
    try:
        store = ox.Store(str(staging / DATABASE))
        lines = rdf.ntriples_lines(rdf.triples(kg, base, mentions))
        # Oxigraph's bulk loader holds what it is given in memory while it sorts; slices of
        # a fixed size keep that bounded, whatever the size of the graph (and load faster).
        for first in lines:
            part = itertools.chain([first], itertools.islice(lines, LOAD_SLICE - 1))
            store.bulk_load(_NTriplesReader(part), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        count = len(store)
        # Oxigraph closes the database when the Store is freed; do so before the folder moves.
        del store
        gc.collect()
        marker = {
            "format": STORE_FORMAT,
            "version": STORE_VERSION,
            "triples": count,
            "base": base,
            "mentions": mentions,
            "kg": __version__,
            "pyoxigraph": getattr(ox, "__version__", "unknown"),
            "files": _database_files(staging / DATABASE),
        }
        (staging / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return StoreInfo(path, count, base, mentions)


def info(path: Path) -> StoreInfo:
    """What the store at ``path`` holds; InputError naming the folder and the fix when it is not a kg store."""
    return _read_marker(path)[0]


def _read_marker(path: Path) -> tuple[StoreInfo, dict[str, tuple[int, int]] | None]:
    """The store's info, and the database files its marker recorded (None for a store written before kg did)."""
    marker = path / MARKER
    if not path.is_dir():
        raise InputError(InputProblem(str(path), None, "no such store folder", "build one with kg build --store"))
    if marker.is_file() and not (path / DATABASE).is_dir():
        raise InputError(
            InputProblem(str(path), None, f"the store's database {DATABASE}/ is missing", _REBUILD.format(path=path))
        )
    if not is_store(path):
        raise InputError(
            InputProblem(
                str(path),
                None,
                f"this folder is not a kg store (no {MARKER} and {DATABASE}/)",
                f"build one with kg build INPUTS --store {path}, or give an RDF file",
            )
        )
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("format") != STORE_FORMAT:
            raise ValueError(f"format is {data.get('format')!r}")
        if data.get("version") != STORE_VERSION:
            raise ValueError(f"store version {data.get('version')!r}, this kg reads {STORE_VERSION}")
        files = data.get("files")
        if files is not None:
            files = {str(name): (int(size), int(crc)) for name, (size, crc) in files.items()}
        stored = StoreInfo(path, int(data["triples"]), str(data["base"]), bool(data["mentions"]))
        return stored, files
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise InputError(
            InputProblem(str(marker), None, f"unreadable kg store marker: {err}", _REBUILD.format(path=path))
        ) from err


def _check_database(path: Path, files: Mapping[str, tuple[int, int]]) -> None:
    """Raise InputError naming the first database file that is not as ``kg build`` wrote it."""
    database = path / DATABASE

    def damaged(what: str) -> InputError:
        problem = f"the Oxigraph store is damaged: {what}"
        return InputError(InputProblem(str(path), None, problem, _REBUILD.format(path=path)))

    def unreadable(name: str, err: OSError) -> InputError:
        problem = f"cannot read the Oxigraph store: {DATABASE}/{name}: {err.strerror}"
        return InputError(InputProblem(str(path), None, problem, "check the folder's permissions"))

    for name, (size, _) in files.items():  # sizes first: a stat each, and a cut file is the common damage
        try:
            found = (database / name).stat().st_size
        except FileNotFoundError as err:
            raise damaged(f"{DATABASE}/{name} is missing") from err
        except OSError as err:
            raise unreadable(name, err) from err
        if found != size:
            raise damaged(f"{DATABASE}/{name} has {found:,} bytes, where kg build wrote {size:,}")
    for name, (_, crc) in files.items():
        try:
            changed = _crc32(database / name) != crc
        except OSError as err:
            raise unreadable(name, err) from err
        if changed:
            raise damaged(f"{DATABASE}/{name} is not as kg build wrote it: its CRC-32 differs")


def open_store(path: Path) -> Any:
    """The ``pyoxigraph.Store`` at ``path``, opened read-only so queries never change it and several can run at once.

    Its files are checked against those its marker recorded first: a damaged store is refused.
    """
    _, files = _read_marker(path)
    if files is not None:
        _check_database(path, files)
    ox = _pyoxigraph()
    try:
        store = ox.Store.read_only(os.fspath(path / DATABASE))
    except (OSError, RuntimeError, ValueError) as err:
        raise InputError(
            InputProblem(str(path), None, f"cannot open the Oxigraph store: {err}", _REBUILD.format(path=path))
        ) from err
    return store
