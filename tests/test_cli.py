"""The CLI end to end on the demo corpus, determinism, and the committed exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.cli import main
from kg.export import graphml

EXPECTED_FILES = {"graph.ttl", "graph.graphml", "graph.html", "papers.csv", "concepts.csv", "mentions.csv"}


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One build of the demo corpus, run as a user runs it from the repository root."""
    out = tmp_path_factory.mktemp("exports")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", "data/daily-papers", "--out", str(out), "--no-progress"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return out, result.stdout


def test_demo_build_summary_and_files(demo_build: tuple[Path, str]) -> None:
    out, stdout = demo_build
    assert {p.name for p in out.iterdir()} == EXPECTED_FILES
    assert "read 5 file(s): 470 listings, 395 unique papers (75 duplicate listings merged)" in stdout
    assert "concepts:" in stdout and "edges:" in stdout


def test_every_demo_paper_comes_out(demo_build: tuple[Path, str]) -> None:
    out, _ = demo_build
    graph = graphml.read(out / "graph.graphml")
    papers = [n for n, a in graph.nodes(data=True) if a["type"] == "paper"]
    assert len(papers) == 395
    assert {a["type"] for _, a in graph.nodes(data=True)} == {"paper", "method", "task", "dataset"}
    # Most papers are linked to at least one concept.
    linked = sum(1 for p in papers if graph.out_degree(p) > 0)
    assert linked / len(papers) > 0.95
    assert isinstance(graph, nx.MultiDiGraph)


def test_build_is_deterministic(demo_build: tuple[Path, str], tmp_path: Path, in_root: Path) -> None:
    out, _ = demo_build
    assert main(["build", "data/daily-papers", "--out", str(tmp_path), "--no-progress"]) == 0
    for name in EXPECTED_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_committed_exports_are_what_kg_builds_today(demo_build: tuple[Path, str], in_root: Path) -> None:
    out, _ = demo_build
    for name in EXPECTED_FILES:
        committed = in_root / "exports" / name
        assert committed.exists(), f"exports/{name} is missing: run kg build data/daily-papers --out exports/"
        assert committed.read_bytes() == (out / name).read_bytes(), (
            f"exports/{name} is out of date: run kg build data/daily-papers --out exports/ and commit it"
        )


def test_python_m_kg_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("kg ")
