"""Result claims and pairs against SciREX's result tuples, on a hand-made SciREX-like paper.

The record is written here in SciREX's format: a title, a two-sentence abstract, a body,
salient entities with their mentions, and result tuples, some stated in the abstract and
some not.  The scores are checked on claims and relations given by hand, then end to end
through ``kg eval scirex --results``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.evaluate.scirex_results import LinkedPair, NamedClaim, PaperResults, RelatedPair, score_results
from kg.evaluate.scirex_tuples import ResultDocument, parse_result_document, read_result_documents, score_number
from kg.extract.results import ResultClaim
from tests.evaluate.scirex_fixtures import scirex_record, span_of, tokens

TITLE = tokens("StripeNet for Image Classification")
ABSTRACT = [
    tokens("We propose StripeNet for image classification ."),
    tokens("StripeNet achieves 84.3 % top-1 accuracy on ImageNet ."),
]
BODY = tokens("section : Results StripeNet gets 91.0 % on CIFAR - 10 and 79.9 on ImageNet .")


def record(doc_id: str = "paper-1") -> dict[str, Any]:
    """The paper: its tuples are (StripeNet, ImageNet, Top_1_Accuracy, 84.3%) stated in the
    abstract, (StripeNet, CIFAR-10, Accuracy, 91.0) and (StripeNet, ImageNet, Top_5, 79.9)
    whose values the abstract does not give."""
    front = [*TITLE, "section", ":", "Abstract", *ABSTRACT[0], *ABSTRACT[1]]
    words = [*front, *BODY]
    first = len(TITLE) + 3
    second = first + len(ABSTRACT[0])
    stripe = [span_of(words, "StripeNet"), span_of(words, "StripeNet", first), span_of(words, "StripeNet", second)]
    stripe.append(span_of(words, "StripeNet", len(front)))
    task = [span_of(words, "Image Classification"), span_of(words, "image classification")]
    imagenet = [span_of(words, "ImageNet"), span_of(words, "ImageNet", len(front))]
    cifar = [span_of(words, "CIFAR - 10")]
    top1 = [span_of(words, "top-1 accuracy")]
    ner = [[*s, "Method"] for s in stripe] + [[*s, "Task"] for s in task] + [[*s, "Material"] for s in imagenet]
    ner += [[*cifar[0], "Material"], [*top1[0], "Metric"]]
    tuples = [
        {"Method": "StripeNet", "Task": "Image_Classification", "Material": "ImageNet", "Metric": "Top_1_Accuracy"},
        {"Method": "StripeNet", "Task": "Image_Classification", "Material": "CIFAR-10", "Metric": "Accuracy"},
        {"Method": "StripeNet", "Task": "Image_Classification", "Material": "ImageNet", "Metric": "Top_5_Accuracy"},
    ]
    for t, score in zip(tuples, ("84.3%", 91.0, "79.9"), strict=True):
        t["score"] = score
    return scirex_record(
        doc_id,
        words,
        sections=[[0, len(TITLE)], [len(TITLE), len(front)], [len(front), len(words)]],
        sentences=[[0, len(TITLE)], [first, second], [second, len(front)], [len(front), len(words)]],
        ner=ner,
        coref={
            "StripeNet": stripe,
            "Image_Classification": task,
            "ImageNet": imagenet,
            "CIFAR-10": cifar,
            "Top_1_Accuracy": top1,
        },
        n_ary_relations=tuples,
    )


@pytest.fixture
def paper() -> ResultDocument:
    return parse_result_document(record())


def test_scores_as_numbers() -> None:
    assert score_number("71.8%") == 71.8
    assert score_number(" 0.8784") == 0.8784
    assert score_number(5.8) == 5.8
    assert score_number("-") is None and score_number("13.8M") is None


def test_stated_tuples_are_those_whose_value_and_dataset_occur(paper: ResultDocument) -> None:
    assert paper.document.text.startswith("StripeNet for Image Classification\n\nWe propose")
    stated = paper.stated()
    assert [(t.method, t.dataset, t.metric, t.score) for t in stated] == [
        ("StripeNet", "ImageNet", "Top_1_Accuracy", "84.3%")
    ]
    assert not paper.occurs("CIFAR-10")  # named in the body only
    assert paper.names("Top_1_Accuracy") == ("top-1 accuracy", "Top 1 Accuracy")


def test_pairs_are_distinct_and_both_names_occur(paper: ResultDocument) -> None:
    assert paper.pairs("dataset") == (("StripeNet", "ImageNet"),)
    assert paper.pairs("task") == (("StripeNet", "Image_Classification"),)
    assert paper.in_one_sentence("StripeNet", "ImageNet")
    assert paper.in_one_sentence("StripeNet", "Image_Classification")
    assert not paper.in_one_sentence("Image_Classification", "ImageNet")


def _claim(value: str, number: float, metric: str, dataset: str | None, method: str | None) -> NamedClaim:
    claim = ResultClaim(value, number, "%", False, metric, dataset, method, False, (0, 1), (0, 1))
    return NamedClaim(claim, () if dataset is None else (dataset,), (metric,), () if method is None else (method,))


def test_claims_scored_per_field_and_whole_tuple(paper: ResultDocument) -> None:
    claims = (
        _claim("84.3%", 84.3, "top-1 accuracy", "ImageNet dataset", "StripeNet"),  # the whole tuple
        _claim("84.3%", 84.3, "error", None, "StripeNet"),  # the value and the method only
        _claim("12.0%", 12.0, "accuracy", "ImageNet", "StripeNet"),  # a value no tuple has
    )
    relative = ResultClaim("2%", 2.0, "%", True, "accuracy", None, None, False, (0, 1), (0, 1))
    found = PaperResults((*claims, NamedClaim(relative, (), ("accuracy",), ())), (), ())
    report = score_results("train", [paper], [found])
    got = {name: (prf.right, prf.predicted, prf.tp, prf.gold) for name, prf in report.claims.items()}
    assert got == {
        "value": (2, 3, 1, 1),
        "value+dataset": (1, 3, 1, 1),
        "value+metric": (1, 3, 1, 1),
        "value+method": (2, 3, 1, 1),
        "tuple": (1, 3, 1, 1),
    }
    assert report.relative_claims == 1
    assert report.claims["tuple"].precision == pytest.approx(1 / 3) and report.claims["tuple"].recall == 1.0


def test_pairs_linked_by_relations_claims_and_co_occurrence(paper: ResultDocument) -> None:
    relations = (
        RelatedPair("used-for", ("StripeNet",), ("image classification",)),
        RelatedPair("compared-with", ("StripeNet",), ("ImageNet",)),  # not a linking type
    )
    links = (LinkedPair("evaluated_on", ("StripeNet",), ("ImageNet",)),)
    report = score_results("train", [paper], [PaperResults((), relations, links)])
    outcomes = {(p.kind, p.by_relation, p.as_typed, p.by_claim, p.by_co_occurrence) for p in report.pairs}
    assert outcomes == {("task", True, True, False, False), ("dataset", False, False, False, True)}
    assert report.pair_recall(None, "by_relation") == (1, 2)
    assert report.pair_recall("dataset", "in_one_sentence") == (1, 1)
    backward = (RelatedPair("evaluated-on", ("ImageNet",), ("StripeNet",)),)
    report = score_results("train", [paper], [PaperResults((), backward, ())])
    dataset = next(p for p in report.pairs if p.kind == "dataset")
    assert dataset.by_relation and not dataset.as_typed  # either direction links; as typed, the method is the head
    table = report.table()
    assert "method-dataset" in table and "1/1 1.000" in table


def test_reader_names_a_missing_document(tmp_path: Path) -> None:
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps(record()) + "\n", encoding="utf-8")
    assert [d.document.doc_id for d in read_result_documents(data, ["paper-1"])] == ["paper-1"]
    with pytest.raises(InputError, match="1 of the 2 documents asked for are not in it"):
        read_result_documents(data, ["paper-1", "paper-2"])
    data.write_text(json.dumps({**record(), "n_ary_relations": {}}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"docs.jsonl:1: not a SciREX record: .n_ary_relations. is not a list"):
        read_result_documents(data, ["paper-1"])


def test_kg_eval_scirex_results_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps(record()) + "\n", encoding="utf-8")
    (tmp_path / "training").mkdir()
    split = {"train": ["paper-1"], "heldout": ["paper-1"]}
    (tmp_path / "training" / "scirex-split.json").write_text(json.dumps(split), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # kg eval scirex reads training/scirex-split.json where it runs
    assert main(["eval", "scirex", "--results", "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 1
    assert result["claims"]["value+metric"]["tp"] == 1  # "84.3 % top-1 accuracy on ImageNet"
    assert result["claims"]["value+dataset"]["tp"] == 1
    assert result["pairs"]["all"]["by_co_occurrence"]["total"] == 2
    assert main(["eval", "scirex", "--results", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "SciREX heldout: 1 papers" in out and "method-dataset" in out
    assert main(["eval", "scirex", "--results", "--data", str(tmp_path / "none.jsonl")]) == 1
    assert "cannot read SciREX documents" in capsys.readouterr().err
