"""A model's odd one out in a list of methods or of tasks takes the list's type."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.components.resolve import _conjuncts_agree
from tests.sentence_docs import rule_spans


def typed(chosen: list[Span]) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in _conjuncts_agree(chosen)]


def test_a_models_method_in_a_list_of_tasks_is_a_task() -> None:
    chosen = rule_spans(
        "tasks such as shelf stacking, cable routing, and fabric folding",
        ("shelf stacking", "task", "ner"),
        ("cable routing", "method", "ner"),
        ("fabric folding", "task", "pattern:task-phrase"),
    )
    assert typed(chosen) == [("shelf stacking", "task"), ("cable routing", "task"), ("fabric folding", "task")]


def test_a_models_task_in_a_list_of_methods_is_a_method() -> None:
    chosen = rule_spans(
        "baselines: random forests, gradient boosting or kernel ridge regression",
        ("random forests", "method", "lexicon"),
        ("gradient boosting", "method", "ner"),
        ("kernel ridge regression", "task", "ner"),
    )
    assert typed(chosen)[2] == ("kernel ridge regression", "method")


def test_two_names_mixed_lists_and_trusted_rules_keep_their_types() -> None:
    two = rule_spans(
        "linear probing and nearest neighbour classification",
        ("linear probing", "method", "ner"),
        ("nearest neighbour classification", "task", "ner"),
    )
    assert typed(two) == [("linear probing", "method"), ("nearest neighbour classification", "task")]
    mixed = rule_spans(
        "transformers, image captioning and recurrent networks, or speech recognition",
        ("transformers", "method", "lexicon"),
        ("image captioning", "task", "ner"),
        ("recurrent networks", "method", "ner"),
        ("speech recognition", "task", "ner"),
    )
    assert typed(mixed) == [(s.text, s.label_) for s in mixed]
    lexical = rule_spans(
        "segmentation, detection and Mask R-CNN",
        ("segmentation", "task", "ner"),
        ("detection", "task", "ner"),
        ("Mask R-CNN", "method", "lexicon"),
    )
    assert typed(lexical)[2] == ("Mask R-CNN", "method")


def test_a_list_runs_only_over_commas_and_conjunctions() -> None:
    chosen = rule_spans(
        "object pushing, object sorting with graph networks, and cloth folding",
        ("object pushing", "task", "ner"),
        ("object sorting", "task", "ner"),
        ("graph networks", "method", "ner"),
        ("cloth folding", "task", "ner"),
    )
    # "object sorting with graph networks": "with" breaks the list, so the method keeps its type.
    assert typed(chosen)[2] == ("graph networks", "method")
