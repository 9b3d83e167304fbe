"""What the names of data sets look like, and one key for the ways a name is written.

A data set's name is an identifier, written many ways: "CIFAR10", "CIFAR-10" and "CIFAR 10";
"WMT'14", "WMT14" and "WMT 2014"; "SQuAD v1.1" and "SQuAD 1.1"; "English-to-German" and
"English-German"; and under other names ("MS COCO" for COCO, ``dataset_aliases.tsv``).
:func:`dataset_key` folds them into one key, for linking.  :func:`not_a_dataset` reads the
words that say a capitalised name is something else: hardware ("A100", "TPU v4"), a model
("EfficientNet-B2", "BERT-base", "Llama-2-7B"), a metric, a venue, a field
(``not_dataset.tsv``).

The word lists are the shipped lexicon's (``languages.tsv``, ``yearly_benchmarks.txt``,
``dataset_aliases.tsv``, ``not_dataset.tsv``), whatever lexicon a pipeline's components
read: :mod:`kg.link` merges data sets by :func:`dataset_key`, so a key must not depend on
the pipeline that found the name.  :func:`not_a_dataset` takes another ``not_dataset.tsv``
table, which the data-set recogniser passes from its own lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache

from kg.extract.lexicon import Lexicon
from kg.normalize import concept_key

_LANGUAGE_ROWS = Lexicon.shipped().rows("languages.tsv")
LANGUAGES = frozenset(row[0] for row in _LANGUAGE_ROWS)
"""Languages whose pairs name the tracks of translation benchmarks ("WMT'14 English-German";
``languages.tsv``)."""
_LANGUAGE_CODES = {row[1]: row[0] for row in _LANGUAGE_ROWS if len(row) > 1}
# Benchmarks held once a year, written with a two-digit year ("WMT'14", "WMT14", "VOC07").
_YEARLY = "|".join(Lexicon.shipped().lines("yearly_benchmarks.txt"))
_TWO_DIGIT_YEAR = re.compile(rf"\b({_YEARLY}) ?(\d\d)\b")
_VERSION = re.compile(r"\bv(?=\d)")
_TRAILING_WORDS = re.compile(
    r"(?: (?:data ?sets?|benchmarks?|corpus|corpora|suite|database|(?:test|training|validation|dev) (?:set|split)))+$"
)
_LANGUAGE_PAIR = re.compile(rf"\b({'|'.join(sorted(LANGUAGES))}) to ({'|'.join(sorted(LANGUAGES))})\b")
_CODE_PAIR = re.compile(rf"\b({'|'.join(_LANGUAGE_CODES)}) ({'|'.join(_LANGUAGE_CODES)})\b")
_PIECES = re.compile(r"[\s\-/\u2013]+")
# A model's size after its name: "-B2", "-base", "-large", "-7B", "ViT-B/16".
_MODEL_SIZE = re.compile(
    r"^(?:b\d|\d+(?:\.\d+)?b|base|large|small|tiny|mini|medium|huge|giant|xl|xxl|nano|instruct|chat)$"
)
# Pieces that hold no name: "3D", "2nd", "10K".
_NOT_NAME_PIECE = re.compile(r"^(?:\d+(?:\.\d+)?[dkx\u00d7]?|x\d+|\d+(?:st|nd|rd|th))$")
# Endings of models' names: "STARnet", "TMNet", "3DAttGAN", "SwinFormer", "PINN", "SciBERT".
_MODEL_ENDINGS = ("Net", "GAN", "Former", "former", "BERT", "GPT", "NN", "VAE", "LSTM")
_NAME_WIDE = ("organisation", "field")
"""Kinds of word that say what a name is only when they make all of it."""


@cache
def not_dataset_words() -> dict[str, str]:
    """Word (lower case) to what it says a name is instead of a data set: ``hardware``,
    ``model``, ``metric``, ``venue``, ``organisation``, ``field`` or ``software``."""
    return Lexicon.shipped().table("not_dataset.tsv")


def pieces(name: str) -> list[str]:
    """The lower-case pieces of a name, split at spaces, hyphens and slashes."""
    return [p for p in _PIECES.split(name.lower()) if p]


def not_a_dataset(words: Sequence[str], table: Mapping[str, str] | None = None) -> str | None:
    """What a capitalised name is instead of a data set (``None`` when nothing says so).

    A word of hardware, a model, a metric, a venue or software anywhere in it decides; a field
    ("MRI", "PDEs") or an organisation only when it is the whole name.  The words and what
    they say are ``table`` (the rows of a lexicon's ``not_dataset.tsv``), the shipped
    lexicon's (:func:`not_dataset_words`) by default.

    >>> [not_a_dataset(n.split()) for n in ("NVIDIA A100", "EfficientNet-B2", "GPT-4", "CIFAR-10")]
    ['hardware', 'model', 'model', None]
    >>> [not_a_dataset(n.split()) for n in ("Llama-2-7B", "BERT-base", "PDEs", "3D", "Google")]
    ['model', 'model', 'field', 'name', 'organisation']
    >>> not_a_dataset("Google Speech Commands".split()) is None
    True
    """
    parts = [p for word in words for p in pieces(word)]
    if not parts:
        return "name"
    if table is None:
        table = not_dataset_words()
    for part in [w.lower() for w in words] + parts:
        kind = table.get(part)
        if kind is not None and kind not in _NAME_WIDE:
            return kind
    # A field or an organisation only as the whole name: "MRI", "Google"; not "NAS-Bench-201".
    for kind in _NAME_WIDE:
        if all(table.get(p) == kind or len(p) == 1 or p.isdigit() for p in parts):
            return kind
    if len(parts) > 1 and _MODEL_SIZE.match(parts[-1]):
        return "model"
    if all(_NOT_NAME_PIECE.match(p) for p in parts):
        return "name"
    # A plural acronym names a kind of thing ("PDEs", "GNNs"), never one data set.
    if len(words) == 1 and len(words[0]) > 2 and words[0].endswith("s") and words[0][:-1].isupper():
        return "field"
    return None


def model_shaped(word: str) -> bool:
    """A word ending the way models' names do: "STARnet", "TMNet", "3DAttGAN", "SciBERT".

    >>> [model_shaped(w) for w in ("STARnet", "3DAttGAN", "PINN", "ImageNet", "Penn", "Internet")]
    [True, True, True, True, False, False]
    """
    if len(word) <= 3 or (not any(c.isupper() for c in word[1:]) and not word.endswith("Net")):
        return False
    return word.endswith(_MODEL_ENDINGS) or (word.endswith("net") and any(c.isupper() for c in word[1:]))


def _fold(key: str) -> str:
    """A comparison key folded the data-set way, spaces kept."""
    key = key.removeprefix("the ")
    key = _TRAILING_WORDS.sub("", key) or key
    key = _VERSION.sub("", key)
    key = _TWO_DIGIT_YEAR.sub(lambda m: f"{m[1]} {'19' if int(m[2]) > 50 else '20'}{m[2]}", key)
    key = _LANGUAGE_PAIR.sub(r"\1 \2", key)
    return _CODE_PAIR.sub(lambda m: f"{_LANGUAGE_CODES[m[1]]} {_LANGUAGE_CODES[m[2]]}", key)


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("→", " to ").replace("\u2019", "'")
    return _fold(concept_key(text)).replace(" ", "")


@cache
def aliases() -> dict[str, str]:
    """Key of another name of a data set to the key of its name (``dataset_aliases.tsv``)."""
    return {_key(other): _key(name) for name, other in Lexicon.shipped().rows("dataset_aliases.tsv")}


def fold_dataset_key(key: str) -> str:
    """:func:`dataset_key` for a key :func:`kg.normalize.concept_key` already made (what
    ``kg.link.type_key`` receives): folds it without reading it as a name again, so
    "clrs" (of "CLRS") stays "clrs".

    >>> from kg.normalize import concept_key
    >>> [fold_dataset_key(concept_key(n)) for n in ("CLRS", "MS-COCO", "VOC-07", "the MNIST test set")]
    ['clrs', 'coco', 'pascalvoc2007', 'mnist']
    """
    folded = _fold(key.replace("→", " to ")).replace(" ", "")
    return aliases().get(folded, folded)


def dataset_key(name: str) -> str:
    """The key under which the ways of writing a data set's name are one.

    Case, hyphens and spaces, a leading "the", a trailing "dataset" / "benchmark" /
    "corpus" / "test set", a "v" before a version, a two-digit year of a yearly benchmark
    and the "to" of a language pair make no difference; nor does another name of the same
    data set (``dataset_aliases.tsv``).

    >>> [dataset_key(n) for n in ("CIFAR10", "CIFAR-10", "the CIFAR 10 dataset")]
    ['cifar10', 'cifar10', 'cifar10']
    >>> [dataset_key(n) for n in ("MS-COCO", "MSCOCO", "COCO")]
    ['coco', 'coco', 'coco']
    >>> [dataset_key(n) for n in ("WMT'14 English-German", "WMT 2014 English-to-German", "WMT14 en-de")]
    ['wmt2014englishgerman', 'wmt2014englishgerman', 'wmt2014englishgerman']
    >>> [dataset_key(n) for n in ("SQuAD v1.1", "SQuAD 1.1", "SQuAD1.1", "Penn Treebank", "PTB")]
    ['squad11', 'squad11', 'squad11', 'penntreebank', 'penntreebank']
    """
    key = _key(name)
    return aliases().get(key, key)


_TRAILING_DESIGNATION = re.compile(
    r"(?:\s+(?:data\s?sets?|benchmarks?|corpus|corpora|suites?|(?:test|training|validation|dev)\s+(?:sets?|splits?)))+$",
    re.IGNORECASE,
)


def dataset_surface(text: str) -> str:
    """A data set's name as written, without the words after it that only say it is data.

    >>> [dataset_surface(t) for t in ("MNIST test set", "the PDEBench benchmark", "Penn Treebank")]
    ['MNIST', 'the PDEBench', 'Penn Treebank']
    """
    return _TRAILING_DESIGNATION.sub("", text.strip()) or text
