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
