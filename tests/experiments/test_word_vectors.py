"""kg.Tok2VecWithVectors: the NER's input with static word vectors beside the encoder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.vectors import Vectors

from kg.errors import ExtractorError
from tests.experiments.tiny_ner import transition_ner_model
from training.experiments.word_vectors.word_vectors import ARCHITECTURE, ARCHITECTURE_V2

WIDTH, VECTORS_WIDTH = 96, 8
KNOWN = {"parser": 0.5, "tagger": -0.25}
"""The words of the toy table (lower case, as training/make_vectors.py writes them) and
the value of every dimension of their vector."""
REPO = Path(__file__).resolve().parents[2]
MODULE = "training.experiments.word_vectors.word_vectors"
BOTH = pytest.mark.parametrize("architecture", [ARCHITECTURE, ARCHITECTURE_V2])


def _ner_config(architecture: str) -> dict[str, object]:
    return {
        "model": transition_ner_model(
            {
                "@architectures": architecture,
                "width": WIDTH,
                "upstream": "tok2vec",
                "vectors_width": VECTORS_WIDTH,
            }
        )
    }


def _pipeline(architecture: str) -> Language:
    nlp = spacy.blank("en")
    keys = [nlp.vocab.strings.add(word) for word in KNOWN]
    data = np.array([[value] * 4 for value in KNOWN.values()], dtype="float32")
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=keys, attr="LOWER")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config=_ner_config(architecture))
    doc = nlp.make_doc("We train a parser on trees .")
    examples = [Example.from_dict(doc, {"entities": [(11, 17, "Method")]})]
    nlp.initialize(lambda: examples)
    return nlp


def _saved_and_loaded(nlp: Language, folder: Path) -> Language:
    nlp.to_disk(folder)
    return spacy.load(folder)


def _vector_part(nlp: Language, text: str) -> np.ndarray:
    """The projected static vectors the NER reads for each token of ``text``."""
    doc = nlp.get_pipe("tok2vec")(nlp.make_doc(text))
    concatenated = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
    (output,) = concatenated.predict([doc])
    assert output.shape == (len(doc), WIDTH + VECTORS_WIDTH)
    assert np.allclose(output[:, :WIDTH], doc.tensor), "the encoder's output comes first, unchanged"
    return np.asarray(output[:, WIDTH:])


@BOTH
def test_the_ner_reads_the_encoder_and_a_projection_of_each_words_vector(architecture: str, tmp_path: Path) -> None:
    nlp = _saved_and_loaded(_pipeline(architecture), tmp_path / "model")
    part = _vector_part(nlp, "parser tagger zebra")
    assert np.abs(part[0]).sum() > 0 and np.abs(part[1]).sum() > 0
    assert np.allclose(part[0] / 0.5, part[1] / -0.25), "one projection for every word"
    assert np.all(part[2] == 0), "a word the table lacks reads zeros"


def test_v2_looks_words_up_by_their_lower_case_form_after_saving(tmp_path: Path) -> None:
    nlp = _saved_and_loaded(_pipeline(ARCHITECTURE_V2), tmp_path / "model")
    part = _vector_part(nlp, "Parser PARSER parser")
    assert np.abs(part[2]).sum() > 0
    assert np.allclose(part[0], part[2]) and np.allclose(part[1], part[2])


def test_v1_looks_words_up_by_their_exact_text_once_saved(tmp_path: Path) -> None:
    """spaCy 3.8 keeps a default table's key attribute in memory but does not save it, so
    v1 (spaCy's own lookup) reads a saved table by the exact text: model 0.6.0 knows no
    vector for "Parser".  If this fails, spaCy now saves the attribute and v1 reads LOWER."""
    fresh = _pipeline(ARCHITECTURE)
    assert np.allclose(*_vector_part(fresh, "Parser parser")), "in memory the table is read by LOWER"
    part = _vector_part(_saved_and_loaded(fresh, tmp_path / "model"), "Parser parser")
    assert np.all(part[0] == 0) and np.abs(part[1]).sum() > 0


@pytest.mark.slow  # two fresh Python processes, each importing spaCy
@BOTH
def test_a_saved_pipeline_loads_in_a_process_that_imports_the_experiment(architecture: str, tmp_path: Path) -> None:
    """Since the experiment left the package no entry point registers the architecture: a
    fresh process reads a saved pipeline once it has imported the module (as ``spacy train
    --code`` does), and cannot before."""
    _pipeline(architecture).to_disk(tmp_path / "model")
    load = f"nlp = spacy.load({str(tmp_path / 'model')!r})\n"
    imported = f"import sys\nsys.path.insert(0, {str(REPO)!r})\nimport {MODULE}\n"
    code = (
        f"import spacy\n{imported}{load}"
        f"assert {MODULE!r} in sys.modules\n"
        "print(nlp.vocab.vectors.shape, len(list(nlp.pipe(['a parser here']))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["(2,", "4)", "1"]
    unregistered = subprocess.run([sys.executable, "-c", "import spacy\n" + load], capture_output=True, text=True)
    assert unregistered.returncode != 0 and architecture in unregistered.stderr


@BOTH
def test_a_pipeline_without_vectors_is_an_error_at_initialisation(architecture: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config=_ner_config(architecture))
    doc = nlp.make_doc("a parser")
    with pytest.raises(ExtractorError, match=r"make_vectors\.py"):
        nlp.initialize(lambda: [Example.from_dict(doc, {"entities": [(2, 8, "Method")]})])


def test_v2_refuses_an_unknown_key_attribute() -> None:
    config = _ner_config(ARCHITECTURE_V2)
    config["model"]["tok2vec"]["key_attr"] = "SPELLING"  # type: ignore[index]
    with pytest.raises(ExtractorError, match="key_attr 'SPELLING'"):
        spacy.blank("en").add_pipe("ner", config=config)
