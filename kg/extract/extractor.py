"""From papers to mentions: running the pipeline and reading its spans back as records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components import FIELD_SEPARATOR, PROPOSED, RESOLVED
from kg.extract.results import ResultClaim
from kg.model import CONCEPT_TYPES, Field, Mention, Paper, PaperStatements, StatedRelation, StatedResult, concept_type
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


RELATIONS_EXTENSION = "kg_relations"
RESULTS_EXTENSION = "kg_result_claims"
"""The ``Doc`` extensions that ``kg_relations`` and ``kg_result_claims`` fill (read when set)."""


def _sentence_at(doc: Doc, start: int, end: int) -> tuple[str, int]:
    """The sentence at ``start:end`` of the doc's text as mentions keep it (stripped), and
    where that text starts in the doc."""
    raw = doc.text[start:end]
    return raw.strip(), start + len(raw) - len(raw.lstrip())


def _within(at: tuple[int, int], origin: int, sentence: str) -> tuple[int, int] | None:
    """Doc offsets ``at`` as offsets into a sentence starting at ``origin``; None when outside it."""
    start, end = at[0] - origin, at[1] - origin
    return (start, end) if 0 <= start <= end <= len(sentence) else None


def statements_of(paper: Paper, doc: Doc, mentions: list[Mention]) -> PaperStatements:
    """The relations and results the doc's components stated, tied to ``mentions`` by index.

    A relation or a name of a result whose span is none of the paper's mentions (one that
    crosses from title into abstract, say) is left out, or named without a concept.
    """
    abstract_start = len(paper.title) + len(FIELD_SEPARATOR)
    index = {
        (
            m.start + (abstract_start if m.field == "abstract" else 0),
            m.end + (abstract_start if m.field == "abstract" else 0),
        ): i
        for i, m in enumerate(mentions)
    }
    relations: list[StatedRelation] = []
    if doc.has_extension(RELATIONS_EXTENSION):
        for found in doc._.get(RELATIONS_EXTENSION) or ():
            head = index.get((found.head.start_char, found.head.end_char))
            tail = index.get((found.tail.start_char, found.tail.end_char))
            if head is None or tail is None:
                continue
            sentence, origin = _sentence_at(doc, *found.sentence)
            head_at = _within(found.written_at, origin, sentence)
            tail_at = _within((found.tail.start_char, found.tail.end_char), origin, sentence)
            if head_at is None or tail_at is None:
                continue
            relations.append(
                StatedRelation(paper.id, found.type, head, tail, sentence, head_at, tail_at, float(found.score))
            )
    results: list[StatedResult] = []
    if doc.has_extension(RESULTS_EXTENSION):
        claim: ResultClaim
        for claim in doc._.get(RESULTS_EXTENSION) or ():
            sentence, origin = _sentence_at(doc, *claim.sentence)
            value_at = _within(claim.value_at, origin, sentence)
            if value_at is None:
                continue
            results.append(
                StatedResult(
                    paper_id=paper.id,
                    sentence=sentence,
                    value=claim.value,
                    number=claim.number,
                    unit=claim.unit,
                    relative=claim.relative,
                    metric=claim.metric,
                    value_at=value_at,
                    metric_at=_within(claim.metric_at, origin, sentence) if claim.metric_at else None,
                    method=index.get(claim.method_at) if claim.method_at else None,
                    dataset=index.get(claim.dataset_at) if claim.dataset_at else None,
                    method_name=claim.method,
                    dataset_name=claim.dataset,
                    own=claim.own,
                )
            )
    return PaperStatements(tuple(relations), tuple(results))


def extract_stated(
    papers: Iterable[Paper], nlp: Language, batch_size: int = 64
) -> Iterator[tuple[Paper, list[Mention], PaperStatements]]:
    """Each paper with its mentions and what its sentences state (a pipeline of
    ``load_pipeline(relations=True, result_claims=True)``)."""
    pairs = ((paper_text(paper), paper) for paper in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        mentions = mentions_of(paper, doc)
        yield paper, mentions, statements_of(paper, doc, mentions)


def extract(papers: Iterable[Paper], nlp: Language, batch_size: int = 64) -> Iterator[tuple[Paper, list[Mention]]]:
    """Each paper with its mentions, streamed through ``nlp.pipe`` in batches."""
    pairs = ((paper_text(paper), paper) for paper in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield paper, mentions_of(paper, doc)
