"""``kg_fields``: no sentence spans a paper's title and its abstract.

kg's pipeline reads a paper as its title, a blank line
(:data:`~kg.extract.components.spans.FIELD_SEPARATOR`) and its abstract.  A title has no
full stop, so the sentencizer would run it into the abstract's first sentence; this
component starts a sentence where the abstract starts.
It comes right after the sentencizer, before anything that reads sentences.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components.spans import title_end


@Language.factory("kg_fields")
def make_fields(nlp: Language, name: str) -> FieldBoundary:
    return FieldBoundary()


class FieldBoundary:
    """Starts a sentence where the abstract starts, so no sentence spans title and abstract."""

    def __call__(self, doc: Doc) -> Doc:
        end = title_end(doc)
        if end + 1 < len(doc):
            doc[end + 1].is_sent_start = True
        return doc
