from __future__ import annotations

import pytest

from kg.extract.abbreviations import best_long_form, find_abbreviations


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Physics-informed neural networks (PINNs) solve partial differential equations (PDEs).",
            [("PINNs", "Physics-informed neural networks"), ("PDEs", "partial differential equations")],
        ),
        (
            "We propose the MultiLevel Variational MultiScale (ML-VMS) method.",
            [("ML-VMS", "MultiLevel Variational MultiScale")],
        ),
        (
            "a novel approach, called Temporal Motifs Explainer (TempME), which",
            [("TempME", "Temporal Motifs Explainer")],
        ),
        (
            "the quantum convolutional neural network (QCNN)[5] by a margin",
            [("QCNN", "quantum convolutional neural network")],
        ),
        ("We use GNNs (graph neural networks) throughout.", [("GNNs", "graph neural networks")]),
        ("definitions (PINNs; Raissi et al.) are common", []),
        # Quotes around the whole long form are not part of it; quotes around a word of it stay.
        (
            'a new framework termed "Neural Constitutive Laws" (NCLaw), which',
            [("NCLaw", "Neural Constitutive Laws")],
        ),
        (
            "a new framework termed \u201cNeural Constitutive Laws\u201d (NCLaw)",
            [("NCLaw", "Neural Constitutive Laws")],
        ),
        ('the "graph" neural network (GNN) here', [("GNN", '"graph" neural network')]),
    ],
)
def test_definitions(text: str, pairs: list[tuple[str, str]]) -> None:
    found = find_abbreviations(text)
    assert [(a.short, a.long) for a in found] == pairs
    for a in found:
        assert text[a.short_start : a.short_end] == a.short
        assert text[a.long_start : a.long_end] == a.long


@pytest.mark.parametrize(
    "text",
    [
        "trained by a teacher (i.e., with supervision) only",
        "as shown before (see Section 3) the loss",
        "results (up to 40%) improve",
        "eXtended PINNs (XPINN), curriculum regularization",  # X is not at a word start
    ],
)
def test_asides_are_not_definitions(text: str) -> None:
    assert find_abbreviations(text) == []


def test_first_letter_must_start_a_word() -> None:
    assert best_long_form("GNN", "graph neural network") == 0
    assert best_long_form("XP", "extended pinn") is None
