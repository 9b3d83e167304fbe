"""Shared fixtures: small corpora written for these tests, and the demo corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputProblem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
DEMO = ROOT / "data" / "daily-papers"


class Problems(list[InputProblem]):
    """A problem sink that records what a reader reports."""

    def __call__(self, problem: InputProblem) -> None:
        self.append(problem)


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, as a user runs ``kg build data/...``."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def ruler_ner(tmp_path: Path) -> Path:
    """A user's own NER stand-in, saved as a spaCy pipeline: its 'ner' is an entity ruler
    that knows one method, "zebra transform", which the shipped model has never seen."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "Method", "pattern": "zebra transform"}])  # type: ignore[attr-defined]
    nlp.to_disk(tmp_path / "ruler-ner")
    return tmp_path / "ruler-ner"
