"""kg's lexicon: the curated word lists its rules read, as data files; each file's header says
where its words came from.

A lexicon is a folder of such files: names of methods, tasks and data sets
(``method.txt``, ``task.txt``, ``dataset.txt``), the words that type, bound or rule out
a name (``heads.tsv``, ``generic.txt``, ``designations.tsv``, …).  This package's
folder is the shipped lexicon.  Two ways read one:

* :class:`Lexicon`, the lists of one folder.  kg's rule components that read the lexicon
  (``kg_lexicon``, ``kg_patterns``, ``kg_resolve``) each hold one, chosen by their
  ``lexicon`` setting (``null``: the shipped folder) and saved with the pipeline, so
  that another field can bring its own names and words.
* The functions of this module (:func:`terms`, :func:`generic`, …): the shipped lexicon,
  for code that is no component and always reads the shipped lists: :mod:`kg.link`
  (concepts are merged and typed by the shipped lists whatever pipeline found them),
  :mod:`kg.extract.dataset_names` and :mod:`kg.extract.concept_shape`.

The lists in :data:`SHIPPED_ONLY` are read only by that module-level code, so a lexicon
folder cannot replace them.
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ExtractorError
from kg.model import CONCEPT_TYPES, ConceptType, concept_type
from kg.normalize import concept_key

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SUFFIXES = (".txt", ".tsv")
"""The kinds of file that hold a list: one entry a line (``.txt``) or tab-separated columns (``.tsv``)."""
SHIPPED_ONLY = frozenset(
    {
        "dataset_aliases.tsv",
        "languages.tsv",
        "yearly_benchmarks.txt",
        "equations.tsv",
        "relation_triggers.tsv",
        "set_aside.tsv",
    }
)
"""Lists that only module-level code reads, from the shipped folder: how data-set keys fold
(:mod:`kg.extract.dataset_names`, whose keys :mod:`kg.link` merges data sets by) and what
makes a name a class of equations (:mod:`kg.extract.concept_shape`, which :mod:`kg.link`
shares), the relation classifier's trigger words (trained with the shipped list) and the
words that set a concept aside from the relations it decides (:mod:`kg.extract.components.set_aside`).  A
lexicon folder that holds one of them is refused rather than half obeyed."""


def _list_files(folder: Traversable) -> dict[str, Traversable]:
    return {f.name: f for f in folder.iterdir() if f.is_file() and f.name.endswith(SUFFIXES)}


class Lexicon:
    """The word lists of one folder; ``Lexicon()`` is the shipped lexicon.

    A folder need not hold every list: each file it holds replaces the shipped file of that
    name, and the lists it lacks are the shipped ones, so a field can bring only its own
    ``method.txt``, ``task.txt`` and ``dataset.txt``.  A file that is none of the shipped
    lists (a misspelt name) is an error, and so is one of :data:`SHIPPED_ONLY`.
    :meth:`to_disk` writes every list a component reads, so a saved lexicon no longer
    depends on the shipped one.

    Files are read once, when the lexicon is made; what is made of them (sets, tables) is
    made on first use and kept.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        shipped = _list_files(resources.files(__package__))
        self.folder = None if folder is None else Path(folder)
        self.texts: dict[str, str] = {name: f.read_text(encoding="utf-8") for name, f in sorted(shipped.items())}
        """Each list's file name and its text, header included."""
        self._words: dict[str, frozenset[str]] = {}
        if self.folder is None:
            return
        if not self.folder.is_dir():
            raise ExtractorError(f"{self.folder}: no such lexicon folder; pass a folder of word lists or null")
        for name, file in sorted(_list_files(self.folder).items()):
            if name in SHIPPED_ONLY:
                raise ExtractorError(
                    f"{self.folder / name}: kg reads {name} from its shipped lexicon only (kg.link keys concepts "
                    "by it); remove the file from the lexicon folder"
                )
            if name not in shipped:
                known = ", ".join(n for n in sorted(shipped) if n not in SHIPPED_ONLY)
                raise ExtractorError(f"{self.folder / name}: not one of the lexicon's lists ({known})")
            self.texts[name] = file.read_text(encoding="utf-8")

    @staticmethod
    def shipped() -> Lexicon:
        """The shipped lexicon, read once per process."""
        return _shipped()

    def __repr__(self) -> str:
        return f"Lexicon({str(self.folder) if self.folder is not None else 'shipped'})"

    def to_disk(self, path: str | Path) -> None:
        """Write every list a component reads (all but :data:`SHIPPED_ONLY`) into ``path``, as read."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.texts.items():
            if name not in SHIPPED_ONLY:
                (folder / name).write_text(text, encoding="utf-8")

    def lines(self, name: str) -> list[str]:
        """The entries of list ``name``: its lines, stripped, less blank lines and ``#`` comments."""
        text = self.texts[name]
        return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]

    def rows(self, name: str) -> list[list[str]]:
        """The entries of a ``.tsv`` list, split at tabs."""
        return [line.split("\t") for line in self.lines(name)]

    def words(self, name: str) -> frozenset[str]:
        """The entries of a one-column list, as a set (kept: the rules ask for them per token)."""
        found = self._words.get(name)
        if found is None:
            found = self._words[name] = frozenset(self.lines(name))
        return found

    def table(self, name: str) -> dict[str, str]:
        """A two-column list as a mapping of its first column to its second."""
        return {row[0]: row[1] for row in self.rows(name)}

    def role(self, name: str, role: str) -> frozenset[str]:
        """The words of a ``word TAB role`` list that have ``role``."""
        return frozenset(word for word, kind in self.rows(name) if kind == role)

    @cached_property
    def terms(self) -> dict[ConceptType, tuple[str, ...]]:
        """The lexicon's names of methods, tasks and data sets, as written in the files."""
        return {kind: tuple(self.lines(f"{kind}.txt")) for kind in CONCEPT_TYPES}

    @cached_property
    def _term_keys(self) -> dict[ConceptType, frozenset[str]]:
        return {kind: frozenset(concept_key(name) for name in names) for kind, names in self.terms.items()}

    def term_keys(self, kind: ConceptType) -> frozenset[str]:
        """The comparison keys (:func:`kg.normalize.concept_key`) of the lexicon's names of ``kind``."""
        return self._term_keys[kind]

    @cached_property
    def generic(self) -> frozenset[str]:
        """Names that are never a concept on their own (lower case)."""
        return self.words("generic.txt")

    @cached_property
    def modifiers(self) -> frozenset[str]:
        """Leading words that rate or point at a thing rather than name it (lower case)."""
        return self.words("modifiers.txt")

    @cached_property
    def heads(self) -> dict[str, ConceptType]:
        """Head word (lower case, singular) to the concept type it gives a noun phrase."""
        return {word: concept_type(kind) for word, kind in self.table("heads.tsv").items()}

    @cached_property
    def actions(self) -> dict[str, str | None]:
        """A doing's -ing form to the noun that names it as a task ("diagnosing" -> "diagnosis"),
        or to None where the -ing form is how a task is named ("solving"); lower case."""
        return {ing: None if noun == "-" else noun for ing, noun in self.table("actions.tsv").items()}

    @cached_property
    def action_nouns(self) -> frozenset[str]:
        """The nouns of :attr:`actions` that open a task as "<noun> of <object>" ("estimation of
        parameters"), that is all but the "-" of an -ing form kept as it is ("solving")."""
        return frozenset(noun for noun in self.table("actions.tsv").values() if noun != "-")

    @cached_property
    def boundaries(self) -> frozenset[str]:
        """Words that end a noun phrase on its left: verbs and connectives of abstracts."""
        return self.words("boundaries.txt")

    @cached_property
    def descriptive_heads(self) -> frozenset[str]:
        """Head nouns that describe rather than name ("method", "system", "stage"; lower case, singular)."""
        return self.words("descriptive_heads.txt")

    @cached_property
    def technical_words(self) -> frozenset[str]:
        """The head words of the lexicon's method and task names (data sets are named by any
        word, "Natural Questions"), neither stop words nor generic: a phrase holding
        one names something ("graph neural network", "transformer architecture"), where an
        adjective of a name ("mathematical" of "mathematical reasoning") does not."""
        from spacy.lang.en.stop_words import STOP_WORDS

        from kg.normalize import singular

        generic_words = {word for name in self.generic for word in name.split()}
        heads = {
            singular(name.lower().replace("-", " ").split()[-1])
            for kind in ("method", "task")
            for name in self.terms[kind]
        }
        return frozenset(word for word in heads if word not in STOP_WORDS and word not in generic_words)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of the lexicon's names that is neither a stop word nor generic ("graph",
        "neural", "mathematical"): a modifier from this set makes a generic head specific."""
        from spacy.lang.en.stop_words import STOP_WORDS

        generic_words = {word for name in self.generic for word in name.split()}
        return frozenset(
            word
            for names in self.terms.values()
            for name in names
            for word in name.lower().replace("-", " ").split()
            if word not in STOP_WORDS and word not in generic_words
        )


# --- The shipped lexicon, for code that is no component ---------------------------------


@cache
def _shipped() -> Lexicon:
    return Lexicon()


def terms() -> dict[ConceptType, tuple[str, ...]]:
    """The shipped lexicon's names of methods, tasks and data sets (:attr:`Lexicon.terms`)."""
    return Lexicon.shipped().terms


