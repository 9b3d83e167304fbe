"""One build at a time per output folder: an exclusive lock on a hidden file beside it.

``kg build --out DIR`` holds ``.DIR.lock`` (in DIR's parent folder) from before
the first paper is read until its exports are in place.  A second build into
the same DIR is refused at once with one line naming the holder's pid, the
way git refuses a second writer of its index, instead of waiting for a build
that may take an hour.  The lock is ``flock``: the kernel releases it when the
holder dies, however it dies, so a killed build never leaves DIR locked.
The holder deletes the file when it is done (the lock is taken again if the
file was deleted between opening and locking it), so no lock file stays
beside DIR.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kg.errors import ExportError

_held: dict[Path, int] = {}
"""Folders this process holds locked, with how many nested holds each has."""


def lock_path(out: Path) -> Path:
    """The lock file of output folder ``out``: hidden, beside it."""
    return out.parent / f".{out.name}.lock"


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(path.read_text(encoding="ascii").strip() or "0")
        if pid > 0:
            return f" (pid {pid})"
    return ""


def _acquire(out: Path) -> int:
    """An open descriptor of ``out``'s lock file, locked; refuses if another process holds it."""
    path = lock_path(out)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise ExportError(
                f"{out}: another kg build{_holder(path)} is writing into this folder; "
                "wait for it to finish, or choose another --out"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            return fd
        os.close(fd)  # the holder before us deleted the file we opened: lock the new one


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out`` for this process for the block (nested holds are allowed).

    Raises :class:`~kg.errors.ExportError` at once if another process holds it.
    ``out``'s parent folder is created if missing, since the lock file lives there.
    """
    key = out.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        key.parent.mkdir(parents=True, exist_ok=True)
        fd = _acquire(key)
    except OSError as err:
        raise ExportError(
            f"{out}: cannot lock the output folder ({err.strerror}); check that {key.parent} is writable"
        ) from err
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        with contextlib.suppress(OSError):
            os.unlink(lock_path(key))  # still ours: nobody else can lock it while we hold it
        os.close(fd)


def holds(out: Path) -> bool:
    """True when this process holds ``out``'s lock."""
    return out.resolve() in _held
