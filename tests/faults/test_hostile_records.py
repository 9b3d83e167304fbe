"""One corpus file mixing good papers with each hostile record of issue 24, built end to end.

With ``--on-error skip`` (the default) the build succeeds: every good paper, and every paper kept
with a warning, is in papers.csv; each refused record has a warning naming its file and line; the
RDF validates; nothing is left beside ``--out`` and no worker outlives the build.  With
``--on-error fail`` the build stops in one line and the old exports are kept.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from kg.sources.identity import title_id
from tests.faults.conftest import Known
from tests.faults.observe import PATIENCE, alive, beside, digests, finish, kg_build, lines, start, workers

pytestmark = pytest.mark.slow  # each test runs kg builds of its own

ABSTRACT = "We train a graph neural network on MNIST and compare it with a transformer for image classification."
HUGE = ("We train a convolutional neural network. " * 24_400)[:1_000_000] + "."
"""An abstract of 1,000,001 characters (issue 24), none of them trailing white space."""
PADDING = 250
"""Plain papers after the hostile ones, so that the corpus is more than one chunk (256 papers) and a
``--workers 2`` build hands the records to worker processes."""
NAME = os.fsdecode(b"hostile-\xff")
"""The corpus file's name holds a byte that is not UTF-8; kg shows it as ``\\xff``."""
SHOWN = "hostile-\\xff"

Outcome = Literal["good", "kept", "warned", "refused"]
"""In papers.csv without a word; kept after cleaning, without a word; kept with a warning; left out with one."""


@dataclass(frozen=True)
class Record:
    """One line of the corpus (one row of a CSV) and what the build must make of it."""

    outcome: Outcome
    line: bytes
    paper_id: str | None = None
    """The id the paper has in papers.csv (None when refused)."""


def _json(outcome: Outcome, paper_id: str | None, record: dict[str, object]) -> Record:
    return Record(outcome, json.dumps(record).encode(), paper_id)


def _good(i: int) -> dict[str, object]:
    return {"id": f"good-{i}", "title": f"A good paper, number {i}", "abstract": ABSTRACT, "upvotes": i}


def jsonl_records() -> list[Record]:
    """The JSON Lines corpus: a good first line (a broken first line refuses the whole file), then the rest."""
    records = [
        _json("good", "good-0", _good(0)),
        _json("warned", "huge", {"id": "huge", "title": "A very long abstract", "abstract": HUGE}),
        _json("kept", "surrogate", {"id": "surrogate", "title": "Half an emoji \ud83d here", "abstract": ABSTRACT}),
        _json(
            "warned", "up-1e300", {"id": "up-1e300", "title": "Upvotes 1e300", "abstract": ABSTRACT, "upvotes": 1e300}
        ),
        _json(
            "warned",
            "up-2-63",
            {"id": "up-2-63", "title": "Upvotes 2 to the 63", "abstract": ABSTRACT, "upvotes": 2**63},
        ),
        _json(
            "warned",
            "up-20",
            {
                "id": "up-20",
                "title": "Upvotes of twenty digits",
                "abstract": ABSTRACT,
                "upvotes": "12345678901234567890",
            },
        ),
        _json(
            "kept",
            "up-sup",
            {"id": "up-sup", "title": "Upvotes of a superscript", "abstract": ABSTRACT, "upvotes": "²"},
        ),
        _json(
            "warned",
            "date-1",
            {"id": "date-1", "title": "Dated in year one", "abstract": ABSTRACT, "date": "0001-01-01"},
        ),
        _json(
            "warned",
            "date-9999",
            {"id": "date-9999", "title": "Dated 9999", "abstract": ABSTRACT, "date": "9999-12-31"},
        ),
        _json(
            "kept",
            "markup",
            {"id": "markup", "title": "<script>alert('x')</script> in a title", "abstract": ABSTRACT + " <b>Bold</b>."},
        ),
        _json(
            "kept",
            "bidi",
            {"id": "bidi", "title": "Bidi \u202eesrever\u202c and zero\u200bwidth", "abstract": "\u2066" + ABSTRACT},
        ),
        _json(
            "warned", title_id("An id that is true"), {"id": True, "title": "An id that is true", "abstract": ABSTRACT}
        ),
        _json(
            "warned",
            title_id("An id that is a list"),
            {"id": [1, 2], "title": "An id that is a list", "abstract": ABSTRACT},
        ),
        Record("refused", b'{"id": "cut-off", "title": "A line cut off", "abstract": "We tr'),
        Record("refused", b'{"id": "comma", "title": "A trailing comma", "abstract": "Words.",}'),
        Record("refused", b"[1, 2, 3]"),
        _json("refused", None, {"id": "no-abstract", "title": "No abstract here"}),
        _json("refused", None, {"id": "empty-abstract", "title": "An empty abstract", "abstract": " \u200b "}),
        Record("refused", b'{"id": "bad-byte", "title": "A byte \xff that is not UTF-8", "abstract": "We use MNIST."}'),
        _json("good", "good-1", _good(1)),
    ]
    return records


