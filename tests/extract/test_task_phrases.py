"""Tasks written as a doing and its object: found as tasks, and named by their compound."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract.components.task_phrases import RULE
from kg.extract.extractor import mentions_of, paper_text
from kg.extract.pipeline import load_pipeline
from kg.link import link
from kg.link.task_names import compound_name
from kg.model import Mention, Paper


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def tasks(nlp: Language, abstract: str, title: str = "A study") -> list[str]:
    paper = Paper(id="p1", title=title, abstract=abstract)
    return [m.text for m in mentions_of(paper, nlp(paper_text(paper))) if m.type == "task"]


def phrases(nlp: Language, abstract: str) -> list[str]:
    """What ``kg_task_phrases`` proposed, before the resolver chose."""
    doc = nlp(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    return [c.text for c in doc.spans.get("kg_candidates", []) if c.id_ == RULE]


@pytest.mark.parametrize(
    ("abstract", "task"),
    [
        ("Our sampler speeds up the estimation of parameters in stochastic models.", "estimation of parameters"),
        ("A tool for diagnosing cardiac arrhythmias from wearable sensors.", "diagnosing cardiac arrhythmias"),
        ("The network is trained for solving sparse linear systems quickly.", "solving sparse linear systems"),
        ("Robots now succeed at manipulation of deformable objects.", "manipulation of deformable objects"),
        ("It struggles when modeling long-range interactions in molecules.", "modeling long-range interactions"),
        ("Our work is aimed at learning the solution operators of equations.", "learning the solution operators"),
        # A plural object before "and" is a name of its own.
        ("The filter is good at estimation of parameters and hidden states.", "estimation of parameters"),
    ],
)
def test_a_doing_with_its_object_is_a_task(nlp: Language, abstract: str, task: str) -> None:
    assert task in tasks(nlp, abstract)


@pytest.mark.parametrize(
    "abstract",
    [
        # "learning" and "modeling" are nouns too: what follows may be their compound.
        "The learning rate is decayed by a cosine schedule.",
        "We plot the learning dynamics of small transformers.",
        # After "by" or "using", an -ing form says how, not what.
        "The loss is lowered by predicting masked tokens with a small head.",
        # A method being trained, a generic object, a rating word: no task is named.
        "We report results for learning graph neural networks on citation graphs.",
        "Our heuristic is fast at solving the problem.",
        "This gives a reduction of novel errors.",
        # A quantity is no object; a participle or a word after a plural is a clause's.
        "This gives a reduction of the number of steps.",
        "Control of physical systems described by waves is hard.",
        "Learning curves warrant extrapolation here.",
        "Detection of Fast Moving Celestial Objects is hard.",
        # "end" of "end-to-end" modifies what follows; it is no object.
        "The encoder supports learning the sheaf end-to-end with gradient descent.",
        # A word that shares the head of the next conjunct is no object; nor is a sort of thing.
        "The solver is good at solving statistical or approximate problems in physics.",
        "Pruning is aimed at reducing the computational and memory demands of networks.",
        "The network is capable of learning a spectrum of symbolic relations.",
        "Such schemes require control of a type of volume element.",
    ],
)
def test_what_is_no_task_phrase(nlp: Language, abstract: str) -> None:
    assert phrases(nlp, abstract) == []


def test_a_title_may_open_with_the_doing(nlp: Language) -> None:
    found = tasks(nlp, "We train a network.", title="Iteratively Solving Banded Linear Systems with Learned Directions")
    assert "Solving Banded Linear Systems" in found


@pytest.mark.parametrize(
    ("name", "compound"),
    [
        ("estimation of parameters", "parameter estimation"),
        ("Estimating Parameters", "parameter estimation"),
        ("simulations of the turbulent flows", "turbulent flow simulation"),
        ("diagnosing hematological disorders", "hematological disorder diagnosis"),
        ("learning the solution operators", "solution operator learning"),
        ("interpreting ConvNets", "ConvNet interpretation"),
        ("modeling non-local interactions", "non-local interaction modeling"),
        ("forecasting chaos", "chaos forecasting"),
        # The -ing form names the task; other names are themselves.
        ("solving linear systems", "solving linear systems"),
        ("image classification", "image classification"),
        ("learning", "learning"),
        # A nested object stays as written: no guess at which noun it belongs to.
        ("prediction of the concentration of dark matter", "prediction of the concentration of dark matter"),
    ],
)
def test_a_task_is_named_by_its_compound(name: str, compound: str) -> None:
    assert compound_name(name) == compound


def test_both_ways_of_writing_a_task_are_one_concept() -> None:
    def task(paper: str, text: str) -> Mention:
        return Mention(paper, "task", text, "abstract", 0, len(text), text, "test")

    concepts, _ = link(
        [
            task("p1", "estimation of parameters"),
            task("p2", "parameter estimation"),
            task("p3", "estimating the parameters"),
            task("p4", "Parameter Estimation"),
        ]
    )
    assert len(concepts) == 1
    (concept,) = concepts
    assert concept.label == "parameter estimation"
    assert {"estimation of parameters", "estimating the parameters"} <= set(concept.aliases)
    assert concept.paper_ids == ("p1", "p2", "p3", "p4")


def test_a_hyphenated_lexicon_name_matches_written_closed(nlp: Language) -> None:
    paper = Paper(
        id="p1", title="A study", abstract="Deep message passing suffers from oversmoothing; pretraining helps."
    )
    found = {(m.text, m.type) for m in mentions_of(paper, nlp(paper_text(paper)))}
    assert {("oversmoothing", "task"), ("pretraining", "method")} <= found
