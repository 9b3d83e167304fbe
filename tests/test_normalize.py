from __future__ import annotations

import pytest

from kg.normalize import (
    clean_markup,
    concept_key,
    is_acronym,
    names_an_activity,
    singular,
    singular_acronym,
    written_as_a_proper_name,
)


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


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        # A product of numbers whose "\times" lost its backslash, or written with an x.
        ("CelebA 128times128", "CelebA 128\u00d7128"),
        ("CelebA 128 x 128", "CelebA 128\u00d7128"),
        ("CelebA $128 \\times 128$", "CelebA 128\u00d7128"),
        # Accents, font commands and their switches, stray braces, math delimiters.
        ('Schr\\"odinger bridge', "Schrödinger bridge"),
        ('K\\"ahler--Einstein metric', "Kähler\u2013Einstein metric"),
        ("{\\em sparse coding}", "sparse coding"),
        ("\\textit{W}avelet scattering", "Wavelet scattering"),
        ("$\\mathcal{H}$-infinity control", "H-infinity control"),
        ("\\alpha-divergence minimisation", "\u03b1-divergence minimisation"),
        ("mathbf x-conditioned sampler", "x-conditioned sampler"),
        # Scripts become characters where Unicode has them.
        ("H^{1} seminorm loss", "H¹ seminorm loss"),
        ("CO_{2} capture model", "CO₂ capture model"),
        ("d^{kq} attention", "d^kq attention"),
        # A list marker before a name.
        ("(ii) spectral pooling", "spectral pooling"),
        # No markup: unchanged, "times" and underscores in words included.
        ("ten times faster solver", "ten times faster solver"),
        ("Poly_INR", "Poly_INR"),
        ("A* search", "A* search"),
        ("mixture of experts", "mixture of experts"),
    ],
)
def test_latex_left_in_a_name_is_cleaned(written: str, clean: str) -> None:
    assert clean_markup(written) == clean


def test_a_name_of_markup_only_is_kept_as_written() -> None:
    assert clean_markup("{}") == "{}"
    assert clean_markup("x\\") == "x"


@pytest.mark.parametrize(
    "forms",
    [
        ("CelebA 128times128", "CelebA 128x128", "CelebA $128 \\times 128$", "CelebA 128\u00d7128"),
        ('Schr\\"odinger bridges', "Schrödinger bridge", "Schrodinger bridge"),
        ("L^{1} penalty", "L1 penalty", "L^1 penalties"),
        ("Tensor Sketches*", "tensor sketch"),
    ],
)
def test_markup_variants_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({concept_key(form) for form in forms}) == 1


def test_a_star_after_one_letter_is_part_of_the_name() -> None:
    assert concept_key("A* search") != concept_key("A search")


@pytest.mark.parametrize(
    ("word", "activity"),
    [
        ("bootstrapping", True),
        ("interpolation", True),
        ("compression", True),
        ("catalysis", True),
        ("weight-sharing", True),
        # Nouns with those endings that name things.
        ("equation", False),
        ("direction", False),
        ("string", False),
        # Neither ending.
        ("kernel", False),
        ("heuristic", False),
    ],
)
def test_words_that_name_a_doing(word: str, activity: bool) -> None:
    assert names_an_activity(word) is activity


@pytest.mark.parametrize(
    ("base", "head", "named"),
    [
        ("Nelder-Mead", "method", True),
        ("Runge Kutta", "scheme", True),
        ("quasi-Newton", "method", True),
        ("RMSProp", "optimizer", True),
        # Only a first capital: the start of a sentence gives every word one.
        ("Gradient", "methods", False),
        # Adjectives and possessives name nothing on their own.
        ("Approximate Bayesian", "approach", False),
        ("CNN-based", "approach", False),
        ("Newton's", "method", False),
        # A capitalised head belongs to the name ("Message Passing Framework").
        ("Message Passing", "Framework", False),
    ],
)
def test_names_spelt_as_proper_names(base: str, head: str, named: bool) -> None:
    assert written_as_a_proper_name(base, head) is named
