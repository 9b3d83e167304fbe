"""The CLI end to end on the demo corpus, determinism, and the committed exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.cli import main
from kg.export import graphml

EXPECTED_FILES = {
    "graph.ttl",
    "graph.graphml",
    "graph.html",
    "report.html",
    "papers.csv",
    "concepts.csv",
    "mentions.csv",
}


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


@pytest.mark.slow
def test_demo_build_summary_and_files(demo_build: tuple[Path, str]) -> None:
    out, stdout = demo_build
    assert {p.name for p in out.iterdir()} == EXPECTED_FILES
    assert "read 5 file(s): 470 listings, 395 unique papers (75 duplicate listings merged)" in stdout
    assert "concepts:" in stdout and "edges:" in stdout


@pytest.mark.slow
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


@pytest.mark.slow
def test_build_is_deterministic(demo_build: tuple[Path, str], tmp_path: Path, in_root: Path) -> None:
    out, _ = demo_build
    assert main(["build", "data/daily-papers", "--out", str(tmp_path), "--no-progress"]) == 0
    for name in EXPECTED_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


@pytest.mark.slow
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


@pytest.mark.slow
def test_demo_export_conforms_to_the_shapes(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "exports/graph.ttl"]) == 0
    assert "conforms to kg's SHACL shapes" in capsys.readouterr().out


def test_validate_reports_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix schema: <https://schema.org/> .\n<http://x/p> a schema:ScholarlyArticle .\n", encoding="utf-8"
    )
    assert main(["validate", str(broken)]) == 1
    captured = capsys.readouterr()
    assert "does NOT conform" in captured.err and "schema:name" in captured.out
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(garbage)]) == 1
    assert "not valid turtle" in capsys.readouterr().err


def test_sparql_cli_on_the_demo_export(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sparql", "exports/graph.ttl", "queries/papers-using-dataset.rq", "--bind", "dataset=MNIST", "--format", "csv"]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "title,published"
    assert len(lines) > 5
    assert main(["sparql", "exports/graph.ttl", "SELECT ?x WHERE { ?x ?y }"]) == 1
    assert "SPARQL" in capsys.readouterr().err


def test_build_writes_other_rdf_formats_with_mentions(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    pages = root / "tests" / "fixtures" / "pages" / "spaced.txt"
    assert (
        main(
            [
                "build",
                str(pages),
                "--out",
                str(tmp_path),
                "--rdf-format",
                "nt",
                "--mentions",
                "--no-progress",
                "--base",
                "http://example.com/kg/",
                "--formats",
                "rdf",
            ]
        )
        == 0
    )
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]
    text = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert "<http://example.com/kg/paper/" in text and "ontology#anchorText" in text
    assert main(["build", str(pages), "--out", str(tmp_path), "--base", "nope", "--no-progress"]) == 1


def test_report_command_redraws_from_an_export(tmp_path: Path, in_root: Path) -> None:
    target = tmp_path / "report.html"
    assert main(["report", "exports", "--out", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page == (in_root / "exports" / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 4  # three bar charts and the method-task heatmap
    assert "Top methods" in page and "papers with a full date" in page


def test_build_extracts_with_the_model_passed(
    tmp_path: Path, ruler_ner: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user's own NER replaces the shipped one; a wrong folder stops before anything is written."""
    papers = tmp_path / "papers.jsonl"
    papers.write_text(
        # No cue for the shipped model that a method is named (model 0.8.0 reads "we apply the
        # zebra transform" as one, as a reader would).
        '{"id": "p1", "title": "Striped signals", "abstract": "The zebra transform of the audio was loud."}\n',
        encoding="utf-8",
    )
    args = ["build", str(papers), "--formats", "tables", "--no-progress"]
    assert main([*args, "--out", str(tmp_path / "own"), "--model", str(ruler_ner)]) == 0
    concepts = (tmp_path / "own" / "concepts.csv").read_text(encoding="utf-8")
    assert "zebra transform" in concepts
    assert main([*args, "--out", str(tmp_path / "shipped")]) == 0
    assert "zebra transform" not in (tmp_path / "shipped" / "concepts.csv").read_text(encoding="utf-8")

    capsys.readouterr()
    assert main([*args, "--out", str(tmp_path / "none"), "--model", str(tmp_path / "missing")]) == 1
    error = capsys.readouterr().err
    assert "--model" in error and "missing" in error and "no such folder" in error
    assert not (tmp_path / "none").exists()


def _with_graphml(text: str) -> Any:
    def make(folder: Path) -> Path:
        (folder / "graph.graphml").write_text(text, encoding="utf-8")
        return folder

    return make


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: d / "nothere", "nothere: no such file"),
        (lambda d: d, "graph.graphml: no such file (this folder holds no export"),
        (_with_graphml("<graphml><node"), "graph.graphml:1: not well-formed"),
        (_with_graphml(""), "graph.graphml:1: not well-formed"),
    ],
    ids=["missing folder", "folder without an export", "broken graphml", "empty graphml"],
)
def test_report_on_no_export_says_which_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, says: str
) -> None:
    folder = make(tmp_path)
    assert main(["report", str(folder)]) == 1
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "report.html").exists()


def test_report_on_a_graphml_kg_did_not_write_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nx.write_graphml(nx.path_graph(3), tmp_path / "graph.graphml")
    assert main(["report", str(tmp_path)]) == 1
    assert "has no kg type" in capsys.readouterr().err


def test_report_checks_its_destination_before_reading(
    tmp_path: Path, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "exports", "--out", str(tmp_path)]) == 1
    assert "--out is a folder" in capsys.readouterr().err
    assert main(["report", "exports", "--out", str(tmp_path / "no" / "r.html")]) == 1
    assert "no such folder for the report" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_destinations_are_refused_before_any_paper_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out as a file was refused after the whole extraction, --store on another folder after
    the exports were replaced (issue 24)."""
    import importlib

    build_module = importlib.import_module("kg.building")

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("papers were read before the destinations were checked")

    monkeypatch.setattr(build_module, "read_corpus", no_reading)
    papers = Path(__file__).resolve().parent / "fixtures" / "pages"
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me", encoding="utf-8")
    assert main(["build", str(papers), "--out", str(a_file), "--no-progress"]) == 1
    assert "--out is a file" in capsys.readouterr().err and a_file.read_text(encoding="utf-8") == "keep me"
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(papers), "--out", str(out), "--store", str(other), "--no-progress"]) == 1
    assert "not a kg store" in capsys.readouterr().err
    assert not out.exists() and (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_exports_inside_the_input_folder_are_not_read_back(tmp_path: Path) -> None:
    """kg build d --out d/exports, run twice, read its own papers.csv and doubled the sources."""
    folder = tmp_path / "d"
    folder.mkdir()
    source = Path(__file__).resolve().parent / "fixtures" / "pages" / "spaced.txt"
    (folder / "spaced.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    out = folder / "exports"
    assert main(["build", str(folder), "--out", str(out), "--no-progress"]) == 0
    first = {name: (out / name).read_bytes() for name in ("graph.ttl", "papers.csv", "concepts.csv")}
    assert main(["build", str(folder), "--out", str(out), "--no-progress"]) == 0
    assert {name: (out / name).read_bytes() for name in first} == first
