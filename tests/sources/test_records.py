from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.sources import jsonl, read_corpus
from kg.sources.identity import arxiv_id, normalized_title, paper_id
from kg.sources.textfile import CUT, FIELD_LIMITS, clean_text
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
    # Titles without a word character are not all one paper.
    assert paper_id(None, ":")[0] != paper_id(None, "¡")[0]


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


def test_half_a_surrogate_pair_is_replaced_not_fatal(tmp_path: Path) -> None:
    """A JSON escape of half an emoji ("\\ud83d") used to stop the build in the tokenizer."""
    path = tmp_path / "emoji.jsonl"
    path.write_text(
        '{"title": "Emoji \\ud83d cut", "abstract": "We train a graph neural network."}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    graph = kg.build([path], out=out)
    (paper,) = [a for _, a in graph.nodes(data=True) if a["type"] == "paper"]
    assert paper["label"] == "Emoji \ufffd cut"
    assert "method:graph-neural-network" in graph
    assert (out / "papers.csv").read_text(encoding="utf-8").count("Emoji \ufffd cut") == 1


def test_invisible_and_bidi_characters_leave_the_text() -> None:
    assert clean_text("G\u200dNN \u202eevil\u202c and\ufeff BERT\u2066x\u2069") == "GNN evil and BERTx"


@pytest.mark.parametrize(
    ("field", "value"),
    [("1e300", 1e300), ("2**63", 2**63), ("a 20-digit string", "12345678901234567890"), ("negative", -4)],
)
def test_out_of_range_counts_are_left_out_with_a_warning(
    tmp_path: Path, problems: Problems, field: str, value: object
) -> None:
    path = tmp_path / "counts.jsonl"
    path.write_text(json.dumps({"title": "T", "abstract": "A text.", "upvotes": value}) + "\n", encoding="utf-8")
    (paper,) = jsonl.read(path, problems)
    assert paper.upvotes is None, field
    if value != -4:
        assert len(problems) == 1 and "larger than 2,147,483,647; the paper is kept" in problems[0].message


def test_an_id_that_is_no_string_or_number_is_not_shared(tmp_path: Path, problems: Problems) -> None:
    """Two papers with ``"id": false`` were one paper named "False": the second was lost."""
    path = tmp_path / "ids.jsonl"
    rows = [
        {"title": "First", "abstract": "Some words.", "id": False},
        {"title": "Second", "abstract": "More words.", "id": False},
        {"title": "Third", "abstract": "Other words.", "id": [1, 2]},
        {"title": "Fourth", "abstract": "Last words.", "id": 17},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    papers = read_corpus([path], warn=problems).papers
    assert [p.title for p in papers] == ["First", "Second", "Third", "Fourth"]
    assert papers[3].id == "17"
    assert [p.line for p in problems] == [1, 2, 3]
    assert "id false is not a string or a whole number" in problems[0].message


def test_a_superscript_digit_is_no_count(tmp_path: Path, problems: Problems) -> None:
    """ "²".isdigit() is true, int("²") fails: the CSV reader stopped with a ValueError."""
    path = tmp_path / "counts.csv"
    path.write_text("title,abstract,upvotes\nA,Some words.,²\nB,More words.,7\n", encoding="utf-8")
    first, second = read_corpus([path], warn=problems).papers
    assert (first.upvotes, second.upvotes) == (None, 7)


def test_huge_counts_do_not_crash_the_exports(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rows = [{"title": f"T{i}", "abstract": "We use MNIST.", "upvotes": v} for i, v in enumerate((1e300, 2**63, 5))]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    kg.build([path], out=tmp_path / "out")
    assert (tmp_path / "out" / "papers.csv").read_text(encoding="utf-8").count(",5,") == 1


def test_impossible_dates_are_left_out_with_a_warning(tmp_path: Path, problems: Problems) -> None:
    """Papers dated 0001-01-01 and 9999-12-31 made the report span millennia (84 s, 19 MB)."""
    path = tmp_path / "dates.jsonl"
    rows = [("A", "0001-01-01"), ("B", "9999-12-31"), ("C", "2024-05-01")]
    path.write_text("".join(json.dumps({"title": t, "abstract": "Words.", "date": d}) + "\n" for t, d in rows))
    papers = list(jsonl.read(path, problems))
    assert [p.published for p in papers] == [None, None, "2024-05-01"]
    assert [p.line for p in problems] == [1, 2]
    assert "outside 1800-2100; the paper is kept without it" in problems[0].message


def test_a_report_over_centuries_labels_a_few_years(tmp_path: Path) -> None:
    from kg.export import report

    path = tmp_path / "span.jsonl"
    years = [1801, 1900, 2000, 2100]
    path.write_text(
        "".join(json.dumps({"title": f"T{y}", "abstract": "We use MNIST.", "date": f"{y}-01-01"}) + "\n" for y in years)
    )
    page = report.render(kg.build([path]))
    section = page[page.index("<h2>Over time</h2>") :]
    assert len(page) < 400_000
    assert section.count(">1801<") + section.count(">1900<") <= 2  # labelled every few years, not each


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    """A name with byte 0xff stopped the report export (UnicodeEncodeError); nothing was written."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"bad\xff.jsonl")
    (folder / name).write_text('{"title": "T", "abstract": "We train a graph neural network."}\n', encoding="utf-8")
    out = tmp_path / "out"
    kg.build([folder], out=out)
    assert "bad\\xff.jsonl:1" in (out / "papers.csv").read_text(encoding="utf-8")
    assert "bad\\xff.jsonl" in (out / "report.html").read_text(encoding="utf-8")


def test_a_warning_names_a_file_that_is_not_utf8_as_the_exports_do(tmp_path: Path, problems: Problems) -> None:
    """The warning said ``bad\\udcff.jsonl:2``, Python's lone surrogate, where papers.csv says ``bad\\xff.jsonl``."""
    import os

    path = tmp_path / os.fsdecode(b"bad\xff.jsonl")
    path.write_text('{"title": "T", "abstract": "We use MNIST."}\n{"title": "U"}\n', encoding="utf-8")
    read_corpus([path], warn=problems)
    (problem,) = problems
    assert "/bad\\xff.jsonl:2: record has no abstract" in str(problem)


def test_an_oversized_abstract_is_cut_at_a_sentence_and_kept(tmp_path: Path, problems: Problems) -> None:
    """A 1,320,000-character abstract gave spaCy's E088 traceback, and 990K ran for minutes."""
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"title": "T", "abstract": "We train a graph neural network. " * 40000}) + "\n")
    (paper,) = jsonl.read(path, problems)
    assert len(paper.abstract) <= FIELD_LIMITS["abstract"] and paper.abstract.endswith("network.")
    (problem,) = problems
    assert problem.kind == CUT and problem.line == 1
    assert (
        "abstract of 1,319,999 characters cut to" in problem.message
    )  # the trailing space is cleaned and "the paper is kept" in problem.message


def test_an_oversized_csv_cell_is_cut_and_kept_as_in_json_lines(tmp_path: Path, problems: Problems) -> None:
    """The csv module's 128 Ki cap on a cell skipped a 1,000,001-character abstract as a "malformed row"."""
    import csv

    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ("title", "abstract"),
                ("Big", ("We train a graph neural network. " * 30304)[:1_000_001]),
                ("Next", "Words."),
            ]
        )
    big, after = read_corpus([path], warn=problems).papers
    assert len(big.abstract) <= FIELD_LIMITS["abstract"] and big.abstract.endswith("network.")
    assert after.title == "Next"
    (problem,) = problems
    assert problem.kind == CUT and problem.line == 2
    assert "abstract of 1,000,001 characters cut to" in problem.message


def test_the_build_summary_counts_the_cut_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"title": "T " * 600, "abstract": "We use MNIST. " * 3000}) + "\n")
    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    assert "cut: 2 field(s) longer than kg reads (title 1,000, abstract 20,000 characters)" in capsys.readouterr().out
