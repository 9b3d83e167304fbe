"""The swap's repair rules and the lock, in this process (no build, so quick)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ExportError
from kg.export import swap
from kg.locking import lock_path, locked
from tests.faults.observe import ROOT, beside


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def test_a_kill_between_the_renames_gets_the_old_folder_back(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    _folder(tmp_path / ".exports.abcd1234.old", {"graph.ttl": "old"})
    _folder(tmp_path / ".exports.abcd1234.tmp", {"graph.ttl": "new"})
    swap.repair(out)
    assert (out / "graph.ttl").read_text() == "old"
    assert beside(out) == []


def test_a_folder_carried_out_of_out_goes_back(tmp_path: Path) -> None:
    out = _folder(tmp_path / "exports", {"graph.ttl": "old"})
    staging = _folder(tmp_path / ".exports.abcd1234.tmp", {"graph.ttl": "new"})
    _folder(staging / "drafts", {"draft.txt": "mine"})
    swap.repair(out)
    assert (out / "drafts" / "draft.txt").read_text() == "mine"
    assert (out / "graph.ttl").read_text() == "old"
    assert beside(out) == []


def test_only_kgs_own_names_are_touched(tmp_path: Path) -> None:
    out = _folder(tmp_path / "exports", {})
    others = [".exports.notmine.tmp", ".exports.abcd12345.tmp", ".exports.ABCD1234.tmp", ".other.abcd1234.tmp"]
    for name in others:
        _folder(tmp_path / name, {"keep": "yes"})
    (tmp_path / ".exports.abcd1234.tmp.txt").write_text("a file")
    swap.repair(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*others, ".exports.abcd1234.tmp.txt", "exports"])


def test_the_swap_keeps_what_else_out_held_and_its_mode(tmp_path: Path) -> None:
    out = _folder(tmp_path / "exports", {"graph.ttl": "old", "graph.html": "old view", "notes.txt": "mine"})
    _folder(out / "drafts", {"draft.txt": "mine"})
    out.chmod(0o750)
    staging = swap.new_staging(out)
    (staging / "graph.ttl").write_text("new")
    swap.swap_in(staging, out, ["graph.ttl"])
    assert {p.name: p.read_text() for p in out.iterdir() if p.is_file()} == {
        "graph.ttl": "new",
        "graph.html": "old view",
        "notes.txt": "mine",
    }
    assert (out / "drafts" / "draft.txt").read_text() == "mine"
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert beside(out) == []


def test_the_two_rename_fallback_gives_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swap, "EXCHANGE", False)
    out = _folder(tmp_path / "exports", {"graph.ttl": "old", "notes.txt": "mine"})
    staging = swap.new_staging(out)
    (staging / "graph.ttl").write_text("new")
    swap.swap_in(staging, out, ["graph.ttl"])
    assert {p.name: p.read_text() for p in out.iterdir()} == {"graph.ttl": "new", "notes.txt": "mine"}
    assert beside(out) == []


def test_a_folder_where_kg_writes_a_file_is_refused(tmp_path: Path) -> None:
    out = _folder(tmp_path / "exports", {})
    (out / "graph.ttl").mkdir()
    staging = swap.new_staging(out)
    (staging / "graph.ttl").write_text("new")
    with pytest.raises(ExportError, match="kg writes a file of this name"):
        swap.swap_in(staging, out, ["graph.ttl"])
    assert (out / "graph.ttl").is_dir()


def test_a_held_folder_is_refused_to_another_process_and_freed_after(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    holder = "import sys; from pathlib import Path; from kg.locking import locked; import kg.errors as e\n"
    holder += (
        "try:\n    with locked(Path(sys.argv[1])): pass\nexcept e.ExportError as err:\n    print(err); sys.exit(1)"
    )
    with locked(out):
        assert lock_path(out.resolve()).read_text() == f"{os.getpid()}\n"
        with locked(out):  # nested holds in one process are fine
            pass
        other = subprocess.run([sys.executable, "-c", holder, str(out)], cwd=ROOT, capture_output=True, text=True)
        assert other.returncode == 1
        assert other.stdout.strip() == (
            f"{out}: another kg build (pid {os.getpid()}) is writing into this folder; "
            "wait for it to finish, or choose another --out"
        )
    assert not lock_path(out).exists()
    again = subprocess.run([sys.executable, "-c", holder, str(out)], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
