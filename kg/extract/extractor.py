"""From papers to mentions: running the pipeline and reading its spans back as records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components import FIELD_SEPARATOR, PROPOSED, RESOLVED
from kg.model import CONCEPT_TYPES, Field, Mention, Paper, concept_type
from kg.normalize import acronym_named, singular_acronym


def paper_text(paper: Paper) -> str:
    """The text the pipeline reads for a paper: title, a blank line, abstract."""
    return f"{paper.title}{FIELD_SEPARATOR}{paper.abstract}"


def mentions_of(paper: Paper, doc: Doc) -> list[Mention]:
    """The paper's mentions, with offsets into its title or its abstract."""
    title_end = len(paper.title)
    abstract_start = title_end + len(FIELD_SEPARATOR)
    proposed = [(s.start, s.end) for s in doc.spans[PROPOSED]] if PROPOSED in doc.spans else []
    long_forms: dict[str, str] = {}
    for short, long in doc._.kg_abbreviations or []:
        long_forms.setdefault(singular_acronym(short.text), long.text)
    result: list[Mention] = []
    # One string per sentence, shared by its mentions (and kept shared when pickled to a parent process).
    sentences: dict[int, str] = {}
    for span in doc.spans[RESOLVED]:
        if span.label_ not in CONCEPT_TYPES:
            continue
        field: Field
        if span.start_char >= abstract_start:
            field, offset = "abstract", abstract_start
        elif span.end_char <= title_end:
            field, offset = "title", 0
        else:
            continue
        result.append(
            Mention(
                paper_id=paper.id,
                type=concept_type(span.label_),
                text=span.text,
                field=field,
                start=span.start_char - offset,
                end=span.end_char - offset,
                sentence=sentences.setdefault(span.sent.start, span.sent.text.strip()),
                rule=span.id_,
                long_form=long_forms.get(singular_acronym(acronym_named(span.text) or span.text)),
                proposed=any(s <= span.start < e or span.start <= s < span.end for s, e in proposed),
            )
        )
    return result


def extract(papers: Iterable[Paper], nlp: Language, batch_size: int = 64) -> Iterator[tuple[Paper, list[Mention]]]:
    """Each paper with its mentions, streamed through ``nlp.pipe`` in batches."""
    pairs = ((paper_text(paper), paper) for paper in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield paper, mentions_of(paper, doc)
