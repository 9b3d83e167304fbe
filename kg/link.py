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
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from kg.extract.abbreviations import spells_out
from kg.model import Concept, ConceptType, LinkedMention, Mention
from kg.normalize import (
    concept_key,
    drop_inner_acronyms,
    is_acronym,
    singular,
    singular_acronym,
    split_parenthetical,
)

DOMINANT_SHARE = 2 / 3
TITLE_WEIGHT = 1
ABSTRACT_WEIGHT = 3
_SLUG = re.compile(r"[^\w]+")
_SEPARATORS = re.compile(r"[\s\-]+")


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
    if m.long_form and is_acronym(m.text):
        return m.text, m.long_form
    acronym = own_acronym(m.text)
    return None if acronym is None else (acronym, split_parenthetical(m.text)[0])


def acronym_table(mentions: Iterable[Mention]) -> dict[tuple[ConceptType, str], str]:
    """Acronym (and type) to the long-form key the corpus agrees on, where it agrees."""
    defined: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, ConceptType, str, str]] = set()
    for m in mentions:
        definition = stated_definition(m)
        if definition is not None:
            acronym = singular_acronym(definition[0])
            long_key = concept_key(definition[1])
            marker = (m.paper_id, m.type, acronym, long_key)
            if marker not in seen:
                seen.add(marker)
                defined[(m.type, acronym)][long_key] += 1
    table: dict[tuple[ConceptType, str], str] = {}
    for key, counts in defined.items():
        (best, top), total = counts.most_common(1)[0], sum(counts.values())
        if top / total >= DOMINANT_SHARE and list(counts.values()).count(top) == 1:
            table[key] = best
    return table


_DATASET_SUFFIX = re.compile(r"\s+(?:data\s?sets?|benchmarks?|corpus|corpora|suite)$", re.IGNORECASE)


def dataset_name(text: str) -> str:
    """A data set's name without a trailing "dataset" / "benchmark": "PDEBench benchmark" -> "PDEBench"."""
    return _DATASET_SUFFIX.sub("", text.strip()) or text


_TASK_SUFFIX = re.compile(r"\s+tasks?$")
_TASK_WORD = re.compile(r"\s+tasks?$", re.IGNORECASE)


def type_key(kind: ConceptType, key: str) -> str:
    """Per-type folding of a key.

    Data set names are identifiers: "Fashion MNIST", "FashionMNIST" and
    "Fashion-MNIST" are one, with or without "dataset".  A task is the same
    task with or without the word: "classification task" is "classification".
    """
    if kind == "dataset":
        return dataset_name(key).replace(" ", "")
    if kind == "task":
        return _TASK_SUFFIX.sub("", key) or key
    return key


def surface_name(m: Mention) -> str:
    """The words of a mention that name its concept: no "(GNNs)" after or inside it, no "dataset"."""
    main = drop_inner_acronyms(split_parenthetical(m.text)[0])
    if m.type == "dataset":
        return dataset_name(main)
    if m.type == "task":
        return _TASK_WORD.sub("", main) or main
    return main


def mention_key(m: Mention, table: dict[tuple[ConceptType, str], str]) -> str:
    """The canonical key a mention links to."""
    key = concept_key(surface_name(m))
    if is_acronym(m.text):
        key = concept_key(m.long_form) if m.long_form else table.get((m.type, singular_acronym(m.text)), key)
    return type_key(m.type, key)


def _singular_surface(text: str) -> str:
    """The surface form with its last word made singular, case kept: "Neural Networks" -> "Neural Network"."""
    words = text.split(" ")
    last = words[-1]
    if is_acronym(last):
        words[-1] = singular_acronym(last)
    else:
        lower = last.lower()
        one = singular(lower)
        if one != lower:
            words[-1] = last[: len(one)] if last.lower().startswith(one) else one
    return " ".join(words)


def choose_label(surfaces: Counter[str]) -> str:
    """The name people use most, in the singular; never an acronym much shorter than another
    name of the concept ("GNN"), and at equal use the spelled-out form ("Fashion MNIST").

    Among forms that differ only by case, the one in lower case wins unless a
    capitalised form is clearly a proper name (capitalised in most uses).
    """
    singular_counts: Counter[str] = Counter()
    for text, n in surfaces.items():
        singular_counts[_singular_surface(text)] += n
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


def settle_types(mentions: Sequence[Mention]) -> list[Mention]:
    """Give a name the type most of its mentions have, where most is at least two thirds.

    The model sometimes calls a method a task or a data set; across a corpus the
    name's usual type outvotes the odd mislabel, while names that are truly
    used as two things (no two-thirds majority) keep their types.
    """
    votes: dict[str, Counter[ConceptType]] = defaultdict(Counter)
    name_of = per_form(lambda m: concept_key(surface_name(m)).replace(" ", ""))
    names = [name_of(m) for m in mentions]
    for m, name in zip(mentions, names, strict=True):
        votes[name][m.type] += 1
    settled = []
    for m, name in zip(mentions, names, strict=True):
        (kind, top), total = votes[name].most_common(1)[0], sum(votes[name].values())
        settled.append(replace(m, type=kind) if kind != m.type and top / total >= DOMINANT_SHARE else m)
    return settled


def link(mentions: Sequence[Mention]) -> tuple[tuple[Concept, ...], tuple[LinkedMention, ...]]:
    """Concepts, sorted by id, and each mention with the id of its concept.

    Keys that differ only by spaces ("multi layer perceptron", "multilayer
    perceptron") are one concept, named by the key most mentions use.
    """
    mentions = settle_types(mentions)
    table = acronym_table(mentions)
    key_of = per_form(lambda m: mention_key(m, table))
    keys = [key_of(m) for m in mentions]
    surface_of = per_form(surface_name)
    spellings: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    for m, key in zip(mentions, keys, strict=True):
        spellings[(m.type, key.replace(" ", ""))][key] += 1
    chosen = {group: min(counts, key=lambda k: (-counts[k], k)) for group, counts in spellings.items()}
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    spellings_seen: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    papers: dict[str, dict[str, None]] = defaultdict(dict)
    kinds: dict[str, ConceptType] = {}
    linked: list[LinkedMention] = []
    ids: dict[tuple[ConceptType, str], str] = {}
    texts_seen: set[tuple[str, str]] = set()
    for m, key in zip(mentions, keys, strict=True):
        cid = ids.get((m.type, key))
        if cid is None:
            cid = ids[(m.type, key)] = concept_id(m.type, chosen[(m.type, key.replace(" ", ""))])
        kinds[cid] = m.type
        # Titles capitalise every word: their spelling counts less towards the label.
        surfaces[cid][surface_of(m)] += TITLE_WEIGHT if m.field == "title" else ABSTRACT_WEIGHT
        if (cid, m.text) not in texts_seen:
            texts_seen.add((cid, m.text))
            spellings_seen[cid].add(split_parenthetical(m.text)[0])
            acronym = own_acronym(m.text)
            if acronym is not None:
                spellings_seen[cid].add(acronym)
        if m.long_form and is_acronym(m.text):
            surfaces[cid][m.long_form] += 0
        counts[cid] += 1
        papers[cid][m.paper_id] = None
        linked.append(LinkedMention(m, cid))
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
                paper_ids=tuple(papers[cid]),
                mention_count=counts[cid],
            )
        )
    return tuple(concepts), tuple(linked)
