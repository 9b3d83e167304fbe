"""Property-based tests of the readers: whatever a file holds, kg reads it or says why, and
every good record comes out."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.model import Paper
from kg.sources import read_corpus
from kg.sources.textfile import FIELD_LIMITS, clean_text

# CI tries 60 cases a test; KG_HYPOTHESIS_EXAMPLES=3000 searches harder.
SETTINGS = settings(
    max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _read(name: str, data: bytes) -> tuple[list[Paper], list[object]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        problems: list[object] = []
        try:
            corpus = read_corpus([path], warn=problems.append)
        except KGError as err:  # a refusal of the whole file, said in one line
            assert str(err) and "\n" not in str(err)
            return [], [err]
        return list(corpus.papers), problems


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".jsonl", ".csv", ".txt", ".md"]))
def test_any_bytes_as_a_file_never_give_a_traceback(data: bytes, suffix: str) -> None:
    papers, _ = _read(f"input{suffix}", data)
    for paper in papers:
        assert paper.title and paper.abstract


def _good(value: object) -> bool:
    return isinstance(value, str) and bool(clean_text(value))


@SETTINGS
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"title": JSON_VALUES | st.text(min_size=1), "abstract": JSON_VALUES | st.text(min_size=1)},
            optional={key: JSON_VALUES for key in ("id", "date", "authors", "upvotes", "votes", "doi")},
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_json_value_in_any_field_keeps_every_good_record(records: list[dict[str, object]]) -> None:
    lines = "".join(json.dumps(record) + "\n" for record in records)
    papers, _ = _read("papers.jsonl", lines.encode("utf-8", errors="surrogatepass"))
    good = [r for r in records if _good(r["title"]) and _good(r["abstract"])]
    expected_titles = {clean_text(str(r["title"]))[: FIELD_LIMITS["title"]] for r in good}
    # Listings with the same title (or id) are one paper; every good title comes out.
    assert {p.title for p in papers} >= {t for t in expected_titles if t} or not good
    assert len(papers) <= len(good)
