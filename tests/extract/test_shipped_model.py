"""The NER shipped inside the package: what it is, and that it reads the same on any CPU."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import EntityRecognizer
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import threadpool_info

from kg.evaluate.scierc import read_split
from kg.extract.options import ExtractOptions
from kg.extract.parallel import runner
from kg.extract.pipeline import MODEL_DIR, load_pipeline
from kg.extract.runners import ONE_THREAD


def test_the_shipped_ner_is_one_small_beam_ner_trained_on_train_and_dev() -> None:
    nlp = spacy.load(MODEL_DIR)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    assert ner.cfg["beam_width"] == 4  # training/config-beam.cfg
    assert set(ner.labels) == {"Method", "Task", "Material"}
    assert nlp.meta["name"] == "scierc_ner"
    # Since model 0.7.0 the recipe is config-beam.cfg again, chosen over config-vectors.cfg by
    # cross-validation (training/crossval.py): the NER listens to the encoder alone, with no word vectors.
    assert nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"] == "spacy.Tok2VecListener.v1"
    assert nlp.vocab.vectors.shape[0] == 0
    # Since model 0.8.0: SciERC train and dev with the SciREX training papers (training/README.md),
    # for the step count the SciERC folds chose; SciERC test and the SciREX held-out papers stay out.
    assert nlp.config["paths"]["train"] == "corpus/v2/mix-body.spacy"
    assert nlp.meta["version"] == "0.8.0"
    assert nlp.config["training"]["max_steps"] == 4600
    assert sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file()) < 25 * 1024 * 1024


def _shipped_entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    nlp = spacy.load(MODEL_DIR)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_the_shipped_ner_finds_the_same_entities_with_another_matrix_kernel(in_root: Path) -> None:
    """Another CPU runs other matrix-multiplication kernels, which round differently; the
    entities, and so the committed exports, must not change with them (the vote shipped as
    model 0.4.1 changed in 13 of SciERC's 100 test abstracts).  numpy's BLAS stands in for
    the other machine's kernels here."""
    texts = [document.text for document in read_split(in_root / "data" / "scierc" / "test.json")]
    before = get_current_ops()
    assert getattr(before, "use_blis", False), "the default ops should multiply with blis"
    with_blis = _shipped_entities(texts)
    try:
        set_current_ops(NumpyOps(use_blis=False))
        with_numpy = _shipped_entities(texts)
    finally:
        set_current_ops(before)
    assert sum(map(len, with_blis)) > 700  # model 0.8.0 finds 727 on SciERC test (0.7.0: 812)
    assert with_numpy == with_blis


def test_kg_runs_the_ner_on_numpys_blas_and_leaves_thincs_default_alone() -> None:
    """kg's pipeline multiplies with numpy's BLAS (faster than blis on kg's host, same entities
    as the test above shows), and loading it does not change the ops of the caller's own models."""
    nlp = load_pipeline()
    for name in ("tok2vec", "ner"):
        ops = nlp.get_pipe(name).model.ops  # type: ignore[attr-defined]
        assert isinstance(ops, NumpyOps) and not ops.use_blis, name
    assert getattr(get_current_ops(), "use_blis", False)


def test_extraction_in_this_process_uses_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parallelism comes from worker processes; in the process itself a second BLAS thread only competes."""
    for name in ONE_THREAD:
        monkeypatch.delenv(name, raising=False)
    with runner(ExtractOptions(workers=1)):
        threads = {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}
    assert threads == {1}
