"""``kg_abbreviations``: the acronyms a paper defines, as spans on the doc.

The algorithm, Schwartz and Hearst's on plain text, is :mod:`kg.extract.abbreviations`;
this component runs it per sentence and keeps the definitions as pairs of spans in
``doc._.kg_abbreviations``, which ``kg_patterns`` and ``kg_resolve`` read (an acronym
takes its long form's type) and :mod:`kg.extract.extractor` writes into the mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

import kg.extract.components.spans  # noqa: F401  (registers doc._.kg_abbreviations)
from kg.extract.abbreviations import find_abbreviations


@Language.factory("kg_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector()


class AbbreviationDetector:
    """Finds ``long form (SHORT)`` definitions per sentence and stores them on the doc.

    ``doc._.kg_abbreviations`` is a list of ``(short Span, long Span)``.
    """

    def __call__(self, doc: Doc) -> Doc:
        pairs: list[tuple[Span, Span]] = []
        for sent in doc.sents:
            for found in find_abbreviations(sent.text):
                base = sent.start_char
                short = doc.char_span(base + found.short_start, base + found.short_end, alignment_mode="expand")
                long = doc.char_span(base + found.long_start, base + found.long_end, alignment_mode="expand")
                if (short is not None and long is not None and short.end <= long.start) or (
                    short is not None and long is not None and long.end <= short.start
                ):
                    pairs.append((short, long))
        doc._.kg_abbreviations = pairs
        return doc
