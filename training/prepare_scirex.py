"""SciREX training documents (the "train" side of ``scirex-split.json``) -> spaCy ``DocBin``.

Each training document gives its title and abstract as one ``Doc``, the text
``kg eval scirex`` reads.  With ``--body`` the rest of the paper is added too,
in pieces of whole sentences of at most ``--chunk`` words, section headings
left out: SciREX marks every mention in the body, about eight times what the
front matter holds.  SciREX's Material is a data set in these papers; it is
kept under SciERC's label ``Material``, so one NER learns both corpora and kg's
rules decide what names a data set.  Metric is not a concept of the graph and
is left unlabelled.  The held-out documents are never read.

    python training/prepare_scirex.py --scirex data/scirex/docs.jsonl --out corpus/scirex-front.spacy
    python training/prepare_scirex.py --scirex data/scirex/docs.jsonl --out corpus/scirex-body.spacy --body
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from kg.evaluate.scirex_data import SCIREX_TYPES, detokenise, layout, parse_document

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from prepare import drop_overlaps  # noqa: E402

SPLIT_FILE = HERE / "scirex-split.json"


def _labelled(nlp: spacy.language.Language, text: str, spans: Sequence[tuple[int, int, str]]) -> Doc:
    """``text`` tokenised by ``nlp``, with the non-overlapping ``spans`` (character offsets) as entities."""
    doc = nlp.make_doc(text)
    token_spans = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            token_spans.append((span.start, span.end, label))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in drop_overlaps(token_spans)]
    return doc


def body_pieces(
    record: dict[str, object], front_end: int, chunk: int
) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """The paper after its front matter as texts of whole sentences, at most ``chunk`` words
    each (a longer sentence stands alone), with their mentions as character spans."""
    words = record["words"]
    sentences = record["sentences"]
    ner = record["ner"]
    assert isinstance(words, list) and isinstance(sentences, list) and isinstance(ner, list)
    starts: dict[int, list[tuple[int, str]]] = {}
    for a, b, label in ner:
        if label in SCIREX_TYPES:
            starts.setdefault(int(a), []).append((int(b), str(label)))
    group: list[tuple[int, int]] = []

    def flush() -> tuple[str, list[tuple[int, int, str]]]:
        tokens = [str(w) for a, b in group for w in words[a:b]]
        index = [i for a, b in group for i in range(a, b)]
        text, offsets = detokenise(tokens)
        where = {token: k for k, token in enumerate(index)}
        spans = [
            (offsets[where[a]][0], offsets[where[b - 1]][1], label)
            for a in index
            for b, label in starts.get(a, [])
            if b - 1 in where
        ]
        return text, spans

    for a, b in sentences:
        a, b = int(a), int(b)
        if a < front_end or b <= a:
            continue
        if words[a] in ("section", "subsection", "bibliography", "document") and b - a > 1 and words[a + 1] == ":":
            continue  # a heading, not text
        if group and sum(e - s for s, e in group) + (b - a) > chunk:
            yield flush()
            group = []
        group.append((a, b))
    if group:
        yield flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scirex", type=Path, required=True, help="SciREX docs.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="the DocBin to write")
    parser.add_argument("--body", action="store_true", help="add the body of each paper, in pieces")
    parser.add_argument("--chunk", type=int, default=200, help="words per body piece at most")
    args = parser.parse_args(argv)
    train = set(json.loads(SPLIT_FILE.read_text(encoding="utf-8"))["train"])
    nlp = spacy.blank("en")
    doc_bin = DocBin(store_user_data=False)
    docs = entities = 0
    with args.scirex.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["doc_id"] not in train:
                continue
            front = parse_document(record, front_only=True)
            pieces = [(front.text, [(m.start, m.end, m.label) for m in front.mentions if m.label in SCIREX_TYPES])]
            if args.body:
                pieces.extend(body_pieces(record, layout(record)[3], args.chunk))
            for text, spans in pieces:
                doc = _labelled(nlp, text, spans)
                doc_bin.add(doc)
                docs += 1
                entities += len(doc.ents)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(args.out)
    print(f"{len(train)} train papers: {docs} docs, {entities} entities -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
