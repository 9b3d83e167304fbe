"""``kg_resolve``: the final concepts of a doc, from every rule's candidates and the NER's entities.

The NER's entities join the rules' candidates, typed the kg way (a decisive head word,
``decisive_heads.tsv``, ``thing_heads.txt``; a class of equations is a task; an action is
no method).  Each candidate is then trimmed (modifiers, partitives, unpaired brackets),
dropped if it names nothing (generic words, ``not_concept_heads.txt``, organisations,
descriptions, data sets without a name), and where candidates overlap the longer wins,
then the more trusted rule (:data:`RULE_PRIORITY`).  Acronyms take the type of their long
form.  The result is ``doc.spans["kg"]``; ``doc.spans["kg_proposed"]`` is set, empty
where no rule found a proposal.

The words come from the component's lexicon (the ``lexicon`` setting; saved with the
pipeline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from kg.extract.abbreviations import QUOTE_MARKS
from kg.extract.components.datasets import recogniser
from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.components.proposals import NamingWords
from kg.extract.components.spans import (
    CANDIDATES,
    CONJUNCTIONS,
    MATERIAL,
    MAX_NAME_TOKENS,
    PROPOSED,
    RESOLVED,
    TASK_WORD,
    balanced_end,
    hyphen_joined,
    in_title,
    joins_names,
    ties_to_next,
)
from kg.extract.concept_shape import equation_type, is_description, is_vague_task
from kg.extract.lexicon import Lexicon
from kg.normalize import concept_key, head_position, opens_with_action, singular, singular_acronym

# Rules in order of trust; on overlap the longer span wins, then the more trusted rule
# (fallback rules come last whatever their length).
RULE_PRIORITY = {
    "acronym-definition": 0,
    "lexicon": 1,
    "pattern:named-dataset": 2,
    "pattern:proposed-name": 3,
    "pattern:called-name": 3,
    "pattern:title-name": 3,
    "acronym": 4,
    "pattern:task-phrase": 5,
    "pattern:task-list": 5,
    "ner": 6,
    "pattern:named-head": 7,
    "pattern:head-noun": 8,
}
NER_LABELS = {"Method": "method", "Task": "task", "Material": MATERIAL, "method": "method", "task": "task"}
"""SciERC's labels as kg's types; Material becomes ``dataset`` only where it names a data set."""
FALLBACK_RULES = frozenset({"pattern:head-noun"})
"""Rules that only fill gaps: they never displace a span another rule or the NER found."""
MIN_LIST = 3
"""The fewest concepts of a list whose agreeing types retype a model's odd one out (:func:`_conjuncts_agree`)."""
_MAX_ENTITY_TOKENS = 12
_MAX_TITLE_ENTITY_TOKENS = 6
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "over", "with", "from", "to", "by", "via", "under"})
# Prepositions that join two names: a method and what it is used on, for or in
# ("transformers for image classification").
_PREPOSITIONS_BETWEEN_NAMES = frozenset({"on", "for", "in"})
_NOT_A_NAME = re.compile(r"://|www\.|[=@<>]|\\")
_POSSESSIVES = frozenset({"'s", "\u2019s", "'"})
_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
"""A possessor that is a person's name, as in a method named after them: one capital, then lower case."""


@Language.factory("kg_resolve", default_config={"lexicon": None})
def make_resolve(nlp: Language, name: str, lexicon: str | None) -> Resolver:
    return Resolver(lexicon)


DASHES = frozenset({"--", "\u2014"})
"""Dashes that, with a space on each side, always set off a clause or an aside: "deep learning --
gradient descent -- ...".  A spaced hyphen does so only in a text that writes its hyphens
unspaced (:func:`_writes_hyphens_unspaced`); a spaced en dash never counts, as tokenised
text writes "encoder \u2013 decoder" for "encoder\u2013decoder"."""


def _writes_hyphens_unspaced(doc: Doc) -> bool:
    """Whether the text joins some words with an unspaced hyphen ("physics-informed"): in such a
    text a hyphen with a space on each side is a dash; a text that spaces its hyphens ("bi -
    directional") was tokenised before kg read it."""
    return any(ties_to_next(t) for t in doc)


