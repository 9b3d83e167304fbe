"""What the fault tests look at: a folder's digests, a process's children, kg's leftovers.

Processes are read from /proc (psutil is not a dependency), and only the pids a
test started, or their children, are ever signalled.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tests.interrupts import as_at_a_terminal

ROOT = Path(__file__).resolve().parents[2]
PATIENCE = 60.0
"""Seconds to wait for a condition before a test fails (generous: the machine is shared)."""


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of each file in ``folder`` by name; a folder's own entries only."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def beside(out: Path) -> list[str]:
    """The hidden entries kg may leave in ``out``'s parent: staging, old folders, the lock."""
    return sorted(name for name in os.listdir(out.parent) if name.startswith(f".{out.name}."))


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # state, ppid, ...


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None and fields[1] == str(pid) and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, counts as gone)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def workers(pid: int) -> list[int]:
    """The extraction workers among ``pid``'s children (multiprocessing's spawned processes)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


def wait_for(condition: Callable[[], bool], what: str, patience: float = PATIENCE) -> None:
    """Return once ``condition()`` holds; fail the test naming ``what`` if it does not within ``patience``."""
    deadline = time.monotonic() + patience
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.05)


def start(args: Sequence[str], env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """``python ARGS`` from the repository root, output captured, Ctrl-C as a terminal sends it."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=as_at_a_terminal,
    )


def kg_build(inputs: Path, out: Path, *extra: str) -> list[str]:
    """The arguments of ``kg build`` (for :func:`start` after ``-m kg``)."""
    return ["build", str(inputs), "--out", str(out), "--no-progress", *extra]


def build_with(inputs: Path, folder: Path, option: str) -> tuple[Path, Path]:
    """Build ``inputs`` into ``folder/exports`` with ``option`` (``--cache`` or ``--store``) naming
    ``folder/cache`` or ``folder/store``; the two paths, exports first.

    The fault tests damage a copy of what such a build left behind, so this build must succeed:
    if it fails, :class:`subprocess.CalledProcessError` is raised here (kg's output in its
    ``stderr``), before any damage is done."""
    out, kept = folder / "exports", folder / option.removeprefix("--")
    argv = [sys.executable, "-m", "kg", *kg_build(inputs, out, option, str(kept))]
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    return out, kept


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for ``process``; its exit code and standard error."""
    _, err = process.communicate(timeout=PATIENCE * 3)
    return process.returncode, err


def lines(text: str) -> list[str]:
    """The non-empty lines of a process's output."""
    return [line for line in text.splitlines() if line.strip()]
