from __future__ import annotations

from pathlib import Path

from kg.sources import jsonl, read_corpus
from kg.sources.identity import arxiv_id, normalized_title, paper_id
from tests.conftest import FIXTURES, PAGES, Problems

CORPUS = FIXTURES / "corpus"


def test_jsonl_reads_ids_dates_and_authors(problems: Problems) -> None:
    first, second, third = jsonl.read(CORPUS / "papers.jsonl", problems)
    assert (first.id, first.arxiv_id, first.published, first.authors_count) == (
        "arxiv:2101.00001",
        "2101.00001",
        "2021-01-04",
        3,
    )
    assert (second.published, second.authors_count) == ("2021-01-05", 2)
    assert third.id.startswith("t") and third.upvotes == 3
    assert problems == []


def test_jsonl_bad_lines_are_reported_with_their_number(tmp_path: Path, problems: Problems) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"title": "A", "abstract": "Some words."}\n{broken\n[1, 2]\n{"title": "B"}\n', encoding="utf-8")
    papers = list(jsonl.read(path, problems))
    assert [p.title for p in papers] == ["A"]
    assert [p.line for p in problems] == [2, 3, 4]
    assert "no abstract" in problems[2].message


def test_csv_matches_columns_without_case_and_merges_with_pages() -> None:
    corpus = read_corpus([CORPUS / "papers.csv", PAGES / "spaced.txt"])
    assert corpus.listings == 4
    assert len(corpus.papers) == 3
    pinn = next(p for p in corpus.papers if "Physics-Informed" in p.title)
    # The page's listing has no id; the CSV's arXiv id wins for the merged paper.
    assert pinn.id == "arxiv:2101.00001"
    assert len(pinn.sources) == 2


def test_ids() -> None:
    assert arxiv_id("https://arxiv.org/abs/2303.01234v3") == "2303.01234"
    assert arxiv_id("hep-th/9901001") == "hep-th/9901001"
    assert arxiv_id("not an id") is None
    assert normalized_title("  Lagrangian PINNs:  A causality-conforming solution ") == normalized_title(
        "lagrangian pinns a causality conforming solution"
    )
    assert paper_id(None, "A Title")[0] == paper_id(None, "a title!")[0]
    assert paper_id("W 12 <script>", "A Title")[0] == paper_id(None, "A Title")[0]


def test_jsonl_and_csv_are_read_line_by_line_as_read_whole(tmp_path: Path, problems: Problems) -> None:
    """A byte-order mark, Windows line ends, leading blank lines and a bad byte: the
    streamed readers give the papers, line numbers and problems of whole-file decoding."""
    records = [b'{"title": "Paper %d", "abstract": "Words of paper %d."}' % (i, i) for i in range(3)]
    records[1] = records[1].replace(b"Words", b"Bad \xff words")
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n" * 5000 + b"\r\n".join(records) + b"\r\n")
    papers = list(jsonl.read(path, problems))
    assert [p.title for p in papers] == ["Paper 0", "Paper 2"]
    assert [(p.line, "invalid UTF-8" in p.message) for p in problems] == [(5002, True)]
    assert [s.line for p in papers for s in p.sources] == [5001, 5003]

    table = tmp_path / "windows.csv"
    table.write_bytes(b'\xef\xbb\xbfTitle,Abstract\r\nA,"Multi\r\nline, quoted."\r\nB,Plain.\r\n')
    corpus = read_corpus([table])
    assert [(p.title, p.abstract, p.sources[0].line) for p in corpus.papers] == [
        ("A", "Multi line, quoted.", 2),
        ("B", "Plain.", 4),
    ]