def _split_at_spaced_dashes(candidates: list[Span]) -> list[Span]:
    """A model span across a dash with a space on each side is two names, or a name and its
    gloss, never one: "metanetworks - neural networks" is cut into "metanetworks" and "neural
    networks", which the later steps keep or drop each on its own.  (In the demo corpus the
    three spans so written were all wrong.)"""
    kept: list[Span] = []
    unspaced: bool | None = None
    for span in candidates:
        doc = span.doc
        cuts = []
        if span.id_ == "ner":
            for i in range(span.start + 1, span.end - 1):
                token = doc[i]
                if not (token.whitespace_ and doc[i - 1].whitespace_):
                    continue
                if token.text == "-" and unspaced is None:
                    unspaced = _writes_hyphens_unspaced(doc)
                if token.text in DASHES or (token.text == "-" and unspaced):
                    cuts.append(i)
        if not cuts:
            kept.append(span)
            continue
        start = span.start
        for cut in [*cuts, span.end]:
            if cut > start:
                kept.append(Span(doc, start, cut, label=span.label_, span_id=span.id_))
            start = cut + 1
    return kept


def _coordinations(chosen: list[Span]) -> Iterable[list[int]]:
    """The runs of ``chosen`` (sorted by start) that a coordination joins: consecutive concepts
    with only "and", "or" and commas between them ("object pushing, object sorting, and
    manipulation of deformable objects"), as index lists of two or more."""
    run: list[int] = []
    for i, span in enumerate(chosen):
        if run:
            last = chosen[run[-1]]
            between = span.doc[last.end : span.start]
            if 0 < len(between) <= 2 and all(t.lower_ in CONJUNCTIONS for t in between):
                run.append(i)
                continue
            if len(run) > 1:
                yield run
        run = [i]
    if len(run) > 1:
        yield run


def _conjuncts_agree(chosen: list[Span]) -> list[Span]:
    """A model's method or task in a list of three or more concepts whose others are all of the
    other of the two types takes theirs: "such as object pushing, compositional object sorting,
    and manipulation of deformable objects" lists tasks.  Of SciERC train's CONJUNCTION relations
    between a Method and a Task or two of either, 148 of 151 join two of one type (counted by the
    kg developers, 2026-12-04).  Two-name lists are left alone: on the demo dev gold they retyped
    as many right names as wrong ones ("linear probing and nearest neighbor classification").
    Only a model's span is retyped, and only where its conjuncts agree."""
    kept = list(chosen)
    for run in _coordinations(chosen):
        if len(run) < MIN_LIST:
            continue
        for i in run:
            span = chosen[i]
            if span.id_ != "ner" or span.label_ not in ("method", "task"):
                continue
            others = {chosen[j].label_ for j in run if j != i}
            other = next(iter(others))
            if len(others) == 1 and other in ("method", "task") and other != span.label_:
                kept[i] = Span(span.doc, span.start, span.end, label=other, span_id=span.id_)
    return kept


def _rule_family(rule: str) -> str:
    return "lexicon" if rule.startswith("lexicon") else rule


