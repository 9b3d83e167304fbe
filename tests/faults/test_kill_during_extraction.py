"""A ``--workers 2`` build killed while its workers extract: no orphan, no staging folder, old exports kept."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.faults.conftest import Known
from tests.faults.observe import alive, beside, digests, finish, kg_build, lines, start, wait_for, workers

pytestmark = pytest.mark.slow  # each test runs kg builds of its own


def _started_extracting(large: Path, out: Path) -> tuple[subprocess.Popen[str], list[int]]:
    build = start(["-m", "kg", *kg_build(large, out, "--workers", "2")])
    wait_for(lambda: len(workers(build.pid)) >= 2 or build.poll() is not None, "two extraction workers")
    found = workers(build.pid)
    assert build.poll() is None and len(found) >= 2, "the build ended before it started its workers"
    return build, found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_ends_its_workers_and_keeps_the_old_exports(
    signum: int, large: Path, first: Known, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    first.copy_to(out)
    build, pids = _started_extracting(large, out)
    build.send_signal(signum)
    code, err = finish(build)
    assert code == 128 + signum
    assert lines(err) == [
        f"interrupted{' by SIGTERM' if signum == signal.SIGTERM else ''}; earlier exports were left as they were"
    ]
    assert not [pid for pid in pids if alive(pid)], "workers outlived their build"
    assert digests(out) == first.digests
    assert beside(out) == []


def test_a_killed_build_leaves_no_orphan_for_long(large: Path, first: Known, tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: each worker notices its parent is gone and exits by itself."""
    out = tmp_path / "exports"
    first.copy_to(out)
    build, pids = _started_extracting(large, out)
    build.send_signal(signal.SIGKILL)
    code, _ = finish(build)
    assert code == -signal.SIGKILL
    wait_for(lambda: not any(alive(pid) for pid in pids), "the orphaned workers to exit")
    assert digests(out) == first.digests
    assert [name for name in beside(out) if name != f".{out.name}.lock"] == []
