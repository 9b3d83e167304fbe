"""Every kind of bad input gets a message naming the file (and line), never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.sources import read_corpus
from tests.conftest import PAGES


def good_page(tmp_path: Path) -> Path:
    target = tmp_path / "good.txt"
    target.write_bytes((PAGES / "spaced.txt").read_bytes())
    return target


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n\n  \n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("notes.txt", b"Dear diary,\n\nToday nothing happened.\n", "not a daily-papers page"),
        ("broken.jsonl", b"this is not json\n", "not JSON Lines"),
        ("table.csv", b"name,text\nx,y\n", "lacks column(s) title, abstract"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.csv", b" \n" * 6000, "empty file"),  # longer than the first block read
        ("binary.jsonl", b'{"title": "x"}\n\x00\x01\x02', "binary file"),
        ("binary.csv", b"title,abstract\n\x00\x00", "binary file"),
    ],
)
def test_unusable_file_is_skipped_with_a_named_warning(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    corpus = read_corpus([good_page(tmp_path), bad], on_error="skip")
    assert len(corpus.papers) == 2
    assert len(corpus.problems) == 1
    assert message in str(corpus.problems[0])
    assert str(corpus.problems[0]).startswith(str(bad))
    with pytest.raises(InputError, match=re.escape(message)):
        read_corpus([good_page(tmp_path), bad], on_error="fail")


def test_invalid_utf8_costs_only_the_paper_that_holds_it(tmp_path: Path) -> None:
    data = (PAGES / "spaced.txt").read_bytes().replace(b"Burgers equation", b"Burgers \xff\xfe equation")
    page = tmp_path / "latin1.txt"
    page.write_bytes(data)
    corpus = read_corpus([page], on_error="skip")
    assert [p.title for p in corpus.papers] == ["GraphMix: Mixing Hidden States for Node Classification"]
    (problem,) = corpus.problems
    assert problem.line == 13
    assert "invalid UTF-8" in problem.message and "0xff" in problem.message


def test_cli_skip_warns_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code = main(["build", str(good_page(tmp_path)), str(bad), "--out", str(tmp_path / "out"), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"warning: {bad}: empty file" in err
    assert "Traceback" not in err
    assert "2 unique papers" in out
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_cli_fail_stops_with_exit_1_and_leaves_earlier_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(good_page(tmp_path)), "--out", str(out), "--no-progress"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02")
    code = main(["build", str(good_page(tmp_path)), str(bad), "--out", str(out), "--on-error", "fail", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: {bad}: binary file" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_export_failure_leaves_earlier_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert main(["build", str(good_page(tmp_path)), "--out", str(out), "--no-progress"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    from kg.export import EXPORTERS, Exporter

    monkeypatch.setitem(EXPORTERS, "html", Exporter(broken))
    assert main(["build", str(PAGES / "compact.txt"), "--out", str(out), "--no-progress"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_nothing_readable_is_an_error_not_an_empty_graph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["build", str(bad), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    assert "no papers could be read" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_path_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_is_named_as_such_not_binary(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "u16.jsonl"
    text = '{"title": "T", "abstract": "We use MNIST."}\n'
    path.write_bytes(text.encode("utf-16") if bom else text.encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 text, not UTF-8") as caught:
        read_corpus([path], on_error="fail")
    assert "binary" not in str(caught.value)


def test_a_fifo_is_not_a_regular_file_rather_than_missing(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "papers.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_corpus([fifo])


def test_on_error_fail_does_not_say_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"title": "T\xff", "abstract": "x"}\n')
    with pytest.raises(InputError) as caught:
        read_corpus([path], on_error="fail")
    message = str(caught.value)
    assert "skipped" not in message and message.count("stopped (--on-error fail)") == 1


def test_a_json_message_ending_in_at_reads_once(tmp_path: Path) -> None:
    """'Unterminated string starting at' + ' at column 5' read "at at column"."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "T", "abstract": "x"}\n{"title": "unterminated\n', encoding="utf-8")
    problems: list[object] = []
    read_corpus([path], warn=problems.append)
    assert len(problems) == 1 and "at at" not in str(problems[0]) and "(column" in str(problems[0])
