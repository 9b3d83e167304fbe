"""The data-set recogniser: when a capitalised name is a data set, by what the text says of it.

A data set's name looks like any other ("MNIST", "Penn Treebank", "IJB-A"); the text says
what it is: a designation after it ("the X dataset", "the X test set"), a list after one
("datasets such as X, Y and Z"), a preposition of data ("trained on X", "accuracy over
X"), a sentence that reports results.  :class:`DatasetRecogniser` reads those signs with
the words of one lexicon (``designations.tsv``, ``evaluation_words.txt``,
``not_data_on.txt``, ``data_adjectives.txt``, ``not_dataset_heads.txt``,
``not_dataset.tsv``, ``heads.tsv``, ``boundaries.txt`` and the data sets of
``dataset.txt``); ``kg_patterns`` asks it where names of data sets may stand and
``kg_resolve`` whether a candidate is one.

How the ways of writing one data set's name fold into one key, and which languages pair
up in a translation track, are :mod:`kg.extract.dataset_names`'s, from the shipped
lexicon whatever lexicon a recogniser reads: :mod:`kg.link` merges data sets by those
keys.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from kg.extract.components.spans import (
    DETERMINERS,
    MAX_NAME_TOKENS,
    WORDLIKE,
    in_title,
    name_like,
    sentence_of,
    title_end,
)
from kg.extract.dataset_names import LANGUAGES, dataset_key, model_shaped, not_a_dataset, pieces
from kg.extract.lexicon import Lexicon
from kg.normalize import singular

MAX_CONJUNCTS = 6
"""The most names of one coordination or list that the rules read ("X, Y and Z")."""
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "du", "di", "da", "del"})
"""Lower-case words inside a person's name, and so inside a name after one ("Korteweg-de Vries")."""
MAX_DESCRIPTORS = 3
"""Lower-case words that may stand between a name and its designation ("the COCO object detection dataset")."""
# Words that open a list of names after a designation ("datasets such as X", "benchmarks (X, Y)").
_LIST_OPENERS = frozenset({"including", "like", "as", ":", "(", "e.g.", "e.g", "namely", "i.e.", "viz", "viz."})
LIST_JOINERS = frozenset({",", "and", "or", "&", "/"})
"""Tokens between the names of a list or coordination."""
# Words before "benchmark" that make it a verb: "we benchmark GPT-4 and ...".
_VERB_SUBJECTS = frozenset({"we", "to", "they", "also", "paper", "work", "study", "and"})
# "trained on X", "accuracy over X": the words before a name that say it is data.
_DATA_PREPOSITIONS = frozenset({"on", "over"})
# Tokens of data sets' names beyond those :func:`kg.extract.components.spans.name_like` takes:
# "WMT'14", "English→German".
_NAME_WITH_YEAR = re.compile(r"^[A-Za-z][\w.\-]*['\u2019]\d\d$")
_LANGUAGE_ARROW = re.compile(r"^[A-Z][a-z]+(?:→|->)[A-Z][a-z]+$")
# Numbers that go on a name: an edition, a year or a version ("MORPH Album 2", "Atari 2600",
# "SQuAD 2.0", "WMT '14"); not a count ("MNIST 10 times").
_EDITION = re.compile(r"^(?:\d|\d{4}|\d+\.\d+|['\u2019]\d\d)$")
_YEAR = re.compile(r"^(?:19|20)\d\d[a-z]?$")
_VERSION_MARK = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
# One token made of a known data set and its edition: "WMT14", "SQuAD1.1", "VOC2012", "ImageNet-1k".
KNOWN_STEM = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z.\-]*?)[-'\u2019]?v?\d+(?:\.\d+)*[kK]?$")
_MAX_DATASET_WORDS = 4


def plural_designation(token: Token) -> bool:
    """A designation of several data sets ("the X and Y datasets"; not "corpus")."""
    return token.lower_ == "corpora" or (token.lower_.endswith("s") and token.lower_ != "corpus")


def verb_use(doc: Doc, i: int) -> bool:
    """ "benchmark" as a verb: "we benchmark GPT-4 and Llama", "this paper benchmarks X"."""
    if doc[i].lower_ not in ("benchmark", "benchmarks") or i == 0:
        return False
    before = doc[i - 1].lower_
    return before in _VERB_SUBJECTS or before.endswith("ly")


def _dataset_token(token: Token) -> bool:
    """A token that can stand in a data set's name: a name-like word, "WMT'14", "English→German"."""
    return name_like(token) or bool(_NAME_WITH_YEAR.match(token.text) or _LANGUAGE_ARROW.match(token.text))


def pair_link(doc: Doc, i: int) -> bool:
    """Token ``i`` joins the two languages of a pair: the "to" of "English-to-German", an arrow."""
    if not 0 < i < len(doc) - 1:
        return False
    if doc[i].text in ("→", "->"):
        return doc[i - 1].lower_ in LANGUAGES and doc[i + 1].lower_ in LANGUAGES
    return (
        doc[i].lower_ == "to"
        and i >= 2
        and i + 2 < len(doc)
        and doc[i - 1].text == "-"
        and doc[i + 1].text == "-"
        and doc[i - 2].lower_ in LANGUAGES
        and doc[i + 2].lower_ in LANGUAGES
    )


def name_words(span: Span) -> list[Token]:
    """The words of a name: tokens with a letter or digit, less the link of a language pair
    and an acronym in brackets ("Real-World Affective Faces (RAF) Database")."""
    words = []
    depth = 0
    for t in span:
        depth += t.text.count("(") - t.text.count(")")
        if depth <= 0 and t.text != ")" and any(c.isalnum() for c in t.text) and not pair_link(span.doc, t.i):
            words.append(t)
    return words


def marked_name(word: str) -> bool:
    """A word that title case cannot explain: a digit or a capital after its first letter."""
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def recurs_as_name(doc: Doc, name: Span) -> bool:
    """The title's ``name`` written the same way in the abstract, not opening a sentence."""
    size = len(name)
    for i in range(title_end(doc), len(doc) - size + 1):
        if doc[i].text == name[0].text and not doc[i].is_sent_start and doc[i : i + size].text == name.text:
            return True
    return False


class DatasetRecogniser:
    """Reads whether a name is a data set, with the words of ``lexicon``.

    Made once per lexicon (:func:`recogniser`); the components hold one.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.dataset_words = lexicon.role("designations.tsv", "dataset")
        """Words that call a name data wherever they stand: "dataset", "benchmark", "corpus"."""
        self.after_name_words = lexicon.role("designations.tsv", "after-name")
        """Words that call a name data only right after it: "the Penn Treebank", "the ISBI challenge"."""
        self.split_words = lexicon.role("designations.tsv", "split")
        self.set_words = lexicon.role("designations.tsv", "set")
        self.source_words = lexicon.role("designations.tsv", "source")
        """Nouns for the data of a named source: "Fermi-LAT data", "ERA5 observations"."""
        self.evaluation_words = lexicon.words("evaluation_words.txt")
        self.not_data_on = lexicon.words("not_data_on.txt")
        self.data_adjectives = lexicon.words("data_adjectives.txt")
        self.not_dataset_heads = lexicon.words("not_dataset_heads.txt")
        self.not_dataset = lexicon.table("not_dataset.tsv")
        self.boundaries = lexicon.boundaries
        self.heads = lexicon.heads
        self.known_keys = frozenset(dataset_key(name) for name in lexicon.terms["dataset"])
        """The keys (:func:`kg.extract.dataset_names.dataset_key`) of the lexicon's data sets."""

    def designation(self, doc: Doc, i: int) -> int:
        """How many tokens from ``i`` call the name before them a data set: "dataset", "data
        sets", "benchmark suite", "test set", "treebank" … (0 where none does)."""
        n = 0
        while i + n < len(doc):
            low = doc[i + n].lower_
            after = doc[i + n + 1].lower_ if i + n + 1 < len(doc) else ""
            if low in self.dataset_words or low in self.after_name_words:
                n += 1
                continue
            if not (
                (low == "data" and after in ("set", "sets")) or (low in self.split_words and after in self.set_words)
            ):
                break
            n += 2
        return n

    def _continues_name(self, doc: Doc, start: int, end: int, stop: int) -> bool:
        """Whether token ``end`` goes on the data set's name that runs from ``start``."""
        token = doc[end]
        if end == start or token.lower_ in self.dataset_words:
            return _dataset_token(token) and end == start  # "the ImageNet Dataset": the name ends before it
        if _dataset_token(token) or pair_link(doc, end):
            return True
        if _EDITION.match(token.text):
            return any(c.isalpha() for c in doc[end - 1].text)
        following = doc[end + 1] if end + 1 < stop else None
        if following is None:
            return False
        if token.text == "-":
            glued = not doc[end - 1].whitespace_ and not token.whitespace_
            particle = following.lower_ in _NAME_PARTICLES and end + 2 < stop and doc[end + 2].text[:1].isupper()
            return glued and (_dataset_token(following) or following.like_num or pair_link(doc, end + 1) or particle)
        # "Korteweg-de Vries"
        return token.lower_ in _NAME_PARTICLES and following.text[:1].isupper() and following.is_alpha

    def dataset_run(self, doc: Doc, start: int, stop: int) -> Span | None:
        """The longest name from ``start`` written as data sets' names are: name-like words, an
        edition after them ("Atari 2600", "SQuAD 2.0", "MORPH Album 2"), hyphens inside, and
        the link of a language pair ("WMT 2014 English-to-German")."""
        if (
            start >= 2
            and doc[start - 1].text == "-"
            and not doc[start - 1].whitespace_
            and not doc[start - 2].whitespace_
        ):
            return None  # "non-Euclidean": the name is part of a word
        end = start
        while end < stop and end - start < MAX_NAME_TOKENS and self._continues_name(doc, start, end, stop):
            end += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end] if end > start else None

    def run_ending_at(self, doc: Doc, end: int, floor: int) -> Span | None:
        """The longest name of :meth:`dataset_run`'s kind that ends at ``end`` ("the X dataset")."""
        start = end
        while start > floor and end - start < MAX_NAME_TOKENS:
            token = doc[start - 1]
            edition = (
                _EDITION.match(token.text) and start - 2 >= floor and any(c.isalpha() for c in doc[start - 2].text)
            )
            if not (_dataset_token(token) or token.text == "-" or pair_link(doc, start - 1) or edition):
                break
            start -= 1
        if start > floor and doc[start].text == "-" and not doc[start - 1].whitespace_:
            return None  # "non-Euclidean data sets": the name is part of a word
        while start < end and (doc[start].is_punct or pair_link(doc, start)):
            start += 1
        if start >= end:
            return None
        run = self.dataset_run(doc, start, end)
        return run if run is not None and run.end == end else None

    def _skip_descriptors(self, doc: Doc, i: int, stop: int) -> int:
        """Past up to :data:`MAX_DESCRIPTORS` lower-case words from ``i`` to a designation ("COCO
        *object detection* dataset"); ``i`` itself where no designation follows them."""
        j = i
        while j < stop and j - i < MAX_DESCRIPTORS and not self.designation(doc, j):
            if not self.descriptor(doc[j]):
                return i
            j += 1
        return j if j < stop and self.designation(doc, j) else i

    def descriptor(self, token: Token) -> bool:
        """A lower-case word between a name and its designation: "COCO *object detection* dataset";
        not a verb, adverb or function word ("XNet *significantly outperforms* established benchmarks")."""
        low = token.lower_
        return (
            token.text.islower()
            and WORDLIKE.match(token.text) is not None
            and low not in STOP_WORDS
            and low not in self.boundaries
            and not low.endswith("ly")
        )

    def _followed_by_designation(self, span: Span) -> bool:
        """The span names data by what follows it: "X dataset", "X test set", "X and Y benchmarks",
        "the X object detection dataset"."""
        doc = span.doc
        stop = sentence_of(span).end
        j = span.end
        joined = False
        for _ in range(MAX_CONJUNCTS):
            j = self._skip_descriptors(doc, j, stop)
            n = self.designation(doc, j) if j < stop else 0
            if n:
                return not verb_use(doc, j) and (not joined or plural_designation(doc[j + n - 1]))
            if j >= stop or doc[j].lower_ not in LIST_JOINERS:
                return False
            joined = True
            j += 1
            if j < stop and doc[j].lower_ in ("and", "or"):
                j += 1
            run = self.dataset_run(doc, j, stop)
            if run is None:
                return False
            j = run.end
        return False

    def list_items(self, doc: Doc, i: int, stop: int) -> list[Span]:
        """The names listed right after a designation ending before ``i``: "datasets such as X,
        Y and Z", "benchmarks (X, Y)", "the dataset X", "benchmarks, X and Y"."""
        comma = False
        if i + 1 < stop and doc[i].text == "," and doc[i + 1].lower_ in _LIST_OPENERS | {"such"}:
            i += 1  # "datasets, including X"
        if i + 1 < stop and doc[i].lower_ == "such" and doc[i + 1].lower_ == "as":
            i += 2
        elif i < stop and doc[i].lower_ in _LIST_OPENERS:
            i += 1
        elif i < stop and doc[i].text == ",":
            comma, i = True, i + 1
        bracket = i > 0 and doc[i - 1].text == "("
        items: list[Span] = []
        closing = False
        while i < stop and len(items) < MAX_CONJUNCTS:
            while i < stop and (doc[i].lower_ in LIST_JOINERS or doc[i].lower_ == "the"):
                closing = closing or doc[i].lower_ in ("and", "or")
                i += 1
            run = self.dataset_run(doc, i, stop)
            if run is None:
                break
            items.append(run)
            i = run.end
            if closing:
                break
        # After a bare comma only a list closed by "and" is one ("benchmarks, FDDB and WIDER
        # FACE, Face R-FCN achieves ..."), not "on both datasets, BERT outperforms ...".
        if comma and not (closing and (i >= stop or doc[i].is_punct)):
            return []
        # "datasets (Krizhevsky, 2009)", "(Deng et al., 2009)": a citation, not a list.
        if (
            bracket
            and items
            and any(t.lower_ == "et" or _YEAR.match(t.text) for t in doc[items[0].end : min(i + 3, stop)])
        ):
            return []
        return items

    def _listed_after_designation(self, span: Span) -> bool:
        """The span is one of the names listed after a designation (:meth:`list_items`)."""
        doc = span.doc
        sentence = sentence_of(span)
        for i in range(max(sentence.start, span.start - 4 * MAX_CONJUNCTS), span.start):
            n = self.designation(doc, i)
            if n and not verb_use(doc, i) and not (i > sentence.start and self.designation(doc, i - 1)):
                for item in self.list_items(doc, i + n, sentence.end):
                    if item.start <= span.start < item.end or span.start <= item.start < span.end:
                        return True
        return False

    def _preceding_word(self, span: Span) -> Token | None:
        """The word before the name, or before the coordination of names it ends ("on X, Y and
        Z"), past determiners and rating words ("on the challenging X")."""
        doc = span.doc
        i = span.start - 1
        floor = sentence_of(span).start
        for _ in range(MAX_CONJUNCTS):
            if i < floor or doc[i].lower_ not in LIST_JOINERS:
                break
            j = i - 1 if doc[i].lower_ in ("and", "or") and i > floor and doc[i - 1].text == "," else i
            run = self.run_ending_at(doc, j, floor)
            if run is None:
                break
            i = run.start - 1
        while i >= floor and (doc[i].lower_ in DETERMINERS or doc[i].lower_ in self.data_adjectives):
            i -= 1
        return doc[i] if i >= floor else None

    def _after_data_preposition(self, span: Span) -> bool:
        """ "trained on X", "results on X, Y and Z", "accuracy over X"; not "based on X", "runs
        on X", nor the baselines of "gains of 1.4 dB, 1.1 dB and 0.2 dB over X, Y and Z"."""
        before = self._preceding_word(span)
        if before is None or before.lower_ not in _DATA_PREPOSITIONS:
            return False
        if before.lower_ == "over" and any(t.lower_ in LIST_JOINERS for t in span.doc[before.i + 1 : span.start]):
            return False
        return before.i == 0 or span.doc[before.i - 1].lower_ not in self.not_data_on

    def _in_data_context(self, span: Span) -> bool:
        """True where the text says the span is data: "trained on X", or a sentence about data sets."""
        if self._after_data_preposition(span):
            return True
        sentence = sentence_of(span)
        return any(t.lower_ in self.dataset_words for t in sentence if not span.start <= t.i < span.end)

    def reports_evaluation(self, sentence: Span) -> bool:
        """A sentence that reports how well something does: "accuracy", "24.40 BLEU", "by 3%"."""
        return any(t.lower_ in self.evaluation_words or t.text == "%" for t in sentence)

    def known(self, name: str) -> bool:
        """A data set the lexicon knows, however written: "Market1501" is "Market-1501"."""
        return dataset_key(name) in self.known_keys

    def holds_known_dataset(self, words: list[Token]) -> bool:
        """A data set the lexicon knows is in the name ("Atari 2600", "a Medical MNIST", "WMT14")."""
        for size in range(1, len(words) + 1):
            for k in range(len(words) - size + 1):
                if self.known(" ".join(t.text for t in words[k : k + size])):
                    return True
        return any((stem := KNOWN_STEM.match(t.text)) and self.known(stem["stem"]) for t in words)

    def _known_edition(self, words: list[Token]) -> bool:
        """A name the lexicon knows with its edition, year, version or language pair and nothing
        else: "ImageNet-1k", "SQuAD v1.1", "PASCAL VOC 2012", "WMT14 English-German"."""
        for k in range(len(words), 0, -1):
            first = words[0].text if k == 1 else ""
            stem = KNOWN_STEM.match(first)
            if self.known(" ".join(t.text for t in words[:k])) or (stem is not None and self.known(stem["stem"])):
                rest = words[k:]
                return bool(rest or stem) and all(
                    _EDITION.match(t.text) or _VERSION_MARK.match(t.text) or t.lower_ in LANGUAGES for t in rest
                )
        return False

    def _data_of_named_source(self, span: Span, words: list[Token]) -> bool:
        """ "Fermi-LAT data", "ERA5 observations", "IllustrisTNG simulations": data of a source
        whose name has a digit or a marked piece of several ("COVID-19 data" is stopped by
        :func:`kg.extract.dataset_names.not_a_dataset`; "GPS data" and "Kepler data" name none)."""
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if after not in self.source_words:
            return False
        parts = [p for t in words for p in pieces(t.text)]
        return any(c.isdigit() for t in words for c in t.text) or (
            len(parts) > 1 and any(marked_name(t.text) or t.text.isupper() for t in words)
        )

    def names_a_dataset(self, span: Span) -> bool:
        """A span that reads as the name of a data set rather than a kind of material.

        A name before a designation ("the X dataset", "the X and Y benchmarks", "the X test
        set", "the X object detection dataset"), listed after one ("datasets such as X, Y and
        Z", "the dataset X"), or a name with a digit ("CIFAR-10", "QM9", "WMT'14"), of
        capitalised words in running text ("Penn Treebank") or holding a data set the lexicon
        knows ("Atari 2600") where the text speaks of data ("on Penn Treebank", a sentence
        about benchmarks); or an acronym-like name ("IJB-A", "SNLI") after "on" in a sentence
        that reports results.  Capitals and digits alone prove nothing: methods, hardware and
        citations have them too ("Einstein Fields enable ...", "an Nvidia RTX 4090 GPU",
        "Wang & Zhang (2022)"), and every word of a title has a capital; and some words say a
        name is something else ("A100", "EfficientNet-B2", "BERT-base", "BLEU":
        :func:`kg.extract.dataset_names.not_a_dataset`).
        """
        doc = span.doc
        words = name_words(span)
        followed = self._followed_by_designation(span)
        for i in range(span.start + 1, span.end):
            if i + self.designation(doc, i) >= span.end > i and self.designation(doc, i):
                words = [t for t in words if t.i < i]  # "the Navier-Stokes dataset": judge the name before "dataset"
                followed = True
                break
        if not words or len(words) > _MAX_DATASET_WORDS:
            return False
        if not all(
            t.text[:1].isupper() or marked_name(t.text) or (k and t.lower_ in _NAME_PARTICLES)
            for k, t in enumerate(words)
        ):
            return False
        texts = [t.text for t in words]
        if not_a_dataset(texts, self.not_dataset) is not None or all(p in LANGUAGES for w in texts for p in pieces(w)):
            return False
        # "an internal dataset (inD)": the acronym of a description names no data set.
        if any(
            short.start == span.start
            and short.end == span.end
            and not any(marked_name(t.text) or t.text.istitle() for t in long)
            for short, long in doc._.kg_abbreviations or []
        ):
            return False
        # What the text calls data ("the X dataset", "datasets such as X") may have any head;
        # otherwise a head of another type decides ("FG-NET" alone is a network).
        designated = followed or self._listed_after_designation(span)
        head = singular(words[-1].lower_)
        if head in self.not_dataset_heads or (not designated and self.heads.get(head, "dataset") != "dataset"):
            return False
        # "Test datasets include ...": one capitalised word opening a sentence is an ordinary word.
        if len(words) == 1 and span[0].is_sent_start and words[0].text.istitle():
            return False
        # In a title every word has a capital: "Large Diverse Datasets" names no data set there;
        # "ImageNet", "CIFAR-10", "QM9" still do, and so does a name the abstract writes the same way.
        if in_title(span) and not any(marked_name(t.text) for t in words) and not recurs_as_name(doc, span):
            return False
        if designated or self._known_edition(words):
            return True
        # "over STARnet, TMNet and 3DAttGAN": named like models; only a designation makes them data.
        if any(model_shaped(t) for t in texts) and not self.holds_known_dataset(words):
            return False
        if self._data_of_named_source(span, words):
            return True
        # "a Samsung Galaxy S22", "an RTX 4090": one of a kind of thing, not a named data set,
        # unless a data set the lexicon knows is in the name ("a Medical MNIST").
        known = self.holds_known_dataset(words)
        one_of_a_kind = span.start > 0 and doc[span.start - 1].lower_ in ("a", "an")
        if one_of_a_kind and not known:
            return False
        has_digit = any(any(c.isdigit() for c in t.text) for t in words)
        capitalised = len(words) > 1 and not in_title(span) and not span[0].is_sent_start
        if (has_digit or capitalised or known) and self._in_data_context(span):
            return True
        marked = any(marked_name(t.text) for t in words) and not in_title(span)
        return marked and self._after_data_preposition(span) and self.reports_evaluation(sentence_of(span))

    def dataset_core(self, span: Span) -> Span | None:
        """The one name in a phrase about a data set: "IJB-B" in "IJB-B face recognition
        dataset", "RVL-CDIP" in "large dataset RVL-CDIP", "MNIST" in "MNIST images" (a name the
        lexicon knows).  None when the phrase is all name, is a name and its designation ("the
        ImageNet dataset" stays whole), or holds no single name that its words call data."""
        doc = span.doc
        runs: list[Span] = []
        i = span.start
        while i < span.end:
            run = self.dataset_run(doc, i, span.end)
            if run is None:
                i += 1
            else:
                runs.append(run)
                i = run.end
        if len(runs) != 1:
            return None
        run = runs[0]
        rest = [t for t in span if not run.start <= t.i < run.end and not t.is_punct]
        if not rest or (run.start == span.start and self.designation(doc, run.end) >= span.end - run.end):
            return None
        if any(self.designation(doc, t.i) for t in rest) or self.holds_known_dataset(name_words(run)):
            return run
        if len(rest) == 1 and rest[0].i == run.end and self._data_of_named_source(run, name_words(run)):
            return run  # "Fermi-LAT data"
        return None

    def reads_as_dataset(self, span: Span) -> bool:
        """A span the model called a method or a task that the text calls data: before a
        designation ("the IJB-B benchmark", "the IJB-A and IJB-B benchmarks"), listed after one
        ("benchmarks like WiderFace and MAFA"), or with a digit after "on" where results are
        reported ("24.40 BLEU on LDC2015E86")."""
        if not self.names_a_dataset(span):
            return False
        doc = span.doc
        designated = any(self.designation(doc, i) >= span.end - i for i in range(span.start + 1, span.end))
        if designated or self._followed_by_designation(span) or self._listed_after_designation(span):
            return True
        if self.holds_known_dataset(name_words(span)):
            return True  # "image-based Market1501": a data set the lexicon knows
        has_digit = any(c.isdigit() for c in span.text)
        return has_digit and self._after_data_preposition(span) and self.reports_evaluation(sentence_of(span))


@cache
def recogniser(lexicon: Lexicon) -> DatasetRecogniser:
    """The data-set recogniser of ``lexicon``, made once."""
    return DatasetRecogniser(lexicon)


def names_a_dataset(span: Span) -> bool:
    """:meth:`DatasetRecogniser.names_a_dataset` with the shipped lexicon."""
    return recogniser(Lexicon.shipped()).names_a_dataset(span)
