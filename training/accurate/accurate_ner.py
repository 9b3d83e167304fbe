"""Inference half of kg's "accurate mode" NER: a fine-tuned MiniLM word-piece tagger.

The model is a BERT-style token classifier (all-MiniLM-L6-v2 fine-tuned on SciERC,
see ``finetune.py``) that tags every word-piece with a BIO tag over the labels
Method, Task and Material.  This module turns raw text into model input, runs the
model, and turns the tags back into character spans of the raw text:

* words are the tokenizer's pre-tokenised words (whitespace and punctuation split);
* the tag of a word is the tag of its first word-piece (later pieces are ignored);
* a span starts at ``B-X`` (or at ``I-X`` that does not continue an ``X`` span, the
  usual repair) and grows over following ``I-X`` words; it ends at the end of its
  last word;
* texts longer than the model's 512 positions are read in overlapping windows and
  every word takes its tag from the window in which it sits furthest from an edge.

Only ``torch`` and ``transformers`` are needed.  Typical use::

    from accurate_ner import AccurateNER
    ner = AccurateNER.load("path/to/best")
    ner.predict_spans(["We train a CRF for named entity recognition on CoNLL."])
    # -> [[(11, 14, 'Method'), (19, 43, 'Task'), (47, 52, 'Material')]]
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer, PreTrainedTokenizerBase

LABELS: tuple[str, ...] = ("Method", "Task", "Material")
"""Entity labels the tagger predicts."""
AUX_LABELS: tuple[str, ...] = ("OtherScientificTerm", "Metric", "Generic")
"""Other SciERC labels a model may be trained on as extra classes; never output."""


def bio_tags(labels: Sequence[str]) -> tuple[str, ...]:
    """BIO tag inventory over ``labels``; index = class id of the classifier."""
    return ("O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I")))


TAGS: tuple[str, ...] = bio_tags(LABELS)
"""Default tag inventory (Method, Task, Material)."""
TAG_ID: dict[str, int] = {tag: i for i, tag in enumerate(TAGS)}
IGNORE = -100
"""Label id the loss ignores (special tokens and non-first word-pieces)."""

Span = tuple[int, int, str]
"""A predicted entity: character start, end (exclusive) and label."""


@dataclass(frozen=True)
class Encoded:
    """One text as word-pieces: ids, the word of each piece (``-1`` for none) and word char spans."""

    input_ids: list[int]
    piece_word: list[int]
    word_spans: list[tuple[int, int]]

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

    Internal hyphens, slashes and dots stay inside the word (``multi-view``, ``e.g``),
    which matches SciERC's tokens, so an entity never starts or ends inside a word.
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
    """Word-pieces of ``text`` without special tokens, with word ids and word character spans.

    ``words="coarse"``: words from :func:`split_words`; ``words="pieces"``: the
    tokenizer's own pre-tokenised words (split at every punctuation mark).
    """
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets: list[tuple[int, int]] = [tuple(o) for o in enc["offset_mapping"]]  # type: ignore[misc]
    if words == "coarse":
        word_spans = split_words(text)
        starts = [ws for ws, _ in word_spans]
        piece_word = [max(bisect.bisect_right(starts, ps) - 1, 0) if pe > ps else -1 for ps, pe in offsets]
        # Drop words no piece falls in (e.g. characters the tokenizer discards) and renumber.
        used = sorted({w for w in piece_word if w >= 0})
        order = {w: i for i, w in enumerate(used)}
        return Encoded(
            list(enc["input_ids"]), [order[w] if w >= 0 else -1 for w in piece_word], [word_spans[w] for w in used]
        )
    word_ids = enc.word_ids()
    spans: dict[int, tuple[int, int]] = {}
    for (start, end), word in zip(offsets, word_ids, strict=True):
        if word is None:
            continue
        if word in spans:
            spans[word] = (min(spans[word][0], start), max(spans[word][1], end))
        else:
            spans[word] = (start, end)
    order = {word: i for i, word in enumerate(sorted(spans))}
    return Encoded(
        list(enc["input_ids"]), [order[w] if w is not None else -1 for w in word_ids], [spans[w] for w in sorted(spans)]
    )


def word_tags(encoded: Encoded, entities: Iterable[Span]) -> list[str]:
    """BIO tag of every word for non-overlapping character ``entities`` (words inside a span)."""
    tags = ["O"] * len(encoded.word_spans)
    for start, end, label in sorted(entities):
        inside = [i for i, (ws, we) in enumerate(encoded.word_spans) if ws >= start and we <= end]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags


def drop_nested(entities: Iterable[Span], first: Sequence[str] = LABELS) -> list[Span]:
    """Keep the longest of overlapping spans (ties: the earlier one), in text order.

    Spans labelled with one of ``first`` are placed before all others, so an
    auxiliary span never removes a kept-label span it overlaps.
    """
    kept: list[Span] = []
    for span in sorted(set(entities), key=lambda s: (s[2] not in first, -(s[1] - s[0]), s[0], s[2])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def decode_tags(tags: Sequence[str], word_spans: Sequence[tuple[int, int]]) -> list[Span]:
    """Character spans from per-word BIO tags; ``I-X`` not continuing an ``X`` span starts one."""
    spans: list[Span] = []
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


def decode_runs(
    probs: torch.Tensor,
    tags: Sequence[str],
    word_spans: Sequence[tuple[int, int]],
    min_entity_prob: float | None = None,
) -> list[Span]:
    """Character spans from per-word tag probabilities (``probs``: words x tags).

    A word is inside an entity when its best tag is not ``O`` (or, with
    ``min_entity_prob``, when ``1 - P(O)`` reaches that value); every maximal run
    of such words is one span (SciERC entities are practically never adjacent), and
    its label is the one with the largest ``B-`` + ``I-`` probability summed over the run.
    This removes the fragments and label switches of tag-by-tag BIO decoding.
    """
    if probs.shape[0] == 0:
        return []
    kinds = sorted({tag[2:] for tag in tags if tag != "O"})
    index = {kind: [i for i, tag in enumerate(tags) if tag[2:] == kind] for kind in kinds}
    per_kind = torch.stack([probs[:, index[kind]].sum(-1) for kind in kinds], dim=-1)
    if min_entity_prob is None:
        inside = (probs.argmax(-1) != tags.index("O")).tolist()
    else:
        inside = (1.0 - probs[:, tags.index("O")] >= min_entity_prob).tolist()
    spans: list[Span] = []
    i = 0
    while i < len(inside):
        if not inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(inside) and inside[j + 1]:
            j += 1
        kind = kinds[int(per_kind[i : j + 1].sum(0).argmax())]
        spans.append((word_spans[i][0], word_spans[j][1], kind))
        i = j + 1
    return spans


def windows(n_pieces: int, size: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` piece windows of at most ``size`` covering ``n_pieces``, advancing by ``stride``."""
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
    """A fine-tuned token classifier with its tokenizer; predicts character spans."""

    def __init__(
        self,
        model: torch.nn.Module,
        tokenizer: PreTrainedTokenizerBase,
        max_pieces: int = 510,
        stride: int = 384,
        batch_size: int = 8,
        decode: str | None = None,
    ) -> None:
        self.model = model.eval()
        config = getattr(model, "config", None)
        self.words: str = getattr(config, "kg_words", "pieces")
        """Word unit the model was trained with ("coarse" or "pieces")."""
        self.decode: str = decode or getattr(config, "kg_decode", "bio")
        """"bio" (tag by tag, I- after O repaired) or "runs" (see :func:`decode_runs`)."""
        threshold = getattr(config, "kg_min_entity_prob", None)
        self.min_entity_prob: float | None = float(threshold) if threshold is not None else None
        """Entity-word threshold of "runs" decoding (``None``: arg-max tag)."""
        self.tokenizer = tokenizer
        self.max_pieces = max_pieces
        self.stride = stride
        self.batch_size = batch_size
        id2label = getattr(getattr(model, "config", None), "id2label", None) or dict(enumerate(TAGS))
        self.tags: list[str] = [str(id2label[i]) for i in range(len(id2label))]

    @classmethod
    def load(cls, path: str | Path, int8: bool = False, decode: str | None = None) -> AccurateNER:
        """Load a directory written by ``finetune.py`` (``save_pretrained`` layout).

        ``int8=True`` applies dynamic int8 quantisation to the Linear layers after loading.
        A directory written by :func:`save_int8_package` (``weights_int8.pt``) is
        recognised and loaded with :func:`load_int8_package` (``int8`` then chooses
        whether Linear compute is int8 too).
        """
        if (Path(path) / "weights_int8.pt").exists():
            ner = load_int8_package(path, dynamic=int8)
            if decode:
                ner.decode = decode
            return ner
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        model = AutoModelForTokenClassification.from_pretrained(str(path))
        if int8:
            model = quantize_int8(model)
        return cls(model, tokenizer, decode=decode)

    @torch.inference_mode()
    def tag_pieces(self, sequences: Sequence[list[int]]) -> list[torch.Tensor]:
        """Tag probabilities (pieces x tags) of each piece-id sequence (each at most ``max_pieces`` long)."""
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        pad_id = self.tokenizer.pad_token_id or 0
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        result: list[torch.Tensor] = [torch.empty(0) for _ in sequences]
        for b in range(0, len(order), self.batch_size):
            batch = order[b : b + self.batch_size]
            width = max(len(sequences[i]) for i in batch) + 2
            ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                seq = [cls_id, *sequences[i], sep_id]
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            probs = self.model(input_ids=ids, attention_mask=mask).logits.float().softmax(-1)
            for row, i in enumerate(batch):
                result[i] = probs[row, 1 : 1 + len(sequences[i])]
        return result

    def word_probabilities(self, texts: Sequence[str]) -> list[tuple[Encoded, torch.Tensor]]:
        """Each text's encoding and its per-word tag probabilities (words x tags)."""
        encoded = [encode_text(self.tokenizer, text, self.words) for text in texts]
        jobs: list[tuple[int, int, int]] = []  # (text index, window start, window end)
        for t, enc in enumerate(encoded):
            for start, end in windows(len(enc.input_ids), self.max_pieces, self.stride):
                jobs.append((t, start, end))
        tagged = self.tag_pieces([encoded[t].input_ids[s:e] for t, s, e in jobs])
        # Per piece: the probabilities from the window where the piece is furthest from an edge.
        n_tags = len(self.tags)
        piece_probs = [torch.zeros(len(enc.input_ids), n_tags) for enc in encoded]
        margin: list[list[int]] = [[-1] * len(enc.input_ids) for enc in encoded]
        for (t, s, e), probs in zip(jobs, tagged, strict=True):
            if s == 0 and e == len(encoded[t].input_ids):  # the text fits in one window
                piece_probs[t] = probs
                continue
            for k in range(e - s):
                m = min(k, e - s - 1 - k)
                if m > margin[t][s + k]:
                    margin[t][s + k] = m
                    piece_probs[t][s + k] = probs[k]
        return [(enc, probs[enc.first_pieces()]) for enc, probs in zip(encoded, piece_probs, strict=True)]

    def spans_from_probabilities(self, encoded: Encoded, word_probs: torch.Tensor) -> list[Span]:
        """Decoded spans of one text (labels other than Method, Task, Material dropped)."""
        if self.decode == "runs":
            spans = decode_runs(word_probs, self.tags, encoded.word_spans, self.min_entity_prob)
        else:
            spans = decode_tags([self.tags[i] for i in word_probs.argmax(-1).tolist()], encoded.word_spans)
        return [span for span in spans if span[2] in LABELS]

    def predict_spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """Entity spans ``(start, end, label)`` (character offsets, end exclusive) of every text."""
        return [self.spans_from_probabilities(enc, probs) for enc, probs in self.word_probabilities(texts)]


def quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 quantisation of every ``torch.nn.Linear`` (weights int8, activations on the fly)."""
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def pack_int8(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A compact state dict: every 2-D float weight as int8 with a per-row fp16 scale, the rest fp16.

    Weight-only symmetric quantisation (scale = row max |w| / 127).  It covers the
    word-embedding table too, which dynamic quantisation leaves in fp32 and which is
    half of MiniLM's weights.  :func:`unpack_int8` restores fp32 tensors.
    """
    packed: dict[str, torch.Tensor] = {}
    for name, tensor in model.state_dict().items():
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


def save_int8_package(model: torch.nn.Module, tokenizer: PreTrainedTokenizerBase, out: str | Path) -> Path:
    """Write config, tokenizer and ``weights_int8.pt`` (see :func:`pack_int8`) to ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    torch.save(pack_int8(model), out / "weights_int8.pt")
    return out / "weights_int8.pt"


def load_int8_package(path: str | Path, dynamic: bool = True) -> AccurateNER:
    """Load a :func:`save_int8_package` directory; ``dynamic`` also int8-quantises Linear compute."""
    from transformers import AutoConfig

    path = Path(path)
    config = AutoConfig.from_pretrained(str(path))
    model = AutoModelForTokenClassification.from_config(config)
    model.load_state_dict(unpack_int8(torch.load(path / "weights_int8.pt", weights_only=True)))
    if dynamic:
        model = quantize_int8(model)
    return AccurateNER(model, AutoTokenizer.from_pretrained(str(path)))


def predict_spans(texts: Sequence[str], model_dir: str | Path, int8: bool = False) -> list[list[Span]]:
    """Convenience: load the model in ``model_dir`` and predict spans for ``texts``."""
    return AccurateNER.load(model_dir, int8=int8).predict_spans(texts)
