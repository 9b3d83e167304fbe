"""Normal forms of concept names, so that spelling variants of one name compare equal.

Case, hyphens versus spaces, a leading article and a plural head are variants of
one name; an acronym keeps its case (``MIPS`` is not a plural of ``MIP``), but
its plural ``s`` goes (``PINNs`` -> ``PINN``). The head of a name with a
preposition is the word before it: "mixture of experts" is one mixture, and its
"experts" stay plural.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Za-z0-9][A-Za-z0-9\-./+]*$")
_ACRONYM_PLURAL = re.compile(r"^(?P<stem>[A-Z0-9][A-Za-z0-9\-]*[A-Z0-9])s$")
# A name whose last part is a capitalised word takes that word's plural: "ResNets", "Ptr-Nets".
_CAMEL_PLURAL = re.compile(r"^(?P<stem>(?=.*[A-Z].*[A-Z])[A-Za-z0-9\-]*[A-Z][a-z]*[a-hj-rtv-z])(?<!ie)s$")
_SEPARATORS = re.compile("[\\s\\-\u2010\u2011\u2012\u2013\u2014_/]+")
_DROP = re.compile("[\"'`\u00b4\u2018\u2019\u201c\u201d()\\[\\]{}.,;:!?]+")
_ARTICLES = frozenset(["the", "a", "an"])

# Prepositions that end a name's head: "mixture of experts", "learning across tasks".
# "to" is left out: "sequence to sequence models" is a plural of models.
HEAD_ENDS = frozenset(
    ["of", "for", "across", "via", "with", "through", "under", "from", "between", "in", "on", "over", "into", "among"]
)

# Words whose final "s" is not a plural, and irregular plurals.
_NOT_PLURAL = frozenset(
    [
        "analysis",
        "basis",
        "bias",
        "class",
        "dynamics",
        "economics",
        "electronics",
        "genetics",
        "gas",
        "graphics",
        "kinematics",
        "linguistics",
        "loss",
        "mathematics",
        "mechanics",
        "news",
        "optics",
        "physics",
        "politics",
        "process",
        "robotics",
        "series",
        "species",
        "statistics",
        "thermodynamics",
        "lens",
        "axis",
        "calculus",
        "consensus",
        "corpus",
        "virus",
        "radius",
        "status",
        "census",
        "focus",
        "nexus",
        "apparatus",
        "hypothesis",
        "thesis",
        "synthesis",
        "diagnosis",
        "emphasis",
        "crisis",
        "ellipsis",
        "less",
        "across",
        "versus",
        "mips",
        "gaussians",
    ]
)
_IRREGULAR = {
    "analyses": "analysis",
    "bases": "basis",
    "hypotheses": "hypothesis",
    "syntheses": "synthesis",
    "diagnoses": "diagnosis",
    "axes": "axis",
    "matrices": "matrix",
    "vertices": "vertex",
    "indices": "index",
    "corpora": "corpus",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "children": "child",
    "radii": "radius",
    "formulae": "formula",
    "lemmata": "lemma",
    "data": "data",
    "biases": "bias",
    "aliases": "alias",
    "lenses": "lens",
    "statuses": "status",
    "viruses": "virus",
    "focuses": "focus",
    "atlases": "atlas",
}


ING_NOUNS = frozenset(
    [
        "learning",
        "computing",
        "processing",
        "sampling",
        "modeling",
        "modelling",
        "multitasking",
        "embedding",
        "encoding",
        "clustering",
        "ranking",
        "matching",
        "reasoning",
        "planning",
        "scaling",
        "mining",
        "pooling",
        "routing",
        "tracking",
        "boosting",
        "forecasting",
        "programming",
        "filtering",
    ]
)
""""-ing" words that name things ("meta learning algorithm"), not actions ("crafting models")."""


def opens_with_action(words: Sequence[str]) -> bool:
    """True for a name that starts with a verb's -ing form: "designing architectures" and
    "pruning pre-trained NN" name actions, whatever their objects.  Nouns in -ing
    (:data:`ING_NOUNS`) and compound adjectives ("privacy-preserving") are not actions.

    >>> opens_with_action(["pruning", "networks"]), opens_with_action(["privacy-preserving", "LLMs"])
    (True, False)
    """
    first = words[0].casefold() if words else ""
    return first.endswith("ing") and first not in ING_NOUNS and "-" not in first


METHOD_WORDS = r"(?:model|method|framework|architecture|algorithm|approach|technique)s?"
"""Words that say a name is a method ("the Poseidon model", "GNN approach"), as a regex."""
_ACRONYM_WITH_HEAD = re.compile(rf"^(?P<acronym>\S+)\s+{METHOD_WORDS}$", re.IGNORECASE)


def acronym_named(text: str) -> str | None:
    """The acronym a name consists of, alone or before a word saying it is a method.

    >>> acronym_named("GNNs"), acronym_named("SNN models"), acronym_named("GNN-based model")
    ('GNNs', 'SNN', None)
    """
    if is_acronym(text):
        return text
    named = _ACRONYM_WITH_HEAD.match(text)
    if named is not None and is_acronym(named["acronym"]) and not named["acronym"].lower().endswith("-based"):
        return named["acronym"]
    return None


def is_acronym(text: str) -> bool:
    """True for a short token with two or more capitals: ``GNN``, ``PINNs``, ``ML-VMS``."""
    return len(text) <= 12 and " " not in text and _ACRONYM.match(text) is not None


def singular_acronym(text: str) -> str:
    """``PINNs`` -> ``PINN``, ``ResNets`` -> ``ResNet``; an acronym without a lower-case plural
    ``s`` is kept, and so is a capitalised last word in -ss, -us, -is or -ies.

    >>> [singular_acronym(w) for w in ("PINNs", "Ptr-Nets", "GraphSAGE", "DeepLoss", "SemEval-Analysis")]
    ['PINN', 'Ptr-Net', 'GraphSAGE', 'DeepLoss', 'SemEval-Analysis']
    >>> [singular_acronym(w) for w in ("DataEntries", "Transformers", "NeurIPS", "ModelBus")]
    ['DataEntries', 'Transformers', 'NeurIPS', 'ModelBus']
    """
    match = _ACRONYM_PLURAL.match(text) or _CAMEL_PLURAL.match(text)
    return match.group("stem") if match else text


def singular(word: str) -> str:
    """The singular of one lower-case English noun, by rule; unknown shapes are kept."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _NOT_PLURAL or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zzes", "sses")):
        return word[:-2]
    if word.endswith("us") or word.endswith("is"):
        return word
    return word[:-1]


