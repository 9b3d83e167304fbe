"""kg_own_relations on abstracts of our own: the paper's own method, named in one sentence, related
to the data sets and tasks of the sentences that speak of it as "our approach", "we" or "experiments".

The unit cases set the concepts by hand (tests/sentence_docs.py); the last one runs the shipped
pipeline and follows a relation into the paper's statements, where the evidence is the
sentence that says it, with the words that stand for the method there.
"""

from __future__ import annotations

import dataclasses

import pytest
from spacy.tokens import Doc

from kg.extract.components.own_relations import SCORE, OwnRelations, standing_for
from kg.extract.components.proposals import own_method
from kg.extract.components.relations import EXTENSION, Relation
from kg.extract.extractor import extract_stated
from kg.extract.pipeline import MODEL_DIR, load_pipeline
from kg.model import Paper
from tests.sentence_docs import concept_doc

ABSTRACT = (
    "We propose FlowNet3, a network for optical flow. "
    "Our approach reaches an error of 4.2 on the Sintel benchmark. "
    "Experiments on KITTI confirm the gain. "
    "ImageNet is a large collection of photos."
)
CONCEPTS = [
    ("FlowNet3", "method"),
    ("network", "method"),
    ("optical flow", "task"),
    ("Sintel benchmark", "dataset"),
    ("KITTI", "dataset"),
    ("ImageNet", "dataset"),
]


def _found(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.type, r.tail.text) for r in doc._.get(EXTENSION)}


def _written(doc: Doc, relation: Relation) -> str:
    start, end = relation.written_at
    return doc.text[start:end]


@pytest.fixture()
def component() -> OwnRelations:
    return OwnRelations()


def test_our_approach_and_experiments_stand_for_the_proposed_method(component: OwnRelations) -> None:
    doc = component(concept_doc(ABSTRACT, CONCEPTS, proposed=("FlowNet3",)))
    relations = {r.tail.text: r for r in doc._.get(EXTENSION)}
    assert _found(doc) == {
        ("FlowNet3", "used-for", "optical flow"),
        ("FlowNet3", "evaluated-on", "Sintel benchmark"),
        ("FlowNet3", "evaluated-on", "KITTI"),
    }
    sintel, kitti = relations["Sintel benchmark"], relations["KITTI"]
    assert _written(doc, sintel) == "Our approach"
    assert _written(doc, kitti) == "Experiments"
    assert doc.text[slice(*sintel.sentence)] == "Our approach reaches an error of 4.2 on the Sintel benchmark."
    assert relations["optical flow"].head_at is None  # the sentence names FlowNet3 itself
    assert all(r.score == SCORE for r in doc._.get(EXTENSION))
    with pytest.raises(dataclasses.FrozenInstanceError):
        sintel.type = "used-for"  # type: ignore[misc]


def test_a_sentence_that_does_not_speak_of_it_relates_nothing(component: OwnRelations) -> None:
    doc = component(concept_doc(ABSTRACT, CONCEPTS, proposed=("FlowNet3",)))
    assert not any(r.tail.text == "ImageNet" for r in doc._.get(EXTENSION))


def test_no_own_method_no_relations(component: OwnRelations) -> None:
    text = "Our approach reaches an error of 4.2 on the Sintel benchmark."
    doc = component(concept_doc(text, [("Sintel benchmark", "dataset")]))
    assert doc._.get(EXTENSION) == ()


def test_a_pair_the_sentence_classifier_related_is_left_to_it(component: OwnRelations) -> None:
    doc = concept_doc(ABSTRACT, CONCEPTS, proposed=("FlowNet3",))
    own, task = doc.spans["kg"][0], doc.spans["kg"][2]
    stated = Relation(own, task, "part-of", 0.9, (0, 48))
    doc._.set(EXTENSION, (stated,))
    found = component(doc)._.get(EXTENSION)
    assert found[0] is stated
    assert [r for r in found if r.tail.text == "optical flow"] == [stated]


def test_the_acronym_the_paper_defines_names_the_method(component: OwnRelations) -> None:
    text = "We propose Residual Flow Networks (RFN). RFN is accurate on KITTI."
    doc = concept_doc(text, [("Residual Flow Networks", "method"), ("KITTI", "dataset")])
    long, kitti = doc.spans["kg"]
    defined, second = (doc.char_span(i, i + 3) for i in (text.index("RFN"), text.rindex("RFN")))
    assert defined is not None and second is not None
    doc.spans["kg"] = [long, doc.char_span(second.start_char, second.end_char, label="method"), kitti]
    doc.spans["kg_proposed"] = [long]
    doc._.kg_abbreviations = [(defined, long)]
    (relation,) = component(doc)._.get(EXTENSION)
    assert (relation.head.text, relation.type, relation.tail.text) == ("RFN", "evaluated-on", "KITTI")
    assert relation.head_at is None


def test_the_words_that_stand_for_the_method() -> None:
    doc = concept_doc("The proposed network is fast. We test it. Results are good. It is red.", [])
    sentences = list(doc.sents)
    written = [standing_for(s, None) for s in sentences]
    assert [doc.text[slice(*at)] if at else None for at in written] == [
        "The proposed network",
        "We",
        "Results",
        None,
    ]


def test_own_method_is_the_concept_at_the_first_proposed_name() -> None:
    # kg_patterns marks a proposed name as an unlabelled span; the concept there is the method
    text = "Graph networks for physics. We introduce PhysNet, a graph network."
    doc = concept_doc(text, [("Graph networks", "method"), ("PhysNet", "method"), ("graph network", "method")])
    proposed = doc.char_span(text.index("PhysNet"), text.index("PhysNet") + len("PhysNet"))
    assert proposed is not None and proposed.label_ == ""
    doc.spans["kg_proposed"] = [proposed]
    own = own_method(doc)
    assert own is not None and (own.text, own.label_) == ("PhysNet", "method")
    doc.spans["kg_proposed"] = []
    title_method = own_method(doc)  # no proposed name: the title's first method (the whole doc is title here)
    assert title_method is not None and title_method.text == "Graph networks"


def test_a_score_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        OwnRelations(1.5)


def test_the_pipeline_states_the_relation_with_its_sentence() -> None:
    nlp = load_pipeline(MODEL_DIR, relations=True)
    paper = Paper(
        "p1",
        "FlowNet3: Fast Optical Flow Estimation",
        "We propose FlowNet3, a lightweight convolutional network. "
        "Our approach achieves an end-point error of 4.2 on the Sintel benchmark.",
    )
    ((_, mentions, statements),) = list(extract_stated([paper], nlp))
    stated = [
        (mentions[r.head].text, r.type, mentions[r.tail].text, r.sentence[slice(*r.head_at)], r.sentence)
        for r in statements.relations
    ]
    assert (
        "FlowNet3",
        "evaluated-on",
        "Sintel benchmark",
        "Our approach",
        "Our approach achieves an end-point error of 4.2 on the Sintel benchmark.",
    ) in stated
