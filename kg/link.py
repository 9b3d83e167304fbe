"""From mentions to concepts: one node per (type, canonical name), variants as aliases.

Names are compared by :func:`kg.normalize.concept_key` (case, hyphens, plural
head).  An acronym is replaced by its long form:

1. in a paper that defines it ("graph neural networks (GNNs)"), by that
   paper's own long form;
2. elsewhere, by the long form the corpus defines it with, if one long form
   makes up at least two thirds of the definitions of that acronym and of that type;
3. otherwise it stays a concept of its own, named by the acronym.

So "GNN", "GNNs" and "graph neural network(s)" meet, while an acronym that
different papers define differently ("PCF") is never merged on a guess: each
defining paper keeps its own long form, and undefined uses stay apart.

A last word that only says what kind of thing a name is goes when the rest names
that thing on its own: "regression problem" is regression (:func:`task_base`,
:func:`attested_task`), "Adam optimizer" Adam and "pruning techniques" pruning
(:func:`method_base`); "inverse problem" and "proposed method" keep theirs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar

from kg.extract import lexicon
from kg.extract.abbreviations import spells_out
from kg.extract.concept_shape import EQUATION_HEADS
from kg.extract.dataset_names import dataset_surface, fold_dataset_key
from kg.model import Concept, ConceptType, LinkedMention, Mention, concept_type
from kg.normalize import (
    GENERIC_METHOD_HEADS,
    HEAD_ENDS,
    ING_NOUNS,
    METHOD_WORDS,
    TASK_HEADS,
    acronym_named,
    clean_markup,
    concept_key,
    drop_inner_acronyms,
    head_position,
    is_acronym,
    last_piece,
    names_a_means,
    names_an_activity,
    opens_with_action,
    singular,
    singular_acronym,
    split_parenthetical,
    written_as_a_proper_name,
)

DOMINANT_SHARE = 2 / 3
TITLE_VOTE = 0.5
"""Weight of the type vote of a mention the model found in a title: it learnt on abstracts,
and titles, with every word capitalised, are foreign to it.  Every other mention weighs 1."""
TITLE_WEIGHT = 1
ABSTRACT_WEIGHT = 3
_SLUG = re.compile(r"[^\w]+")
_SEPARATORS = re.compile(r"[\s\-]+")
_HYPHEN = re.compile("(-)")


def concept_id(kind: ConceptType, key: str) -> str:
    """A stable id that survives any name: ``method:graph-neural-network``."""
    slug = _SLUG.sub("-", key).strip("-") or "unnamed"
    return f"{kind}:{slug}"


def own_acronym(text: str) -> str | None:
    """The bracketed acronym after a name that it spells out: "Graph Convolutional Networks (GCNs)" -> "GCNs".

    None when there is none, or when it spells out only the name's last words
    ("message-passing graph neural networks (GNNs)"): it then names another concept.
    """
    main, inner = split_parenthetical(text)
    return inner if inner is not None and is_acronym(inner) and spells_out(inner, main) else None


def stated_definition(m: Mention) -> tuple[str, str] | None:
    """(acronym, long form) a mention states: an acronym found with its long form, or a name with its own acronym."""
    named = acronym_named(m.text)
    if m.long_form and named:
        return named, m.long_form
    acronym = own_acronym(m.text)
    return None if acronym is None else (acronym, split_parenthetical(m.text)[0])


_TASK_HEAD = re.compile(rf"^(?P<base>.*\S)\s+{TASK_HEADS}$", re.IGNORECASE)
# Last words that say a name is a method, after any method's name ("pruning technique").
_GENERIC_METHOD_HEAD = re.compile(rf"^(?P<base>.*\S)\s+(?P<head>{GENERIC_METHOD_HEADS})$", re.IGNORECASE)
# Last words that are part of many names ("diffusion model", "contrastive learning") and go
# only after a name the lexicon knows ("transformer architecture", "gradient descent learning").
_KNOWN_METHOD_HEAD = re.compile(r"^(?P<base>.*\S)\s+(?P<head>(?:model|architecture)s?|learning)$", re.IGNORECASE)
# Words that only say a name is a method: "pruning methods", "the Poseidon model", "GNN architecture".
_METHOD_WORD = re.compile(rf"\s+(?:{METHOD_WORDS}|{GENERIC_METHOD_HEADS})$", re.IGNORECASE)
# Mentions whose own last word says their type ("the temporal reasoning task", "a sampling algorithm").
_TYPE_WORDS: dict[ConceptType, re.Pattern[str]] = {
    "task": re.compile(r"\s(?:task|problem)s?$", re.IGNORECASE),
    "method": re.compile(r"\s(?:method|algorithm|technique|approach)s?$", re.IGNORECASE),
}
_HEAD_TYPED: tuple[ConceptType, ...] = ("method", "task")
TYPED_VOTE = 2.0
"""Weight, within its paper, of the type vote of a mention whose last word names its type:
its words, not only the model, say what it is."""


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


def type_key(kind: ConceptType, key: str) -> str:
    """Per-type folding of a key.

    Data set names are identifiers: "Fashion MNIST", "FashionMNIST" and
    "Fashion-MNIST" are one, with or without "dataset", and so are a data set's other
    names and editions ("MS-COCO" = "COCO"; :func:`kg.extract.dataset_names.fold_dataset_key`).  A task is the same
    task with or without a last word "task" or "problem" when the rest names a task
    (:func:`task_base`): "classification task" is "classification".
    """
    if kind == "dataset":
        return fold_dataset_key(key)
    if kind == "task":
        return solved_equations(task_base(key) or key)
    return key


def solved_equations(key: str) -> str:
    """A task key without a leading "solving" before a class of equations: "solving partial
    differential equations" is the task the extractor types "partial differential
    equations" (:mod:`kg.extract.concept_shape`), so the two are one concept.

    >>> solved_equations("solving partial differential equation"), solved_equations("solving sudoku")
    ('partial differential equation', 'solving sudoku')
    """
    words = key.split()
    if len(words) > 1 and words[0] in ("solving", "solve") and words[-1] in EQUATION_HEADS:
        return " ".join(words[1:])
    return key


def surface_name(m: Mention) -> str:
    """The words of a mention that name its concept, LaTeX left in them cleaned
    (:func:`kg.normalize.clean_markup`): no "(GNNs)" after or inside it, no "dataset", no
    "task" or "problem" after a task's name (:func:`task_base`), and no "model" after an
    acronym ("GNN model" is the GNN)."""
    main = drop_inner_acronyms(split_parenthetical(clean_markup(m.text))[0])
    if m.type == "dataset":
        return dataset_surface(main)
    if m.type == "task":
        found = _TASK_HEAD.match(main)
        return found["base"] if found is not None and task_base(concept_key(main)) is not None else main
    return acronym_named(main) or main


def concept_name(m: Mention, table: dict[tuple[ConceptType, str], str] | None = None) -> str:
    """The name a mention links by and labels its concept with: :func:`surface_name`, and for
    a method, without a last word that only says it is one (:func:`method_base`); for a task,
    an acronym before "task" or "problem" that ``table`` (the corpus's acronyms) defines as a
    task stands alone, like "GNN" in "GNN model": "MVC problem" is the MVC, whose long form
    names the concept.  The type vote counts the surface name: "classification method"
    votes for no "classification"."""
    name = surface_name(m)
    if m.type == "method":
        return method_base(name)
    if m.type == "task" and table and (found := _TASK_HEAD.match(name)) and is_acronym(found["base"]):
        acronym = found["base"]
        return acronym if ("task", singular_acronym(acronym)) in table else name
    return name


def mention_key(m: Mention, table: dict[tuple[ConceptType, str], str]) -> str:
    """The canonical key a mention links to.

    An acronym stands for its long form (its paper's, else the corpus's); so does an
    acronym before "task" or "problem" where the corpus defines it as a task ("MIS problem",
    :func:`concept_name`).
    """
    name = concept_name(m, table)
    key = concept_key(name)
    if is_acronym(name):
        key = concept_key(m.long_form) if m.long_form else table.get((m.type, singular_acronym(name)), key)
    return type_key(m.type, key)


def acronym_head_type(name: str, table: dict[tuple[ConceptType, str], str]) -> ConceptType | None:
    """The type that a name headed by an acronym takes from the acronym's long form.

    "3D CNNs" and "fully stochastic BNNs" are networks, whatever the model called them:
    where the corpus defines the last word, an acronym, as a method or a task, and the
    long form's own head word says so too (``heads.tsv``: a "network", a "segmentation"),
    the name is of that type.  An acronym defined as both, or as neither, says nothing,
    and so does an action on the acronym ("pruning pre-trained NN", "design AnytimeNNs").
    """
    words = name.split()
    if len(words) < 2 or not is_acronym(words[-1]) or head_position(words) != len(words) - 1:
        return None
    if opens_with_action(words) or any(w.casefold() in lexicon.boundaries() for w in words[:-1]):
        return None
    acronym = singular_acronym(words[-1])
    kinds: list[ConceptType] = []
    for kind in _HEAD_TYPED:
        long_key = table.get((kind, acronym))
        if long_key is not None:
            long_words = long_key.split()
            if lexicon.heads().get(singular(long_words[head_position(long_words)])) == kind:
                kinds.append(kind)
    return kinds[0] if len(kinds) == 1 else None


_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")
"""A capitalised word, no single letter ("U-Nets" is plural) and no acronym."""


def _singular_surface(text: str, attested: frozenset[str] = frozenset()) -> str:
    """The surface form with its head made singular, case kept: "Neural Networks" -> "Neural Network",
    "Mixtures of Experts" -> "Mixture of Experts"."""
    words = text.split(" ")
    at = head_position(words)
    pieces = _HYPHEN.split(words[at])
    inner = 2 * head_position(pieces[::2])  # the head of a hyphenated head: "Mixtures-of-Experts"
    last = pieces[inner]
    # Two capitalised words joined by a hyphen may be one proper name ("Navier-Stokes"): made
    # singular only where the corpus writes the singular too ("Graph-Net" beside "Graph-Nets").
    joined_names = inner >= 2 and all(_NAME_WORD.fullmatch(w) for w in (pieces[inner - 2], last))
    if is_acronym(last):
        pieces[inner] = singular_acronym(last)
    elif not (inner >= 2 and names_a_means(pieces[inner - 2], last)):
        lower = last.lower()
        one = singular(lower)
        if one != lower:
            pieces[inner] = last[: len(one)] if last.lower().startswith(one) else one
    words[at] = "".join(pieces)
    made = " ".join(words)
    if joined_names and made != text and made.casefold() not in attested:
        return text
    return made


def choose_label(surfaces: Counter[str]) -> str:
    """The name people use most, in the singular; never an acronym much shorter than another
    name of the concept ("GNN"), and at equal use the spelled-out form ("Fashion MNIST").

    Among forms that differ only by case, the one in lower case wins unless a
    capitalised form is clearly a proper name (capitalised in most uses).
    """
    singular_counts: Counter[str] = Counter()
    attested = frozenset(text.casefold() for text in surfaces)
    for text, n in surfaces.items():
        singular_counts[_singular_surface(text, attested)] += n
    longest = max(map(len, singular_counts), default=0)
    # An acronym much shorter than another name of the concept ("GNN") is not its label.
    pool = {t: n for t, n in singular_counts.items() if not (is_acronym(t) and 2 * len(t) < longest)}
    by_case: dict[str, Counter[str]] = defaultdict(Counter)
    for text, n in pool.items():
        by_case[text.casefold()][text] += n
    # Equal counts: the spelled-out form (more words) wins, then a fixed order.
    best_fold = max(by_case, key=lambda f: (sum(by_case[f].values()), len(_SEPARATORS.findall(f)), f))
    forms = by_case[best_fold]
    lower = best_fold if best_fold in forms else None
    top, top_n = max(forms.items(), key=lambda item: (item[1], item[0]))
    if lower is not None and forms[lower] * 2 >= top_n:
        return lower
    return top


def per_form(compute: Callable[[Mention], str]) -> Callable[[Mention], str]:
    """``compute`` run once per distinct (type, text, long form): a corpus names the same
    things over and over, and the mentions then share one string for each name."""
    seen: dict[tuple[str, str, str | None], str] = {}

    def cached(m: Mention) -> str:
        form = (m.type, m.text, m.long_form)
        value = seen.get(form)
        if value is None:
            value = seen[form] = compute(m)
        return value

    return cached


def _definitions_table(
    definitions: Iterable[tuple[str, ConceptType, str, str]],
) -> dict[tuple[ConceptType, str], str]:
    """The acronym table from (paper, type, acronym, long-form key) of each stated definition."""
    defined: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, ConceptType, str, str]] = set()
    for marker in definitions:
        if marker not in seen:
            seen.add(marker)
            _, kind, acronym, long_key = marker
            defined[(kind, acronym)][long_key] += 1
    table: dict[tuple[ConceptType, str], str] = {}
    for key, counts in defined.items():
        (best, top), total = counts.most_common(1)[0], sum(counts.values())
        if top / total >= DOMINANT_SHARE and list(counts.values()).count(top) == 1:
            table[key] = best
    return table


def _definition(m: Mention) -> tuple[str, ConceptType, str, str] | None:
    definition = stated_definition(m)
    if definition is None:
        return None
    return m.paper_id, m.type, singular_acronym(definition[0]), concept_key(definition[1])


def _voting_name(m: Mention) -> str:
    """The name a mention's type vote counts for: an acronym's long form where its paper gives one."""
    return m.long_form if m.long_form and is_acronym(m.text) else surface_name(m)


class _TypeVotes:
    """How often each name is mentioned as a method, a task or a data set, and the type it settles on.

    The model sometimes calls a method a task or a data set; across a corpus the
    name's usual type outvotes the odd mislabel (a two-thirds majority), while
    names that are truly used as two things keep their types, paper by paper.
    Within one paper a name is one thing: where the corpus settles nothing, the
    paper's own majority decides, and on a tie the type of its first mention there.
    A mention that the model found in a title counts for :data:`TITLE_VOTE`; within its
    paper, one whose last word names its type ("… task", "… algorithm") counts
    :data:`TYPED_VOTE` times.  An acronym votes for the long form its paper defines.

    Mentions are counted paper by paper (:meth:`count`, then :meth:`finish`);
    only the names a paper gave two types are remembered per paper.
    """

    def __init__(self) -> None:
        self.votes: dict[str, dict[ConceptType, float]] = defaultdict(dict)
        self._name = per_form(lambda m: concept_key(_voting_name(m)).replace(" ", ""))
        self._dominant: dict[str, ConceptType | None] = {}
        self._paper: str | None = None
        self._in_paper: dict[str, dict[ConceptType, float]] = {}
        self._paper_types: dict[tuple[str, str], ConceptType] = {}

    def count(self, m: Mention) -> str:
        """Count the mention's vote; return the name it votes for."""
        name = self._name(m)
        weight = TITLE_VOTE if m.field == "title" and m.rule == "ner" else 1.0
        votes = self.votes[name]
        votes[m.type] = votes.get(m.type, 0.0) + weight
        if m.paper_id != self._paper:
            self.finish()
            self._paper = m.paper_id
        says = _TYPE_WORDS.get(m.type)
        if says is not None and says.search(m.text):
            weight *= TYPED_VOTE
        here = self._in_paper.setdefault(name, {})  # insertion order: the first type first
        here[m.type] = here.get(m.type, 0.0) + weight
        return name

    def finish(self) -> None:
        """Close the paper being counted: remember its choice for each name it gave two types."""
        if self._paper is not None:
            for name, here in self._in_paper.items():
                if len(here) > 1 and (self._paper, name) not in self._paper_types:
                    self._paper_types[(self._paper, name)] = max(here, key=here.__getitem__)
        self._in_paper = {}

    def settled_type(self, m: Mention) -> ConceptType:
        return self.settled_kind(self._name(m), m.type, m.paper_id)

    def settled_kind(self, name: str, kind: ConceptType, paper: str) -> ConceptType:
        """The type a mention of ``name`` labelled ``kind`` in ``paper`` settles on."""
        if name not in self._dominant:
            votes = self.votes[name]
            top_kind = max(votes, key=votes.__getitem__)
            share = votes[top_kind] / sum(votes.values())
            self._dominant[name] = top_kind if share >= DOMINANT_SHARE else None
        dominant = self._dominant[name]
        if dominant is not None:
            return dominant
        return self._paper_types.get((paper, name), kind)

    def settle(self, m: Mention) -> Mention:
        kind = self.settled_type(m)
        return m if kind == m.type else replace(m, type=kind)


class _SameMethod:
    """Names that are another method's name and a word saying it is a method, used beside it.

    A paper that writes "pruning" and "pruning methods", or "Poseidon" and "the Poseidon
    model", names one method twice; from then on "pruning technique" is pruning wherever
    it is written.  The shorter name must name something on its own: several words, a
    method the lexicon knows, or the paper's own proposal ("kernel methods" are not the
    kernel, and a paper writing both keeps them apart).  Only the names of the paper
    being read are held, and the names found.
    """

    def __init__(self) -> None:
        self.names: set[str] = set()
        """Keys of methods that a paper also named with a method word after them."""
        self._paper: str | None = None
        self._keys: set[str] = set()
        self._proposed: set[str] = set()

    def see(self, m: Mention, key: str) -> None:
        """Note a method mention's key; close the previous paper when a new one starts."""
        if m.paper_id != self._paper:
            self.finish()
            self._paper = m.paper_id
        if m.type == "method":
            self._keys.add(key)
            if m.proposed:
                self._proposed.add(key)

    def finish(self) -> None:
        """Pair up the names of the paper being read."""
        for key in self._keys:
            base = _METHOD_WORD.sub("", key)
            names_something = " " in base or base in lexicon.term_keys("method") or base in self._proposed
            if base != key and base in self._keys and names_something:
                self.names.add(base)
        self._keys = set()
        self._proposed = set()

    def method_of(self, key: str) -> str | None:
        """The method a "... method" key names, if a paper paired them."""
        base = _METHOD_WORD.sub("", key)
        return base if base != key and base in self.names else None


def link(mentions: Sequence[Mention]) -> tuple[tuple[Concept, ...], tuple[LinkedMention, ...]]:
    """Concepts, sorted by id, and each mention with the id of its concept.

    Keys that differ only by spaces ("multi layer perceptron", "multilayer
    perceptron") are one concept, named by the key most mentions use.
    """
    return link_into(mentions, tuple)


S = TypeVar("S")


def link_into(
    mentions: Iterable[Mention], collect: Callable[[Iterator[LinkedMention]], S]
) -> tuple[tuple[Concept, ...], S]:
    """:func:`link` for mentions that may not fit in memory: ``mentions`` is read three
    times, in order (a spool on disk serves), and ``collect`` receives the linked
    mentions one by one as the last pass makes them (a spool again, say).

    Memory grows with the number of distinct names, concepts and acronym
    definitions, not with the number of mentions; when each paper's mentions
    come together, as extraction gives them, a concept's papers are a list
    that grows by one reference per paper.
    """
    votes = _TypeVotes()
    # (name, paper, type as extracted, acronym, long-form key) of each stated definition
    raw_definitions: list[tuple[str, str, ConceptType, str, str]] = []
    finished: set[str] = set()
    current: str | None = None
    in_runs = True
    for m in mentions:
        name = votes.count(m)
        definition = _definition(m)
        if definition is not None:
            raw_definitions.append((name, *definition))
        if m.paper_id != current:
            if m.paper_id in finished:
                in_runs = False
            if current is not None:
                finished.add(current)
            current = m.paper_id
    votes.finish()
    del finished
    table = _definitions_table(
        (paper, votes.settled_kind(name, kind, paper), acronym, long_key)
        for name, paper, kind, acronym, long_key in raw_definitions
    )
    del raw_definitions
    key_of = per_form(lambda m: mention_key(m, table))
    surface_of = per_form(lambda m: concept_name(m, table))
    head_type = per_form(lambda m: acronym_head_type(surface_of(m), table) or m.type)

    def settle(m: Mention) -> Mention:
        m = votes.settle(m)
        kind = concept_type(head_type(m))
        return m if kind == m.type else replace(m, type=kind)

    spellings: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    same_method = _SameMethod()
    for m in map(settle, mentions):
        key = key_of(m)
        spellings[(m.type, key.replace(" ", ""))][key] += 1
        same_method.see(m, key)
    same_method.finish()
    chosen = {group: min(counts, key=lambda k: (-counts[k], k)) for group, counts in spellings.items()}
    tasks = {group for kind, group in chosen if kind == "task"}
    del spellings
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    spellings_seen: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    papers: dict[str, dict[str, None]] = defaultdict(dict)
    paper_lists: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, ConceptType] = {}
    ids: dict[tuple[ConceptType, str], str] = {}
    texts_seen: set[tuple[str, str]] = set()

    def linked() -> Iterator[LinkedMention]:
        for m in map(settle, mentions):
            key = key_of(m)
            surface = surface_of(m)
            named = same_method.method_of(key) if m.type == "method" else None
            if named is not None:
                key = named
                surface = _METHOD_WORD.sub("", surface) or surface
            elif m.type == "task" and (task := attested_task(key, tasks)) is not None:
                key = task
                surface = found["base"] if (found := _TASK_HEAD.match(surface)) else surface
            cid = ids.get((m.type, key))
            if cid is None:
                cid = ids[(m.type, key)] = concept_id(m.type, chosen[(m.type, key.replace(" ", ""))])
            kinds[cid] = m.type
            # Titles capitalise every word: their spelling counts less towards the label.
            surfaces[cid][surface] += TITLE_WEIGHT if m.field == "title" else ABSTRACT_WEIGHT
            if (cid, m.text) not in texts_seen:
                texts_seen.add((cid, m.text))
                spellings_seen[cid].add(split_parenthetical(clean_markup(m.text))[0])
                acronym = own_acronym(m.text)
                if acronym is not None:
                    spellings_seen[cid].add(acronym)
            if m.long_form and is_acronym(m.text):
                surfaces[cid][clean_markup(m.long_form)] += 0
            counts[cid] += 1
            if in_runs:
                found_in = paper_lists[cid]
                if not found_in or found_in[-1] != m.paper_id:
                    found_in.append(m.paper_id)
            else:
                papers[cid][m.paper_id] = None
            yield LinkedMention(m, cid)

    collected = collect(linked())
    concepts = []
    for cid in sorted(surfaces):
        label = choose_label(surfaces[cid])
        names = set(surfaces[cid]) | spellings_seen[cid]
        aliases = sorted(names - {label}, key=lambda t: (t.casefold(), t))
        concepts.append(
            Concept(
                id=cid,
                type=kinds[cid],
                label=label,
                aliases=tuple(aliases),
                paper_ids=tuple(paper_lists[cid] if in_runs else papers[cid]),
                mention_count=counts[cid],
            )
        )
    return tuple(concepts), collected
