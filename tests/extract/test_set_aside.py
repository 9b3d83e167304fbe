"""Concepts a sentence sets aside ("without X", "unlike X", "X fails") state no use, on sentences
of our own: the helper alone, then the relations of kg_relations and kg_own_relations."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.components.own_relations import OwnRelations
from kg.extract.components.relations import EXTENSION, RelationExtractor
from kg.extract.components.set_aside import set_aside
from tests.sentence_docs import concept_doc


def _aside(text: str, concepts: list[tuple[str, str]]) -> set[str]:
    doc = concept_doc(text, concepts)
    return {doc[start:end].text for start, end in set_aside(doc, doc.spans["kg"])}


@pytest.mark.parametrize(
    ("text", "concepts", "aside"),
    [
        (
            "Unlike convolutional networks, our model captures long-range dependencies.",
            [("convolutional networks", "method"), ("long-range dependencies", "task")],
            {"convolutional networks"},
        ),
        (
            "The operator generalises to new equations without requiring any task-specific fine-tuning.",
            [("operator", "method"), ("task-specific fine-tuning", "method")],
            {"task-specific fine-tuning"},
        ),
        (
            "Message-passing networks often fail on heterophilic graphs.",
            [("Message-passing networks", "method"), ("heterophilic graphs", "task")],
            {"Message-passing networks"},
        ),
        (
            "Flow models have gained popularity as an alternative to diffusion models for image generation.",
            [("Flow models", "method"), ("diffusion models", "method"), ("image generation", "task")],
            {"diffusion models"},
        ),
        (
            "Instead of recurrent networks and transformers, we use state space models.",
            [("recurrent networks", "method"), ("transformers", "method"), ("state space models", "method")],
            {"recurrent networks", "transformers"},
        ),
        (
            "The classifier needs no hyperparameter tuning.",
            [("classifier", "method"), ("hyperparameter tuning", "task")],
            {"hyperparameter tuning"},
        ),
    ],
    ids=["unlike", "without", "fail", "alternative", "instead-of-conjoined", "needs-no"],
)
def test_contrasts_set_a_concept_aside(text: str, concepts: list[tuple[str, str]], aside: set[str]) -> None:
    assert _aside(text, concepts) == aside


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        (
            "We use graph neural networks for traffic forecasting.",
            [("graph neural networks", "method"), ("traffic forecasting", "task")],
        ),
        # The cue belongs to another clause, or is cut off by punctuation: nothing is set aside.
        (
            "Without loss of generality, gradient descent is used for regression.",
            [("gradient descent", "method"), ("regression", "task")],
        ),
        (
            "Trained without labels, the autoencoder and a transformer are used for segmentation.",
            [("autoencoder", "method"), ("transformer", "method"), ("segmentation", "task")],
        ),
        # "fail" must follow the concept, past adverbs only.
        (
            "Gradient descent is known to rarely fail in practice for regression.",
            [("Gradient descent", "method"), ("regression", "task")],
        ),
    ],
    ids=["plain-use", "without-loss-of-generality", "cue-in-another-clause", "fail-far-after"],
)
def test_plain_sentences_set_nothing_aside(text: str, concepts: list[tuple[str, str]]) -> None:
    assert _aside(text, concepts) == set()


def _relations(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.type, r.tail.text) for r in doc._.get(EXTENSION)}


def test_kg_relations_state_no_use_of_a_concept_set_aside() -> None:
    extractor = RelationExtractor()
    used = concept_doc(
        "We apply convolutional networks to image classification.",
        [("convolutional networks", "method"), ("image classification", "task")],
    )
    assert ("convolutional networks", "used-for", "image classification") in _relations(extractor(used))
    for text in (
        "Without convolutional networks, we apply attention to image classification.",
        "Convolutional networks fail on image classification with few labels.",
    ):
        name = "Convolutional networks" if text.startswith("Conv") else "convolutional networks"
        doc = extractor(concept_doc(text, [(name, "method"), ("image classification", "task")]))
        assert not {r for r in _relations(doc) if r[0] == name and r[1] in ("used-for", "evaluated-on")}


def test_own_relations_skip_a_concept_set_aside() -> None:
    text = "We propose FlowNet3 for optical flow. Unlike stereo matching, our approach needs no rectification."
    concepts = [
        ("FlowNet3", "method"),
        ("optical flow", "task"),
        ("stereo matching", "task"),
        ("rectification", "task"),
    ]
    doc = OwnRelations()(RelationExtractor()(concept_doc(text, concepts, proposed=("FlowNet3",))))
    tails = {tail for head, kind, tail in _relations(doc) if head == "FlowNet3" and kind == "used-for"}
    assert "optical flow" in tails
    assert not tails & {"stereo matching", "rectification"}
