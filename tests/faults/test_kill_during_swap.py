"""A build killed at each step of putting its exports in place: readers see the old set or the new,
and the next build repairs what was left."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from kg.export import swap
from tests.faults.conftest import Known
from tests.faults.observe import beside, digests, finish, kg_build, lines, start, wait_for

pytestmark = pytest.mark.slow  # each test runs kg builds of its own


KILLS = [
    ("staged", []),
    ("carried", []),
    ("swapped", []),
    ("between-renames", ["--no-exchange"]),
    ("swapped", ["--no-exchange"]),
]


def _with_own_folder(known: Known, out: Path) -> None:
    """Old exports plus a note and a folder of the user's, which every build must keep."""
    known.copy_to(out)
    (out / "notes.txt").write_text("mine\n")
    (out / "drafts").mkdir()
    (out / "drafts" / "draft.txt").write_text("also mine\n")


def _own_things_kept(out: Path) -> None:
    assert (out / "notes.txt").read_text() == "mine\n"
    assert (out / "drafts" / "draft.txt").read_text() == "also mine\n"


def _exports(out: Path) -> dict[str, str]:
    found = digests(out)
    found.pop("notes.txt", None)
    return found


@pytest.mark.parametrize(("step", "flags"), KILLS, ids=[f"{s}{''.join(f)}" for s, f in KILLS])
def test_a_kill_in_the_swap_leaves_one_whole_set(
    step: str, flags: list[str], first: Known, second: Known, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    _with_own_folder(first, out)
    build = start(["-m", "tests.faults.driver", "kill", step, *flags, "--", *kg_build(second.corpus, out)])
    code, err = finish(build)
    assert code == -signal.SIGKILL, err
    if out.exists():  # absent only between the two renames of the fallback: no folder, never a mix
        assert _exports(out) in (first.digests, second.digests)
    else:
        assert step == "between-renames"
    swap.repair(out)  # what the next build does first, holding the lock
    assert _exports(out) in (first.digests, second.digests)
    _own_things_kept(out)
    assert [name for name in beside(out) if name != f".{out.name}.lock"] == []


def test_the_next_build_repairs_a_kill_between_the_renames(first: Known, second: Known, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    _with_own_folder(first, out)
    killed = start(
        ["-m", "tests.faults.driver", "kill", "between-renames", "--no-exchange", "--", *kg_build(second.corpus, out)]
    )
    assert finish(killed)[0] == -signal.SIGKILL
    assert not out.exists()
    code, err = finish(start(["-m", "kg", *kg_build(second.corpus, out)]))
    assert code == 0, err
    assert _exports(out) == second.digests
    _own_things_kept(out)
    assert beside(out) == []


def test_sigterm_before_the_swap_keeps_the_old_set_and_the_users_folders(
    first: Known, second: Known, tmp_path: Path
) -> None:
    """Stopped after the user's folder was carried into the staging folder: it goes back."""
    out = tmp_path / "exports"
    _with_own_folder(first, out)
    ready = tmp_path / "ready"
    build = start(
        ["-m", "tests.faults.driver", "pause", "carried", "--", *kg_build(second.corpus, out)],
        env={"KG_FAULT_READY": str(ready)},
    )
    wait_for(lambda: ready.exists() or build.poll() is not None, "the build to reach the swap")
    assert build.poll() is None
    build.send_signal(signal.SIGTERM)
    code, err = finish(build)
    assert code == 128 + signal.SIGTERM
    assert lines(err) == ["interrupted by SIGTERM; earlier exports were left as they were"]
    assert _exports(out) == first.digests
    _own_things_kept(out)
    assert beside(out) == []
