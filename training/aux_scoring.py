"""Dev scoring on Method, Task and Material only, for models trained with auxiliary labels.

A model trained on ``prepare.py --aux-labels`` also predicts OtherScientificTerm,
Metric and Generic.  kg ignores those, so ``model-best`` should be the step with the
best Method + Task + Material F1.  This callback, run before each update, swaps the
``ner`` component's scorer for one that drops the auxiliary predictions before
scoring against a three-type dev set (``corpus/dev.spacy``): the same rule as
``kg eval scierc --ner-only``, which keeps only the three types.  The component's
config keeps ``spacy.ner_scorer.v1``, so the saved model loads without this file.

    python -m spacy train training/config-aux.cfg --code training/aux_scoring.py ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.training import Example
from spacy.util import registry

MAIN_TYPES = frozenset({"Method", "Task", "Material"})


def main_types_ner_score(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """spaCy's NER scores with predictions outside Method, Task and Material dropped."""
    kept = []
    for eg in examples:
        predicted = eg.predicted.copy()
        predicted.set_ents([e for e in predicted.ents if e.label_ in MAIN_TYPES], default="outside")
        kept.append(Example(predicted, eg.reference))
    return get_ner_prf(kept, **kwargs)


@registry.callbacks("kg.main_types_dev_score.v1")
def make_main_types_dev_score() -> Callable[[Language, dict[str, Any]], None]:
    def before_update(nlp: Language, info: dict[str, Any]) -> None:
        ner = nlp.get_pipe("ner")
        if ner.scorer is not main_types_ner_score:
            ner.scorer = main_types_ner_score

    return before_update
