"""SciERC's relations read in kg's terms, and the relation scorer."""

from __future__ import annotations

from kg.evaluate.metrics import score
from kg.evaluate.relations import end_to_end_items, gold_items, pair_class
from kg.evaluate.scierc import Document, Entity, parse_document
from kg.extract.components.relations import EXTENSION
from kg.extract.pipeline import MODEL_DIR, load_pipeline

RECORD = {
    "doc_key": "own-1",
    "sentences": [
        ["We", "evaluate", "CRFs", "on", "the", "WSJ", "corpus", "."],
        ["CRFs", "outperform", "HMMs", "for", "tagging", "and", "parsing", "."],
    ],
    "ner": [
        [[2, 2, "Method"], [5, 6, "Material"]],
        [[8, 8, "Method"], [10, 10, "Method"], [12, 12, "Task"], [14, 14, "Task"], [1, 1, "Generic"]],
    ],
    "relations": [
        [[5, 6, 2, 2, "EVALUATE-FOR"]],
        [
            [10, 10, 8, 8, "COMPARE"],
            [8, 8, 12, 12, "USED-FOR"],
            [12, 12, 14, 14, "CONJUNCTION"],
            [1, 1, 12, 12, "USED-FOR"],
        ],
    ],
}


def _named(text: str, entity: Entity) -> str:
    return text[entity.start : entity.end]


def test_reader_maps_types_and_directions() -> None:
    document = parse_document(RECORD)
    found = {(_named(document.text, r.head), r.label, _named(document.text, r.tail)) for r in document.relations}
    assert found == {
        ("CRFs", "evaluated-on", "WSJ corpus"),  # EVALUATE-FOR is written evaluator first: swapped
        ("CRFs", "compared-with", "HMMs"),  # symmetric: text order
        ("CRFs", "used-for", "tagging"),
    }  # CONJUNCTION is no kg relation; a Generic argument is not read


def test_reader_without_relations_still_reads() -> None:
    record = {key: value for key, value in RECORD.items() if key != "relations"}
    assert parse_document(record).relations == ()


def test_pair_class_gives_direction() -> None:
    a, b = Entity(0, 4, "Method"), Entity(10, 14, "Task")
    assert pair_class(a, b, {(a, b): "used-for"}) == "used-for>"
    assert pair_class(a, b, {(b, a): "used-for"}) == "used-for<"
    assert pair_class(a, b, {(b, a): "compared-with"}) == "compared-with>"
    assert pair_class(a, b, {}) == "none"


def test_scorer_direction_matters_except_when_symmetric() -> None:
    document = parse_document(RECORD)
    gold = list(gold_items([document]))
    assert score(gold, gold, ("used-for",)).micro.f1 == 1.0
    flipped = [((i, ts, te, hs, he), kind) for (i, hs, he, ts, te), kind in gold]
    scores = score(flipped, gold, ("used-for", "evaluated-on"))
    assert scores.per_type["used-for"].tp == 0
    assert scores.per_type["evaluated-on"].tp == 0
    assert scores.micro.gold == 2


def test_end_to_end_scores_the_sentence_classifier_alone() -> None:
    # kg_own_relations relates "FlowNet3" to the data sets of the second sentence; SciERC relates
    # names of one sentence only, so the SciERC figures leave it out, and the pipeline keeps it.
    text = "We propose FlowNet3, a network for optical flow. Our approach reaches 4.2 on the Sintel benchmark."
    nlp = load_pipeline(MODEL_DIR, relations=True)
    own = [r for r in nlp(text)._.get(EXTENSION) if r.head_at is not None]
    assert own, "kg_own_relations states nothing here: the test no longer tells the two apart"
    scored = {item[0][1:] for item in end_to_end_items(nlp, [Document("own-2", text, (), ())])}
    assert not any(((r.head.start_char, r.head.end_char, r.tail.start_char, r.tail.end_char)) in scored for r in own)
    assert "kg_own_relations" in nlp.pipe_names  # enabled again after scoring
