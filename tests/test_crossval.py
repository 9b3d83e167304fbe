"""training/crossval.py: the folds it deals, the spaCy logs it reads, and the choice it prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from spacy.tokens import DocBin

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def crossval() -> Iterator[ModuleType]:
    """The script as a module; it imports its neighbour ``prepare`` the way ``python training/...`` does."""
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import crossval

        yield crossval
    finally:
        sys.path.remove(str(ROOT / "training"))


# The head and rows of a real `spacy train` console log (spaCy 3.8, a NER with a tok2vec).
LOG = """\
=========================== Initializing pipeline ===========================
✔ Initialized pipeline
============================= Training pipeline =============================
E    #       LOSS TOK2VEC  LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE
---  ------  ------------  --------  ------  ------  ------  ------
  0       0          0.00      0.11    0.81    0.43    7.03    0.01
  0     200     100923.11  46517.76    8.45   15.61    5.79    0.08
  1     400    1176339.81  48159.63   26.35   28.43   24.55    0.26
✔ Saved pipeline to output directory
"""


def test_folds_hold_every_record_once_and_depend_only_on_the_seed(crossval: ModuleType) -> None:
    records = [f"r{i}" for i in range(23)]
    folds = crossval.split_folds(records, 5, seed=0)
    assert sorted(r for fold in folds for r in fold) == sorted(records)
    assert sorted(len(fold) for fold in folds) == [4, 4, 5, 5, 5]
    assert folds == crossval.split_folds(records, 5, seed=0)
    assert folds != crossval.split_folds(records, 5, seed=1)


def test_written_folds_pool_train_and_dev_and_leave_test_out(crossval: ModuleType, tmp_path: Path) -> None:
    scierc = tmp_path / "scierc"
    scierc.mkdir()
    source = (ROOT / "data" / "scierc" / "dev.json").read_text(encoding="utf-8").splitlines()
    (scierc / "train.json").write_text("\n".join(source[:7]) + "\n", encoding="utf-8")
    (scierc / "dev.json").write_text("\n".join(source[7:10]) + "\n", encoding="utf-8")
    (scierc / "test.json").write_text("\n".join(source[10:12]) + "\n", encoding="utf-8")
    crossval.write_folds(scierc, tmp_path / "cv", k=5, seed=0)
    keys = json.loads((tmp_path / "cv" / "folds.json").read_text(encoding="utf-8"))["folds"]
    pooled = [json.loads(line)["doc_key"] for line in source[:10]]
    assert sorted(k for fold in keys for k in fold) == sorted(pooled)
    for i, fold in enumerate(keys):
        held_out = (tmp_path / "cv" / f"fold{i}" / "dev.json").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["doc_key"] for line in held_out] == fold
    vocab = spacy.blank("en").vocab
    trained = list(DocBin().from_disk(tmp_path / "cv" / "fold0" / "train.spacy").get_docs(vocab))
    assert len(trained) == 10 - len(keys[0])
    assert len(list(DocBin().from_disk(tmp_path / "cv" / "all.spacy").get_docs(vocab))) == 10
    assert any(doc.ents for doc in trained)


def test_a_spacy_log_gives_steps_and_held_out_f1(crossval: ModuleType, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text(LOG, encoding="utf-8")
    steps, scores = crossval.read_log(log)
    assert steps == [0, 200, 400]
    assert scores == pytest.approx([0.0081, 0.0845, 0.2635])


def test_a_log_without_scores_names_the_file(crossval: ModuleType, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text(LOG.split("E    #")[0], encoding="utf-8")
    with pytest.raises(SystemExit, match=r"log\.txt: no evaluation rows"):
        crossval.read_log(log)


def test_the_curve_averages_folds_and_its_best_step_is_the_earliest_top(crossval: ModuleType) -> None:
    curve = crossval.Curve("r", (200, 400, 600), ((0.5, 0.6, 0.6), (0.3, 0.4, 0.4)))
    assert curve.means() == pytest.approx([0.4, 0.5, 0.5])
    assert curve.best() == (400, pytest.approx(0.5))


def test_folds_evaluated_at_other_steps_are_refused(crossval: ModuleType, tmp_path: Path) -> None:
    for i, text in enumerate((LOG, LOG.replace("  1     400", "  1     600"))):
        (tmp_path / "run" / f"fold{i}").mkdir(parents=True)
        (tmp_path / "run" / f"fold{i}" / "log.txt").write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match="other steps"):
        crossval.read_curve(tmp_path / "run")
