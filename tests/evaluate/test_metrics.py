from __future__ import annotations

from kg.evaluate.metrics import PRF, score
from kg.evaluate.scierc import detokenise, parse_document


def test_exact_match_counts_type_and_span() -> None:
    gold = [((0, 0, 5), "Method"), ((0, 10, 20), "Task"), ((1, 3, 8), "Material")]
    predicted = [((0, 0, 5), "Method"), ((0, 10, 19), "Task"), ((1, 3, 8), "Task")]
    scores = score(predicted, gold, ("Method", "Task", "Material"))
    assert scores.per_type["Method"] == PRF(1, 1, 1)
    assert scores.per_type["Task"] == PRF(0, 2, 1)
    assert scores.per_type["Material"] == PRF(0, 0, 1)
    assert scores.micro == PRF(1, 3, 3)
    assert abs(scores.micro.f1 - 1 / 3) < 1e-9
    as_json = scores.as_dict()
    assert set(as_json) == {"per_type", "micro"}
    assert set(as_json["micro"]) >= {"precision", "recall", "f1"}  # type: ignore[arg-type]


def test_detokenise_restores_brackets_and_offsets() -> None:
    tokens = ["Neural", "networks", "-LRB-", "NNs", "-RRB-", "are", "``", "deep", "''", "."]
    text, offsets = detokenise(tokens)
    assert text == 'Neural networks (NNs) are "deep".'
    assert [text[s:e] for s, e in offsets][2:5] == ["(", "NNs", ")"]


def test_scierc_record_to_character_spans() -> None:
    record = {
        "doc_key": "X",
        "sentences": [["We", "use", "CRFs", "for", "parsing", "."]],
        "ner": [[[2, 2, "Method"], [4, 4, "Task"], [0, 0, "Generic"]]],
    }
    document = parse_document(record)
    assert [(document.text[e.start : e.end], e.label) for e in document.entities] == [
        ("CRFs", "Method"),
        ("parsing", "Task"),
    ]
