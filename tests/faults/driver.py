"""``kg`` with a fault at one step of the export swap, for the tests of this package.

    python -m tests.faults.driver ACTION STEP [--no-exchange] -- KG-ARGUMENTS...

STEP is a step of :func:`kg.export.swap.checkpoint` (``staged``, ``carried``,
``between-renames``, ``swapped``).  ACTION ``kill`` sends the process SIGKILL
there, as a power cut would; ``pause`` creates the file named by the
environment variable ``KG_FAULT_READY`` and sleeps until a signal ends it.
``--no-exchange`` makes the swap use its two-rename fallback, the one with a
``between-renames`` step.  Nothing of this is in kg itself but the no-op hook.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from kg import cli
from kg.export import swap


def main(argv: list[str]) -> int:
    split = argv.index("--")
    action, step, *flags = argv[:split]

    def fault(reached: str) -> None:
        if reached != step:
            return
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        Path(os.environ["KG_FAULT_READY"]).touch()
        while True:
            time.sleep(0.05)

    swap.checkpoint = fault
    if "--no-exchange" in flags:
        swap.EXCHANGE = False
    return cli.main(argv[split + 1 :])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
