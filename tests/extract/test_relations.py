"""kg_relations on sentences of our own, one per relation type, with the concepts given.

The concepts are set by hand as ``doc.spans["kg"]`` (what ``kg_resolve`` leaves), so the
tests measure the shipped relation classifier alone, not the NER.
"""

from __future__ import annotations

import dataclasses

import pytest
import spacy
from spacy.tokens import Doc

from kg.extract.components.relations import EXTENSION, RELATION_TYPES, Relation, RelationExtractor
from kg.extract.pipeline import load_pipeline


@pytest.fixture(scope="module")
def extractor() -> RelationExtractor:
    return RelationExtractor()


def _doc(text: str, concepts: list[tuple[str, str]]) -> Doc:
    doc = spacy.blank("en").make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0
    spans = []
    for name, label in concepts:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None, name
        spans.append(span)
    doc.spans["kg"] = spans
    return doc


def _found(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.type, r.tail.text) for r in doc._.get(EXTENSION)}


CASES = [
    (
        "We use a transformer for machine translation.",
        [("transformer", "method"), ("machine translation", "task")],
        ("transformer", "used-for", "machine translation"),
    ),
    (
        "We evaluate our parser on the Penn Treebank.",
        [("parser", "method"), ("Penn Treebank", "dataset")],
        ("parser", "evaluated-on", "Penn Treebank"),
    ),
    (
        "Our model outperforms the LSTM baseline on every language pair.",
        [("model", "method"), ("LSTM baseline", "method")],
        ("model", "compared-with", "LSTM baseline"),
    ),
    (
        "The attention layer of the encoder is trained jointly.",
        [("attention layer", "method"), ("encoder", "method")],
        ("attention layer", "part-of", "encoder"),
    ),
    (
        "Graphical models such as conditional random fields are popular.",
        [("Graphical models", "method"), ("conditional random fields", "method")],
        ("conditional random fields", "kind-of", "Graphical models"),
    ),
]


@pytest.mark.parametrize(("text", "concepts", "expected"), CASES, ids=[c[2][1] for c in CASES])
def test_one_relation_per_type(
    extractor: RelationExtractor, text: str, concepts: list[tuple[str, str]], expected: tuple[str, str, str]
) -> None:
    assert expected in _found(extractor(_doc(text, concepts)))


def test_every_type_has_a_case() -> None:
    assert {case[2][1] for case in CASES} == set(RELATION_TYPES)


def test_records_are_frozen_and_carry_the_sentence(extractor: RelationExtractor) -> None:
    text = "We use a transformer for machine translation. It is fast."
    doc = extractor(_doc(text, [("transformer", "method"), ("machine translation", "task")]))
    relation = next(iter(doc._.get(EXTENSION)))
    assert isinstance(relation, Relation)
    assert 0.0 < relation.score <= 1.0
    start, end = relation.sentence
    assert text[start:end] == text  # one sentence: sentence starts were not set after token 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        relation.type = "kind-of"  # type: ignore[misc]


def test_no_pairs_no_relations(extractor: RelationExtractor) -> None:
    doc = extractor(_doc("We use a transformer.", [("transformer", "method")]))
    assert doc._.get(EXTENSION) == ()


def test_pipeline_with_relations_runs_last() -> None:
    nlp = load_pipeline(model=None, relations=True)
    assert nlp.pipe_names[-1] == "kg_relations"
    assert "kg_relations" not in load_pipeline(model=None).pipe_names
    doc = nlp("We use a transformer for machine translation.")
    assert isinstance(doc._.get(EXTENSION), tuple)
