"""How long each stage of a build took and how much memory the build had used by its end.

``kg build --timings`` prints these, and the scale benchmark records them, so
that a slow or hungry stage shows up by name.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stage:
    """One stage: wall-clock seconds, and the peak resident memory (MiB) of this process
    and of its finished child processes by the stage's end."""

    name: str
    seconds: float
    peak_rss_mib: float
    children_peak_rss_mib: float


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident set size of this process and of its largest finished child, in MiB
    (zeros where the platform does not say)."""
    try:
        import resource
    except ImportError:
        return 0.0, 0.0
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024  # bytes on macOS, KiB elsewhere
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own, children


@dataclass
class Stopwatch:
    """Collects :class:`Stage` records for the blocks timed with :meth:`stage`."""

    stages: list[Stage] = field(default_factory=list)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            own, children = peak_rss_mib()
            self.stages.append(Stage(name, time.perf_counter() - start, own, children))
