"""A model's task right before "for" and a task is the method used for it."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.components.resolve import Resolver
from tests.sentence_docs import rule_spans


def typed(chosen: list[Span]) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in Resolver._used_for_tasks(chosen)]


def test_a_task_before_for_and_a_task_is_a_method() -> None:
    chosen = rule_spans(
        "Sparse Kernel Routing for Crop Disease Detection",
        ("Sparse Kernel Routing", "task", "ner"),
        ("Crop Disease Detection", "task", "lexicon"),
    )
    assert typed(chosen) == [("Sparse Kernel Routing", "method"), ("Crop Disease Detection", "task")]


def test_only_a_models_task_right_before_for_and_a_task_changes() -> None:
    # A lexicon task keeps its type; so does a task before "for" and a method, or one not adjacent.
    lexical = rule_spans(
        "image denoising for object detection",
        ("image denoising", "task", "lexicon"),
        ("object detection", "task", "ner"),
    )
    assert typed(lexical) == [("image denoising", "task"), ("object detection", "task")]
    method_after = rule_spans("graph pruning for GNNs", ("graph pruning", "task", "ner"), ("GNNs", "method", "ner"))
    assert typed(method_after) == [("graph pruning", "task"), ("GNNs", "method")]
    apart = rule_spans(
        "graph pruning is used for the detection of anomalies",
        ("graph pruning", "task", "ner"),
        ("detection of anomalies", "task", "pattern:task-phrase"),
    )
    assert typed(apart) == [("graph pruning", "task"), ("detection of anomalies", "task")]
