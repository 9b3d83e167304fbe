"""The folds of the 5-fold cross-validation that both relation heads are chosen by.

``train.py`` (the feature model) and ``train_accurate.py`` (accurate mode's head) must deal
SciERC train + dev into the same folds, so that their cross-validated figures are comparable;
the one function here is what both call.  The scripts are run by path
(``python training/relations/train.py``), so Python puts this folder first on ``sys.path``
and they import it as ``cv_folds``.
"""

from __future__ import annotations

import random

FOLDS = 5


def folds_of(count: int) -> list[int]:
    """The fold of each document: shuffled by ``random.Random(0)``, dealt round-robin."""
    order = list(range(count))
    random.Random(0).shuffle(order)
    fold = [0] * count
    for position, index in enumerate(order):
        fold[index] = position % FOLDS
    return fold