def term_keys(kind: ConceptType) -> frozenset[str]:
    """The keys of the shipped lexicon's names of ``kind`` (:meth:`Lexicon.term_keys`)."""
    return Lexicon.shipped().term_keys(kind)


def generic() -> frozenset[str]:
    """The shipped lexicon's generic names (:attr:`Lexicon.generic`)."""
    return Lexicon.shipped().generic


def modifiers() -> frozenset[str]:
    """The shipped lexicon's rating and pointing words (:attr:`Lexicon.modifiers`)."""
    return Lexicon.shipped().modifiers


def heads() -> dict[str, ConceptType]:
    """The shipped lexicon's typed head words (:attr:`Lexicon.heads`)."""
    return Lexicon.shipped().heads


def actions() -> dict[str, str | None]:
    """The shipped lexicon's doings and the nouns that name them as tasks (:attr:`Lexicon.actions`)."""
    return Lexicon.shipped().actions


def action_nouns() -> frozenset[str]:
    """The shipped lexicon's nouns of doings that open "<noun> of <object>" (:attr:`Lexicon.action_nouns`)."""
    return Lexicon.shipped().action_nouns


def boundaries() -> frozenset[str]:
    """The shipped lexicon's left boundaries of noun phrases (:attr:`Lexicon.boundaries`)."""
    return Lexicon.shipped().boundaries


def descriptive_heads() -> frozenset[str]:
    """The shipped lexicon's descriptive head nouns (:attr:`Lexicon.descriptive_heads`)."""
    return Lexicon.shipped().descriptive_heads


def technical_words() -> frozenset[str]:
    """The shipped lexicon's technical head words (:attr:`Lexicon.technical_words`)."""
    return Lexicon.shipped().technical_words


def name_words() -> frozenset[str]:
    """The shipped lexicon's words of names (:attr:`Lexicon.name_words`)."""
    return Lexicon.shipped().name_words