def csv_records() -> list[Record]:
    """The same hostile values as CSV rows (every cell is text there), and the CSV's own broken rows."""

    def row(outcome: Outcome, paper_id: str | None, *cells: str) -> Record:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        return Record(outcome, buffer.getvalue().encode(), paper_id)

    return [
        row("good", "good-0", "good-0", "A good paper, number 0", ABSTRACT, "", "3"),
        row("warned", "huge", "huge", "A very long abstract", HUGE, "", ""),
        row("warned", "up-20", "up-20", "Upvotes of twenty digits", ABSTRACT, "", "12345678901234567890"),
        row("kept", "up-sup", "up-sup", "Upvotes of a superscript", ABSTRACT, "", "²"),
        row("warned", "date-1", "date-1", "Dated in year one", ABSTRACT, "0001-01-01", ""),
        row("warned", "date-9999", "date-9999", "Dated 9999", ABSTRACT, "9999-12-31", ""),
        row("kept", "markup", "markup", "<script>alert('x')</script>, \"quoted\"", ABSTRACT, "", ""),
        row("kept", "bidi", "bidi", "Bidi \u202eesrever\u202c and zero\u200bwidth", ABSTRACT, "", ""),
        row("kept", title_id("An id that is a list"), "[1, 2]", "An id that is a list", ABSTRACT, "", ""),
        row("refused", None, "no-abstract", "No abstract here", "", "", ""),
        row("refused", None, "too-many", "Too many cells", ABSTRACT, "", "", "extra"),
        Record("refused", b"surrogate,Half a pair \xed\xa0\xbd here,We use MNIST.,,"),
        Record("refused", b"bad-byte,A byte \xff that is not UTF-8,We use MNIST.,,"),
        row("good", "good-1", "good-1", "A good paper, number 1", ABSTRACT, "", "7"),
    ]


def _padding(count: int) -> list[Record]:
    return [
        _json("good", f"pad-{i:04d}", {"id": f"pad-{i:04d}", "title": f"Padding paper {i:04d}", "abstract": ABSTRACT})
        for i in range(count)
    ]


def _write(folder: Path, suffix: str, records: Sequence[Record], header: bytes = b"") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{NAME}{suffix}"
    path.write_bytes(header + b"".join(record.line + b"\n" for record in records))
    return path


def _numbered(records: Sequence[Record], first_line: int) -> list[tuple[int, Record]]:
    return list(enumerate(records, start=first_line))


