"""Tasks that a sentence lists as tasks ("tasks such as X, Y and Z", "the task of X and Y")."""

from __future__ import annotations

import pytest

from kg.extract.components.task_lists import RULE
from kg.extract.extractor import mentions_of, paper_text
from kg.model import Paper
from tests.pipelines import shipped


def listed(abstract: str) -> list[str]:
    """What ``kg_task_lists`` proposed, before the resolver chose."""
    doc = shipped()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    return [c.text for c in doc.spans.get("kg_candidates", []) if c.id_ == RULE]


def concepts(abstract: str) -> set[tuple[str, str]]:
    paper = Paper(id="p1", title="A study", abstract=abstract)
    return {(m.text, m.type) for m in mentions_of(paper, shipped()(paper_text(paper)))}


@pytest.mark.parametrize(
    ("abstract", "items"),
    [
        (
            "We focus on the arithmetic learning tasks of modular subtraction, parity counting, and permutation "
            "composition.",
            ["modular subtraction", "parity counting", "permutation composition"],
        ),
        (
            "Its goal is to learn the task of shadow detection and shadow insertion.",
            ["shadow detection", "shadow insertion"],
        ),
        (
            "It helps in applications such as crop yield estimation and flood mapping.",
            ["crop yield estimation", "flood mapping"],
        ),
        (
            "The model is tested on problems, e.g. cloth folding or rope untangling.",
            ["cloth folding", "rope untangling"],
        ),
        (
            "We study domains like seismic event detection, ocean modeling and glacier segmentation.",
            ["seismic event detection", "ocean modeling", "glacier segmentation"],
        ),
        # Past an item's prepositional phrase, the list goes on.
        (
            "It works in areas such as ranking of search results, spam filtering and churn prediction.",
            ["spam filtering", "churn prediction"],
        ),
        # A name of two words or more keeps its place before a preposition.
        ("We study tasks like motion planning with obstacles.", ["motion planning"]),
        # A word of a hyphenated name is one item with its mates.
        ("We evaluate on tasks such as multi-label tagging.", ["multi-label tagging"]),
    ],
)
def test_the_items_of_a_list_of_tasks_are_proposed(abstract: str, items: list[str]) -> None:
    assert listed(abstract) == items


@pytest.mark.parametrize(
    "abstract",
    [
        # No word that says the items are tasks, or "of" after a noun of role "kind".
        "We compare methods such as boosting and bagging.",
        "The applications of deep learning are many.",
        # A generic word, a thing, a cut name, a doing: no task named.
        "We study the problem of the model.",
        "Results hold in areas such as recurrent networks and graph corpora.",
        "It does well on tasks such as classification for small tabular data.",
        "We consider problems such as solving sparse linear systems.",
        # Words of a clause, not names.
        "Problems such as these are hard to solve.",
        # Things, qualities and clauses in a list of areas name no doing.
        "It extends to domains such as hypergraphs and simplicial complexes.",
        "Applications such as bias, extrapolation error and similar efforts suffer.",
        "It does well on tasks such as requiring fewer parameters.",
        "It helps in applications such as exhibiting better generalisation.",
        "We cover areas such as seismology, embedding and quantizing.",
    ],
)
def test_what_is_no_list_of_tasks(abstract: str) -> None:
    assert listed(abstract) == []


def test_the_sentence_types_an_item_over_the_ner() -> None:
    """A name that holds a method ("Gaussian process") but is more than it is a task when listed
    as one; a method name on its own in the list stays a method."""
    found = concepts(
        "We obtain strong results in diverse areas such as Gaussian process regression, Bayesian neural "
        "networks and few-shot image classification."
    )
    assert ("Gaussian process regression", "task") in found
    assert ("Bayesian neural networks", "method") in found
    assert ("few-shot image classification", "task") in found
