"""Last words that only say what kind of thing a name is, and when they go.

"regression problem" is regression and "Adam optimizer" Adam, while "inverse problem"
and "proposed method" keep their last word: the rest must name the thing on its own
(:func:`task_base`, :func:`method_base`), or the corpus must name it so
(:func:`attested_task`; :class:`SameMethod` for a paper that writes a method both
bare and with such a word).  They are one module because the names, the type votes and
the passes of linking all ask these questions.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from kg.extract import lexicon
from kg.model import Mention
from kg.normalize import (
    GENERIC_METHOD_HEADS,
    HEAD_ENDS,
    ING_NOUNS,
    METHOD_WORDS,
    TASK_HEADS,
    concept_key,
    head_position,
    last_piece,
    names_an_activity,
    singular,
    written_as_a_proper_name,
)

TASK_WORD = re.compile(rf"^(?P<base>.*\S)\s+{TASK_HEADS}$", re.IGNORECASE)
"""A name and a last word "task" or "problem" after it (``base``: the name)."""
# Last words that say a name is a method, after any method's name ("pruning technique").
_GENERIC_METHOD_HEAD = re.compile(rf"^(?P<base>.*\S)\s+(?P<head>{GENERIC_METHOD_HEADS})$", re.IGNORECASE)
# Last words that are part of many names ("diffusion model", "contrastive learning") and go
# only after a name the lexicon knows ("transformer architecture", "gradient descent learning").
_KNOWN_METHOD_HEAD = re.compile(r"^(?P<base>.*\S)\s+(?P<head>(?:model|architecture)s?|learning)$", re.IGNORECASE)
METHOD_WORD = re.compile(rf"\s+(?:{METHOD_WORDS}|{GENERIC_METHOD_HEADS})$", re.IGNORECASE)
"""Words that only say a name is a method: "pruning methods", "the Poseidon model", "GNN architecture"."""

_JOINERS = HEAD_ENDS | {"to", "and", "or"}


def _ends_in_task_word(key: str) -> list[str] | None:
    """The words of a key whose head is its last word, "task" or "problem" (singular: a
    plural one stayed plural because the head came before a preposition, "learning across
    tasks"), with a word before it that is no preposition or conjunction; else None.
    Keys have lost their hyphens, so a preposition inside an earlier word ("out of
    distribution generalization task") does not count."""
    words = key.split()
    if len(words) < 2 or words[-1] not in ("task", "problem") or words[-2] in _JOINERS:
        return None
    return words


def task_base(key: str) -> str | None:
    """The task that a key ending in "task" or "problem" names without that word, if the rest
    names one: "regression problem" is regression and "bilevel optimization problem" bilevel
    optimization, but "inverse problem", "initial value problem" and "algebraic task" are
    names whose last word is needed ("inverse", "algebraic" name nothing).

    The rest names a task when the task lexicon has it, or when its head word names a
    doing (:func:`kg.normalize.names_an_activity`: "... optimization", "... forecasting";
    a lone "-ing" form only if it is a noun, so not "solving") or is a task's head in
    ``heads.tsv`` ("control"); a rest made only of a generic word ("optimization",
    "learning") or led by a modifier ("novel") does not.  A key the lexicon knows as a
    whole ("inverse problem") keeps its last word.
    """
    words = _ends_in_task_word(key)
    if words is None:
        return None
    known = lexicon.term_keys("task")
    rest = words[:-1]
    base = " ".join(rest)
    if key in known:
        return None
    if base in known:
        return base
    if rest[0] in lexicon.modifiers() or base in lexicon.generic():
        return None
    head = rest[-1]
    if lexicon.heads().get(head) == "task":
        return base
    lone_verb = len(rest) == 1 and head.endswith("ing") and head not in ING_NOUNS
    return base if names_an_activity(head) and not lone_verb else None


def attested_task(key: str, tasks: Collection[str]) -> str | None:
    """The task that a key ending in "task" or "problem" names without that word because the
    corpus names that task on its own: with "computer vision" a task somewhere, "computer
    vision tasks" is computer vision, though "vision" names no doing (:func:`task_base`).

    ``tasks`` holds the corpus's task keys without their spaces.  The rest must still not be
    a generic word or start with a modifier, and a key the lexicon knows whole ("inverse
    problem") keeps its last word whatever else the corpus says.
    """
    words = _ends_in_task_word(key)
    if words is None:
        return None
    base = " ".join(words[:-1])
    if key in lexicon.term_keys("task") or words[0] in lexicon.modifiers() or base in lexicon.generic():
        return None
    return base if base.replace(" ", "") in tasks else None


def _a_procedure(key: str) -> bool:
    """A method that is a way of learning ("gradient descent", "knowledge distillation"), not a
    model that is learnt ("hypernetwork"): "hypernetwork learning" is no hypernetwork."""
    words = key.split()
    head = words[head_position(words)]
    return head == "descent" or names_an_activity(head)


def _names_a_method(base: str, head: str) -> bool:
    """Whether ``base``, found before a word like "method" (``head``), names a method on its own.

    It does when spelt as a proper name ("Forward-Forward", "Monte Carlo"), when its head
    word names a doing that is no task ("pruning", "feature fusion", "parameter sharing";
    not "forecasting" or "object detection": a "forecasting method" is a method *for*
    forecasting), or when it has several words and its head is a method's head in
    ``heads.tsv`` ("adaptive kernel", "gradient descent").  A bare modifier ("proposed",
    "novel"), a generic word ("optimization"), an adjective ("numerical", "Bayesian") and
    a task the lexicon knows ("classification") do not.
    """
    key = concept_key(base)
    words = key.split()
    if not words or words[0] in lexicon.modifiers() or key in lexicon.generic():
        return False
    if key in lexicon.term_keys("task"):
        return False
    if written_as_a_proper_name(base, head):
        return True
    piece = last_piece(base.split()[-1])
    if lexicon.heads().get(singular(piece)) == "task":
        return False
    if names_an_activity(piece):
        return True
    return len(words) > 1 and lexicon.heads().get(singular(piece)) == "method"


def method_base(name: str) -> str:
    """A method's name without a last word that only says it is a method.

    "Adam optimizer" is Adam, "k-means algorithm" k-means, "pruning techniques" pruning,
    "gradient descent learning" gradient descent: after one of
    :data:`kg.normalize.GENERIC_METHOD_HEADS`, a rest that names a method on its own
    (:func:`_names_a_method`, or a method the lexicon knows) is the method.  After "model",
    "architecture" or "learning", only a method the lexicon knows is ("transformer
    architecture"; "learning" only after a way of learning): "diffusion model" and
    "contrastive learning" are names.  A name the lexicon knows whole ("kernel method",
    "genetic algorithm") is kept, and so is one whose head comes before a preposition
    ("generalization of finite volume methods") unless the lexicon knows the rest
    ("mixture of experts approach").

    >>> [method_base(n) for n in ("Adam optimizer", "k-means algorithm", "proposed method", "Bayesian methods")]
    ['Adam', 'k-means', 'proposed method', 'Bayesian methods']
    """
    found = _GENERIC_METHOD_HEAD.match(name)
    any_name = found is not None
    found = found or _KNOWN_METHOD_HEAD.match(name)
    if found is None:
        return name
    known = lexicon.term_keys("method")
    if concept_key(name) in known:
        return name
    base, head = found["base"], found["head"]
    base_key = concept_key(base)
    if base_key in known:
        return base if head.casefold() != "learning" or _a_procedure(base_key) else name
    words = name.split()
    if head_position(words) != len(words) - 1:
        return name
    return base if any_name and _names_a_method(base, head) else name


class SameMethod:
    """Names that are another method's name and a word saying it is a method, used beside it.

    A paper that writes "pruning" and "pruning methods", or "Poseidon" and "the Poseidon
    model", names one method twice; from then on "pruning technique" is pruning wherever
    it is written.  The shorter name must name something on its own: several words, a
    method the lexicon knows, or the paper's own proposal ("kernel methods" are not the
    kernel, and a paper writing both keeps them apart).  Only the names of the paper
    being read are held, and the names found: the mentions of a paper are seen
    (:meth:`see`), then the paper is closed (:meth:`close_paper`).
    """

    def __init__(self) -> None:
        self.names: set[str] = set()
        """Keys of methods that a paper also named with a method word after them."""
        self._keys: set[str] = set()
        self._proposed: set[str] = set()

    def see(self, m: Mention, key: str) -> None:
        """Note the key of a mention of the paper being read, if it is a method's."""
        if m.type == "method":
            self._keys.add(key)
            if m.proposed:
                self._proposed.add(key)

    def close_paper(self) -> None:
        """Pair up the names of the paper being read, and forget them."""
        for key in self._keys:
            base = METHOD_WORD.sub("", key)
            names_something = " " in base or base in lexicon.term_keys("method") or base in self._proposed
            if base != key and base in self._keys and names_something:
                self.names.add(base)
        self._keys = set()
        self._proposed = set()

    def method_of(self, key: str) -> str | None:
        """The method a "... method" key names, if a paper paired them."""
        base = METHOD_WORD.sub("", key)
        return base if base != key and base in self.names else None
