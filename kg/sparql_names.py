"""Which concepts of an RDF export a name given to ``kg sparql --bind`` means.

A concept is written with one ``skos:prefLabel`` and any number of ``skos:altLabel``
(kg/export/rdf.py); the Python helpers (:func:`kg.query.find_concept`) find it by node
id, or by any of those names after :func:`kg.normalize.concept_key`, which ignores case,
hyphens, articles and plurals.  ``--bind`` matches the same way, so ``dataset=mnist``
finds "MNIST".  When nothing matches so, the name is compared once more with its spaces
and punctuation gone, so ``cifar10`` finds "CIFAR-10" (whose id is ``dataset:cifar10``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.normalize import concept_key
from kg.vocab import CLASSES

CLASS_NAMES = {str(iri): kind for kind, iri in CLASSES.items()}
"""Concept class IRI -> kg's type name ("method", "task", "dataset")."""

NAMES_QUERY = """
SELECT ?c ?class ?label ?alias
WHERE {
  ?c a ?class ; skos:prefLabel ?label .
  VALUES ?class { kg:Method kg:Task kg:Dataset }
  OPTIONAL { ?c skos:altLabel ?alias }
}
"""
"""The concepts of an export with their names, one row per (concept, alias)."""


@dataclass(frozen=True)
class ConceptNames:
    """One concept of an export: its IRI, class, preferred label and aliases."""

    iri: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """kg's type name of the concept: method, task or dataset."""
        return CLASS_NAMES.get(self.cls, "concept")

    @property
    def node_id(self) -> str:
        """The concept's node id in kg's graph, ``dataset:cifar10``, read from the end of its IRI."""
        return f"{self.kind}:{self.iri.rsplit('/', 1)[-1]}"

    def names(self) -> tuple[str, ...]:
        """The label first, then the aliases."""
        return (self.label, *self.aliases)


def concept_names(rows: Iterable[tuple[str, str, str, str | None]]) -> tuple[ConceptNames, ...]:
    """Concepts from the rows of :data:`NAMES_QUERY` (IRI, class, label, alias or None), by IRI."""
    labels: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], list[str]] = {}
    for iri, cls, label, alias in rows:
        labels[(iri, cls)] = label
        found = aliases.setdefault((iri, cls), [])
        if alias is not None and alias not in found:
            found.append(alias)
    return tuple(
        ConceptNames(iri, cls, label, tuple(sorted(aliases[(iri, cls)])))
        for (iri, cls), label in sorted(labels.items())
    )


def _compact(key: str) -> str:
    return re.sub(r"[\W_]+", "", key)


def matching(concepts: Sequence[ConceptNames], name: str) -> tuple[ConceptNames, ...]:
    """The concepts ``name`` means: by node id or normalised name, else by the name without spaces and punctuation."""
    key = concept_key(name)
    exact = tuple(c for c in concepts if name == c.node_id or key in {concept_key(n) for n in c.names()})
    if exact or not _compact(key):
        return exact
    compact = _compact(key)
    return tuple(c for c in concepts if compact in {_compact(concept_key(n)) for n in c.names()})


def nearest(concepts: Sequence[ConceptNames], name: str, n: int = 5) -> tuple[str, ...]:
    """Up to ``n`` labels of ``concepts`` whose names are spelled most like ``name``, nearest first."""
    by_name: dict[str, str] = {}
    for concept in concepts:
        for other in concept.names():
            by_name.setdefault(other.casefold(), concept.label)
    close = difflib.get_close_matches(name.casefold(), list(by_name), n=4 * n, cutoff=0.6)
    if not close:
        # No name is spelled alike: labels that contain the name, or that the name contains, still help.
        folded = name.casefold()
        close = sorted((k for k in by_name if folded in k or (len(k) > 2 and k in folded)), key=len)
    return tuple(dict.fromkeys(by_name[k] for k in close))[:n]
