"""The queries of stated relations and results (kg build --relations) answer with known rows:
methods used for a task, a data set's leaderboard, methods compared with a method.

The quick tests read the RDF of graphs made from hand-written records, so their answers
hold whatever the relation classifier says; the slow one builds a corpus of abstracts
written for it with ``kg build --relations`` and asks the shipped queries, as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.export import rdf, tables
from kg.graph import KnowledgeGraph, StreamedGraph
from kg.link import link_into
from kg.link.statements import link_statements
from kg.model import ConceptType, Mention, Paper, PaperStatements, StatedRelation, StatedResult
from kg.sparql import read_query, run
from kg.spool import MentionSpool
from kg.validate import read_rdf, validate
from tests.sparql_fixtures import ENGINES, QUERIES, rows
from tests.stated_corpus import SENTENCES, stated_graph


def ask(export: Path, query_file: str, engine: str, **bind: str) -> list[tuple[str, ...]]:
    query = read_query(str(QUERIES / query_file))
    return rows(run(export, query, engine=engine, bindings=bind))  # type: ignore[arg-type]


# A hand-made graph: one sentence per paper, its names and what it states ------------------

Name = tuple[ConceptType, str]
BOARD: dict[str, tuple[str, list[Name]]] = {
    "b1": ("ResNet achieves 76.1% accuracy on ImageNet.", [("method", "ResNet"), ("dataset", "ImageNet")]),
    "b2": ("VGG achieves 71.5% Accuracy on ImageNet.", [("method", "VGG"), ("dataset", "ImageNet")]),
    "b3": ("VGG has a top-1 error of 28.5% on ImageNet.", [("method", "VGG"), ("dataset", "ImageNet")]),
    "b4": ("ResNet has a top-1 error of 23.9% on ImageNet.", [("method", "ResNet"), ("dataset", "ImageNet")]),
    "b5": ("ResNet cuts the error by 1.2 points on ImageNet.", [("method", "ResNet"), ("dataset", "ImageNet")]),
    "b6": ("VGG has a zeta of 0.9 on ImageNet.", [("method", "VGG"), ("dataset", "ImageNet")]),
    "b7": ("ResNet has a zeta of 1.3 on ImageNet.", [("method", "ResNet"), ("dataset", "ImageNet")]),
    "b8": ("ResNet achieves 90.2% accuracy on CIFAR-10.", [("method", "ResNet"), ("dataset", "CIFAR-10")]),
    "b9": ("ResNet outperforms VGG.", [("method", "ResNet"), ("method", "VGG")]),
    "b10": ("MobileNet is compared with ResNet.", [("method", "MobileNet"), ("method", "ResNet")]),
    "b11": ("We use ResNet for image classification.", [("method", "ResNet"), ("task", "image classification")]),
}
CLAIMS = {  # paper: (value as written, metric, relative)
    "b1": ("76.1%", "accuracy", False),
    "b2": ("71.5%", "Accuracy", False),
    "b3": ("28.5%", "top-1 error", False),
    "b4": ("23.9%", "top-1 error", False),
    "b5": ("1.2 points", "error", True),
    "b6": ("0.9", "zeta", False),
    "b7": ("1.3", "zeta", False),
    "b8": ("90.2%", "accuracy", False),
}
RELATIONS = {"b9": "compared-with", "b10": "compared-with", "b11": "used-for"}


def _at(sentence: str, text: str) -> tuple[int, int]:
    start = sentence.index(text)
    return start, start + len(text)


def _statements(paper: str) -> PaperStatements:
    sentence, names = BOARD[paper]
    if paper in RELATIONS:
        head, tail = (_at(sentence, name) for _, name in names)
        return PaperStatements((StatedRelation(paper, RELATIONS[paper], 0, 1, sentence, head, tail, 0.9),))
    value, metric, relative = CLAIMS[paper]
    number = float(value.split()[0].rstrip("%"))
    unit = "%" if value.endswith("%") else "points" if value.endswith("points") else ""
    claim = StatedResult(
        paper, sentence, value, number, unit, relative, metric, _at(sentence, value), _at(sentence, metric),
        0, 1, names[0][1], names[1][1], False,
    )  # fmt: skip
    return PaperStatements(results=(claim,))


def board_graph() -> KnowledgeGraph:
    """The graph of :data:`BOARD` as a ``--relations`` build makes it."""
    papers = [Paper(pid, f"Paper {pid}", sentence) for pid, (sentence, _) in BOARD.items()]
    found = [
        Mention(pid, kind, name, "abstract", *_at(sentence, name), sentence, "test")
        for pid, (sentence, names) in BOARD.items()
        for kind, name in names
    ]
    concepts, linked = link_into(found, MentionSpool)
    relations, results = link_statements([p.id for p in papers], [_statements(p.id) for p in papers], linked)
    return KnowledgeGraph(StreamedGraph(papers, concepts, linked), linked, relations, results, stated=True)


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("board") / "graph.ttl"
    rdf.write(board_graph(), path)
    return path


@pytest.fixture(scope="module")
def stated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stated") / "graph.ttl"
    rdf.write(stated_graph(), path)
    return path


def test_the_new_queries_say_what_they_ask_and_how_to_run_them() -> None:
    for name in ("methods-used-for-task.rq", "leaderboard-on-dataset.rq", "methods-compared-with.rq"):
        text = (QUERIES / name).read_text(encoding="utf-8")
        assert text.startswith("# ") and "--relations" in text
        assert f"kg sparql exports/graph.ttl queries/{name} --bind " in text


@pytest.mark.parametrize("engine", ENGINES)
def test_methods_used_for_a_task_with_papers_and_the_first_sentence(stated: Path, engine: str) -> None:
    found = ask(stated, "methods-used-for-task.rq", engine, task="Node Classification")
    assert found == [("GraphMix", "2", SENTENCES["s2"])]  # s2's sentence sorts before s1's
    assert ask(stated, "methods-used-for-task.rq", engine, task="task:image-classification") == [
        ("ResNet", "1", SENTENCES["s4"])
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_leaderboard_is_best_first_per_metric_without_relative_values(board: Path, engine: str) -> None:
    assert ask(board, "leaderboard-on-dataset.rq", engine, dataset="imagenet") == [
        ("accuracy", "ResNet", "76.1%", "higher", "Paper b1", BOARD["b1"][0]),
        ("Accuracy", "VGG", "71.5%", "higher", "Paper b2", BOARD["b2"][0]),
        ("top-1 error", "ResNet", "23.9%", "lower", "Paper b4", BOARD["b4"][0]),
        ("top-1 error", "VGG", "28.5%", "lower", "Paper b3", BOARD["b3"][0]),
        ("zeta", "ResNet", "1.3", "unknown", "Paper b7", BOARD["b7"][0]),
        ("zeta", "VGG", "0.9", "unknown", "Paper b6", BOARD["b6"][0]),
    ]
    assert ask(board, "leaderboard-on-dataset.rq", engine, dataset="cifar10") == [
        ("accuracy", "ResNet", "90.2%", "higher", "Paper b8", BOARD["b8"][0])
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_methods_compared_with_a_method_either_way_round(board: Path, engine: str) -> None:
    assert ask(board, "methods-compared-with.rq", engine, method="resnet") == [
        ("MobileNet", "1", BOARD["b10"][0]),  # ResNet is the object here
        ("VGG", "1", BOARD["b9"][0]),  # and the subject here
    ]
    assert ask(board, "methods-compared-with.rq", engine, method="VGG") == [("ResNet", "1", BOARD["b9"][0])]
    assert ask(board, "methods-compared-with.rq", engine, method="ResNet") == ask(
        board, "methods-compared-with.rq", engine, method="method:resnet"
    )


def test_a_graph_without_stated_relations_answers_nothing(tmp_path: Path) -> None:
    kg = stated_graph()
    path = tmp_path / "graph.ttl"
    rdf.write(kg.__class__(kg.view, kg.mentions), path)
    assert ask(path, "methods-used-for-task.rq", "oxigraph", task="node classification") == []
    assert ask(path, "leaderboard-on-dataset.rq", "oxigraph", dataset="Cora") == []


# The shipped pipeline on abstracts written for it ------------------------------------------

CORPUS = [
    ("p1", "Experiments on pictures", "We use ResNet for image classification. ResNet achieves 76.1% accuracy on "
     "ImageNet. ResNet achieves a top-1 error of 23.9% on ImageNet."),
    ("p2", "A second look at pictures", "ResNet is used for image classification. VGG achieves 71.5% accuracy on "
     "ImageNet. ResNet outperforms VGG."),
    ("p3", "Small and fast", "We use MobileNet for image classification. MobileNet achieves a top-1 error of 29.4% "
     "on ImageNet. MobileNet is compared with ResNet."),
    ("p4", "Notes on translating", "We use the Transformer for machine translation. The Transformer achieves 28.4 "
     "BLEU on WMT 2014. The Transformer outperforms LSTM."),
    ("p5", "Training tricks", "Label smoothing reduces the error of ResNet by 1.2 points on ImageNet."),
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stated-build")
    corpus = folder / "papers.jsonl"
    lines = [json.dumps({"id": i, "title": t, "abstract": a, "date": f"2024-01-0{i[1]}"}) for i, t, a in CORPUS]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(folder / "out"), "--relations", "--no-progress"]) == 0
    return folder / "out"


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_the_queries_answer_from_a_relations_build(built: Path, engine: str) -> None:
    export = built / "graph.ttl"
    assert ask(export, "methods-used-for-task.rq", engine, task="Image Classification") == [
        ("ResNet", "2", "ResNet is used for image classification."),
        ("MobileNet", "1", "We use MobileNet for image classification."),
    ]
    assert ask(export, "methods-used-for-task.rq", engine, task="machine translation") == [
        ("Transformer", "1", "We use the Transformer for machine translation.")
    ]
    # "by 1.2 points" (p5) is a relative value, not a score, and is left out.
    assert ask(export, "leaderboard-on-dataset.rq", engine, dataset="ImageNet") == [
        ("accuracy", "ResNet", "76.1%", "higher", "Experiments on pictures",
         "ResNet achieves 76.1% accuracy on ImageNet."),
        ("accuracy", "VGG", "71.5%", "higher", "A second look at pictures", "VGG achieves 71.5% accuracy on ImageNet."),
        ("top-1 error", "ResNet", "23.9%", "lower", "Experiments on pictures",
         "ResNet achieves a top-1 error of 23.9% on ImageNet."),
        ("top-1 error", "MobileNet", "29.4%", "lower", "Small and fast",
         "MobileNet achieves a top-1 error of 29.4% on ImageNet."),
    ]  # fmt: skip
    assert ask(export, "leaderboard-on-dataset.rq", engine, dataset="wmt 2014") == [
        (
            "BLEU",
            "Transformer",
            "28.4",
            "higher",
            "Notes on translating",
            "The Transformer achieves 28.4 BLEU on WMT 2014.",
        )
    ]
    assert ask(export, "methods-compared-with.rq", engine, method="resnet") == [
        ("MobileNet", "1", "MobileNet is compared with ResNet."),
        ("VGG", "1", "ResNet outperforms VGG."),
    ]
    assert ask(export, "methods-compared-with.rq", engine, method="LSTM") == [
        ("Transformer", "1", "The Transformer outperforms LSTM.")
    ]


@pytest.mark.slow
def test_a_relations_build_writes_valid_claims_and_results_csv(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = validate(read_rdf(built / "graph.ttl"))
    assert result.conforms, result.report
    rows = list(tables.read_rows(built / "results.csv"))
    assert [(r["paper_id"], r["method_label"], r["dataset_label"], r["metric"], r["value"]) for r in rows] == [
        ("p1", "ResNet", "ImageNet", "accuracy", "76.1%"),
        ("p1", "ResNet", "ImageNet", "top-1 error", "23.9%"),
        ("p2", "VGG", "ImageNet", "accuracy", "71.5%"),
        ("p3", "MobileNet", "ImageNet", "top-1 error", "29.4%"),
        ("p4", "Transformer", "WMT 2014", "BLEU", "28.4"),
        ("p5", "ResNet", "ImageNet", "error", "1.2 points"),
    ]
    assert [r["relative"] for r in rows] == [False] * 5 + [True]
    for row in rows:
        assert row["sentence"][row["value_start"] : row["value_end"]] == row["value"]
    # The CLI gives the rows the Python calls above give.
    query = str(QUERIES / "methods-compared-with.rq")
    assert main(["sparql", str(built / "graph.ttl"), query, "--bind", "method=LSTM", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "compared,papers,sentence",
        "Transformer,1,The Transformer outperforms LSTM.",
    ]
