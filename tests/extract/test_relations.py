"""kg_relations on sentences of our own, one per relation type, with the concepts given.

The concepts are set by hand as ``doc.spans["kg"]`` (what ``kg_resolve`` leaves), so the
tests measure the shipped relation classifier alone, not the NER.
"""

from __future__ import annotations

import dataclasses

import pytest
from spacy.tokens import Doc

from kg.extract.components.relations import EXTENSION, RELATION_TYPES, Relation, RelationExtractor
from kg.extract.pipeline import load_pipeline
from tests.sentence_docs import RELATION_CASES, concept_doc


@pytest.fixture(scope="module")
def extractor() -> RelationExtractor:
    return RelationExtractor()


def _found(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.type, r.tail.text) for r in doc._.get(EXTENSION)}


@pytest.mark.parametrize(("text", "concepts", "expected"), RELATION_CASES, ids=[c[2][1] for c in RELATION_CASES])
def test_one_relation_per_type(
    extractor: RelationExtractor, text: str, concepts: list[tuple[str, str]], expected: tuple[str, str, str]
) -> None:
    assert expected in _found(extractor(concept_doc(text, concepts)))


def test_every_type_has_a_case() -> None:
    assert {case[2][1] for case in RELATION_CASES} == set(RELATION_TYPES)


def test_records_are_frozen_and_carry_the_sentence(extractor: RelationExtractor) -> None:
    text = "We use a transformer for machine translation. It is fast."
    doc = extractor(concept_doc(text, [("transformer", "method"), ("machine translation", "task")]))
    relation = next(iter(doc._.get(EXTENSION)))
    assert isinstance(relation, Relation)
    assert 0.0 < relation.score <= 1.0
    start, end = relation.sentence
    assert text[start:end] == "We use a transformer for machine translation."  # its own sentence only
    with pytest.raises(dataclasses.FrozenInstanceError):
        relation.type = "kind-of"  # type: ignore[misc]


def test_no_pairs_no_relations(extractor: RelationExtractor) -> None:
    doc = extractor(concept_doc("We use a transformer.", [("transformer", "method")]))
    assert doc._.get(EXTENSION) == ()


def test_pipeline_with_relations_runs_last() -> None:
    nlp = load_pipeline(model=None, relations=True)
    assert nlp.pipe_names[-2:] == ["kg_relations", "kg_own_relations"]
    plain = load_pipeline(model=None).pipe_names
    assert "kg_relations" not in plain and "kg_own_relations" not in plain
    doc = nlp("We use a transformer for machine translation.")
    assert isinstance(doc._.get(EXTENSION), tuple)
