"""Extraction with ``relations``: statements tied to mentions, cached under their own fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.cache import ExtractionCache, extractor_fingerprint
from kg.extract.options import ExtractOptions
from kg.extract.parallel import extract_with_cache
from kg.model import Paper
from tests.stated_corpus import STATEMENTS

PAPERS = [
    Paper(
        "a", "Graph neural networks for node classification", "We use graph neural networks for node classification."
    ),
    Paper(
        "b", "Transformers", "The Transformer achieves 28.4 BLEU on WMT 2014. We apply the Transformer to translation."
    ),
]


def test_the_switch_changes_the_fingerprint() -> None:
    assert extractor_fingerprint(None) != extractor_fingerprint(None, stated=True)


def test_statements_round_trip_through_the_cache(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path, "fp") as cache:
        cache.put_statements({"k3": STATEMENTS["s3"], "k2": STATEMENTS["s2"]})
        found = cache.get_statements([("k3", "s3"), ("k2", "s2"), ("missing", "x")])
    assert found == {"s3": STATEMENTS["s3"], "s2": STATEMENTS["s2"]}


def test_a_new_fingerprint_drops_the_statements(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path, "one") as cache:
        cache.put_statements({"k": STATEMENTS["s1"]})
    with ExtractionCache(tmp_path, "two") as cache:
        assert cache.get_statements([("k", "s1")]) == {}


@pytest.mark.slow
def test_relations_come_with_offsets_that_slice_their_sentence_and_survive_the_cache(tmp_path: Path) -> None:
    options = ExtractOptions(workers=1, relations=True)
    fresh = extract_with_cache(PAPERS, options)
    assert fresh.statements is not None
    mentions, stated = list(fresh.mentions), list(fresh.statements)
    relations = [r for s in stated for r in s.relations]
    assert relations, "the classifier states no relation in 'We use graph neural networks for node classification.'"
    for paper_mentions, paper_stated in zip(mentions, stated, strict=True):
        for r in paper_stated.relations:
            assert r.sentence[slice(*r.head_at)] == paper_mentions[r.head].text
            assert r.sentence[slice(*r.tail_at)] == paper_mentions[r.tail].text
        for claim in paper_stated.results:
            assert claim.sentence[slice(*claim.value_at)] == claim.value
    assert any(claim.value == "28.4" for s in stated for claim in s.results)
    cached = ExtractOptions(workers=1, relations=True, cache=tmp_path)
    extract_with_cache(PAPERS, cached).mentions.close()
    again = extract_with_cache(PAPERS, cached)
    assert again.from_cache == len(PAPERS)
    assert again.statements is not None and list(again.statements) == stated and list(again.mentions) == mentions
