"""``kg_accurate_relations``: accurate mode's relation classifier, over the encoder's word vectors.

The same task as ``kg_relations`` (:mod:`kg.extract.components.relations`: each pair of concepts
of one sentence, no relation or a relation type in one direction, the same
:class:`~kg.extract.components.relations.Relation` records in ``doc._.kg_relations``, the same
decision rule), read differently: each pair's vector (:mod:`kg.extract.relation_vectors`) joins
the contextual vectors the accurate encoder gives the two concepts and the words between them,
and a small head (:class:`~kg.extract.relation_head.VectorHead`, trained on SciERC by
``training/relations/train_accurate.py``, shipped in :data:`MODEL_DIR`) classifies it.

``load_pipeline(accurate=True, relations=True)`` puts it in the pipeline under the name
``kg_relations``, in place of the log-linear model; the default pipeline keeps that one.

The vectors come from the forward pass accurate mode's NER already made: the NER is told to
keep the head's layer on the doc (``doc._.kg_word_vectors``, :mod:`kg.extract.word_vectors`),
because running the 110 M-parameter encoder a second time would double accurate mode's cost
for a few milliseconds of classification.  A doc the NER did not read (the gold-entity docs of
``kg eval scierc --relations``, a doc made by hand) is encoded here, by the same encoder (the
pipeline's NER's, so it is loaded once), over the whole doc text as the NER reads it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ExtractorError
from kg.extract.accurate import ADAPTER, AccurateEntityRecognizer, AccurateNER
from kg.extract.accurate import MODEL_DIR as ENCODER_DIR
from kg.extract.components.relations import EXTENSION, candidate_pairs, decided_relations
from kg.extract.relation_head import VectorHead
from kg.extract.relation_vectors import pair_vector
from kg.extract.word_vectors import EXTENSION as WORD_VECTORS
from kg.extract.word_vectors import WordVectors

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "relations-accurate"
"""The head trained by ``training/relations/train_accurate.py``, shipped inside the package."""


def encoder_digest(adapter: Path) -> str:
    """SHA-256 of an accurate-mode model's ``adapter.pt`` (what makes its vectors what they are)."""
    return hashlib.sha256(adapter.read_bytes()).hexdigest()


def head_layer(model_dir: Path = MODEL_DIR) -> int:
    """The encoder layer whose vectors the head in ``model_dir`` reads."""
    return int(str(VectorHead.from_disk(model_dir).meta["encoder_layer"]))


@Language.factory("kg_accurate_relations", default_config={"model": None})
def make_accurate_relations(nlp: Language, name: str, model: str | None) -> AccurateRelationExtractor:
    """The component; the encoder is the pipeline's accurate NER when it has one, else the shipped one."""
    head = VectorHead.from_disk(MODEL_DIR if model is None else Path(model))
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if isinstance(ner, AccurateEntityRecognizer):
        return AccurateRelationExtractor(head, ner.ner, ner.model_dir)
    return AccurateRelationExtractor(head, AccurateNER.load(ENCODER_DIR), ENCODER_DIR)


class AccurateRelationExtractor:
    """Classifies each candidate pair of a doc's concepts by the head, as ``kg_relations`` does."""

    def __init__(self, head: VectorHead, encoder: AccurateNER, encoder_dir: Path | None = None) -> None:
        self.head = head
        self.encoder = encoder
        self.layer = int(str(head.meta.get("encoder_layer", 0)))
        if self.layer <= 0:
            raise ExtractorError("accurate relation head: meta.json names no encoder_layer; retrain it")
        trained_on = head.meta.get("encoder_sha256")
        adapter = None if encoder_dir is None else encoder_dir / ADAPTER
        if (
            adapter is not None
            and trained_on is not None
            and adapter.is_file()
            and encoder_digest(adapter) != trained_on
        ):
            raise ExtractorError(
                f"{adapter}: accurate mode's relation head was trained on the vectors of another adapter; "
                "use the shipped accurate model with --relations, or retrain the head with "
                "training/relations/train_accurate.py"
            )

    def word_vectors(self, doc: Doc) -> WordVectors:
        """The doc's word vectors of the head's layer: those the NER kept, or read now."""
        kept = doc._.get(WORD_VECTORS)
        if isinstance(kept, WordVectors) and kept.layer == self.layer:
            return kept
        read = self.encoder.read_words([doc.text], (self.layer,))[0]
        assert read.hidden is not None
        return WordVectors(self.layer, read.encoded.word_spans, read.hidden[0].numpy().astype(np.float32))

    def __call__(self, doc: Doc) -> Doc:
        pairs = list(candidate_pairs(doc))
        if not pairs:
            doc._.set(EXTENSION, ())
            return doc
        words = self.word_vectors(doc)
        rows = np.stack([pair_vector(words, first, second, len(between)) for first, second, _, between in pairs])
        probabilities = self.head.probabilities(rows)
        doc._.set(EXTENSION, decided_relations(pairs, probabilities, self.head.classes, self.head.threshold))
        return doc
