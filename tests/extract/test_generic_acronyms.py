"""An acronym the text defines by a hyper-generic long form is no concept either."""

from __future__ import annotations

import pytest

from tests.pipelines import shipped


def _names(text: str) -> set[str]:
    return {s.text for s in shipped()(f"A title\n\n{text}").spans["kg"]}


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("Deep neural networks (DNNs) forecast traffic well. Yet DNNs are hard to train.", "DNNs"),
        ("Artificial neural networks (ANNs) fit the data. We prune the ANNs after training.", "ANNs"),
        ("Neural networks (NN) achieve strong results. An NN is hard to read.", "NN"),
    ],
)
def test_the_acronym_of_a_generic_name_is_no_concept(text: str, acronym: str) -> None:
    assert acronym not in _names(text)


def test_the_acronym_of_a_named_method_stays() -> None:
    names = _names(
        "Physics-informed neural networks (PINNs) solve PDEs. We train PINNs with META Learning of "
        "Interface Conditions (METALIC), which picks the conditions."
    )
    assert {"PINNs", "METALIC"} <= names
