"""Two builds into one ``--out``: the second is refused with one line while the first holds the folder,
and overlapping builds leave one build's whole set."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.faults.conftest import Known
from tests.faults.observe import beside, digests, finish, kg_build, lines, start, wait_for

pytestmark = pytest.mark.slow  # each test runs kg builds of its own


def test_a_second_build_is_refused_while_the_first_writes(first: Known, second: Known, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    first.copy_to(out)
    ready = tmp_path / "ready"
    holder = start(
        ["-m", "tests.faults.driver", "pause", "carried", "--", *kg_build(second.corpus, out)],
        env={"KG_FAULT_READY": str(ready)},
    )
    wait_for(lambda: ready.exists() or holder.poll() is not None, "the first build to reach the swap")
    assert holder.poll() is None
    code, err = finish(start(["-m", "kg", *kg_build(first.corpus, out)]))
    assert code == 1
    assert lines(err) == [
        f"error: {out}: another kg build (pid {holder.pid}) is writing into this folder; "
        "wait for it to finish, or choose another --out"
    ]
    holder.send_signal(signal.SIGTERM)
    assert finish(holder)[0] == 128 + signal.SIGTERM
    assert digests(out) == first.digests
    assert beside(out) == []


def test_overlapping_builds_leave_one_whole_set(first: Known, second: Known, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    builds = [start(["-m", "kg", *kg_build(known.corpus, out)]) for known in (first, second)]
    results = [finish(build) for build in builds]
    assert 0 in [code for code, _ in results]
    for code, err in results:
        assert code == 0 or (code == 1 and "another kg build" in err), err
    assert digests(out) in (first.digests, second.digests)
    assert beside(out) == []
