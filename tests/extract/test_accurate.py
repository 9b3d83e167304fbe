"""Accurate mode: the shipped fine-tuned tagger as a spaCy component, offline, and its missing-extra error.

Needs the ``accurate`` extra (torch, transformers). Without it these tests are
skipped, unless ``KG_REQUIRE_ACCURATE=1`` (set by CI, which installs it) makes that a failure.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from spacy.language import Language

import kg
from kg.cli import main
from kg.errors import ExtractorError
from kg.extract import accurate, base_encoder
from kg.extract.accurate import ADAPTER, LABELS, MODEL_DIR, AccurateNER
from kg.extract.cache import extractor_fingerprint
from kg.extract.extractor import mentions_of, paper_text
from kg.extract.options import ExtractOptions
from kg.extract.pipeline import MODEL_DIR as SPACY_MODEL_DIR
from kg.extract.pipeline import load_pipeline
from kg.model import Paper
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # accurate mode loads a 110M-parameter transformer

SENTENCE = "We train a conditional random field (CRF) for named entity recognition on the CoNLL-2003 corpus."
ABSTRACT = (
    "We propose a statistical machine translation system that uses a phrase-based model trained on the "
    "Europarl corpus. Experiments on Chinese-English translation show that the model outperforms a "
    "hierarchical phrase-based baseline in BLEU score."
)


def _extra(module: str) -> Any:
    """``module`` of the accurate extra, or a skip where it is not installed and not required."""
    if os.environ.get("KG_REQUIRE_ACCURATE") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("accurate mode tried to open a network connection")


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    """The accurate pipeline, loaded with every network connection refused."""
    _extra("torch")
    _extra("transformers")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield load_pipeline(accurate=True)


@pytest.fixture(scope="module")
def ner(nlp: Language) -> AccurateNER:
    component = nlp.get_pipe("ner")
    assert isinstance(component, accurate.AccurateEntityRecognizer)
    return component.ner


def test_shipped_model_is_small_and_complete() -> None:
    assert {p.name for p in MODEL_DIR.iterdir()} >= {"config.json", "tokenizer.json", ADAPTER}
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) < 25 * 1024 * 1024


def test_the_shipped_adapter_was_trained_on_the_installed_base() -> None:
    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert config["kg_base"] == base_encoder.NAME
    assert config["kg_base_sha256"] == base_encoder.WEIGHTS_SHA256


def test_transformer_replaces_the_spacy_ner_before_the_same_rules(nlp: Language) -> None:
    default = load_pipeline()
    assert nlp.pipe_names == [name for name in default.pipe_names if name != "tok2vec"]
    assert set(nlp.get_pipe("ner").labels) == set(default.get_pipe("ner").labels) == set(LABELS)


def test_finds_typed_spans_in_a_sentence(nlp: Language) -> None:
    doc = nlp(SENTENCE)
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("conditional random field (CRF)", "Method") in found
    assert ("named entity recognition", "Task") in found
    assert ("CoNLL-2003 corpus", "Material") in found


def test_offsets_match_the_text_and_labels_are_known(nlp: Language, ner: AccurateNER) -> None:
    doc = nlp(ABSTRACT)
    assert doc.ents
    for ent in doc.ents:
        assert ABSTRACT[ent.start_char : ent.end_char] == ent.text
        assert ent.label_ in LABELS
    spans = ner.predict_spans([ABSTRACT])[0]
    assert spans
    for start, end, label in spans:
        assert label in LABELS
        assert 0 <= start < end <= len(ABSTRACT)
        # Spans cover whole words: nothing alphanumeric right outside either edge.
        assert start == 0 or not ABSTRACT[start - 1].isalnum()
        assert end == len(ABSTRACT) or not ABSTRACT[end].isalnum()
        assert ABSTRACT[start:end] == ABSTRACT[start:end].strip()


def test_same_output_twice(nlp: Language) -> None:
    first = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe([SENTENCE, ABSTRACT])]
    second = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe([SENTENCE, ABSTRACT])]
    assert first == second
    assert all(first)


def test_long_text_is_read_in_windows(ner: AccurateNER) -> None:
    text = " ".join([SENTENCE] * 50)
    assert len(accurate.encode_text(ner.tokenizer, text).input_ids) > 2 * ner.max_pieces
    spans = ner.predict_spans([text])[0]
    copies = [(i * (len(SENTENCE) + 1), (i + 1) * (len(SENTENCE) + 1)) for i in range(50)]
    # Every copy, in the first window or a later one, is tagged; context may change a label.
    for start, end in copies:
        found = [text[s:e] for s, e, _ in spans if start <= s < end]
        assert len(found) >= 2
        assert "named entity recognition" in found


def test_rules_read_the_transformer_entities(nlp: Language) -> None:
    paper = Paper(id="p", title="Phrase-based translation", abstract=ABSTRACT)
    found = mentions_of(paper, nlp(paper_text(paper)))
    assert found
    for m in found:
        text = paper.title if m.field == "title" else paper.abstract
        assert text[m.start : m.end] == m.text
    assert any(m.rule == "ner" for m in found)


def test_build_api_takes_accurate_mode(nlp: Language) -> None:
    paper = Paper(id="p", title="Phrase-based translation", abstract=ABSTRACT)
    graph = kg.build([paper], extraction=ExtractOptions(accurate=True))
    labels = {attrs.get("label") for _, attrs in graph.nodes(data=True) if attrs.get("type") != "paper"}
    assert labels
    assert graph.number_of_edges() > 0


def test_cache_tells_accurate_from_default_extraction() -> None:
    default = extractor_fingerprint(SPACY_MODEL_DIR)
    assert extractor_fingerprint(SPACY_MODEL_DIR, accurate=True) != default
    assert extractor_fingerprint(SPACY_MODEL_DIR, accurate=True) == extractor_fingerprint(MODEL_DIR, accurate=True)


def test_int8_packing_keeps_weights_within_half_a_step() -> None:
    torch = _extra("torch")
    generator = torch.Generator().manual_seed(0)
    state = {"w": torch.randn(4, 16, generator=generator), "b": torch.randn(16, generator=generator)}
    packed = accurate.pack_int8(state)
    assert packed["w.q8"].dtype == torch.int8
    restored = accurate.unpack_int8(packed)
    step = packed["w.scale"].float()
    assert torch.all((restored["w"] - state["w"]).abs() <= step / 2 + 1e-3)
    assert torch.allclose(restored["b"], state["b"], atol=1e-2)


def test_adapter_adds_low_rank_updates_and_replaces_trained_weights() -> None:
    torch = _extra("torch")
    generator = torch.Generator().manual_seed(0)
    base = {"layer.weight": torch.randn(6, 5, generator=generator), "layer.bias": torch.zeros(6)}
    a, b = torch.randn(2, 5, generator=generator), torch.randn(6, 2, generator=generator)
    bias = torch.randn(6, generator=generator)
    merged = accurate.apply_adapter(base, {"layer.weight.lora_a": a, "layer.weight.lora_b": b, "layer.bias": bias})
    assert torch.allclose(merged["layer.weight"], base["layer.weight"] + b @ a)
    assert torch.equal(merged["layer.bias"], bias)
    assert torch.equal(base["layer.bias"], torch.zeros(6))  # the base state is not changed in place
    with pytest.raises(KeyError, match=r"other\.weight"):
        accurate.apply_adapter(base, {"other.weight.lora_a": a, "other.weight.lora_b": b})


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import torch`` and ``import transformers`` fail, as without ``kg[accurate]``."""
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("torch", "transformers"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


@pytest.mark.usefixtures("without_extra")
def test_missing_extra_names_the_fix() -> None:
    with pytest.raises(ExtractorError, match=r"pip install -e '\.\[accurate\]'"):
        load_pipeline(accurate=True)


@pytest.mark.usefixtures("without_extra", "in_root")
def test_cli_reports_the_missing_extra(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "scierc", "--split", "dev", "--accurate"]) == 1
    err = capsys.readouterr().err
    assert "torch" in err
    assert "pip install -e '.[accurate]'" in err
    assert "pip install -e '.[accurate]'" in (ROOT / "README.md").read_text(encoding="utf-8"), "the README's command"


def test_a_folder_without_a_model_is_named() -> None:
    _extra("torch")
    _extra("transformers")
    with pytest.raises(ExtractorError, match=r"config\.json"):
        AccurateNER.load(MODEL_DIR.parent / "no-such-model")