def head_position(words: Sequence[str]) -> int:
    """Index of the head among a name's words: the word before its first preposition, else the last.

    >>> head_position(["mixture", "of", "experts"])
    0
    >>> head_position(["graph", "neural", "networks"])
    2
    """
    for i in range(1, len(words)):
        if words[i].casefold() in HEAD_ENDS:
            return i - 1
    return len(words) - 1


def _pieces(word: str) -> list[str]:
    """A word folded and cut at its separators: "Mixtures-of-Experts" -> ["mixtures", "of", "experts"]."""
    return [piece for piece in _SEPARATORS.split(_DROP.sub(" ", word).casefold()) if piece]


def concept_key(text: str) -> str:
    """The comparison key of a name: folded case, unified separators, singular head.

    >>> concept_key("Physics-Informed Neural Networks")
    'physics informed neural network'
    >>> concept_key("the GNNs")
    'gnn'
    >>> concept_key("Mixtures-of-Experts")
    'mixture of experts'

    An acronym's capital S is one of its letters, not a plural: "TIPS" (Topologically
    Important Path Sampling) is not "tip", nor "NeurIPS" "neurip".

    >>> [concept_key(name) for name in ("TIPS", "NeurIPS", "the MAPS model", "MAPS")]
    ['tips', 'neurips', 'maps model', 'maps']
    """
    text = unicodedata.normalize("NFKC", text).strip()
    words = text.split()
    capital_s = False
    if words and is_acronym(words[-1]):
        words[-1] = singular_acronym(words[-1])
        capital_s = words[-1].endswith("S")
    # Each word's pieces once quotes, brackets and separators go; a word of punctuation has none.
    split = [pieces for word in words if (pieces := _pieces(word))]
    head = head_position([" ".join(pieces) for pieces in split])
    parts: list[str] = []
    target = -1
    for i, pieces in enumerate(split):
        if i == head:
            # Within a hyphenated head ("mixture-of-experts") the same rule finds the head word.
            target = len(parts) + head_position(pieces)
        parts.extend(pieces)
    if len(parts) > 1 and parts[0] in _ARTICLES:
        parts = parts[1:]
        target -= 1
    if target >= 0 and not (capital_s and target == len(parts) - 1):
        parts[target] = singular(parts[target])
    return " ".join(parts)


_PARENTHETICAL = re.compile(r"^(?P<main>.*?\S)\s*\((?P<inner>[^()]+)\)$")


_INNER_BRACKETS = re.compile(r"\s*\(([^()]{1,20})\)(?=\s)")


def drop_inner_acronyms(text: str) -> str:
    """``"Growing Cosine Unit (GCU) activation function"`` -> ``"Growing Cosine Unit activation function"``.

    An acronym in brackets inside a name repeats words already there; the name is the same without it.

    >>> drop_inner_acronyms("Parametric Rectified Linear Unit (PReLU) activation")
    'Parametric Rectified Linear Unit activation'
    """
    return _INNER_BRACKETS.sub(lambda m: "" if is_acronym(m.group(1).strip()) else m.group(0), text)


def split_parenthetical(text: str) -> tuple[str, str | None]:
    """``"Graph Neural Networks (GNNs)"`` -> ``("Graph Neural Networks", "GNNs")``.

    Spans that carry their acronym in parentheses name the concept before it.
    """
    match = _PARENTHETICAL.match(text.strip())
    if match is None:
        return text, None
    return match.group("main"), match.group("inner").strip()
