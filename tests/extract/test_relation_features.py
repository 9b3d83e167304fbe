"""The relation classifier's features (both feature sets), its decision rule and its class weights."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from kg.errors import ExtractorError
from kg.extract.components.relation_features import pair_features
from kg.extract.components.relations import RelationExtractor, candidate_pairs, decide, relation_classes
from kg.extract.relation_model import LogLinearModel, TrainingSettings, fit
from tests.sentence_docs import concept_doc

TEXT = "We propose CRF with a BiLSTM encoder for NER ( named entity recognition )."
CONCEPTS = [("CRF", "method"), ("BiLSTM encoder", "method"), ("NER", "task"), ("named entity recognition", "task")]


def _pair(doc: Doc, first: str, second: str) -> tuple:
    for pair in candidate_pairs(doc):
        if (pair[0].text, pair[1].text) == (first, second):
            return pair
    raise AssertionError((first, second))


def test_pairs_carry_the_concepts_between() -> None:
    doc = concept_doc(TEXT, CONCEPTS)
    _, _, sentence, between = _pair(doc, "CRF", "NER")
    assert [span.text for span in between] == ["BiLSTM encoder"]
    assert sentence.text == doc.text


def test_v1_is_model_one_and_v2_adds_context() -> None:
    doc = concept_doc(TEXT, CONCEPTS)
    pair = _pair(doc, "CRF", "NER")
    v1 = pair_features(doc, *pair)
    v2 = pair_features(doc, *pair, feature_set="v2")
    assert v2[: len(v1)] == v1
    added = set(v2[len(v1) :])
    assert "masked=with a METHOD for" in added  # the concept between written as its type
    assert "kinds_masked=method>task|with a METHOD for" in added
    assert "cue_order=use>purpose" in added  # "with", then "for"
    assert "proposal_before" in added and "kinds_proposal_before=method>task" in added
    assert "shape_a=acronym" in added and "shape_b=acronym" in added
    assert "kinds_gap=method>task|for" in added


def test_v2_sees_brackets_and_joiners() -> None:
    doc = concept_doc(TEXT, CONCEPTS)
    bracketed = pair_features(doc, *_pair(doc, "NER", "named entity recognition"), feature_set="v2")
    assert "bracketed" in bracketed and "shape_b=3" in bracketed
    joined = concept_doc("CRFs and HMMs are used.", [("CRFs", "method"), ("HMMs", "method")])
    assert "joined" in pair_features(joined, *_pair(joined, "CRFs", "HMMs"), feature_set="v2")


def test_an_unknown_feature_set_is_an_error() -> None:
    doc = concept_doc(TEXT, CONCEPTS)
    with pytest.raises(ValueError, match="v9"):
        pair_features(doc, *_pair(doc, "CRF", "NER"), feature_set="v9")
    model = RelationExtractor().model
    stray = LogLinearModel(model.classes, model.features, model.weights, model.bias, 0.5, {"features": "v9"})
    with pytest.raises(ExtractorError, match="retrain"):
        RelationExtractor.from_model(stray)


def test_decide_takes_the_likeliest_relation_over_the_threshold() -> None:
    classes = relation_classes()
    probs = np.zeros(len(classes))
    probs[classes.index("none")] = 0.5
    probs[classes.index("used-for<")] = 0.4
    assert decide(probs, classes, 0.3) == ("used-for", False, pytest.approx(0.4))
    assert decide(probs, classes, 0.45) is None  # "none" is never the decision; the threshold is


def test_example_weights_shift_the_model() -> None:
    rows = [["a"], ["a"], ["a"], ["b"]]
    labels = ["none", "none", "used-for>", "used-for>"]
    settings = TrainingSettings(epochs=30, l2=0.0, batch_size=4)
    plain = fit(rows, labels, relation_classes(), settings)
    weighted = fit(rows, labels, relation_classes(), settings, [0.25, 0.25, 1.0, 1.0])
    used = relation_classes().index("used-for>")
    assert weighted.probabilities([["a"]])[0, used] > plain.probabilities([["a"]])[0, used]
    assert fit(rows, labels, relation_classes(), settings, [1.0] * 4).weights.tolist() == plain.weights.tolist()
