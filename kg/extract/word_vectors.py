"""The NER's input with static word vectors beside the shared encoder (``kg.Tok2VecWithVectors.v1``).

The shipped encoder (``tok2vec``, from en_core_web_sm) sees a word only through hashed
spelling features, so it cannot know that two words spelt apart mean alike.  Pre-trained
word vectors carry that, but the encoder's weights were learnt without them, and giving
the encoder a vector input would mean training it again from nothing.  So the vectors join
after it: each token's encoder output is concatenated with a learnt linear projection of
its static vector (zero for a word the table lacks), and the NER reads both.  The table
itself lives in the pipeline's vocabulary (``vocab/vectors``), keyed as the table says
(``LOWER`` for kg's, see ``training/make_vectors.py``).

The architecture is registered under spaCy's ``architectures`` registry, and through the
``spacy_architectures`` entry point, so a pipeline that uses it loads with
:func:`spacy.load` without importing kg first.
"""

from __future__ import annotations

from spacy.ml.models.tok2vec import tok2vec_listener_v1
from spacy.ml.staticvectors import StaticVectors
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, chain, concatenate, ragged2list
from thinc.types import Floats2d

ARCHITECTURE = "kg.Tok2VecWithVectors.v1"
"""The name a pipeline's config gives the architecture."""


def tok2vec_with_vectors(
    width: int, upstream: str, vectors_width: int, dropout: float | None = None
) -> Model[list[Doc], list[Floats2d]]:
    """A listener to the ``upstream`` encoder (``width`` wide) with the projected static
    vectors (``vectors_width`` wide) concatenated: ``width + vectors_width`` per token.

    ``dropout`` drops whole dimensions of the projected vectors in training.
    """
    listener = tok2vec_listener_v1(width=width, upstream=upstream)
    vectors: Model[list[Doc], list[Floats2d]] = chain(StaticVectors(nO=vectors_width, dropout=dropout), ragged2list())
    model: Model[list[Doc], list[Floats2d]] = concatenate(listener, vectors)
    model.set_dim("nO", width + vectors_width)
    return model


registry.architectures.register(ARCHITECTURE, func=tok2vec_with_vectors)
