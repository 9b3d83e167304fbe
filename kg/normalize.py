"""Normal forms of concept names, so that spelling variants of one name compare equal.

Case, hyphens versus spaces, a leading article and a plural head are variants of
one name; an acronym keeps its case (``MIPS`` is not a plural of ``MIP``), but
its plural ``s`` goes (``PINNs`` -> ``PINN``). The head of a name with a
preposition is the word before it: "mixture of experts" is one mixture, and its
"experts" stay plural.  LaTeX that abstracts leave in a name ("ImageNet 64times64",
"Poincar\\'e") is no part of it (:func:`clean_markup`), nor are accents in its key.

The last section judges by spelling whether the words before a head that only says
"task" or "method" ("regression problem", "Adam optimizer") are a name on their own;
:mod:`kg.link` decides with the lexicon.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# --- LaTeX left in names -----------------------------------------------------------------
# Abstracts reach kg with their LaTeX half undone: "ImageNet 64times64" (the backslash of
# "\\times" lost), "Rayleigh-B\\'enard", "{\\em replica symmetry breaking}", "POINT^{2}",
# "$\\mathcal{O}$".  A name is the same name without that markup.

_ACCENT_MARKS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
# \'e, \'{e}, \"{o}; the letter-named accents only with braces (\c{c}), so that \cdot stays a command.
_ACCENT = re.compile(
    r"""\\(?:(?P<sym>['`^"~=.])(?:\{\s*)?(?P<a>[A-Za-z])(?:\s*\})?|(?P<cmd>[cvuHkr])\{\s*(?P<b>[A-Za-z])\s*\})"""
)
_FONT_COMMANDS = (
    "textbf|textit|textrm|textsf|texttt|textsc|textup|textnormal|emph|mathrm|mathbf|mathcal|mathbb"
    "|mathit|mathsf|mathtt|mathfrak|mathscr|boldsymbol|operatorname"
)
# \textbf{L}azy -> Lazy; the braces' content is kept.  Without its backslash ("mathcal{O}")
# the command word is still no word of a name.
_FONT = re.compile(rf"\\?(?:{_FONT_COMMANDS})\s*\{{(?P<arg>[^{{}}]*)\}}|\\(?:text|bm|mbox)\s*\{{(?P<arg2>[^{{}}]*)\}}")
_SWITCH = re.compile(r"\\(?:em|bf|it|rm|sf|tt|sc|sl|small|large|Large)\b\s*")
_BARE_FONT = re.compile(rf"(?<![A-Za-z])(?:{_FONT_COMMANDS})(?![A-Za-z])\s*")
_SYMBOLS = {
    "times": "\u00d7",
    "cdot": "\u00b7",
    "sim": "\u223c",
    "approx": "\u2248",
    "pm": "\u00b1",
    "infty": "\u221e",
    "ell": "\u2113",
    "leq": "\u2264",
    "geq": "\u2265",
    "le": "\u2264",
    "ge": "\u2265",
    "to": "\u2192",
    "alpha": "\u03b1",
    "beta": "\u03b2",
    "gamma": "\u03b3",
    "delta": "\u03b4",
    "epsilon": "\u03b5",
    "varepsilon": "\u03b5",
    "zeta": "\u03b6",
    "eta": "\u03b7",
    "theta": "\u03b8",
    "kappa": "\u03ba",
    "lambda": "\u03bb",
    "mu": "\u03bc",
    "nu": "\u03bd",
    "xi": "\u03be",
    "pi": "\u03c0",
    "rho": "\u03c1",
    "sigma": "\u03c3",
    "tau": "\u03c4",
    "phi": "\u03c6",
    "varphi": "\u03c6",
    "chi": "\u03c7",
    "psi": "\u03c8",
    "omega": "\u03c9",
    "Gamma": "\u0393",
    "Delta": "\u0394",
    "Theta": "\u0398",
    "Lambda": "\u039b",
    "Sigma": "\u03a3",
    "Phi": "\u03a6",
    "Psi": "\u03a8",
    "Omega": "\u03a9",
}
_SYMBOL = re.compile(r"\\(?P<name>[A-Za-z]+)(?![A-Za-z])")
_ESCAPED = re.compile(r"\\(?P<char>[%&_#$])")
# "64times64", "25times", "10sim100": a symbol whose backslash was lost, glued to a number.
_GLUED = re.compile(r"(?<=\d)(?:(?P<times>times)(?![a-z])|(?P<sim>sim)(?=\d)|(?P<cdot>cdot)(?=\d))")
# "H\'enon--Heiles": LaTeX's en dash between two names.
_EN_DASH = re.compile(r"(?<=\w)--(?=\w)")
# "64x64", "64 x 64" and the same with a multiplication sign: one spelling of a product of numbers.
_PRODUCT = re.compile("(?<=\\d)\\s*[x\u00d7]\\s*(?=\\d)")
_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
# x^{2}, x^2, x^{-1}; H_{2} (braced only: "Poly_INR" and "Li_2" are names with an underscore).
_SCRIPT = re.compile(r"(?:(?P<mark>\^)|_(?=\{))(?:\{(?P<braced>[^{}]*)\}|(?P<one>-?\d+|[A-Za-z](?![A-Za-z0-9])))")
# "(I) Lazy learning", "(ii) ...": a list marker before a name is no part of it.
_ENUMERATOR = re.compile(r"^\((?:[ivxIVX]{1,5}|[a-zA-Z]|\d{1,2})\)\s+")
_MARKUP_HINT = re.compile(
    r"[\\^_${}]|--|\d(?:times|sim|cdot)|\d\s*[x\u00d7]\s*\d|^\(|math|text|emph|boldsymbol|operatorname"
)


def _script(match: re.Match[str]) -> str:
    text = (match["braced"] if match["braced"] is not None else match["one"]).replace(" ", "")
    mark, table = ("^", _SUPERSCRIPTS) if match["mark"] else ("_", _SUBSCRIPTS)
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return mark + text


def _accent(match: re.Match[str]) -> str:
    mark = _ACCENT_MARKS[match["sym"] or match["cmd"]]
    return unicodedata.normalize("NFC", (match["a"] or match["b"]) + mark)


def clean_markup(text: str) -> str:
    r"""A name without the LaTeX left in it: accents made letters, font commands and math
    delimiters dropped, symbols and scripts written as characters, and a product of two
    numbers written one way, with the multiplication sign (for "64times64", "64x64" and
    "64 \times 64" alike).

    Text with no markup comes back as it went in; a name that would be left with nothing
    (``"{}"``) does too.

    >>> clean_markup("ImageNet 64times64") == clean_markup("ImageNet 64x64") == "ImageNet 64\u00d764"
    True
    >>> clean_markup("Rayleigh-B\\'enard convection"), clean_markup("(I) \\textbf{L}azy learning,")
    ('Rayleigh-Bénard convection', 'Lazy learning,')
    >>> clean_markup("POINT^{2}"), clean_markup("$\\mathcal{O}(n)$ attention")
    ('POINT²', 'O(n) attention')
    """
    if not _MARKUP_HINT.search(text):
        return text
    out = _ACCENT.sub(_accent, text)
    for _ in range(3):  # nested commands: \textbf{\emph{x}}
        out = _FONT.sub(lambda m: m["arg"] if m["arg"] is not None else m["arg2"], out)
    out = _SWITCH.sub("", out)
    out = _ESCAPED.sub(lambda m: m["char"], out)
    out = _SYMBOL.sub(lambda m: _SYMBOLS.get(m["name"], m["name"]), out)
    out = out.replace("\\", "")
    out = _BARE_FONT.sub("", out)
    out = _GLUED.sub(lambda m: _SYMBOLS[next(k for k, v in m.groupdict().items() if v)], out)
    out = _SCRIPT.sub(_script, out)
    out = _PRODUCT.sub("\u00d7", out)
    out = _EN_DASH.sub("\u2013", out)
    out = re.sub(r"[{}$]", "", out)
    out = _ENUMERATOR.sub("", out)
    out = " ".join(out.split())
    return out if any(c.isalnum() for c in out) else text


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
        "chaos",
        "class",
        "cosmos",
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


def names_a_means(previous: str, word: str) -> bool:
    """True for "means" after one letter: "k-means" and "c-means" are one algorithm each,
    where "class-means" are several means.

    >>> names_a_means("k", "means"), names_a_means("class", "means")
    (True, False)
    """
    return word.casefold() == "means" and len(previous) == 1 and previous.isalpha()


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


# A star after a word is a footnote mark ("Tensor Programs*"); after one letter it is a name ("A*").
_FOOTNOTE_STAR = re.compile(r"(?<=[A-Za-z]{3})\*+(?=\s|$)")


def fold_accents(text: str) -> str:
    """``text`` without its accents: "Poincaré" -> "Poincare", "Schrödinger" -> "Schrodinger"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@functools.lru_cache(maxsize=1 << 16)
def concept_key(text: str) -> str:
    """The comparison key of a name: folded case, unified separators, singular head.

    Kept for the last 65,536 names: the rules and linking ask for the same names' keys
    many times over (kg_resolve alone some 70 times per abstract).

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

    LaTeX left in a name is no part of it (:func:`clean_markup`), and a product of numbers
    is one name however written: superscripts fold to plain characters and the
    multiplication sign to ``x``.
    Accents fold too ("Poincaré" is "Poincare"), and so does a footnote star ("Tensor Programs*").

    >>> [concept_key(name) for name in ("ImageNet 64times64", "ImageNet 64x64", "L^2 loss", "L2 loss")]
    ['imagenet 64x64', 'imagenet 64x64', 'l2 loss', 'l2 loss']
    >>> [concept_key(name) for name in ("Poincar\\\\'e ball", "Poincare ball", "A* search")]
    ['poincare ball', 'poincare ball', 'a* search']
    """
    text = unicodedata.normalize("NFKC", clean_markup(text)).replace("\u00d7", "x").strip()
    if not text.isascii():
        text = fold_accents(text)
    text = _FOOTNOTE_STAR.sub("", text)
    words = text.split()
    capital_s = False
    pieces = words[-1].split("-") if words else []
    if words and is_acronym(words[-1]) and not (len(pieces) > 1 and names_a_means(pieces[-2], pieces[-1])):
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
    keeps_s = (capital_s and target == len(parts) - 1) or (
        target > 0 and names_a_means(*parts[target - 1 : target + 1])
    )
    if target >= 0 and not keeps_s:
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


# --- Generic heads ---------------------------------------------------------------------
# "regression problem", "pruning technique", "Adam optimizer": a last word that only says
# what kind of thing the rest names.  These helpers judge, from its spelling alone, whether
# the rest is a name; kg.link decides with the lexicon.

TASK_HEADS = r"(?:task|problem)s?"
"""Last words that only say a name is a task ("classification task"), as a regex."""
GENERIC_METHOD_HEADS = (
    r"(?:(?:method|algorithm|approach|technique|scheme|framework|optimizer|procedure)s?|strateg(?:y|ies))"
)
"""Last words that only say a name is a method ("pruning technique"), as a regex.  "model",
"architecture" and "learning" are not among them: "diffusion model", "transfer learning"
are names of their own."""

_ACTIVITY_ENDINGS = ("tion", "sion", "ing", "ysis")
# Words with those endings that name a thing, not a doing ("conjugate direction method",
# "finite difference equation method", "string method").
_NOT_ACTIVITIES = frozenset(
    [
        "function",
        "position",
        "section",
        "question",
        "station",
        "equation",
        "solution",
        "condition",
        "direction",
        "portion",
        "fraction",
        "junction",
        "notion",
        "motion",
        "emotion",
        "mention",
        "relation",
        "population",
        "distribution",
        "caption",
        "vision",
        "dimension",
        "version",
        "tension",
        "precision",
        "decision",
        "session",
        "mission",
        "region",
        "string",
        "setting",
        "thing",
        "ring",
        "spring",
        "wing",
        "king",
        "building",
    ]
)


def last_piece(word: str) -> str:
    """The last part of a hyphenated or slashed word, folded: "tree-sharing" -> "sharing"."""
    return re.split(r"[-/\u2013]", word.casefold())[-1]


def names_an_activity(word: str) -> bool:
    """True for a word that names a doing: "pruning", "distillation", "regression",
    "fine-tuning", "analysis" ("tion", "sion", "ing" and "ysis" endings, less the
    :data:`_NOT_ACTIVITIES` such as "equation" or "string").

    >>> [names_an_activity(w) for w in ("pruning", "tree-sharing", "fusion", "equation", "kernel")]
    [True, True, True, False, False]
    """
    piece = last_piece(word)
    return len(piece) > 4 and piece.endswith(_ACTIVITY_ENDINGS) and piece not in _NOT_ACTIVITIES


# Endings of adjectives made from names or nouns: "Bayesian", "Euclidean", "Statistical".
_ADJECTIVE_ENDINGS = ("ian", "ean", "al", "ic", "ive", "ous", "ed")


def written_as_a_proper_name(base: str, head: str) -> bool:
    """True when ``base`` is spelt like a proper name in front of a lower-case ``head``:
    "Forward-Forward algorithm", "Monte Carlo scheme", "quasi-Newton method", "SGD optimizer".

    The capital must not be the first letter only, which a sentence gives any word
    ("Gradient methods are ..."), and the last word must be a noun: "Bayesian method",
    "GNN-based approach" and "Euler's method" name no "Bayesian", "GNN-based" or "Euler's".
    A head in capitals ("Polymorphic Combinatorial Framework") is part of the name.

    >>> [written_as_a_proper_name(b, "method") for b in ("Monte Carlo", "quasi-Newton", "Gradient", "GNN-based")]
    [True, True, False, False]
    """
    words = base.split()
    if not words or not head[:1].islower():
        return False
    last = words[-1]
    piece = re.split(r"[-/\u2013]", last)[-1]
    if not piece or "'" in last or "\u2019" in last:
        return False
    if not any(c.isupper() or c.isdigit() for c in base[1:]):
        return False
    if not any(c.isupper() or c.isdigit() for c in piece):
        return False
    return piece.isupper() or not piece.casefold().endswith(_ADJECTIVE_ENDINGS)
