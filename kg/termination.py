"""A build stopped by a signal unwinds like Ctrl-C, and the swap of its exports is never cut in two.

Python turns SIGINT into :class:`KeyboardInterrupt`, so ``finally`` blocks
run: worker processes are stopped and the staging folder is deleted.  SIGTERM
(what ``kill``, systemd and CI runners send) and SIGHUP (a closed terminal)
would instead end the process on the spot and leave both behind;
:func:`stop_as_interrupt` makes them raise :class:`Terminated`, a kind of
KeyboardInterrupt, so every path that cleans up after Ctrl-C cleans up after
them too.  :func:`deferred` holds these signals over a few steps that must
finish together (the renames of a folder swap) and delivers them afterwards.
Both only act in the main thread, where Python runs signal handlers.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

TERMINATING = (signal.SIGTERM, signal.SIGHUP)
"""Signals that stop a build the way Ctrl-C does, once :func:`stop_as_interrupt` is in force."""
HELD = (signal.SIGINT, *TERMINATING)
"""Signals :func:`deferred` holds back."""


class Terminated(KeyboardInterrupt):
    """The build was told to stop by ``signum`` (SIGTERM or SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        return signal.Signals(self.signum).name


def _raise_terminated(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def stop_as_interrupt() -> Iterator[None]:
    """Inside the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread."""
    if not _in_main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in TERMINATING}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done, then deliver the first that came.

    The block's steps all happen or (on SIGKILL, which nothing can hold) the
    next build finds them half done and repairs them.
    """
    if not _in_main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in HELD}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])
