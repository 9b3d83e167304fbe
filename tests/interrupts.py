"""What a test that interrupts a kg process gives that process: Ctrl-C as a terminal delivers it.

A shell without job control starts a background command with SIGINT ignored, and every
process it starts inherits that: Python then installs no KeyboardInterrupt handler, so a
SIGINT sent by a test would do nothing and the test would hang until its timeout.  A test
run launched that way (``nohup .ci/run &``) must still test what a user at a terminal
gets, so the process under test starts with SIGINT at its default.
"""

from __future__ import annotations

import signal


def as_at_a_terminal() -> None:
    """``preexec_fn`` of a process a test will interrupt: SIGINT at its default, as in a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
