from __future__ import annotations

import pytest

from kg.normalize import concept_key, is_acronym, singular, singular_acronym


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Physics-Informed Neural Networks", "physics informed neural network"),
        ("graph neural networks", "Graph Neural Network"),
        ("the Transformer", "transformers"),
        ("Gaussian processes", "gaussian process"),
        ("multi-layer perceptrons", "Multi Layer Perceptron"),
        ("partial differential equations", "partial differential equation"),
        ("PINNs", "PINN"),
        ("Mixtures of Experts", "mixture-of-experts"),
        ("state-of-the-art models", "state of the art model"),
        ("numerical solutions of PDEs", "numerical solution of PDEs"),
        # A word of punctuation alone is no head.
        ("neural networks )", "neural network"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert concept_key(a) == concept_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("MIPS", "MIP"), ("dynamics", "dynamic"), ("series", "sery"), ("ImageNet", "Image Net")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert concept_key(a) != concept_key(b)


def test_the_head_of_a_name_with_a_preposition_is_the_word_before_it() -> None:
    # "experts" stays plural: a mixture of one expert is another thing.
    assert concept_key("Mixture of Experts") == "mixture of experts"
    assert concept_key("learning on graphs") == "learning on graphs"
    # "to" does not end a head: these are plural models.
    assert concept_key("sequence to sequence models") == "sequence to sequence model"


def test_singular_rules() -> None:
    assert [singular(w) for w in ["networks", "analyses", "strategies", "losses", "physics", "matrices", "bias"]] == [
        "network",
        "analysis",
        "strategy",
        "loss",
        "physics",
        "matrix",
        "bias",
    ]
    assert singular_acronym("GNNs") == "GNN" and singular_acronym("MIPS") == "MIPS"
    assert is_acronym("ML-VMS") and is_acronym("PINNs") and not is_acronym("Network")
