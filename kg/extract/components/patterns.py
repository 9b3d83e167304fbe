"""``kg_patterns``: concepts found by their shape and by what the text says of them.

Four families of rules, each a rule name on its candidates:

* ``pattern:head-noun`` / ``pattern:named-head``: a head word whose type the lexicon knows
  (``heads.tsv``: "... network", "... segmentation") with the modifiers before it; only in
  a pipeline without a trained NER, which finds such phrases better;
* ``pattern:named-dataset``: names the text calls data (the data-set recogniser,
  :mod:`kg.extract.components.datasets`);
* ``pattern:proposed-name`` and ``pattern:called-name``: a name after "we propose",
  "called", "termed" … (:mod:`kg.extract.components.proposals`), the paper's own or
  another's;
* ``pattern:title-name``: the name before a title's colon ("X: a ... for ...").

The words come from the component's lexicon (the ``lexicon`` setting; saved with the
pipeline).
"""

from __future__ import annotations

from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from kg.extract.abbreviations import QUOTE_MARKS
from kg.extract.components.datasets import (
    KNOWN_STEM,
    LIST_JOINERS,
    MAX_CONJUNCTS,
    MAX_DESCRIPTORS,
    marked_name,
    name_words,
    plural_designation,
    recogniser,
    recurs_as_name,
    verb_use,
)
from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.components.proposals import NAMED_OBJECTS, WE, NamingWords, names_for_authors, said_by_authors
from kg.extract.components.spans import (
    CANDIDATES,
    DETERMINERS,
    FIELD_SEPARATOR,
    MAX_NAME_TOKENS,
    PROPOSED,
    WORDLIKE,
    add_candidate,
    name_like,
    name_run,
    ties_to_next,
)
from kg.extract.lexicon import Lexicon
from kg.normalize import ING_NOUNS, concept_key, is_acronym, singular

_MAX_MODIFIERS = 3
_MAX_TITLE_NAME_TOKENS = 4
_OUR_NAME_SPAN = 4
"""How many words may stand between "our" and the name ("our fast text classifier fastText")."""
_PASSIVE_TAIL = 3
"""How many lower-case head words may follow the name that "is proposed" ("... (OIM) loss function is proposed")."""
_APPOSITION_WORDS = frozenset({"namely", "i.e.", "ie", "viz."})
"""Words that may open an apposed name: "a novel approach (namely, Orthogonal Embedding CNNs)"."""
APPOSED_SPAN = 8
"""How many words a generic phrase before an apposed name may have: "a new simple network
architecture, the Transformer"."""


@Language.factory("kg_patterns", default_config={"head_nouns": True, "lexicon": None})
def make_patterns(nlp: Language, name: str, head_nouns: bool, lexicon: str | None) -> PatternFinder:
    return PatternFinder(head_nouns, lexicon)


