"""The exports put in place as one set, by swapping folders beside the output folder.

A build writes its exports into a staging folder ``.OUT.XXXXXXXX.tmp`` beside
``OUT`` (same parent, so same file system).  When every file is written,
whatever else ``OUT`` held is carried over (files as hard links, so ``OUT``
is untouched; folders, which kg never writes, moved), and the two folders
swap names.  On Linux that is one ``renameat2(RENAME_EXCHANGE)`` call: a
reader sees the old folder or the new one and never a moment without
``OUT``.  Where that call is missing, ``OUT`` is renamed to
``.OUT.XXXXXXXX.old`` and the staging folder to ``OUT``; between the two,
``OUT`` is briefly absent, never mixed.

A build killed on the way (SIGKILL, a power cut) leaves kg-named folders
behind; the next build into ``OUT``, holding its lock (:mod:`kg.locking`),
repairs them with :func:`repair` before it reads a paper: a missing ``OUT``
gets its ``.old`` folder back, folders carried out of ``OUT`` go back, and the
leftovers are deleted.  Only names kg makes are touched: a dot, OUT's name, a
dot, eight of ``tempfile``'s characters, ``.tmp`` or ``.old``.

An ``OUT`` that is a mount point cannot be renamed; its files are then
replaced one by one as before (see :func:`can_swap`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import os
import re
import secrets
import shutil
import stat
from collections.abc import Collection
from pathlib import Path

from kg.errors import ExportError
from kg.termination import deferred

STAGING = ".tmp"
"""Suffix of a folder being written (or, after an exchange, the old one being deleted)."""
OLD = ".old"
"""Suffix of the old ``OUT`` between the two renames of the fallback swap."""
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def checkpoint(step: str) -> None:
    """A step of the swap reached: ``staged``, ``carried``, ``between-renames`` or ``swapped``.

    A no-op; the fault-injection tests (tests/faults) replace it to kill or
    pause a build exactly there.
    """


def _leftover_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out.name)}\.[{_NAME_CHARS}]{{8}}(\{STAGING}|\{OLD})")


def leftovers(out: Path) -> list[Path]:
    """kg's own staging and old folders beside ``out``, sorted by name."""
    pattern = _leftover_pattern(out)
    try:
        entries = list(os.scandir(out.parent))
    except FileNotFoundError:
        return []
    return sorted(out.parent / e.name for e in entries if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False))


def new_staging(out: Path) -> Path:
    """An empty staging folder beside ``out``, with ``out``'s permissions (or the umask's for a new one)."""
    while True:
        name = "".join(secrets.choice(_NAME_CHARS) for _ in range(8))
        staging = out.parent / f".{out.name}.{name}{STAGING}"
        try:
            staging.mkdir(mode=0o777)
        except FileExistsError:
            continue
        if out.is_dir():
            staging.chmod(stat.S_IMODE(out.stat().st_mode))
        return staging


def can_swap(out: Path) -> bool:
    """False when ``out`` is a mount point (a folder swap would need to rename it)."""
    return not os.path.ismount(out)


def repair(out: Path) -> None:
    """Undo what a killed build left beside ``out`` (call it holding ``out``'s lock)."""
    found = leftovers(out)
    olds = [p for p in found if p.suffix == OLD]
    if olds and not os.path.lexists(out):
        os.rename(olds[-1], out)  # killed between the two renames: the old exports come back
        found.remove(olds[-1])
    for leftover in found:
        discard(leftover, out)


def discard(leftover: Path, out: Path) -> None:
    """Delete a staging or old folder (if there), after giving back the folders carried out of ``out``.

    Folders in it that ``out`` lacks can only have come from ``out``, since kg
    writes no folders, so a failed or killed build never costs a user's folder.
    """
    if not leftover.is_dir() or leftover.is_symlink():
        return
    for entry in os.scandir(leftover):
        if entry.is_dir(follow_symlinks=False) and not os.path.lexists(out / entry.name):
            out.mkdir(exist_ok=True)
            os.rename(entry.path, out / entry.name)
    shutil.rmtree(leftover, ignore_errors=True)


def carry_over(out: Path, staging: Path, written: Collection[str]) -> None:
    """Put into ``staging`` everything of ``out`` this build did not write: files linked, folders moved."""
    if not out.is_dir():
        return
    entries = [e for e in os.scandir(out) if e.name not in written]
    for name in written:
        if (out / name).is_dir() and not (out / name).is_symlink():
            raise ExportError(f"{out / name}: kg writes a file of this name, and here is a folder; move it away")
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            try:
                os.link(entry.path, staging / entry.name, follow_symlinks=False)
            except OSError:
                shutil.copy2(entry.path, staging / entry.name, follow_symlinks=False)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            os.rename(entry.path, staging / entry.name)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    with contextlib.suppress(OSError):
        library = ctypes.CDLL(name, use_errno=True)
        if hasattr(library, "renameat2"):
            return library
    return None


EXCHANGE = _libc() is not None
"""Whether ``renameat2(RENAME_EXCHANGE)`` is there to try (tests set it False for the fallback)."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of ``a`` and ``b`` in one step; False if this system or file system cannot."""
    library = _libc() if EXCHANGE else None
    if library is None:
        return False
    done = library.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # no such call, or not on this file system
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, out: Path, written: Collection[str]) -> None:
    """Make the complete ``staging`` folder ``out``, keeping what else ``out`` held."""
    checkpoint("staged")
    carry_over(out, staging, written)
    checkpoint("carried")
    with deferred():
        if not os.path.lexists(out):
            os.rename(staging, out)
            return
        if _exchange(staging, out):
            old = staging
        else:
            old = staging.with_suffix(OLD)
            os.rename(out, old)
            checkpoint("between-renames")
            os.rename(staging, out)
    checkpoint("swapped")
    discard(old, out)
