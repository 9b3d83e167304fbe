"""Mention replacement: more training sentences for the NER from SciERC train itself.

Each training abstract is also seen with some of its Method, Task and Material mentions
swapped for other mentions of the same type drawn from the training set ("we apply
*beam search* to *machine translation*" may become "we apply *a CRF* to *parsing*").
The model then sees every context with many fillers and every filler in many contexts,
which keeps it from learning a mention by its neighbours alone. Dai and Adel (COLING 2020,
"An Analysis of Simple Data Augmentation for Named Entity Recognition") found this the most
reliable of their simple augmentations on small NER training sets.

The augmenter is registered for spaCy's corpus reader; ``config-augment.cfg`` uses it:

    python -m spacy train training/config-augment.cfg --code training/augment.py \\
      --output runs/aug0 --paths.train corpus/train.spacy --paths.dev corpus/dev.spacy \\
      --system.seed 0

Randomness comes from Python's ``random``, which ``spacy train`` seeds with
``--system.seed``, so a run is reproducible.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

Mention = tuple[tuple[str, ...], tuple[bool, ...]]
"""A mention's words and, for each word but the last, whether a space follows it."""


def mention_pool(path: Path) -> dict[str, list[Mention]]:
    """Every gold mention of a ``DocBin`` corpus, by label (repeats kept: common names come up more)."""
    pool: dict[str, list[Mention]] = defaultdict(list)
    vocab = spacy.blank("en").vocab
    for doc in DocBin().from_disk(path).get_docs(vocab):
        for ent in doc.ents:
            words = tuple(t.text for t in ent)
            spaces = tuple(bool(t.whitespace_) for t in ent[:-1])
            pool[ent.label_].append((words, spaces))
    if not pool:
        raise ValueError(f"{path}: no entities to draw replacements from; pass the training corpus")
    return dict(pool)


def replace_mentions(example: Example, pool: dict[str, list[Mention]], level: float) -> Example | None:
    """A copy of ``example`` with each mention replaced with probability ``level``; ``None`` if none was."""
    reference = example.reference
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    replaced = False
    i = 0
    ents = {ent.start: ent for ent in reference.ents}
    while i < len(reference):
        ent = ents.get(i)
        if ent is None:
            token = reference[i]
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            tags.append("O")
            i += 1
            continue
        new_words: tuple[str, ...] = tuple(t.text for t in ent)
        new_spaces: tuple[bool, ...] = tuple(bool(t.whitespace_) for t in ent[:-1])
        if pool.get(ent.label_) and random.random() < level:
            new_words, new_spaces = random.choice(pool[ent.label_])
            replaced = True
        words.extend(new_words)
        spaces.extend([*new_spaces, bool(ent[-1].whitespace_)])
        tags.extend([f"B-{ent.label_}"] + [f"I-{ent.label_}"] * (len(new_words) - 1))
        i = ent.end
    if not replaced:
        return None
    vocab = reference.vocab
    gold = Doc(vocab, words=words, spaces=spaces, ents=tags)
    return Example(Doc(vocab, words=words, spaces=spaces), gold)


def make_mention_replacement(source: str, level: float = 0.3) -> Callable[[Language, Example], Iterator[Example]]:
    """Yield each training example, then a copy with mentions replaced (when any was)."""
    pool = mention_pool(Path(source))

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        copy = replace_mentions(example, pool, level)
        if copy is not None:
            yield copy

    return augment


registry.augmenters.register("kg.mention_replacement.v1", func=make_mention_replacement)
