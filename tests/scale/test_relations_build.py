"""``kg build --relations`` on the demo corpus: the same files whatever the workers or the
cache, RDF that conforms to the shapes, and a relations.csv whose offsets slice its sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.export import tables
from kg.validate import read_rdf, validate

from .test_builds_equal import _same_files


@pytest.mark.slow
def test_relations_builds_are_byte_identical_and_valid(tmp_path: Path, in_root: Path) -> None:
    common = ["build", "data/daily-papers", "--no-progress", "--relations"]
    assert main([*common, "--out", str(tmp_path / "one"), "--workers", "1"]) == 0
    assert main([*common, "--out", str(tmp_path / "two"), "--workers", "2", "--cache", str(tmp_path / "c")]) == 0
    assert main([*common, "--out", str(tmp_path / "cached"), "--workers", "2", "--cache", str(tmp_path / "c")]) == 0
    _same_files(tmp_path / "one", tmp_path / "two")
    _same_files(tmp_path / "one", tmp_path / "cached")
    result = validate(read_rdf(tmp_path / "one" / "graph.ttl"))
    assert result.conforms, result.report
    rows = list(tables.read_rows(tmp_path / "one" / "relations.csv"))
    assert rows, "the demo corpus states no relation"
    for row in rows:
        assert row["sentence"][row["head_start"] : row["head_end"]].strip()
        assert row["sentence"][row["tail_start"] : row["tail_end"]].strip()


@pytest.mark.slow
def test_a_default_build_writes_no_relations_table(tmp_path: Path, in_root: Path) -> None:
    assert main(["build", "data/daily-papers", "--no-progress", "--out", str(tmp_path / "d")]) == 0
    assert not (tmp_path / "d" / "relations.csv").exists()
