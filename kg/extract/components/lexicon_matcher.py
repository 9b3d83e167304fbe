"""``kg_lexicon``: every name of the component's lexicon, wherever the text writes it.

The names of methods, tasks and data sets of the lexicon (``method.txt``, ``task.txt``,
``dataset.txt``: the shipped ones unless the ``lexicon`` setting names another folder)
are matched in any case, with hyphens, spaces or closed up ("oversmoothing"), singular or
plural, and a data set's name also run together ("CIFAR10").  Each match is a candidate of rule ``lexicon``; the
lexicon is saved with the pipeline (:mod:`kg.extract.components.lexicon_reader`).
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.components.spans import add_candidate
from kg.extract.lexicon import Lexicon
from kg.normalize import is_acronym


def _variants(term: str) -> set[str]:
    """Ways a lexicon name is written: hyphen or space, singular or plural."""
    forms = {term, term.replace("-", " "), term.replace(" ", "-")}
    plural: set[str] = set()
    for form in forms:
        last = form.split(" ")[-1]
        if is_acronym(term):
            plural.add(form + "s")
        elif last.endswith("y") and not last.endswith(("ay", "ey", "oy", "uy")):
            plural.add(form[:-1] + "ies")
        elif last.endswith(("s", "x", "ch", "sh")):
            plural.add(form + "es")
        else:
            plural.add(form + "s")
    return forms | plural


@Language.factory("kg_lexicon", default_config={"lexicon": None})
def make_lexicon(nlp: Language, name: str, lexicon: str | None) -> LexiconMatcher:
    return LexiconMatcher(nlp, lexicon)


class LexiconMatcher(LexiconReader):
    """Marks every name of its lexicon (the shipped one by default), in any case, hyphenation or number."""

    def __init__(self, nlp: Language, lexicon: str | Path | None = None) -> None:
        self.nlp = nlp
        super().__init__(lexicon)

    def read(self, lexicon: Lexicon) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for kind, names in lexicon.terms.items():
            patterns = [self.nlp.make_doc(form) for term in names for form in sorted(self._forms(kind, term))]
            self.matcher.add(kind, patterns)

    @staticmethod
    def _forms(kind: str, term: str) -> set[str]:
        """A data set's name is also written run together: "CIFAR10", "MSCOCO", "FashionMNIST";
        any name's hyphenated words are also written closed: "oversmoothing", "pretraining",
        "multitask learning"."""
        forms = _variants(term)
        joined = re.sub(r"[\s\-]+", "", term) if kind == "dataset" else term.replace("-", "")
        if joined != term:
            forms |= _variants(joined)
        return forms

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        for match_id, start, end in self.matcher(doc):
            add_candidate(doc, doc[start:end], doc.vocab.strings[match_id], "lexicon")
        return doc