class Resolver(LexiconReader):
    """Chooses the final spans: types acronyms, trims modifiers, drops generic words, resolves overlaps."""

    def read(self, lexicon: Lexicon) -> None:
        self.generic = lexicon.generic
        self.generic_keys = frozenset(concept_key(name) for name in self.generic)
        self.generic_words = frozenset(singular(w) for name in self.generic for w in name.split())
        self.lowercase_datasets = frozenset(n for n in lexicon.terms["dataset"] if n == n.lower())
        self.modifiers = lexicon.modifiers
        self.heads = lexicon.heads
        self.descriptive = lexicon.descriptive_heads
        self.technical = lexicon.technical_words
        self.method_keys = lexicon.term_keys("method")
        self.task_keys = lexicon.term_keys("task")
        self.decisive_heads = lexicon.table("decisive_heads.tsv")
        self.thing_heads = lexicon.words("thing_heads.txt")
        self.not_concept_heads = lexicon.words("not_concept_heads.txt")
        self.task_nouns = frozenset(singular(name) for name in self.generic if " " not in name)
        self.vague = lexicon.words("vague_modifiers.txt") | self.modifiers | lexicon.words("data_adjectives.txt")
        self.partitives = lexicon.table("partitives.tsv")
        self.organisation_words = lexicon.words("organisation_words.txt")
        self.hardware = frozenset(w for w, kind in lexicon.table("not_dataset.tsv").items() if kind == "hardware")
        self.participles = NamingWords.of(lexicon).participles
        self.datasets = recogniser(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        candidates = list(doc.spans[CANDIDATES]) if CANDIDATES in doc.spans else []
        for ent in doc.ents:
            kind = NER_LABELS.get(ent.label_)
            if kind is not None and len(ent) > 1:
                kind = self.settled_type(ent, kind)
            if kind in ("method", "task"):
                kind = equation_type(ent.text.split(), kind)
            # "interpreting neural networks", "treating networks as graphs": an action the model
            # calls a method names no technique (demo dev gold: method F1 +0.007, tasks unchanged).
            if kind == "method" and len(ent) > 1 and opens_with_action(ent.text.split()):
                continue
            if kind is not None and self._plausible_entity(ent):
                candidates.append(Span(doc, ent.start, ent.end, label=kind, span_id="ner"))
        defined = {singular_acronym(short.text) for short, _ in doc._.kg_abbreviations or []}
        candidates = [
            c for c in candidates if not (c.id_ == "pattern:named-dataset" and singular_acronym(c.text) in defined)
        ]
        candidates = _split_at_spaced_dashes(candidates)
        candidates = self._split_coordinations(candidates)
        candidates = self._extend_to_long_forms(doc, candidates)
        candidates = self._type_definitions(doc, candidates)
        candidates.extend(self._acronyms(doc, candidates))
        candidates = self._drop_generic_acronyms(doc, candidates)
        kept: list[Span] = []
        for span in candidates:
            trimmed = self._trim(span)
            if trimmed is not None:
                kept.append(trimmed)
        kept.sort(
            key=lambda s: (
                s.id_ in FALLBACK_RULES,
                -(s.end_char - s.start_char),
                RULE_PRIORITY.get(_rule_family(s.id_), 9),
                s.start,
            )
        )
        taken = [False] * len(doc)
        chosen: list[Span] = []
        for span in kept:
            if any(taken[span.start : span.end]):
                continue
            for i in range(span.start, span.end):
                taken[i] = True
            chosen.append(span)
        chosen.sort(key=lambda s: s.start)
        chosen = self._used_for_tasks(chosen)
        chosen = _conjuncts_agree(chosen)
        doc.spans[RESOLVED] = SpanGroup(doc, name=RESOLVED, spans=chosen)
        if PROPOSED not in doc.spans:
            doc.spans[PROPOSED] = SpanGroup(doc, name=PROPOSED)
        return doc

    @staticmethod
    def _used_for_tasks(chosen: list[Span]) -> list[Span]:
        """A model's task right before "for" and a task is a method: "Low Rank Optimization for
        Efficient Deep Learning", "adapter routing for cross-task generalization".  In SciERC
        train and dev, of the 100 spans directly before "for" and a Task, 44 are methods, 36
        generic words and 4 tasks (counted by the kg developers, 2026-12-03).  Only a model's
        span is retyped: a lexicon name or a rule's task keeps what it was found as."""
        kept = list(chosen)
        for i, span in enumerate(chosen[:-1]):
            after = chosen[i + 1]
            if (
                span.label_ == "task"
                and span.id_ == "ner"
                and after.label_ == "task"
                and after.start == span.end + 1
                and span.doc[span.end].lower_ == "for"
            ):
                kept[i] = Span(span.doc, span.start, span.end, label="method", span_id=span.id_)
        return kept

    @staticmethod
    def _plausible_entity(ent: Span) -> bool:
        """No run-on span, and in a title none longer than a short name: a title is a phrase
        whose long spans run names together. (Until model 0.8.0 a title span also had to
        recur in the abstract; on the demo dev gold that cost more than it saved.)"""
        if len(ent) > _MAX_ENTITY_TOKENS:
            return False
        return not in_title(ent) or len(ent) <= _MAX_TITLE_ENTITY_TOKENS

    def _split_coordinations(self, candidates: list[Span]) -> list[Span]:
        """Drop a model span like "VAEs and k-means" or "CIFAR-10/FFHQ datasets" when the
        lexicon knows its conjuncts, one that runs two lexicon names back to back, and one
        like "graph neural networks on time series forecasting" when the lexicon knows the
        names on both sides of the preposition: two names, as SciERC annotates them (a
        method, and the task it is used for)."""
        lexical = [c for c in candidates if c.id_ == "lexicon"]
        named = [c for c in candidates if c.id_ == "pattern:named-dataset"]
        kept = []
        for span in candidates:
            if span.id_ == "ner":
                inside = [c for c in lexical if span.start <= c.start and c.end <= span.end]
                # Or names the text lists as data sets: "(MORPH Album 2, CACD-VS and FG-NET)".
                listed = [
                    c for c in named if span.start <= c.start and c.end <= span.end and self.datasets.names_a_dataset(c)
                ]
                if (inside or len(listed) > 1) and any(t.lower_ in CONJUNCTIONS or joins_names(t) for t in span):
                    continue
                if self._tiled_by_names(span, inside):
                    continue
                firsts = [c for c in inside if c.start == span.start and c.end < span.end]
                lasts = [c for c in inside if c.end == span.end]
                if any(
                    b.start == a.end + 1 and span.doc[a.end].lower_ in _PREPOSITIONS_BETWEEN_NAMES
                    for a in firsts
                    for b in lasts
                ):
                    continue
            kept.append(span)
        return kept

    def _tiled_by_names(self, span: Span, inside: list[Span]) -> bool:
        """Whether two or more lexicon names fill a model span back to back, after its rating
        words and before a last word "task(s)" or "problem(s)": "several image classification
        continual learning tasks" names two tasks, not one."""
        end = span.end
        if TASK_WORD.fullmatch(span.doc[end - 1].lower_):
            end -= 1
        at, names = span.start, 0
        while at < end and span.doc[at].lower_ in self.modifiers:
            at += 1
        while at < end:
            following = [c.end for c in inside if c.start == at and c.end <= end]
            if not following:
                return False
            at, names = max(following), names + 1
        return names >= 2

    @staticmethod
    def _extend_to_long_forms(doc: Doc, candidates: list[Span]) -> list[Span]:
        """A model span that holds an acronym's definition but starts inside its long form
        ("Short-Term Memory (LSTM) networks" in "Long Short-Term Memory (LSTM) networks")
        starts where the long form does: the acronym's letters say where the name begins."""
        pairs = doc._.kg_abbreviations or []
        extended = []
        for span in candidates:
            if span.id_ == "ner":
                long = next(
                    (
                        lf
                        for short, lf in pairs
                        if lf.start < span.start < lf.end <= short.start and short.end <= span.end
                    ),
                    None,
                )
                if long is not None:
                    span = Span(doc, long.start, span.end, label=span.label_, span_id="ner")
            extended.append(span)
        return extended

    def _type_definitions(self, doc: Doc, candidates: list[Span]) -> list[Span]:
        """A model span "physics-informed neural networks (PINNs)" takes the type that kg's
        rules give its long form (lexicon, then head word), where they give one.  The span
        keeps its acronym, as SciERC annotates it; linking reads the name without it."""
        pairs = doc._.kg_abbreviations or []
        typed = []
        for span in candidates:
            long = next(
                (
                    lf
                    for short, lf in pairs
                    if span.id_ == "ner" and span.start == lf.start and span.end >= short.end > lf.end
                ),
                None,
            )
            rule_type = self._type_of_long_form(long, [c for c in candidates if c.id_ != "ner"]) if long else None
            if rule_type is not None and rule_type != span.label_:
                span = Span(doc, span.start, span.end, label=rule_type, span_id=span.id_)
            typed.append(span)
        return typed

    def _type_of_long_form(self, long: Span, candidates: Iterable[Span]) -> str | None:
        """The type of an acronym's long form: a candidate spanning exactly it, else its head word."""
        for span in candidates:
            if span.start == long.start and span.end == long.end:
                return span.label_
        return self.heads.get(singular(long[-1].lower_))

    def _acronyms(self, doc: Doc, candidates: list[Span]) -> list[Span]:
        found: list[Span] = []
        pairs = doc._.kg_abbreviations or []
        typed: dict[str, tuple[str, Span]] = {}
        for short, long in pairs:
            kind = self._type_of_long_form(long, candidates)
            if kind is None or self._trim(long) is None:
                continue
            found.append(Span(doc, long.start, long.end, label=kind, span_id="acronym-definition"))
            found.append(Span(doc, short.start, short.end, label=kind, span_id="acronym"))
            typed[singular_acronym(short.text)] = (kind, long)
        if typed:
            defined = {(s.start, s.end) for s, _ in pairs}
            for token in doc:
                key = singular_acronym(token.text)
                if key in typed and (token.i, token.i + 1) not in defined:
                    found.append(Span(doc, token.i, token.i + 1, label=typed[key][0], span_id="acronym"))
        return found

    def _drop_generic_acronyms(self, doc: Doc, candidates: list[Span]) -> list[Span]:
        """An acronym the text defines by a generic long form is generic too: "deep neural networks
        (DNNs)", "Neural networks (NN)" are the hyper-generic words of GUIDELINES.md, so no "DNNs"
        or "NN" is a concept of the paper, wherever it stands.  A long form is generic when,
        past the leading modifiers, it is a name of ``generic.txt``."""
        generic = set()
        for short, long in doc._.kg_abbreviations or []:
            at = long.start
            while at < long.end - 1 and doc[at].lower_ in self.modifiers:
                at += 1
            if concept_key(doc[at : long.end].text) in self.generic_keys:
                generic.add(singular_acronym(short.text))
        if not generic:
            return candidates
        return [c for c in candidates if not (len(c) == 1 and singular_acronym(c.text) in generic)]

    def _trim(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        doc = span.doc
        # "an approach named Physics guided Neural Network", "coined neural snowflake": the
        # name is what follows the naming word (SciERC train and dev hold no span with one
        # inside, "named entity" aside).
        for i in range(end - 2, start - 1, -1):
            if doc[i].lower_ in self.participles and not (
                doc[i].lower_ == "named" and doc[i + 1].lower_.startswith("entit")
            ):
                start = i + 1
                break
        # "the GNN's graph", "a network's activation function": what is named follows the
        # possessive; a person's name keeps it ("Euler's method", "Guerra's interpolation").
        for i in range(end - 2, start, -1):
            if doc[i].lower_ in _POSSESSIVES and not _PERSON_NAME.fullmatch(doc[i - 1].text):
                if end - i <= 2:  # one word is left: "the DSF's potential", a property of the thing
                    return None
                start = i + 1
                break
        while start < end:
            # A modifier a hyphen ties to the next word is part of the name ("Prior-Data Fitted Networks").
            if (doc[start].lower_ in self.modifiers and not ties_to_next(doc[start])) or (
                doc[start].is_punct or doc[start].is_space
            ):
                start += 1
            # "a class of graph neural networks" names graph neural networks; "the number of
            # function evaluations" is a quantity, not a concept.
            elif end - start > 2 and doc[start + 1].lower_ == "of" and doc[start].lower_ in self.partitives:
                if self.partitives[doc[start].lower_] == "quantity":
                    return None
                start += 2
            else:
                break
        # A bracket that does not close inside the span ends it ("circuit [3",
        # "functional E(u"), and so does one that closes what opened before it ("Galaxy S22)").
        end = balanced_end(doc, start, end)
        # Nor does a name end on punctuation or a function word ("NC occurrences in"),
        # unless a hyphen joins the word to the name ("speed-up"); a closing bracket left
        # here closes one the name opened ("GPT-4 (mini)", "POINT^{2}").
        while end > start and (
            (doc[end - 1].is_punct and doc[end - 1].text not in "+)}")
            or doc[end - 1].is_space
            or (doc[end - 1].text in STOP_WORDS and end - 1 > start and not hyphen_joined(doc[end - 1]))
        ):
            end -= 1
        # Quotation marks pair up too: a name holding one of a pair takes the other where it
        # stands just before ('spherical" model' -> '"spherical" model'), and otherwise starts
        # after it ('pixel-wise "uncertainty map' -> 'uncertainty map').
        quotes = [i for i in range(start, end) if doc[i].text == '"']
        if len(quotes) % 2:
            start = start - 1 if start > 0 and doc[start - 1].text == '"' else quotes[-1] + 1
        if start >= end:
            return None
        text = doc[start:end].text
        if concept_key(text) in self.generic_keys or text.lower() in self.generic:
            return None
        # Made only of generic words ("deep learning model", "neural network architecture").
        words = [t.lower_ for t in doc[start:end] if not t.is_punct and not t.is_space]
        if all(singular(w) in self.generic_words for w in words):
            return None
        # Function words name nothing ("anyone", "re" of "re-using"); an acronym in capitals
        # ("NO", neural operator) is a name.
        if all(w in STOP_WORDS for w in words) and not text.isupper():
            return None
        if not any(c.isalpha() for c in text) or len(text) < 2 or _NOT_A_NAME.search(text):
            return None
        if singular(doc[end - 1].lower_) in self.not_concept_heads:
            return None
        # "large-scale problems", "future tasks", "unstable optimization": how big, near or good, not which.
        if is_vague_task(text.lower().split(), self.task_nouns, self.vague):
            return None
        # Hardware is what work runs on, no method, task or data set ("CPU", "an A100 GPU").
        if doc[end - 1].lower_ in self.hardware:
            return None
        # A doing and its object ("estimation of parameters") is judged by its object where it
        # was found (:mod:`kg.extract.components.task_phrases`), not as a description.
        if span.id_ not in ("lexicon", "acronym-definition", "pattern:task-phrase"):
            titled = in_title(doc[start:end])
            modifiers = [
                (t.text, not titled and not t.is_sent_start)
                for t in doc[start : end - 1]
                if not t.is_punct or t.text in QUOTE_MARKS
            ]
            words = [t.text for t in doc[start:end]]
            if not opens_with_action(words) and is_description(
                modifiers, singular(doc[end - 1].lower_), self.descriptive, self.technical
            ):
                return None
        if any(t.lower_ in self.organisation_words for t in doc[start:end]):
            return None
        # "an accurate-but-complex model", "a simple but strong baseline": a contrast of two
        # qualities describes; no name holds "but".
        if any(t.lower_ == "but" for t in doc[start:end]):
            return None
        label = span.label_
        # "Kinetics" the data set, not "kinetics": a capitalised lexicon name must be written so;
        # and "Natural questions arise ...", opening a sentence, is no "Natural Questions".
        if (
            label == "dataset"
            and span.id_ == "lexicon"
            and text.lower() not in self.lowercase_datasets
            and (
                not any(c.isupper() or c.isdigit() for c in text)
                or (
                    end - start > 1
                    and doc[start].is_sent_start
                    and not any(c.isupper() or c.isdigit() for c in text[1:])
                )
            )
        ):
            return None
        # A lexicon name is a data set as written; a title's name was typed by what the title says of it.
        if label in ("dataset", MATERIAL) and span.id_ not in ("lexicon", "pattern:title-name"):
            if self._ends_in_method_name(doc[start:end]):
                label = "method"
            else:
                # "the IJB-B face recognition dataset", "MNIST images": the name in the phrase.
                core = self.datasets.dataset_core(doc[start:end])
                if core is not None:
                    start, end = core.start, core.end
                # Data sets have names ("MNIST", "CIFAR-10", "Penn Treebank"), never "external datasets".
                named = self.datasets.names_a_dataset(doc[start:end])
                if label == "dataset" and not named:
                    return None
                label = "dataset" if named else MATERIAL
        elif label in ("method", "task") and span.id_ == "ner" and not self._ends_in_method_name(doc[start:end]):
            # The model's "method" that the text calls data: "on the IJB-A and IJB-B benchmarks".
            core = self.datasets.dataset_core(doc[start:end]) or doc[start:end]
            if self.datasets.reads_as_dataset(core):
                start, end, label = core.start, core.end, "dataset"
        if start == span.start and end == span.end and label == span.label_:
            return span
        return Span(doc, start, end, label=label, span_id=span.id_)

    def settled_type(self, span: Span, kind: str) -> str:
        """The type of an NER span labelled ``kind`` once its head has spoken (``decisive_heads.tsv``,
        ``thing_heads.txt``; "mixture of *models*" is headed by "mixture").

        An action is not a method, whatever its object: "designing architectures" keeps the
        NER's type (and :meth:`__call__` drops an action the model calls a method).
        """
        words = span.text.lower().split()  # words as written: "out-of-domain" is one, not five tokens
        if not words:
            return kind
        head = singular(words[head_position(words)])
        action = opens_with_action(words)
        decisive = self.decisive_heads.get(head)
        if decisive == "method" and action:
            return kind
        if decisive is None and kind == "task" and head in self.thing_heads and not action:
            return "method"
        if decisive is None and kind == "method" and self._ends_in_task_name(words):
            return "task"
        return decisive or kind

    def _ends_in_task_name(self, words: list[str]) -> bool:
        """True when the name ends in a task of two words or more that the lexicon knows, after
        modifiers: "graph representation learning" is a kind of representation learning, a task."""
        for k in range(2, len(words)):
            if concept_key(" ".join(words[-k:])) in self.task_keys:
                return not any(w in _PREPOSITIONS for w in words[:-k])
        return False

    def _ends_in_method_name(self, span: Span) -> bool:
        """True when the span's head is a method the lexicon knows ("Quantile Random Forests",
        "Swin Transformers"): a name of that shape is a method, not a data set.  After a
        preposition the method is not the head ("Dynamics of Large Language Models")."""
        keys = self.method_keys
        for k in range(1, min(len(span), MAX_NAME_TOKENS) + 1):
            if concept_key(span[-k:].text) in keys:
                return not any(t.lower_ in _PREPOSITIONS for t in span[:-k])
        return False