class PatternFinder(LexiconReader):
    """Finds concepts by shape: typed heads, named data sets, and proposed names.

    * ``pattern:head-noun`` / ``pattern:named-head``: a head word whose type is
      known ("... network", "... segmentation") with the modifiers before it
      (only without a trained NER, which finds such phrases better: on SciERC
      dev the head-noun spans the NER missed were right one time in five);
    * ``pattern:named-dataset``: a name before "dataset", "benchmark" or "corpus";
    * ``pattern:proposed-name``: a name after "we propose", "called", "termed" ...;
    * ``pattern:called-name``: a name after "called", "termed" ... in a sentence that does
      not speak for the authors ("a recent variant of S4 called DSS"): not a proposal;
    * ``pattern:title-name``: the name before a title's colon ("X: a ... for ...").
    """

    def __init__(self, head_nouns: bool = True, lexicon: str | Path | None = None) -> None:
        self.head_nouns = head_nouns
        super().__init__(lexicon)

    def read(self, lexicon: Lexicon) -> None:
        self.heads = lexicon.heads
        self.boundaries = lexicon.boundaries | STOP_WORDS
        self.modifiers = lexicon.modifiers
        self.generic = lexicon.generic
        self.technical = lexicon.name_words
        self.method_keys = lexicon.term_keys("method")
        self.datasets = recogniser(lexicon)
        self.naming = NamingWords.of(lexicon)
        self.triggers = self.naming.triggers
        self.generic_heads = frozenset(singular(w) for w in self.generic) | lexicon.words("thing_heads.txt")

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        if self.head_nouns:
            self._heads(doc)
        self._datasets(doc)
        self._proposals(doc)
        self._title(doc)
        return doc

    def _modifier(self, token: Token) -> bool:
        lower = token.lower_
        return (
            not token.is_space
            and not token.is_punct
            and lower not in self.boundaries
            and lower not in self.modifiers
            and not lower.endswith("ly")
            and any(c.isalpha() for c in lower)
            and WORDLIKE.match(token.text) is not None
            and not (lower.endswith("ing") and lower not in ING_NOUNS)
            and not token.like_num
        )

    def _specific(self, span: Span, in_title: bool) -> bool:
        """A generic head ("model", "framework") needs a modifier that names something."""
        head = singular(span[-1].lower_)
        if head not in self.generic:
            return True
        modifiers = span[:-1]
        if not in_title and any(t.text[:1].isupper() or is_acronym(t.text) for t in modifiers):
            return True
        return any(t.lower_ in self.technical for t in modifiers)

    def _heads(self, doc: Doc) -> None:
        title_end = next((t.i for t in doc if t.is_space and FIELD_SEPARATOR in t.text), 0)
        for token in doc:
            if not token.is_alpha:
                continue
            kind = self.heads.get(singular(token.lower_))
            if kind is None:
                continue
            start = token.i
            count = 0
            while start > token.sent.start and count < _MAX_MODIFIERS:
                prev = doc[start - 1]
                if (
                    prev.text == "-"
                    and start - 2 >= token.sent.start
                    and (self._modifier(doc[start - 2]) or doc[start - 2].like_num)
                ):
                    start -= 2
                elif self._modifier(prev):
                    start -= 1
                else:
                    break
                count += 1
            if start == token.i:
                continue
            span = doc[start : token.i + 1]
            in_title = token.i < title_end
            if not self._specific(span, in_title):
                continue
            named = not in_title and all(t.text[:1].isupper() or t.text == "-" for t in span)
            if kind == "dataset" and not named:
                continue
            add_candidate(doc, span, kind, "pattern:named-head" if named else "pattern:head-noun")

    def _datasets(self, doc: Doc) -> None:
        """Names that the text says are data: before a designation ("the X dataset", "the X
        and Y benchmarks", "the COCO object detection dataset"), listed after one ("datasets
        such as X, Y and Z", "the dataset X"), after "on" / "over" ("results on X, Y and Z"),
        and names the lexicon knows with an edition, a variant or a language pair ("SQuAD
        v1.1", "WMT14", "N-MNIST", "WMT'14 English-German").  The resolver judges each one
        (:meth:`~kg.extract.components.datasets.DatasetRecogniser.names_a_dataset`)."""
        for token in doc:
            n = self.datasets.designation(doc, token.i)
            opens = n and not (token.i > token.sent.start and self.datasets.designation(doc, token.i - 1))
            if opens and not verb_use(doc, token.i):
                self._named_before(doc, token, n)
                for run in self.datasets.list_items(doc, token.i + n, token.sent.end):
                    add_candidate(doc, run, "dataset", "pattern:named-dataset")
            if token.lower_ == "on" and not (token.i > 0 and doc[token.i - 1].lower_ in self.datasets.not_data_on):
                self._named_after(doc, token)
            if token.lower_ in self.datasets.source_words and token.i > token.sent.start:
                source = self.datasets.run_ending_at(doc, token.i, token.sent.start)
                add_candidate(doc, source, "dataset", "pattern:named-dataset")
            stem = KNOWN_STEM.match(token.text)
            if stem and self.datasets.known(stem["stem"]):
                edition = self.datasets.dataset_run(doc, token.i, token.sent.end)
                add_candidate(doc, edition, "dataset", "pattern:named-dataset")
        self._extend_known(doc)

    def _named_before(self, doc: Doc, designation: Token, size: int) -> None:
        """ "the X dataset", "the X object detection dataset", "the X, Y and Z benchmarks"."""
        floor = designation.sent.start
        run = None
        for skipped in range(MAX_DESCRIPTORS + 1):
            end = designation.i - skipped
            if end <= floor or (skipped and not self.datasets.descriptor(doc[end])):
                break
            run = self.datasets.run_ending_at(doc, end, floor)
            if run is not None:
                break
        if run is None:
            return
        add_candidate(doc, run, "dataset", "pattern:named-dataset")
        if not plural_designation(doc[designation.i + size - 1]):
            return
        for _ in range(MAX_CONJUNCTS):
            i = run.start - 1
            if i <= floor or doc[i].lower_ not in LIST_JOINERS:
                return
            j = i - 1 if doc[i].lower_ in ("and", "or") and doc[i - 1].text == "," else i
            run = self.datasets.run_ending_at(doc, j, floor)
            if run is None:
                return
            add_candidate(doc, run, "dataset", "pattern:named-dataset")

    def _named_after(self, doc: Doc, preposition: Token) -> None:
        """ "results on X", "trained on X, Y and Z": names shaped like data sets' (a digit, an
        inner capital, a known name; capitalised words only where the sentence reports results)."""
        stop = preposition.sent.end
        i = preposition.i + 1
        while i < stop and (doc[i].lower_ in DETERMINERS or doc[i].lower_ in self.datasets.data_adjectives):
            i += 1
        for _ in range(MAX_CONJUNCTS):
            run = self.datasets.dataset_run(doc, i, stop)
            if run is None:
                return
            words = name_words(run)
            shaped = any(marked_name(t.text) for t in words) or self.datasets.holds_known_dataset(words)
            glued = run.end < stop and doc[run.end].text == "-" and not doc[run.end - 1].whitespace_
            if not glued and (shaped or (len(words) > 1 and self.datasets.reports_evaluation(preposition.sent))):
                add_candidate(doc, run, "dataset", "pattern:named-dataset")
            i = run.end
            if i >= stop or doc[i].lower_ not in LIST_JOINERS:
                return
            i += 1
            if i < stop and doc[i].lower_ in ("and", "or"):
                i += 1

    def _extend_known(self, doc: Doc) -> None:
        """A known name with more of a name on it: "N-MNIST", "SQuAD v1.1", "Atari 2600",
        "PASCAL VOC 2012", "WMT 2014 English-German"."""
        known = [c for c in doc.spans.get(CANDIDATES, []) if c.id_ == "lexicon" and c.label_ == "dataset"]
        for span in known:
            start = span.start
            if (
                start >= 2
                and doc[start - 1].text == "-"
                and not doc[start - 2].whitespace_
                and not doc[start - 1].whitespace_
                and name_like(doc[start - 2])
            ):
                start -= 2
            run = self.datasets.dataset_run(doc, start, span.sent.end)
            if run is not None and run.end >= span.end and (run.start, run.end) != (span.start, span.end):
                add_candidate(doc, run, "dataset", "pattern:named-dataset")

    def _proposals(self, doc: Doc) -> None:
        group = doc.spans[PROPOSED] if PROPOSED in doc.spans else SpanGroup(doc, name=PROPOSED)
        for token in doc:
            if token.lower_ in self.naming.verbs and said_by_authors(token, openers=WE):
                self._named_by_us(doc, token, group)
                continue
            if token.lower_ == "our":
                ours = self._our_named(doc, token)
                if ours is not None and not any(p.start == ours.start and p.end == ours.end for p in group):
                    add_candidate(doc, ours, "method", "pattern:proposed-name")
                    group.append(ours)
                continue
            if self.naming.proposed_here(token):
                subject = self._passive_subject(doc, token)
                if subject is not None:
                    add_candidate(doc, subject, "method", "pattern:proposed-name")
                    group.append(subject)
                continue
            refers = self.naming.refers_as(token)
            if token.lower_ not in self.triggers and not refers:
                continue
            if token.lower_ in self.naming.propose and not said_by_authors(token):
                continue
            i = self._past_modifiers(doc, token.i + 1, token.sent.end)
            if i >= token.sent.end:
                continue
            # Only a name is a contribution ("we propose SineNet"); "we present a
            # numerical simulation" says what the paper does, not what it introduces.
            run = name_run(doc, i, token.sent.end) or self._apposed_name(doc, i, token.sent.end)
            if run is None:
                continue
            # A name that its acronym spells out goes on as far as the acronym's long form
            # ("Spatial Learning Through Time (SLTT)", where "Through" stops a name run).
            pairs = doc._.kg_abbreviations or []
            long = next((lf for _, lf in pairs if lf.start == run.start and lf.end > run.end), None)
            if long is not None and len(long) <= MAX_NAME_TOKENS + 2:
                run = long
            if all(t.lower_ in self.generic for t in run):
                continue
            # "a recent variant of S4 called DSS", "the so-called Hankel operator": a name
            # given by others is a name, but not this paper's contribution.
            if (refers or token.lower_ in self.naming.participles) and not names_for_authors(token):
                add_candidate(doc, run, "method", "pattern:called-name")
                continue
            add_candidate(doc, run, "method", "pattern:proposed-name")
            group.append(run)
        doc.spans[PROPOSED] = group

    def _past_modifiers(self, doc: Doc, i: int, stop: int) -> int:
        """The first word from ``i`` that is no modifier, determiner or quotation mark; a
        modifier a hyphen ties to the next word opens a name ("Prior-Data Fitted Networks")."""
        while i < stop and (
            (doc[i].lower_ in self.modifiers and not ties_to_next(doc[i]))
            or doc[i].lower_ in DETERMINERS
            or doc[i].text in QUOTE_MARKS
        ):
            i += 1
        return i

    def _our_named(self, doc: Doc, our: Token) -> Span | None:
        """The name right after "our" and a few words ending in a generic or thing head, or in
        brackets there: "our fast text classifier fastText", "our models (BigGANs)". A name the
        lexicon knows is another's ("our ResNet baseline" is not, nor "our model ResNet")."""
        stop = our.sent.end
        for j in range(our.i + 1, min(stop - 1, our.i + 1 + _OUR_NAME_SPAN)):
            word = doc[j]
            if word.is_punct or word.lower_ in STOP_WORDS:
                return None
            if singular(word.lower_) not in self.generic_heads:
                continue
            k = j + 1
            bracketed = doc[k].text == "("
            run = name_run(doc, k + 1 if bracketed else k, stop)
            if run is None or concept_key(run.text) in self.method_keys:
                return None
            if bracketed and not (run.end < stop and doc[run.end].text == ")"):
                return None
            return run
        return None

    def _passive_subject(self, doc: Doc, participle: Token) -> Span | None:
        """The name that "is proposed": the last name (or acronym's long form) of the words before
        the verb, followed at most by its acronym in brackets and a few lower-case head words
        ("An Online Instance Matching (OIM) loss function is proposed")."""
        be = participle.i - 1
        while doc[be].lower_ not in ("is", "are"):
            be -= 1
        pairs = doc._.kg_abbreviations or []
        first = max(participle.sent.start, be - MAX_NAME_TOKENS - _PASSIVE_TAIL)
        for j in range(first, be):
            if not name_like(doc[j]) or doc[j].lower_ in DETERMINERS or (j > first and name_like(doc[j - 1])):
                continue
            long = next((lf for _, lf in pairs if lf.start == j and lf.end <= be), None)
            run = long if long is not None else name_run(doc, j, be)
            if run is None:
                continue
            # Only its acronym in brackets and a few lower-case head words may follow the name.
            short = {t.text for short, lf in pairs if lf.start == run.start for t in short}
            heads = [t for t in doc[run.end : be] if t.text not in "()" and t.text not in short]
            if len(heads) <= _PASSIVE_TAIL and all(
                t.is_lower and t.is_alpha and t.lower_ not in STOP_WORDS for t in heads
            ):
                return run
        return None

    def _apposed_name(self, doc: Doc, start: int, stop: int) -> Span | None:
        """The name set after a comma beside a generic phrase: "we propose a new simple
        network architecture, the Transformer", "we introduce a family of operator learning
        architectures, structure-preserving operator networks (SPONs)", "a novel approach
        (namely, OE-CNNs)". The phrase must end in a generic word (``generic.txt``) within
        :data:`APPOSED_SPAN` words and hold no verb of the sentence's own (no comma, no
        function word but "of")."""
        for comma in range(start, min(stop, start + APPOSED_SPAN + 1)):
            if doc[comma].text in (",", "(") and comma > start:
                break
            if doc[comma].is_punct or (doc[comma].lower_ in STOP_WORDS and doc[comma].lower_ != "of"):
                return None
        else:
            return None
        if doc[comma - 1].lower_ not in self.generic:
            return None
        # A bracket holds an apposition only after "namely" or "i.e."; else it gives an acronym ("network (RNN)").
        if doc[comma].text == "(" and not (comma + 1 < stop and doc[comma + 1].lower_ in _APPOSITION_WORDS):
            return None
        i = comma + 1
        while i < stop and (doc[i].lower_ in _APPOSITION_WORDS or doc[i].text == ","):
            i += 1
        i = self._past_modifiers(doc, i, stop)
        pairs = doc._.kg_abbreviations or []
        long = next((lf for _, lf in pairs if lf.start == i and len(lf) <= MAX_NAME_TOKENS + 2), None)
        return long if long is not None else (name_run(doc, i, stop) if i < stop else None)

    def _named_by_us(self, doc: Doc, verb: Token, group: SpanGroup) -> None:
        """The name after "we call / term / dub …", past what it names ("this architecture a",
        "our networks"): only pronouns, determiners and generic words may stand between."""
        i = verb.i + 1
        while i < verb.sent.end and (doc[i].lower_ in NAMED_OBJECTS or doc[i].lower_ in self.generic):
            i += 1
        run = name_run(doc, i, verb.sent.end) if i < verb.sent.end else None
        if run is not None and not all(t.lower_ in self.generic for t in run):
            add_candidate(doc, run, "method", "pattern:proposed-name")
            group.append(run)

    def _title(self, doc: Doc) -> None:
        """In "X: a ... for ..." titles, X is what the paper contributes."""
        if not any(t.is_space and FIELD_SEPARATOR in t.text for t in doc):
            return  # no title in this text
        first = next(iter(doc.sents), None)
        if first is None:
            return
        colon = next((t for t in first if t.text == ":"), None)
        if colon is None or colon.i == first.start or colon.i - first.start > MAX_NAME_TOKENS:
            return
        name = doc[first.start : colon.i]
        # A name, not a phrase: "BAMBOO:", "Lagrangian PINNs:", "A-NeSI:" but not
        # "Contrasting Adversarial Perturbations:" (every title word is capitalised).
        # Title case alone proves nothing; the abstract writing the words the same way
        # inside a sentence does ("Polynormer:", "Meta Flow Matching:"), unless the name
        # is one the lexicon knows, which the paper did not invent.
        marked = any(sum(c.isupper() for c in t.text) >= 2 or any(c.isdigit() for c in t.text) for t in name)
        if len(name) > _MAX_TITLE_NAME_TOKENS or not (
            marked or (recurs_as_name(doc, name) and concept_key(name.text) not in self.method_keys)
        ):
            return
        # "QM9: A Dataset of ...": the description right after the colon says what X is.
        # So does the name's own last word ("Multiphysics Bench:").
        head = {t.lower_ for t in doc[colon.i + 1 : min(first.end, colon.i + 5)]}
        named_data = name[-1].lower_ in self.datasets.dataset_words or name[-1].lower_ == "bench"
        kind = "dataset" if named_data or head & self.datasets.dataset_words else "method"
        add_candidate(doc, name, kind, "pattern:title-name")
        group = doc.spans[PROPOSED] if PROPOSED in doc.spans else SpanGroup(doc, name=PROPOSED)
        group.append(name)
        doc.spans[PROPOSED] = group
