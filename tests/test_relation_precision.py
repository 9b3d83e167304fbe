"""benchmarks/relation_precision.py: the seeded draw and the judgement files it reads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = sorted((ROOT / "benchmarks" / "judgements").glob("relation-precision-*.tsv"))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relation_precision", ROOT / "benchmarks" / "relation_precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_draw_is_seeded_and_without_repeats() -> None:
    script = _script()
    links = [script.Link(f"method:m{i}", "task:t", f"m{i}", "t", ()) for i in range(200)]
    first, again = script.draw(links, 50, 0), script.draw(links, 50, 0)
    assert first == again and len(set(first)) == 50
    assert script.draw(links, 50, 1) != first
    assert len(script.draw(links[:10], 50, 0)) == 10


def test_a_verdict_other_than_correct_or_wrong_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "judged.tsv"
    path.write_text(
        "# header\nmethod\ttask\tpaper_id\tsentence\tverdict\treason\nmethod:a\ttask:b\tp1\tA for B.\tmaybe\t?\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match="row 2"):
        _script().read_judgements(path)


@pytest.mark.parametrize("path", JUDGEMENTS, ids=[p.name for p in JUDGEMENTS])
def test_committed_judgements_are_complete(path: Path) -> None:
    rows = _script().read_judgements(path)
    assert len(rows) == 50
    assert len({(row["method"], row["task"]) for row in rows}) == 50
    assert all(row["method"].startswith("method:") and row["task"].startswith("task:") for row in rows)
    assert all(row["sentence"] and row["reason"] for row in rows)
