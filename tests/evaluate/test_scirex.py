"""SciREX: the reader's text and offsets, the lenient match, the scores, ``kg eval scirex``
and the fixed held-out split.  The records are written here, in SciREX's format."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.evaluate.scirex import (
    Extracted,
    PaperConcept,
    match,
    norm,
    score_documents,
    split_documents,
)
from kg.evaluate.scirex_data import Document, Mention, parse_document, read_documents
from tests.conftest import ROOT
from tests.evaluate.scirex_fixtures import scirex_record, span_of, tokens

TITLE = tokens("Zebra Transform for Image Classification")
ABSTRACT = [
    tokens("We propose the zebra transform for image classification ."),
    tokens("It beats ResNet - 50 on CIFAR - 10 and “ stripes ” ."),
]
BODY = tokens("section : Introduction Zebra transform stripes CIFAR - 10 .")


def record(doc_id: str, layout: str) -> dict[str, Any]:
    """A SciREX record of a title, a two-sentence abstract and a body, in one of its layouts:
    "document" (``document : TITLE`` and abstract in section 0) or "section" (title in section 0,
    the abstract in section 1 after ``section : Abstract``)."""
    if layout == "document":
        head = ["document", ":", *TITLE]
        front = [*head, *ABSTRACT[0], *ABSTRACT[1]]
        sections = [[0, len(front)]]
    else:
        head = TITLE
        front = [*TITLE, "section", ":", "Abstract", *ABSTRACT[0], *ABSTRACT[1]]
        sections = [[0, len(TITLE)], [len(TITLE), len(front)]]
    words = [*front, *BODY]
    sections.append([len(front), len(words)])
    first = len(front) - len(ABSTRACT[0]) - len(ABSTRACT[1])
    sentences = [[0, len(head)], [first, first + len(ABSTRACT[0])], [first + len(ABSTRACT[0]), len(front)]]
    sentences.append([len(front), len(words)])
    zebra = [span_of(words, "Zebra Transform"), span_of(words, "zebra transform"), span_of(words, "Zebra transform")]
    task = [span_of(words, "Image Classification"), span_of(words, "image classification")]
    cifar = [span_of(words, "CIFAR - 10"), span_of(words, "CIFAR - 10", len(front))]
    ner = [[*s, "Method"] for s in zebra] + [[*s, "Task"] for s in task] + [[*s, "Material"] for s in cifar]
    ner += [[*span_of(words, "ResNet - 50"), "Method"], [*span_of(words, "stripes"), "Method"]]
    coref = {"Zebra_Transform": zebra, "Image_Classification": task, "CIFAR-10": cifar, "Top-1": []}
    return scirex_record(doc_id, words, sections, sentences, ner, coref)


TEXT = (
    "Zebra Transform for Image Classification\n\n"
    "We propose the zebra transform for image classification. It beats ResNet-50 on CIFAR-10 and “stripes”."
)


def spans(document: Document) -> list[tuple[str, str]]:
    return [(document.text[m.start : m.end], m.label) for m in document.mentions]


@pytest.mark.parametrize("layout", ["document", "section"])
def test_reader_gives_title_and_abstract_as_written(layout: str) -> None:
    document = parse_document(record("a", layout))
    assert document.text == TEXT  # no "document :" or "section : Abstract"; hyphens and quotes joined
    assert document.text[: document.title_end] == " ".join(TITLE)
    assert spans(document) == [
        ("Zebra Transform", "Method"),
        ("zebra transform", "Method"),
        ("Image Classification", "Task"),
        ("image classification", "Task"),
        ("CIFAR-10", "Material"),
        ("ResNet-50", "Method"),
        ("stripes", "Method"),
    ]  # the body's mentions are left out
    salient = {e.name: e for e in document.salient}
    assert salient["CIFAR-10"].label == "Material"
    assert [document.text[m.start : m.end] for m in salient["CIFAR-10"].mentions] == ["CIFAR-10"]
    assert [document.text[m.start : m.end] for m in salient["Zebra_Transform"].mentions] == [
        "Zebra Transform",
        "zebra transform",
    ]
    assert salient["Top-1"].mentions == ()
    assert [document.text[a:b] for a, b in document.sentences] == [
        " ".join(TITLE),
        "We propose the zebra transform for image classification.",
        "It beats ResNet-50 on CIFAR-10 and “stripes”.",
    ]


def test_reader_reads_the_whole_paper_when_asked() -> None:
    document = parse_document(record("a", "section"), front_only=False)
    assert document.text.endswith("Introduction Zebra transform stripes CIFAR-10.")
    assert ("Zebra transform", "Method") in spans(document)


def test_reader_takes_a_long_first_section_for_an_untitled_abstract() -> None:
    # Some SciREX papers come without their title: section 0 is the abstract, section 1 the introduction.
    sentences = [tokens(f"Sentence {n} names the zebra transform .") for n in range(5)]
    words = [w for s in sentences for w in s]
    front = len(words)
    words += BODY
    bounds, start = [], 0
    for s in sentences:
        bounds.append([start, start + len(s)])
        start += len(s)
    raw: dict[str, object] = {
        "doc_id": "u",
        "words": words,
        "sections": [[0, front], [front, len(words)]],
        "sentences": [*bounds, [front, len(words)]],
        "ner": [[2 + 7 * n + 2, 2 + 7 * n + 4, "Method"] for n in range(5)],
        "coref": {},
    }
    document = parse_document(raw)
    assert document.title_end == 0
    assert document.text == "\n\n" + " ".join(f"Sentence {n} names the zebra transform." for n in range(5))
    assert {document.text[m.start : m.end] for m in document.mentions} == {"zebra transform"}


def test_norm_and_lenient_match() -> None:
    assert norm("CIFAR-10 Datasets") == "cifar 10 dataset"
    assert norm("Cross-entropy loss") == "cross entropy loss"  # -ss is not a plural
    assert norm("DLDL+VGG-Face") == "dldl+vgg face"
    assert match(["Graph Neural Networks"], ["graph neural network"])
    assert match(["graph neural network model"], ["graph neural networks"])  # Jaccard 3/4
    assert not match(["ResNet"], ["ResNet-50"])  # Jaccard 1/2
    assert match(["residual network", "ResNet"], ["ResNet"])  # any name of either side
    assert not match(["--"], ["--"])  # nothing left to compare


def test_scores_on_a_known_case() -> None:
    document = parse_document(record("a", "section"))
    at = {document.text[m.start : m.end]: m for m in document.mentions}
    zebra, cifar = at["zebra transform"], at["CIFAR-10"]
    predicted = (
        Mention(zebra.start, zebra.end, "Method"),  # right
        Mention(cifar.start, cifar.end, "Method"),  # right span, wrong type
        Mention(at["image classification"].start, at["image classification"].end - 1, "Task"),  # a character short
    )
    concepts = (
        PaperConcept("method", ("zebra transforms", "ZT")),
        PaperConcept("method", ("CIFAR-10",)),
        PaperConcept("task", ("object detection",)),
    )
    result = score_documents("heldout", [document], [Extracted(predicted, concepts)])
    method, task, material = (result.mentions.per_type[t] for t in ("Method", "Task", "Material"))
    assert (method.tp, method.predicted, method.gold) == (1, 2, 4)
    assert (task.tp, task.predicted, task.gold) == (0, 1, 2)
    assert (material.tp, material.predicted, material.gold) == (0, 0, 1)
    assert result.mentions.micro.precision == pytest.approx(1 / 3)
    assert result.mentions.micro.recall == pytest.approx(1 / 7)
    # Salient: the zebra transform found as a method, CIFAR-10 only under another type, the task missed;
    # Top-1 has no mention in the text and does not count.
    same, any_type = result.recall(), result.recall(any_type=True)
    assert [(same[t].found, same[t].total) for t in ("Method", "Task", "Material", "all")] == [
        (1, 1),
        (0, 1),
        (0, 1),
        (1, 3),
    ]
    assert (any_type["Material"].found, any_type["all"].found) == (1, 2)
    assert any_type["all"].recall == pytest.approx(2 / 3)
    assert 'CIFAR-10: "CIFAR-10" [a] (found as method)' in result.misses()
    misses = result.as_dict(misses=True)["misses"]
    assert isinstance(misses, list)
    assert [m["name"] for m in misses] == ["Image_Classification", "CIFAR-10"]


def _corpus(folder: Path, heldout: list[str]) -> Path:
    docs = folder / "docs.jsonl"
    lines = [json.dumps(record("a", "document")), json.dumps(record("b", "section"))]
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "training").mkdir()
    split = {"seed": 0, "train": ["b"], "heldout": heldout}
    (folder / "training" / "scirex-split.json").write_text(json.dumps(split), encoding="utf-8")
    return docs


def test_eval_scirex_json(
    tmp_path: Path, ruler_ner: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _corpus(tmp_path, ["a", "b"])
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "scirex", "--data", str(docs), "--model", str(ruler_ner), "--json", "--misses"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"split", "documents", "mentions", "salient", "misses"}
    assert (result["split"], result["documents"]) == ("heldout", 2)
    assert set(result["mentions"]["per_type"]) == {"Method", "Task", "Material"}
    assert result["mentions"]["micro"]["gold"] == 14
    # The stand-in NER knows "zebra transform", lower-cased, in each abstract: a mention and the salient method.
    assert result["mentions"]["per_type"]["Method"]["tp"] >= 2
    assert set(result["salient"]) == {"same_type", "any_type"}
    for kind in result["salient"].values():
        assert set(kind) == {"Method", "Task", "Material", "all"}
        assert kind["all"]["total"] == 6 and 0.0 <= kind["all"]["recall"] <= 1.0
    assert result["salient"]["same_type"]["Method"] == {"found": 2, "total": 2, "recall": 1.0}
    assert {m["name"] for m in result["misses"]} <= {"Image_Classification", "CIFAR-10"}


def test_eval_scirex_table_and_misses(
    tmp_path: Path, ruler_ner: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _corpus(tmp_path, ["a"])
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "scirex", "--split", "train", "--data", str(docs), "--model", str(ruler_ner), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "SciREX train: 1 papers" in out
    assert "same type" in out and "any type" in out and "micro" in out
    assert "missed Method (0):" in out and "missed Task (" in out


def test_split_documents_needs_every_document_of_the_split(tmp_path: Path) -> None:
    docs = _corpus(tmp_path, ["a", "z"])
    with pytest.raises(InputError, match="1 of the 2 heldout documents"):
        split_documents(docs, "heldout", tmp_path / "training" / "scirex-split.json")


def test_eval_scirex_errors_name_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "scirex", "--data", str(tmp_path / "docs.jsonl")]) == 1
    assert "scirex-split.json: cannot read the SciREX split" in capsys.readouterr().err
    _corpus(tmp_path, ["a"])
    (tmp_path / "docs.jsonl").write_text('{"doc_id": "a", "words": []}\n', encoding="utf-8")
    assert main(["eval", "scirex", "--data", str(tmp_path / "docs.jsonl")]) == 1
    assert "docs.jsonl:1: not a SciREX record" in capsys.readouterr().err


def test_the_shipped_split_is_the_one_the_script_draws() -> None:
    spec = importlib.util.spec_from_file_location("scirex_split", ROOT / "training" / "scirex_split.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shipped = json.loads((ROOT / "training" / "scirex-split.json").read_text(encoding="utf-8"))
    drawn = script.draw(script.doc_ids(ROOT / "data" / "scirex" / "docs.jsonl"))
    assert shipped == {"seed": script.SEED, **drawn}
    assert len(shipped["heldout"]) == 50 and not set(shipped["heldout"]) & set(shipped["train"])
    # And every held-out document is in the shipped data.
    assert len(read_documents(ROOT / "data" / "scirex" / "docs.jsonl", shipped["heldout"])) == 50