def _papers(out: Path) -> list[dict[str, str]]:
    with (out / "papers.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _build_watching_workers(argv: Sequence[str]) -> tuple[int, str, str, set[int]]:
    """Run ``kg ARGV`` to its end, noting every worker process it starts."""
    build = start(["-m", "kg", *argv])
    seen: set[int] = set()
    deadline = time.monotonic() + PATIENCE * 3
    while build.poll() is None and time.monotonic() < deadline:
        seen.update(workers(build.pid))
        time.sleep(0.05)
    stdout, stderr = build.communicate(timeout=PATIENCE)
    return build.returncode, stdout, stderr, seen


def _check(out: Path, path: Path, numbered: Sequence[tuple[int, Record]], code: int, stdout: str, stderr: str) -> None:
    assert code == 0, stderr
    assert "Traceback" not in stderr
    said = lines(stderr)
    where = f"{path.parent}/{SHOWN}{path.suffix}"  # as papers.csv names the file
    assert all(line.startswith(f"warning: {where}:") for line in said), said
    warned = {int(line.removeprefix(f"warning: {where}:").split(":", 1)[0]) for line in said}
    expected = {number for number, record in numbered if record.outcome in ("warned", "refused")}
    assert warned == expected, f"warnings for lines {sorted(warned)}, expected {sorted(expected)}"
    assert f"problems: {len(said)}, listed above as warnings" in stdout
    ids = [paper["id"] for paper in _papers(out)]
    kept = [record.paper_id for _, record in numbered if record.outcome != "refused"]
    assert sorted(ids) == sorted(kept)
    papers = (out / "papers.csv").read_text(encoding="utf-8")
    assert f"{where}:" in papers and "\udcff" not in papers
    for name in ("graph.html", "report.html"):  # markup is shown as text, never run
        assert "<script>alert" not in (out / name).read_text(encoding="utf-8"), name
    for name in ("papers.csv", "graph.ttl", "graph.graphml"):  # bidi and zero-width characters name nothing
        assert not {"\u202e", "\u200b", "\u2066"} & set((out / name).read_text(encoding="utf-8")), name
    assert beside(out) == []
    validated = subprocess.run(
        [sys.executable, "-m", "kg", "validate", str(out / "graph.ttl")],
        capture_output=True,
        text=True,
        timeout=PATIENCE * 2,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "conforms to kg's SHACL shapes" in validated.stdout


def test_hostile_json_lines_with_two_workers(tmp_path: Path) -> None:
    records = [*jsonl_records(), *_padding(PADDING)]
    path = _write(tmp_path / "in", ".jsonl", records)
    out = tmp_path / "exports"
    code, stdout, stderr, seen = _build_watching_workers(kg_build(path.parent, out, "--workers", "2"))
    _check(out, path, _numbered(records, 1), code, stdout, stderr)
    assert seen, "the build extracted without worker processes"
    assert not [pid for pid in seen if alive(pid)], "workers outlived their build"
    papers = {paper["id"]: paper for paper in _papers(out)}
    assert 19_000 < len(papers["huge"]["abstract"]) <= 20_000
    assert papers["surrogate"]["title"] == "Half an emoji \ufffd here"
    assert papers["up-1e300"]["upvotes"] == papers["date-9999"]["published"] == ""


def test_hostile_csv_rows(tmp_path: Path) -> None:
    records = csv_records()
    path = _write(tmp_path / "in", ".csv", records, header=b"id,title,abstract,date,upvotes\n")
    out = tmp_path / "exports"
    code, stdout, stderr, _ = _build_watching_workers(kg_build(path, out, "--workers", "2"))  # one chunk: no worker
    _check(out, path, _numbered(records, 2), code, stdout, stderr)


def test_on_error_fail_stops_at_the_first_hostile_record_and_keeps_the_old_exports(
    first: Known, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in", ".jsonl", jsonl_records())
    out = tmp_path / "exports"
    first.copy_to(out)
    code, stderr = finish(start(["-m", "kg", *kg_build(path, out, "--on-error", "fail", "--workers", "2")]))
    assert code == 1
    assert "Traceback" not in stderr
    (error,) = lines(stderr)
    assert error.startswith(f"error: {path.parent}/{SHOWN}.jsonl:2: abstract of 1,000,001 characters cut to ")
    assert "; stopped (--on-error fail)" in error and "the paper is kept" not in error
    assert digests(out) == first.digests
    assert beside(out) == []
