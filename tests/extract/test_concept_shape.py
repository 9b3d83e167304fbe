"""What a reader searches for (issue 21, part 1): descriptions are no concepts, equations are
tasks, learning settings are tasks. Sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract import lexicon
from kg.extract.concept_shape import equation_type, is_description
from tests.extract.test_extractor import resolved_spans


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        ("We rely on a numerical method to integrate the flow.", "numerical method"),
        ("The physical system is driven out of equilibrium.", "physical system"),
        ("Our mathematical framework covers both cases.", "mathematical framework"),
        ("During the inference stage the cache is reused.", "inference stage"),
        ("A data-driven technique replaces the hand-tuned one.", "data-driven technique"),
        ("We derive a cost estimate for each query.", "cost estimate"),
    ],
)
def test_a_description_is_not_a_concept(sentence: str, span_text: str) -> None:
    assert span_text not in {s.text for s in resolved_spans(sentence, span_text, "Method")}


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        # A name before the descriptive head: an acronym, a digit, a proper name, a lexicon word.
        ("We train the GAN framework on faces.", "GAN framework"),
        ("The integrator uses a Strang-Marchuk splitting scheme for stiff terms.", "Strang-Marchuk splitting scheme"),
        ("We compare against a transformer architecture of equal size.", "transformer architecture"),
        ("A DINOv2 representation feeds the classifier.", "DINOv2 representation"),
    ],
)
def test_a_named_thing_with_a_descriptive_head_stays(sentence: str, span_text: str) -> None:
    assert span_text in {s.text for s in resolved_spans(sentence, span_text, "Method")}


def test_an_action_is_not_a_description() -> None:
    found = {
        s.text: s.label_
        for s in resolved_spans("Designing architectures by hand is slow.", "Designing architectures", "Task")
    }
    assert found == {"Designing architectures": "task"}


@pytest.mark.parametrize(
    ("sentence", "span_text", "kind"),
    [
        # A class of equations is what a method solves: a task, whatever the model said.
        ("Neural solvers for partial differential equations are fast.", "partial differential equations", "task"),
        ("We learn parametric PDEs from few samples.", "parametric PDEs", "task"),
        ("The Navier-Stokes equations are solved on a grid.", "Navier-Stokes equations", "task"),
        # A learned equation is a model: a method.
        (
            "We fit neural ordinary differential equations to the data.",
            "neural ordinary differential equations",
            "method",
        ),
        ("A latent SDE captures the noise.", "latent SDE", "method"),
    ],
)
def test_an_equation_is_a_task_unless_learned(sentence: str, span_text: str, kind: str) -> None:
    found = {s.text: s.label_ for s in resolved_spans(sentence, span_text, "Method")}
    assert found.get(span_text) == kind


def test_equation_type_keeps_other_names() -> None:
    assert equation_type(["graph", "neural", "network"], "method") == "method"
    assert equation_type(["equation", "discovery"], "task") == "task"


def test_is_description_needs_a_descriptive_head() -> None:
    assert not is_description([("numerical", True)], "solver", {"method"}, set())


@pytest.mark.parametrize(
    "setting",
    ["reinforcement learning", "transfer learning", "continual learning", "hyperparameter optimization"],
)
def test_learning_settings_are_tasks_in_one_list_only(setting: str) -> None:
    assert setting in lexicon.terms()["task"]
    assert setting not in lexicon.terms()["method"]


def test_no_name_is_in_two_type_lists() -> None:
    keys = {kind: lexicon.term_keys(kind) for kind in ("method", "task", "dataset")}
    assert not keys["method"] & keys["task"]
    assert not keys["method"] & keys["dataset"]
    assert not keys["task"] & keys["dataset"]


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        ("We study interpreting neural networks with probes.", "interpreting neural networks"),
        ("Treating weights as graphs helps equivariance.", "Treating weights"),
    ],
)
def test_an_action_the_model_calls_a_method_is_no_concept(sentence: str, span_text: str) -> None:
    assert span_text not in {s.text for s in resolved_spans(sentence, span_text, "Method")}


def test_what_a_based_approach_is_based_on_is_the_concept() -> None:
    sentence = "A hypernetwork-based approach generates the weights."
    assert "hypernetwork-based approach" not in {
        s.text for s in resolved_spans(sentence, "hypernetwork-based approach", "Method")
    }


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [("Inference takes 3 ms on a CPU.", "CPU"), ("We train on one NVIDIA A100 GPU.", "NVIDIA A100 GPU")],
)
def test_hardware_is_no_concept(sentence: str, span_text: str) -> None:
    assert span_text not in {s.text for s in resolved_spans(sentence, span_text, "Method")}


@pytest.mark.parametrize(
    ("sentence", "span_text", "kind"),
    [
        # A kind of a task the lexicon knows is a task, whatever the model said.
        (
            "We advance temporal graph representation learning at scale.",
            "temporal graph representation learning",
            "task",
        ),
        ("Our model improves multivariate time series forecasting.", "multivariate time series forecasting", "task"),
        # Not when the known task is a single word: "regression" ends many a method's name.
        ("We fit a kernel ridge regression to the data.", "kernel ridge regression", "method"),
    ],
)
def test_a_kind_of_a_known_task_is_a_task(sentence: str, span_text: str, kind: str) -> None:
    found = {s.text: s.label_ for s in resolved_spans(sentence, span_text, "Method")}
    assert found.get(span_text) == kind, found


@pytest.mark.parametrize(
    ("sentence", "span_text", "found"),
    [
        # What is named follows a possessive ...
        (
            "We replace the network's activation function with a sine.",
            "network's activation function",
            "activation function",
        ),
        # ... and one word left is a property of the thing, no concept.
        ("We study the GNN's graph under attack.", "GNN's graph", None),
        # A person's name keeps it: the method is named after them.
        ("We integrate with Euler's method.", "Euler's method", "Euler's method"),
    ],
)
def test_a_possessive_ends_the_possessor(sentence: str, span_text: str, found: str | None) -> None:
    texts = {s.text for s in resolved_spans(sentence, span_text, "Method")}
    assert span_text not in texts or span_text == found
    if found is not None:
        assert found in texts
    else:
        assert not any("graph" in t for t in texts)


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        ("They distil an accurate-but-complex model into a small one.", "accurate-but-complex model"),
        ("A simple but strong baseline suffices.", "simple but strong baseline"),
    ],
)
def test_a_contrast_of_qualities_is_no_concept(sentence: str, span_text: str) -> None:
    assert not any("but" in s.text for s in resolved_spans(sentence, span_text, "Method"))


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        # How big, hard, real or near a problem is says not which problem it is.
        ("The solver scales to large-scale problems on one node.", "large-scale problems"),
        ("Sampling is exact even for intractable problems of this kind.", "intractable problems"),
        ("The adapter transfers to future tasks without retraining.", "future tasks"),
        ("We keep the memory small for real-world and industrial tasks.", "real-world and industrial tasks"),
        # How fast or good a doing is says not which doing it is.
        ("Weight decay gives unstable optimization in this regime.", "unstable optimization"),
        ("The cache allows real-time prediction on phones.", "real-time prediction"),
        # Where a method is put to work describes, as "setting" does.
        ("Such networks serve in industrial applications of vision.", "industrial applications"),
    ],
)
def test_a_vague_problem_application_or_doing_is_no_concept(sentence: str, span_text: str) -> None:
    assert span_text not in {s.text for s in resolved_spans(sentence, span_text, "Task")}


@pytest.mark.parametrize(
    ("sentence", "span_text", "kept"),
    [
        # A comparative of size or depth with a generic head says not which network it is ...
        ("A deeper network overfits the small set.", "deeper network", False),
        ("Larger models memorise more of the data.", "Larger models", False),
        # ... and leaves a name alone.
        ("A deeper residual network overfits the small set.", "deeper residual network", True),
    ],
)
def test_a_comparative_with_a_generic_head_is_no_method(sentence: str, span_text: str, kept: bool) -> None:
    texts = {s.text for s in resolved_spans(sentence, span_text, "Method")}
    assert (span_text in texts or "residual network" in texts) is kept


@pytest.mark.parametrize(
    ("sentence", "span_text"),
    [
        # A word that says which problem it is leaves a task.
        ("We regularise inverse problems with a learned prior.", "inverse problems"),
        ("The transformer learns algebraic tasks from few examples.", "algebraic tasks"),
        ("A two-layer network solves the exclusive-or problem.", "exclusive-or problem"),
        ("The encoder is reused for NLP applications in medicine.", "NLP applications"),
        ("Robust optimization hedges against the worst case.", "Robust optimization"),
    ],
)
def test_a_problem_named_by_its_words_stays_a_task(sentence: str, span_text: str) -> None:
    assert span_text in {s.text for s in resolved_spans(sentence, span_text, "Task")}
