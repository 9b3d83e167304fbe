"""Several NER heads over one encoder, averaged (an experiment, not shipped).

Usage, from the repository root with kg installed (the heads are ``model-best`` folders
written by ``spacy train training/config-heads.cfg``)::

    python training/heads.py --heads runs/head10/model-best runs/head11/model-best \\
        runs/head12/model-best --base runs/beam1/model-best --split dev

It prints kg's SciERC F1 (NER alone, then the whole pipeline) of the base NER (model 0.3.0,
whose encoder the heads read), of each head, and of all of them averaged.

The encoder (``tok2vec``) costs most of a NER's time; a beam NER head reading
its output costs much less. Heads trained on the frozen encoder
with different seeds could therefore vote at a small cost: each head's beam gives every
candidate entity a probability, and an entity is kept where the heads' mean probability
is at least one half (the more probable of two that overlap), as in
:func:`training.experiments.beam_vote.beam_vote.mean_entities`, which averages whole NERs with their own encoders.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.pipeline import EntityRecognizer  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluate import SCIERC_LABEL  # noqa: E402
from kg.evaluate.metrics import score  # noqa: E402
from kg.evaluate.scierc import SCIERC_TYPES, Document, gold_pairs, read_split  # noqa: E402
from kg.extract.components import RESOLVED  # noqa: E402
from kg.extract.pipeline import load_pipeline  # noqa: E402
from training.experiments.beam_vote.beam_vote import EntityKey, mean_entities  # noqa: E402

Predicted = list[tuple[tuple[int, int, int], str]]


def head_entities(heads: Sequence[EntityRecognizer], doc: Doc) -> list[EntityKey]:
    """Entities whose probability, averaged over ``heads``' beams, is at least one half;
    where two of them overlap, the more probable."""
    return mean_entities([dict(head.scored_ents(head.predict([doc]))[0]) for head in heads], 0.5)


def scores(
    nlp: Language, heads: Sequence[EntityRecognizer], documents: Sequence[Document], encoded: Sequence[Doc]
) -> tuple[float, float]:
    """Micro-F1 of the NER alone and of the whole pipeline with ``heads`` as its NER.

    ``encoded`` holds ``documents`` run up to the encoder, which every head reads.
    """
    gold = list(gold_pairs(documents))
    rules = [name for name in nlp.pipe_names if name.startswith("kg_") and name != "kg_fields"]
    alone: Predicted = []
    full: Predicted = []
    for i, original in enumerate(encoded):
        doc = original.copy()
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in head_entities(heads, doc)]
        alone += [((i, e.start_char, e.end_char), e.label_) for e in doc.ents]
        for name in rules:
            doc = nlp.get_pipe(name)(doc)
        full += [
            ((i, s.start_char, s.end_char), SCIERC_LABEL[s.label_])
            for s in doc.spans[RESOLVED]
            if SCIERC_LABEL[s.label_] in SCIERC_TYPES
        ]
    return score(alone, gold, SCIERC_TYPES).micro.f1, score(full, gold, SCIERC_TYPES).micro.f1


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--heads", nargs="+", required=True, help="model-best folders of config-heads.cfg runs")
    parser.add_argument("--base", required=True, help="the pipeline whose encoder the heads read")
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    args = parser.parse_args(argv)
    documents = read_split(REPO / "data" / "scierc" / f"{args.split}.json")
    nlp = load_pipeline(args.base)
    base = nlp.get_pipe("ner")
    heads = [spacy.load(path).get_pipe("ner") for path in args.heads]
    if not isinstance(base, EntityRecognizer) or not all(isinstance(h, EntityRecognizer) for h in heads):
        raise SystemExit("every model must hold a beam NER named 'ner'")
    with nlp.select_pipes(enable=["sentencizer", "kg_fields", "tok2vec"]):
        encoded = list(nlp.pipe(d.text for d in documents))
    rows = [("base NER", [base])] + [(path, [head]) for path, head in zip(args.heads, heads, strict=True)]
    rows.append(("all averaged", [base, *heads]))
    print(f"SciERC {args.split}: micro-F1 of the NER alone, then with kg's rules")
    for name, members in rows:
        ner_f1, kg_f1 = scores(nlp, members, documents, encoded)
        print(f"{ner_f1:.3f}  {kg_f1:.3f}  {name}")


if __name__ == "__main__":
    main()
