from __future__ import annotations

import pytest

from kg.building import build_knowledge_graph
from kg.graph import KnowledgeGraph
from kg.sources import read_corpus
from tests.conftest import PAGES


@pytest.fixture(scope="session")
def small_kg() -> KnowledgeGraph:
    corpus = read_corpus([PAGES / "spaced.txt", PAGES / "metadata.txt", PAGES / "compact.txt"])
    return build_knowledge_graph(corpus.papers)
