"""What papers state (``--relations``), tied to the concepts their mentions were linked to.

A :class:`~kg.model.StatedRelation` or :class:`~kg.model.StatedResult` names its concepts by
the index of their mentions among the paper's; after linking, each mention has its concept,
so each statement gets its concepts' ids here.  Both go to disk as they are made, walked
paper by paper beside the linked mentions, so no corpus's evidence is held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

from kg.model import LinkedMention, LinkedRelation, LinkedResult, PaperStatements
from kg.spool import Spool


def _concepts_by_paper(linked: Iterable[LinkedMention]) -> Iterator[tuple[str, list[LinkedMention]]]:
    for paper_id, run in groupby(linked, key=lambda found: found.mention.paper_id):
        yield paper_id, list(run)


def _concept(found: list[LinkedMention], index: int | None) -> str | None:
    return found[index].concept_id if index is not None and index < len(found) else None


def link_statements(
    paper_ids: Sequence[str], statements: Iterable[PaperStatements], linked: Iterable[LinkedMention]
) -> tuple[Spool[LinkedRelation], Spool[LinkedResult]]:
    """Each paper's relations and results with their concepts, papers in the order of ``paper_ids``.

    ``statements`` holds one record per paper in that order, as extraction gives them;
    ``linked`` the linked mentions, each paper's together and in extraction order (as
    :func:`kg.link.link_into` gives them).  A relation whose two ends are one concept says
    nothing and is left out.
    """
    relations: Spool[LinkedRelation] = Spool()
    results: Spool[LinkedResult] = Spool()
    runs = _concepts_by_paper(linked)
    upcoming = next(runs, None)
    for paper_id, stated in zip(paper_ids, statements, strict=True):
        found: list[LinkedMention] = []
        if upcoming is not None and upcoming[0] == paper_id:
            found = upcoming[1]
            upcoming = next(runs, None)
        if not stated.relations and not stated.results:
            continue
        for relation in stated.relations:
            if max(relation.head, relation.tail) >= len(found):
                continue
            head, tail = found[relation.head].concept_id, found[relation.tail].concept_id
            if head == tail:
                continue
            sentence = relation.sentence
            relations.append(
                LinkedRelation(
                    relation, head, tail, sentence[slice(*relation.head_at)], sentence[slice(*relation.tail_at)]
                )
            )
        for result in stated.results:
            method, dataset = _concept(found, result.method), _concept(found, result.dataset)
            results.append(LinkedResult(result, method, dataset))
    return relations, results
