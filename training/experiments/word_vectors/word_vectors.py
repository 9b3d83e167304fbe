"""The NER's input with static word vectors beside the shared encoder (``kg.Tok2VecWithVectors``).

The shipped encoder (``tok2vec``, from en_core_web_sm) sees a word only through hashed
spelling features, so it cannot know that two words spelt apart mean alike.  Pre-trained
word vectors carry that, but the encoder's weights were learnt without them, and giving
the encoder a vector input would mean training it again from nothing.  So the vectors join
after it: each token's encoder output is concatenated with a learnt linear projection of
its static vector (zero for a word the table lacks), and the NER reads both.  The table
itself lives in the pipeline's vocabulary (``vocab/vectors``); kg's is written by
``training/make_vectors.py`` with lower-case words as its keys.

Two versions differ only in how a token finds its row:

* ``kg.Tok2VecWithVectors.v1`` asks spaCy's ``StaticVectors``, which looks a token up by
  the table's own key attribute.  spaCy 3.8 saves that attribute only for floret tables,
  so a saved pipeline's table is read by the exact text (``ORTH``): with lower-case keys,
  "parser" has a vector and "Parser", "CNN" have none.
* ``kg.Tok2VecWithVectors.v2`` looks a token up by ``key_attr`` itself (``LOWER`` by
  default), so the lookup survives saving and loading, and "Parser" reads the vector of
  "parser".

Both are registered under spaCy's ``architectures`` registry when this module is imported:
``spacy train --code training/experiments/word_vectors/word_vectors.py`` for training, and
an ``import`` before :func:`spacy.load` for a pipeline that uses one (model 0.6.0).  An
experiment that did not ship, it lives in ``training/experiments/`` (README there); kg's
package no longer registers it through an entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from spacy.attrs import IDS
from spacy.ml.models.tok2vec import tok2vec_listener_v1
from spacy.ml.staticvectors import StaticVectors
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, chain, concatenate, glorot_uniform_init, ragged2list
from thinc.types import Floats1d, Floats2d, Ints1d, Ragged

from kg.errors import ExtractorError

ARCHITECTURE = "kg.Tok2VecWithVectors.v1"
"""The name a pipeline's config gives the first version (the table's own key attribute)."""
ARCHITECTURE_V2 = "kg.Tok2VecWithVectors.v2"
"""The name of the second version (a key attribute of its own, ``LOWER`` by default)."""


def tok2vec_with_vectors(
    width: int, upstream: str, vectors_width: int, dropout: float | None = None
) -> Model[list[Doc], list[Floats2d]]:
    """A listener to the ``upstream`` encoder (``width`` wide) with the projected static
    vectors (``vectors_width`` wide) concatenated: ``width + vectors_width`` per token.

    ``dropout`` drops whole dimensions of the projected vectors in training.
    """
    static = StaticVectors(nO=vectors_width, dropout=dropout)
    static.init = _require_vectors(static.init)
    return _beside_encoder(width, upstream, chain(static, ragged2list()))


def tok2vec_with_vectors_v2(
    width: int, upstream: str, vectors_width: int, dropout: float | None = None, key_attr: str = "LOWER"
) -> Model[list[Doc], list[Floats2d]]:
    """As :func:`tok2vec_with_vectors`, with each token's row found by ``key_attr``."""
    if key_attr.upper() not in IDS:
        raise ExtractorError(f"{ARCHITECTURE_V2}: key_attr {key_attr!r} is not a spaCy token attribute; use LOWER")
    return _beside_encoder(width, upstream, chain(word_vectors(vectors_width, key_attr, dropout), ragged2list()))


def _beside_encoder(
    width: int, upstream: str, vectors: Model[list[Doc], list[Floats2d]]
) -> Model[list[Doc], list[Floats2d]]:
    listener = tok2vec_listener_v1(width=width, upstream=upstream)
    model: Model[list[Doc], list[Floats2d]] = concatenate(listener, vectors)
    model.set_dim("nO", width + vectors.layers[0].get_dim("nO"))
    return model


def word_vectors(nO: int, key_attr: str = "LOWER", dropout: float | None = None) -> Model[list[Doc], Ragged]:
    """Each token's row of the vocabulary's vectors, found by ``key_attr``, times a learnt
    ``nO`` by width matrix; zeros for a token whose key the table lacks."""
    return Model(
        "word_vectors",
        _forward,
        init=_require_vectors(_init),
        params={"W": None},
        attrs={"key_attr": IDS[key_attr.upper()], "dropout_rate": dropout},
        dims={"nO": nO, "nM": None},
    )


def _forward(model: Model[list[Doc], Ragged], docs: list[Doc], is_train: bool) -> tuple[Ragged, Callable[..., Any]]:
    ops = model.ops
    n_out = model.get_dim("nO")
    lengths = ops.asarray1i([len(doc) for doc in docs])
    if not int(lengths.sum()):
        return Ragged(ops.alloc2f(0, n_out), lengths), lambda d_output: []
    table = docs[0].vocab.vectors
    keys = ops.flatten([cast(Ints1d, doc.to_array(model.attrs["key_attr"])) for doc in docs])
    rows = table.find(keys=keys)
    found = ops.asarray(table.data)[rows]
    found[rows < 0] = 0  # a missing key reads zeros, and so learns nothing for the projection
    vectors = cast(Floats2d, ops.as_contig(found))
    W = cast(Floats2d, ops.as_contig(model.get_param("W")))
    output = ops.gemm(vectors, W, trans2=True)
    mask: Floats1d | None = None
    if is_train and model.attrs["dropout_rate"] is not None:
        mask = cast(Floats1d, ops.get_dropout_mask((n_out,), model.attrs["dropout_rate"]))
        output *= mask

    def backprop(d_output: Ragged) -> list[Doc]:
        gradient = cast(Floats2d, d_output.data)
        if mask is not None:
            gradient = gradient * mask
        model.inc_grad("W", ops.gemm(gradient, vectors, trans1=True))
        return []

    return Ragged(output, lengths), backprop


def _init(model: Model[list[Doc], Ragged], X: list[Doc] | None = None, Y: Any = None) -> None:
    if X is not None and len(X):
        model.set_dim("nM", X[0].vocab.vectors.shape[1])
    if not model.has_dim("nM"):
        raise ExtractorError(f"{ARCHITECTURE_V2}: initialise it with sample documents, so it knows the vectors' width")
    model.set_param("W", glorot_uniform_init(model.ops, (model.get_dim("nO"), model.get_dim("nM"))))


def _require_vectors(init: Callable[..., Any]) -> Callable[..., Any]:
    """``init`` preceded by a check that the documents' vocabulary has vectors: without
    them spaCy fails later with an IndexError that says nothing of the cause."""

    def checked(model: Model[Any, Any], X: list[Doc] | None = None, Y: Any = None) -> Any:
        if X is not None and len(X) and X[0].vocab.vectors.shape[0] == 0:
            raise ExtractorError(
                "the NER reads static word vectors, but the pipeline's vocabulary has none: "
                "set [initialize] vectors (--paths.vectors) to a pipeline written by training/make_vectors.py"
            )
        return init(model, X, Y)

    return checked


registry.architectures.register(ARCHITECTURE, func=tok2vec_with_vectors)
registry.architectures.register(ARCHITECTURE_V2, func=tok2vec_with_vectors_v2)
