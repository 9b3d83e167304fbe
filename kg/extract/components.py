"""spaCy components of kg's extractor, registered as factories.

The pipeline is ``sentencizer -> kg_fields -> kg_abbreviations -> kg_lexicon ->
kg_patterns -> kg_resolve``.  The middle components each add candidate spans
to ``doc.spans["kg_candidates"]`` (label = concept type, ``id_`` = the rule
that found it); ``kg_resolve`` keeps the best non-overlapping ones in
``doc.spans["kg"]`` and marks the paper's own contributions in
``doc.spans["kg_proposed"]``.  A trained NER, when present, adds its entities
as candidates too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token

from kg.extract import lexicon
from kg.extract.abbreviations import QUOTE_MARKS, find_abbreviations
from kg.extract.concept_shape import equation_type, is_description
from kg.extract.dataset_names import LANGUAGES, dataset_key, model_shaped, not_a_dataset, pieces
from kg.normalize import (
    ING_NOUNS,
    concept_key,
    head_position,
    is_acronym,
    opens_with_action,
    singular,
    singular_acronym,
)

_SHIPPED = lexicon.Lexicon.shipped()
CANDIDATES = "kg_candidates"
RESOLVED = "kg"
MATERIAL = "material"
"""Label of a SciERC Material that is not a named data set ("English text"): scored, not linked."""
PROPOSED = "kg_proposed"
FIELD_SEPARATOR = "\n\n"
"""Between a paper's title and abstract in the text the pipeline reads."""

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
    "ner": 5,
    "pattern:named-head": 6,
    "pattern:head-noun": 7,
}
NER_LABELS = {"Method": "method", "Task": "task", "Material": MATERIAL, "method": "method", "task": "task"}
"""SciERC's labels as kg's types; Material becomes ``dataset`` only where it names a data set."""
# Head words that settle an entity's type whatever the NER says: on SciERC train at least
# 90% of the gold spans (15 or more) with each of these heads have that type, most of them
# 95% or more ("hashtag recommendation problem" is a task, "sum product algorithm" a
# method, "parallel corpus" a material).
DECISIVE_HEADS = _SHIPPED.table("decisive_heads.tsv")
# Heads that name things, never activities: a "task" so headed is a method (SciERC train:
# 64 of the 66 spans of two or more tokens with these heads are methods, the other two
# tasks). Networks can also be data ("temporal networks" of a social graph), so a
# material keeps its type.
THING_HEADS = _SHIPPED.words("thing_heads.txt")
FALLBACK_RULES = frozenset({"pattern:head-noun"})
"""Rules that only fill gaps: they never displace a span another rule or the NER found."""
NAMING_VERBS = _SHIPPED.role("naming.tsv", "verb")
"""Verbs by which a paper names what it made, after "we": "We call this architecture a Pointer Net"."""
NAMING_PARTICIPLES = _SHIPPED.role("naming.tsv", "participle")
"""Words after which a name starts: "a learning paradigm termed Neural Metamorphosis"."""
_PROPOSE_VERBS = _SHIPPED.role("naming.tsv", "propose")
PROPOSE_TRIGGERS = _PROPOSE_VERBS | NAMING_PARTICIPLES
_AUTHORS = frozenset({"we", "paper", "work", "to"})
"""Words before a propose verb that make it the paper's: "we propose", "this paper presents", "we aim to introduce"."""
_WE = frozenset({"we"})
"""The only word before a naming verb that makes it the paper's ("we call"; not "it is usual to call")."""
_CONNECTIVES = frozenset({"also", "further", "then", "first", "thus", "therefore", "hence", "here", "now", "next"})
"""Words that may stand between "we" and its verb: "we also introduce MultiONet" (as may any -ly adverb)."""
_SUBJECTS = frozenset({"we", "they", "it", "he", "she", "others"})
"""Subjects of a verb after "and": the last of them before it says whose verb it is."""
_OUR_WORDS = frozenset({"we", "our", "us", "here"})
"""Words by which a sentence speaks for the paper's authors, as does "this" before :data:`_OUR_WRITINGS`."""
_OUR_WRITINGS = frozenset({"paper", "work", "study", "article", "letter"})
_NAMED_OBJECTS = frozenset({"it", "them", "this", "these", "our", "the", "a", "an", "such", "as"})
DATASET_WORDS = _SHIPPED.role("designations.tsv", "dataset")
# After a name these call it a data set as surely as "dataset" does ("the Penn Treebank", "the
# DeepMind Control Suite", "the ISBI challenge", "the ImageNet validation set"); alone they are
# ordinary words ("a key challenge"), so they count only right after a name.
_DATASET_HEADS = _SHIPPED.role("designations.tsv", "after-name")
_SPLIT_WORDS = _SHIPPED.role("designations.tsv", "split")
_SET_WORDS = _SHIPPED.role("designations.tsv", "set")
_MAX_CONJUNCTS = 6
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "du", "di", "da", "del"})
"""Lower-case words inside a person's name, and so inside a name after one ("Korteweg-de Vries")."""
_MAX_DESCRIPTORS = 3
"""Lower-case words that may stand between a name and its designation ("the COCO object detection dataset")."""
# Words that open a list of names after a designation ("datasets such as X", "benchmarks (X, Y)").
_LIST_OPENERS = frozenset({"including", "like", "as", ":", "(", "e.g.", "e.g", "namely", "i.e.", "viz", "viz."})
_LIST_JOINERS = frozenset({",", "and", "or", "&", "/"})
# Words before "benchmark" that make it a verb: "we benchmark GPT-4 and ...".
_VERB_SUBJECTS = frozenset({"we", "to", "they", "also", "paper", "work", "study", "and"})
# Words before "on" that make what follows a basis or a machine, not data: "based on BERT",
# "runs on an A100".
_NOT_DATA_ON = _SHIPPED.words("not_data_on.txt")
# Words between "on" and a name that leave it the name's preposition ("on the challenging X").
_DATA_ADJECTIVES = _SHIPPED.words("data_adjectives.txt")
# Words of a sentence that reports an evaluation: "accuracy on IJB-A", "24.40 BLEU on LDC2015E86".
_EVALUATION_WORDS = _SHIPPED.words("evaluation_words.txt")
# Tokens of data sets' names beyond those :func:`_name_like` takes: "WMT'14", "English→German".
_NAME_WITH_YEAR = re.compile(r"^[A-Za-z][\w.\-]*['\u2019]\d\d$")
_LANGUAGE_ARROW = re.compile(r"^[A-Z][a-z]+(?:→|->)[A-Z][a-z]+$")
# Numbers that go on a name: an edition, a year or a version ("MORPH Album 2", "Atari 2600",
# "SQuAD 2.0", "WMT '14"); not a count ("MNIST 10 times").
_EDITION = re.compile(r"^(?:\d|\d{4}|\d+\.\d+|['\u2019]\d\d)$")
# One token made of a known data set and its edition: "WMT14", "SQuAD1.1", "VOC2012", "ImageNet-1k".
_YEAR = re.compile(r"^(?:19|20)\d\d[a-z]?$")
_VERSION_MARK = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
# Nouns for the data of a named source: "Fermi-LAT data", "ERA5 observations".
_DATA_NOUNS = _SHIPPED.role("designations.tsv", "source")
_KNOWN_STEM = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z.\-]*?)[-'\u2019]?v?\d+(?:\.\d+)*[kK]?$")
_MAX_NAME_TOKENS = 6
_MAX_MODIFIERS = 3
_MAX_DATASET_WORDS = 4
_MAX_ENTITY_TOKENS = 12
_CONJUNCTIONS = frozenset({"and", "or", ","})
"""Tokens that join the names of a coordination ("VAEs and k-means"); see also :func:`_joins_names`."""
_MAX_TITLE_NAME_TOKENS = 4
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_BRACKETS.values())
_MAX_TITLE_ENTITY_TOKENS = 6
# Heads of names that are not data sets, whatever the model says ("Parabolic Partial Differential Equation").
_NOT_DATASET_HEADS = _SHIPPED.words("not_dataset_heads.txt")
# "trained on X", "accuracy over X": the words before a name that say it is data.
_DATA_PREPOSITIONS = frozenset({"on", "over"})
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "over", "with", "from", "to", "by", "via", "under"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Prepositions that join two names: a method and what it is used on, for or in
# ("transformers for image classification").
_PREPOSITIONS_BETWEEN_NAMES = frozenset({"on", "for", "in"})
# Heads of phrases that name no method, task or data set: a way of doing ("in an end-to-end
# fashion"); heads that SciERC train annotates only as other terms or metrics, never as
# Method, Task or Material ("Hilbert space" 21 times, "... condition" 5, "... behavior" 4);
# and heads that train and dev never give such a span, naming a quality or a remark rather
# than a thing ("lingering issue", "sampling efficiency").
_NOT_CONCEPT_HEADS = _SHIPPED.words("not_concept_heads.txt")
# Words that, before "of", say how much or which sort of a thing follows rather than name it.
_PARTITIVES = _SHIPPED.table("partitives.tsv")
# Organisations are where work is done, not what it uses ("DLR Institute of Space Propulsion").
_ORGANISATION_WORDS = _SHIPPED.words("organisation_words.txt")
_NOT_A_NAME = re.compile(r"://|www\.|[=@<>]|\\")
_NAME_CHARS = re.compile(r"^[\w\-+.]+$")
_WORDLIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]*$")
if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension("kg_abbreviations", default=None)
if not Doc.has_extension("kg_title_end"):
    Doc.set_extension("kg_title_end", default=None)


def _balanced_end(doc: Doc, start: int, end: int) -> int:
    """The end of the longest run of tokens from ``start`` whose brackets pair up within it.

    Brackets are read character by character, so "O(n)" split into "O(n" and ")" pairs up;
    but a word that goes on after closing a bracket ("(GNN)-based") is not inside the name.
    """
    unclosed: list[tuple[str, int]] = []  # (closing bracket awaited, token where it opened)
    for i in range(start, end):
        text = doc[i].text
        for at, char in enumerate(text):
            if char in _BRACKETS:
                unclosed.append((_BRACKETS[char], i))
            elif char in _CLOSERS:
                # "E(n)-Equivariant" is one word; "(GNN)-based" glues a word to a bracketed one.
                glued = unclosed and unclosed[-1][1] != i and any(c.isalnum() for c in text[at + 1 :])
                if not unclosed or unclosed[-1][0] != char or glued:
                    return min([i] + [opened for _, opened in unclosed[:1]])
                unclosed.pop()
    return unclosed[0][1] if unclosed else end


def _hyphen_joined(token: Token) -> bool:
    """Whether a hyphen with no space around it ties ``token`` to the word before: "speed-up"."""
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and before.text == "-" and not before.whitespace_


def _add(doc: Doc, span: Span | None, kind: str, rule: str) -> None:
    if span is None or not span.text.strip():
        return
    group = doc.spans[CANDIDATES] if CANDIDATES in doc.spans else SpanGroup(doc, name=CANDIDATES)
    group.append(Span(doc, span.start, span.end, label=kind, span_id=rule))
    doc.spans[CANDIDATES] = group


def _joins_names(token: Token) -> bool:
    """A slash between two words, as in "CIFAR-10/FFHQ" or "classification/regression";
    between single letters it belongs to an abbreviation ("Q/A", "I/O")."""
    if token.text != "/" or token.i == 0 or token.i + 1 >= len(token.doc):
        return False
    return len(token.doc[token.i - 1]) > 1 and len(token.doc[token.i + 1]) > 1


def _name_like(token: Token) -> bool:
    """A token that can be part of a proper name: capitals or digits, not a stop word."""
    text = token.text
    if token.is_space or (token.is_punct and text not in "-+.") or not _NAME_CHARS.match(text):
        return False
    if token.lower_ in STOP_WORDS and not is_acronym(text):
        return False
    return any(c.isupper() for c in text) or (any(c.isdigit() for c in text) and any(c.isalpha() for c in text))


def _name_run(doc: Doc, start: int, stop: int) -> Span | None:
    """The longest run of name-like tokens (hyphens allowed inside) from ``start``."""
    end = start
    while end < stop and end - start < _MAX_NAME_TOKENS:
        token = doc[end]
        if _name_like(token) or (token.text in "-" and end + 1 < stop and _name_like(doc[end + 1]) and end > start):
            end += 1
        else:
            break
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if end > start else None


def title_end(doc: Doc) -> int:
    """Index of the token that separates title and abstract (``len(doc)`` if there is none).

    Found once per doc and kept in ``doc._.kg_title_end``: the rules ask it for every span.
    """
    found: int | None = doc._.kg_title_end
    if found is None:
        found = next((t.i for t in doc if t.is_space and FIELD_SEPARATOR in t.text), len(doc))
        doc._.kg_title_end = found
    return found


def _in_title(span: Span) -> bool:
    """True for a span in the title part of a "title, blank line, abstract" text."""
    return span.end <= title_end(span.doc) < len(span.doc)


def _sentence(span: Span) -> Span:
    """The span's sentence, or the whole text where sentences are not set."""
    doc = span.doc
    return span.sent if doc.has_annotation("SENT_START") else doc[:]


def _designation(doc: Doc, i: int) -> int:
    """How many tokens from ``i`` call the name before them a data set: "dataset", "data
    sets", "benchmark suite", "test set", "treebank" … (0 where none does)."""
    n = 0
    while i + n < len(doc):
        low = doc[i + n].lower_
        after = doc[i + n + 1].lower_ if i + n + 1 < len(doc) else ""
        if low in DATASET_WORDS or low in _DATASET_HEADS:
            n += 1
            continue
        if not ((low == "data" and after in ("set", "sets")) or (low in _SPLIT_WORDS and after in _SET_WORDS)):
            break
        n += 2
    return n


def _plural_designation(token: Token) -> bool:
    """A designation of several data sets ("the X and Y datasets"; not "corpus")."""
    return token.lower_ == "corpora" or (token.lower_.endswith("s") and token.lower_ != "corpus")


def _verb_use(doc: Doc, i: int) -> bool:
    """ "benchmark" as a verb: "we benchmark GPT-4 and Llama", "this paper benchmarks X"."""
    if doc[i].lower_ not in ("benchmark", "benchmarks") or i == 0:
        return False
    before = doc[i - 1].lower_
    return before in _VERB_SUBJECTS or before.endswith("ly")


def _dataset_token(token: Token) -> bool:
    """A token that can stand in a data set's name: a name-like word, "WMT'14", "English→German"."""
    return _name_like(token) or bool(_NAME_WITH_YEAR.match(token.text) or _LANGUAGE_ARROW.match(token.text))


def _pair_link(doc: Doc, i: int) -> bool:
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


def _continues_name(doc: Doc, start: int, end: int, stop: int) -> bool:
    """Whether token ``end`` goes on the data set's name that runs from ``start``."""
    token = doc[end]
    if end == start or token.lower_ in DATASET_WORDS:
        return _dataset_token(token) and end == start  # "the ImageNet Dataset": the name ends before it
    if _dataset_token(token) or _pair_link(doc, end):
        return True
    if _EDITION.match(token.text):
        return any(c.isalpha() for c in doc[end - 1].text)
    following = doc[end + 1] if end + 1 < stop else None
    if following is None:
        return False
    if token.text == "-":
        glued = not doc[end - 1].whitespace_ and not token.whitespace_
        particle = following.lower_ in _NAME_PARTICLES and end + 2 < stop and doc[end + 2].text[:1].isupper()
        return glued and (_dataset_token(following) or following.like_num or _pair_link(doc, end + 1) or particle)
    # "Korteweg-de Vries"
    return token.lower_ in _NAME_PARTICLES and following.text[:1].isupper() and following.is_alpha


def _dataset_run(doc: Doc, start: int, stop: int) -> Span | None:
    """The longest name from ``start`` written as data sets' names are: name-like words, an
    edition after them ("Atari 2600", "SQuAD 2.0", "MORPH Album 2"), hyphens inside, and
    the link of a language pair ("WMT 2014 English-to-German")."""
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        return None  # "non-Euclidean": the name is part of a word
    end = start
    while end < stop and end - start < _MAX_NAME_TOKENS and _continues_name(doc, start, end, stop):
        end += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if end > start else None


def _run_ending_at(doc: Doc, end: int, floor: int) -> Span | None:
    """The longest name of :func:`_dataset_run`'s kind that ends at ``end`` ("the X dataset")."""
    start = end
    while start > floor and end - start < _MAX_NAME_TOKENS:
        token = doc[start - 1]
        edition = _EDITION.match(token.text) and start - 2 >= floor and any(c.isalpha() for c in doc[start - 2].text)
        if not (_dataset_token(token) or token.text == "-" or _pair_link(doc, start - 1) or edition):
            break
        start -= 1
    if start > floor and doc[start].text == "-" and not doc[start - 1].whitespace_:
        return None  # "non-Euclidean data sets": the name is part of a word
    while start < end and (doc[start].is_punct or _pair_link(doc, start)):
        start += 1
    if start >= end:
        return None
    run = _dataset_run(doc, start, end)
    return run if run is not None and run.end == end else None


def _skip_descriptors(doc: Doc, i: int, stop: int) -> int:
    """Past up to :data:`_MAX_DESCRIPTORS` lower-case words from ``i`` to a designation ("COCO
    *object detection* dataset"); ``i`` itself where no designation follows them."""
    j = i
    while j < stop and j - i < _MAX_DESCRIPTORS and not _designation(doc, j):
        if not _descriptor(doc[j]):
            return i
        j += 1
    return j if j < stop and _designation(doc, j) else i


def _descriptor(token: Token) -> bool:
    """A lower-case word between a name and its designation: "COCO *object detection* dataset";
    not a verb, adverb or function word ("XNet *significantly outperforms* established benchmarks")."""
    low = token.lower_
    return (
        token.text.islower()
        and _WORDLIKE.match(token.text) is not None
        and low not in STOP_WORDS
        and low not in lexicon.boundaries()
        and not low.endswith("ly")
    )


def _followed_by_designation(span: Span) -> bool:
    """The span names data by what follows it: "X dataset", "X test set", "X and Y benchmarks",
    "the X object detection dataset"."""
    doc = span.doc
    stop = _sentence(span).end
    j = span.end
    joined = False
    for _ in range(_MAX_CONJUNCTS):
        j = _skip_descriptors(doc, j, stop)
        n = _designation(doc, j) if j < stop else 0
        if n:
            return not _verb_use(doc, j) and (not joined or _plural_designation(doc[j + n - 1]))
        if j >= stop or doc[j].lower_ not in _LIST_JOINERS:
            return False
        joined = True
        j += 1
        if j < stop and doc[j].lower_ in ("and", "or"):
            j += 1
        run = _dataset_run(doc, j, stop)
        if run is None:
            return False
        j = run.end
    return False


def _list_items(doc: Doc, i: int, stop: int) -> list[Span]:
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
    while i < stop and len(items) < _MAX_CONJUNCTS:
        while i < stop and (doc[i].lower_ in _LIST_JOINERS or doc[i].lower_ == "the"):
            closing = closing or doc[i].lower_ in ("and", "or")
            i += 1
        run = _dataset_run(doc, i, stop)
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
    if bracket and items and any(t.lower_ == "et" or _YEAR.match(t.text) for t in doc[items[0].end : min(i + 3, stop)]):
        return []
    return items


def _listed_after_designation(span: Span) -> bool:
    """The span is one of the names listed after a designation (:func:`_list_items`)."""
    doc = span.doc
    sentence = _sentence(span)
    for i in range(max(sentence.start, span.start - 4 * _MAX_CONJUNCTS), span.start):
        n = _designation(doc, i)
        if n and not _verb_use(doc, i) and not (i > sentence.start and _designation(doc, i - 1)):
            for item in _list_items(doc, i + n, sentence.end):
                if item.start <= span.start < item.end or span.start <= item.start < span.end:
                    return True
    return False


def _preceding_word(span: Span) -> Token | None:
    """The word before the name, or before the coordination of names it ends ("on X, Y and
    Z"), past determiners and rating words ("on the challenging X")."""
    doc = span.doc
    i = span.start - 1
    floor = _sentence(span).start
    for _ in range(_MAX_CONJUNCTS):
        if i < floor or doc[i].lower_ not in _LIST_JOINERS:
            break
        j = i - 1 if doc[i].lower_ in ("and", "or") and i > floor and doc[i - 1].text == "," else i
        run = _run_ending_at(doc, j, floor)
        if run is None:
            break
        i = run.start - 1
    while i >= floor and (doc[i].lower_ in _DETERMINERS or doc[i].lower_ in _DATA_ADJECTIVES):
        i -= 1
    return doc[i] if i >= floor else None


def _after_data_preposition(span: Span) -> bool:
    """ "trained on X", "results on X, Y and Z", "accuracy over X"; not "based on X", "runs
    on X", nor the baselines of "gains of 1.4 dB, 1.1 dB and 0.2 dB over X, Y and Z"."""
    before = _preceding_word(span)
    if before is None or before.lower_ not in _DATA_PREPOSITIONS:
        return False
    if before.lower_ == "over" and any(t.lower_ in _LIST_JOINERS for t in span.doc[before.i + 1 : span.start]):
        return False
    return before.i == 0 or span.doc[before.i - 1].lower_ not in _NOT_DATA_ON


def _in_data_context(span: Span) -> bool:
    """True where the text says the span is data: "trained on X", or a sentence about data sets."""
    if _after_data_preposition(span):
        return True
    sentence = _sentence(span)
    return any(t.lower_ in DATASET_WORDS for t in sentence if not span.start <= t.i < span.end)


def _reports_evaluation(sentence: Span) -> bool:
    """A sentence that reports how well something does: "accuracy", "24.40 BLEU", "by 3%"."""
    return any(t.lower_ in _EVALUATION_WORDS or t.text == "%" for t in sentence)


def _name_words(span: Span) -> list[Token]:
    """The words of a name: tokens with a letter or digit, less the link of a language pair
    and an acronym in brackets ("Real-World Affective Faces (RAF) Database")."""
    words = []
    depth = 0
    for t in span:
        depth += t.text.count("(") - t.text.count(")")
        if depth <= 0 and t.text != ")" and any(c.isalnum() for c in t.text) and not _pair_link(span.doc, t.i):
            words.append(t)
    return words


@cache
def _known_dataset_keys() -> frozenset[str]:
    """The keys (:func:`kg.extract.dataset_names.dataset_key`) of the lexicon's data sets."""
    return frozenset(dataset_key(name) for name in lexicon.terms()["dataset"])


def _known(name: str) -> bool:
    """A data set the lexicon knows, however written: "Market1501" is "Market-1501"."""
    return dataset_key(name) in _known_dataset_keys()


def _holds_known_dataset(words: list[Token]) -> bool:
    """A data set the lexicon knows is in the name ("Atari 2600", "a Medical MNIST", "WMT14")."""
    for size in range(1, len(words) + 1):
        for k in range(len(words) - size + 1):
            if _known(" ".join(t.text for t in words[k : k + size])):
                return True
    return any((stem := _KNOWN_STEM.match(t.text)) and _known(stem["stem"]) for t in words)


def _known_edition(words: list[Token]) -> bool:
    """A name the lexicon knows with its edition, year, version or language pair and nothing
    else: "ImageNet-1k", "SQuAD v1.1", "PASCAL VOC 2012", "WMT14 English-German"."""
    for k in range(len(words), 0, -1):
        first = words[0].text if k == 1 else ""
        stem = _KNOWN_STEM.match(first)
        if _known(" ".join(t.text for t in words[:k])) or (stem is not None and _known(stem["stem"])):
            rest = words[k:]
            return bool(rest or stem) and all(
                _EDITION.match(t.text) or _VERSION_MARK.match(t.text) or t.lower_ in LANGUAGES for t in rest
            )
    return False


def _data_of_named_source(span: Span, words: list[Token]) -> bool:
    """ "Fermi-LAT data", "ERA5 observations", "IllustrisTNG simulations": data of a source
    whose name has a digit or a marked piece of several ("COVID-19 data" is stopped by
    :func:`kg.extract.dataset_names.not_a_dataset`; "GPS data" and "Kepler data" name none)."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after not in _DATA_NOUNS:
        return False
    parts = [p for t in words for p in pieces(t.text)]
    return any(c.isdigit() for t in words for c in t.text) or (
        len(parts) > 1 and any(_marked_name(t.text) or t.text.isupper() for t in words)
    )


def names_a_dataset(span: Span) -> bool:
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
    words = _name_words(span)
    followed = _followed_by_designation(span)
    for i in range(span.start + 1, span.end):
        if i + _designation(doc, i) >= span.end > i and _designation(doc, i):
            words = [t for t in words if t.i < i]  # "the Navier-Stokes dataset": judge the name before "dataset"
            followed = True
            break
    if not words or len(words) > _MAX_DATASET_WORDS:
        return False
    if not all(
        t.text[:1].isupper() or _marked_name(t.text) or (k and t.lower_ in _NAME_PARTICLES) for k, t in enumerate(words)
    ):
        return False
    texts = [t.text for t in words]
    if not_a_dataset(texts) is not None or all(p in LANGUAGES for w in texts for p in pieces(w)):
        return False
    # "an internal dataset (inD)": the acronym of a description names no data set.
    if any(
        short.start == span.start
        and short.end == span.end
        and not any(_marked_name(t.text) or t.text.istitle() for t in long)
        for short, long in doc._.kg_abbreviations or []
    ):
        return False
    # What the text calls data ("the X dataset", "datasets such as X") may have any head;
    # otherwise a head of another type decides ("FG-NET" alone is a network).
    designated = followed or _listed_after_designation(span)
    head = singular(words[-1].lower_)
    if head in _NOT_DATASET_HEADS or (not designated and lexicon.heads().get(head, "dataset") != "dataset"):
        return False
    # "Test datasets include ...": one capitalised word opening a sentence is an ordinary word.
    if len(words) == 1 and span[0].is_sent_start and words[0].text.istitle():
        return False
    # In a title every word has a capital: "Large Diverse Datasets" names no data set there;
    # "ImageNet", "CIFAR-10", "QM9" still do, and so does a name the abstract writes the same way.
    if _in_title(span) and not any(_marked_name(t.text) for t in words) and not _recurs_as_name(doc, span):
        return False
    if designated or _known_edition(words):
        return True
    # "over STARnet, TMNet and 3DAttGAN": named like models; only a designation makes them data.
    if any(model_shaped(t) for t in texts) and not _holds_known_dataset(words):
        return False
    if _data_of_named_source(span, words):
        return True
    # "a Samsung Galaxy S22", "an RTX 4090": one of a kind of thing, not a named data set,
    # unless a data set the lexicon knows is in the name ("a Medical MNIST").
    known = _holds_known_dataset(words)
    one_of_a_kind = span.start > 0 and doc[span.start - 1].lower_ in ("a", "an")
    if one_of_a_kind and not known:
        return False
    has_digit = any(any(c.isdigit() for c in t.text) for t in words)
    capitalised = len(words) > 1 and not _in_title(span) and not span[0].is_sent_start
    if (has_digit or capitalised or known) and _in_data_context(span):
        return True
    marked = any(_marked_name(t.text) for t in words) and not _in_title(span)
    return marked and _after_data_preposition(span) and _reports_evaluation(_sentence(span))


def dataset_core(span: Span) -> Span | None:
    """The one name in a phrase about a data set: "IJB-B" in "IJB-B face recognition
    dataset", "RVL-CDIP" in "large dataset RVL-CDIP", "MNIST" in "MNIST images" (a name the
    lexicon knows).  None when the phrase is all name, is a name and its designation ("the
    ImageNet dataset" stays whole), or holds no single name that its words call data."""
    doc = span.doc
    runs: list[Span] = []
    i = span.start
    while i < span.end:
        run = _dataset_run(doc, i, span.end)
        if run is None:
            i += 1
        else:
            runs.append(run)
            i = run.end
    if len(runs) != 1:
        return None
    run = runs[0]
    rest = [t for t in span if not run.start <= t.i < run.end and not t.is_punct]
    if not rest or (run.start == span.start and _designation(doc, run.end) >= span.end - run.end):
        return None
    if any(_designation(doc, t.i) for t in rest) or _holds_known_dataset(_name_words(run)):
        return run
    if len(rest) == 1 and rest[0].i == run.end and _data_of_named_source(run, _name_words(run)):
        return run  # "Fermi-LAT data"
    return None


def reads_as_dataset(span: Span) -> bool:
    """A span the model called a method or a task that the text calls data: before a
    designation ("the IJB-B benchmark", "the IJB-A and IJB-B benchmarks"), listed after one
    ("benchmarks like WiderFace and MAFA"), or with a digit after "on" where results are
    reported ("24.40 BLEU on LDC2015E86")."""
    if not names_a_dataset(span):
        return False
    doc = span.doc
    designated = any(_designation(doc, i) >= span.end - i for i in range(span.start + 1, span.end))
    if designated or _followed_by_designation(span) or _listed_after_designation(span):
        return True
    if _holds_known_dataset(_name_words(span)):
        return True  # "image-based Market1501": a data set the lexicon knows
    has_digit = any(c.isdigit() for c in span.text)
    return has_digit and _after_data_preposition(span) and _reports_evaluation(_sentence(span))


def _marked_name(word: str) -> bool:
    """A word that title case cannot explain: a digit or a capital after its first letter."""
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def _recurs_as_name(doc: Doc, name: Span) -> bool:
    """The title's ``name`` written the same way in the abstract, not opening a sentence."""
    size = len(name)
    for i in range(title_end(doc), len(doc) - size + 1):
        if doc[i].text == name[0].text and not doc[i].is_sent_start and doc[i : i + size].text == name.text:
            return True
    return False


def _said_by_authors(verb: Token, openers: frozenset[str] = _AUTHORS) -> bool:
    """Whether a propose or naming verb speaks for the paper: after one of ``openers`` ("we
    propose", "this paper presents"), "we also introduce", "we formally present", "we also
    call", or as a second verb of a sentence whose subject is we ("we aim to close this gap
    and propose MONet", "we train a network and call it X"; not "they extend it and propose")."""
    doc = verb.doc
    if verb.i == 0:
        return False
    before = doc[verb.i - 1].lower_
    if before in openers:
        return True
    if verb.i > 1 and doc[verb.i - 2].lower_ == "we" and (before in _CONNECTIVES or before.endswith("ly")):
        return True
    if before == "and":
        subjects = [t.lower_ for t in doc[verb.sent.start : verb.i] if t.lower_ in _SUBJECTS]
        return bool(subjects) and subjects[-1] == "we"
    return False


def _names_for_authors(participle: Token) -> bool:
    """Whether a name after "called", "termed" … is the paper's own: its sentence speaks for
    the authors ("we introduce a framework termed X", "this paper proposes a method called
    X", "our method, called X") and the name is not a "so-called" one."""
    doc = participle.doc
    if participle.i >= 2 and doc[participle.i - 2].lower_ == "so" and doc[participle.i - 1].text == "-":
        return False
    words = [t.lower_ for t in participle.sent]
    return any(w in _OUR_WORDS for w in words) or any(a == "this" and b in _OUR_WRITINGS for a, b in pairwise(words))


def settled_type(span: Span, kind: str) -> str:
    """The type of an NER span labelled ``kind`` once its head has spoken (:data:`DECISIVE_HEADS`,
    :data:`THING_HEADS`; "mixture of *models*" is headed by "mixture").

    An action is not a method, whatever its object: "designing architectures" keeps the
    NER's type (and :meth:`Resolver.__call__` drops an action the model calls a method).
    """
    words = span.text.lower().split()  # words as written: "out-of-domain" is one, not five tokens
    if not words:
        return kind
    head = singular(words[head_position(words)])
    action = opens_with_action(words)
    decisive = DECISIVE_HEADS.get(head)
    if decisive == "method" and action:
        return kind
    if decisive is None and kind == "task" and head in THING_HEADS and not action:
        return "method"
    return decisive or kind


def ends_in_method_name(span: Span) -> bool:
    """True when the span's head is a method the lexicon knows ("Quantile Random Forests",
    "Swin Transformers"): a name of that shape is a method, not a data set.  After a
    preposition the method is not the head ("Dynamics of Large Language Models")."""
    keys = lexicon.term_keys("method")
    for k in range(1, min(len(span), _MAX_NAME_TOKENS) + 1):
        if concept_key(span[-k:].text) in keys:
            return not any(t.lower_ in _PREPOSITIONS for t in span[:-k])
    return False


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


@Language.factory("kg_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector()


class AbbreviationDetector:
    """Finds ``long form (SHORT)`` definitions per sentence and stores them on the doc.

    ``doc._.kg_abbreviations`` is a list of ``(short Span, long Span)``.
    """

    def __call__(self, doc: Doc) -> Doc:
        pairs: list[tuple[Span, Span]] = []
        for sent in doc.sents:
            for found in find_abbreviations(sent.text):
                base = sent.start_char
                short = doc.char_span(base + found.short_start, base + found.short_end, alignment_mode="expand")
                long = doc.char_span(base + found.long_start, base + found.long_end, alignment_mode="expand")
                if (short is not None and long is not None and short.end <= long.start) or (
                    short is not None and long is not None and long.end <= short.start
                ):
                    pairs.append((short, long))
        doc._.kg_abbreviations = pairs
        return doc


def _variants(term: str) -> set[str]:
    """Ways a lexicon name is written: hyphen or space, singular or plural."""
    forms = {term, term.replace("-", " "), term.replace(" ", "-")}
    plural: set[str] = set()
    for form in forms:
        last = form.split(" ")[-1]
        if is_acronym(term):
            plural.add(form + "s")
        elif last.endswith("y") and not last.endswith(("ay", "ey", "oy", "uy")):
            plural.add(form[:-1] + "ies")
        elif last.endswith(("s", "x", "ch", "sh")):
            plural.add(form + "es")
        else:
            plural.add(form + "s")
    return forms | plural


@Language.factory("kg_lexicon")
def make_lexicon(nlp: Language, name: str) -> LexiconMatcher:
    return LexiconMatcher(nlp)


class LexiconMatcher:
    """Marks every name from the shipped lexicon, in any case, hyphenation or number."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind, names in lexicon.terms().items():
            patterns = [nlp.make_doc(form) for term in names for form in sorted(self._forms(kind, term))]
            self.matcher.add(kind, patterns)

    @staticmethod
    def _forms(kind: str, term: str) -> set[str]:
        """A data set's name is also written run together: "CIFAR10", "MSCOCO", "FashionMNIST"."""
        forms = _variants(term)
        joined = re.sub(r"[\s\-]+", "", term)
        if kind == "dataset" and joined != term:
            forms |= _variants(joined)
        return forms

    def __call__(self, doc: Doc) -> Doc:
        for match_id, start, end in self.matcher(doc):
            _add(doc, doc[start:end], doc.vocab.strings[match_id], "lexicon")
        return doc


@Language.factory("kg_patterns", default_config={"head_nouns": True})
def make_patterns(nlp: Language, name: str, head_nouns: bool) -> PatternFinder:
    return PatternFinder(head_nouns)


class PatternFinder:
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

    def __init__(self, head_nouns: bool = True) -> None:
        self.head_nouns = head_nouns
        self.heads = lexicon.heads()
        self.boundaries = lexicon.boundaries() | STOP_WORDS
        self.modifiers = lexicon.modifiers()
        self.generic = lexicon.generic()
        self.technical = lexicon.name_words()

    def __call__(self, doc: Doc) -> Doc:
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
            and _WORDLIKE.match(token.text) is not None
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
            _add(doc, span, kind, "pattern:named-head" if named else "pattern:head-noun")

    def _datasets(self, doc: Doc) -> None:
        """Names that the text says are data: before a designation ("the X dataset", "the X
        and Y benchmarks", "the COCO object detection dataset"), listed after one ("datasets
        such as X, Y and Z", "the dataset X"), after "on" / "over" ("results on X, Y and Z"),
        and names the lexicon knows with an edition, a variant or a language pair ("SQuAD
        v1.1", "WMT14", "N-MNIST", "WMT'14 English-German").  The resolver judges each one
        (:func:`names_a_dataset`)."""
        for token in doc:
            n = _designation(doc, token.i)
            opens = n and not (token.i > token.sent.start and _designation(doc, token.i - 1))
            if opens and not _verb_use(doc, token.i):
                self._named_before(doc, token, n)
                for run in _list_items(doc, token.i + n, token.sent.end):
                    _add(doc, run, "dataset", "pattern:named-dataset")
            if token.lower_ == "on" and not (token.i > 0 and doc[token.i - 1].lower_ in _NOT_DATA_ON):
                self._named_after(doc, token)
            if token.lower_ in _DATA_NOUNS and token.i > token.sent.start:
                _add(doc, _run_ending_at(doc, token.i, token.sent.start), "dataset", "pattern:named-dataset")
            stem = _KNOWN_STEM.match(token.text)
            if stem and _known(stem["stem"]):
                _add(doc, _dataset_run(doc, token.i, token.sent.end), "dataset", "pattern:named-dataset")
        self._extend_known(doc)

    def _named_before(self, doc: Doc, designation: Token, size: int) -> None:
        """ "the X dataset", "the X object detection dataset", "the X, Y and Z benchmarks"."""
        floor = designation.sent.start
        run = None
        for skipped in range(_MAX_DESCRIPTORS + 1):
            end = designation.i - skipped
            if end <= floor or (skipped and not _descriptor(doc[end])):
                break
            run = _run_ending_at(doc, end, floor)
            if run is not None:
                break
        if run is None:
            return
        _add(doc, run, "dataset", "pattern:named-dataset")
        if not _plural_designation(doc[designation.i + size - 1]):
            return
        for _ in range(_MAX_CONJUNCTS):
            i = run.start - 1
            if i <= floor or doc[i].lower_ not in _LIST_JOINERS:
                return
            j = i - 1 if doc[i].lower_ in ("and", "or") and doc[i - 1].text == "," else i
            run = _run_ending_at(doc, j, floor)
            if run is None:
                return
            _add(doc, run, "dataset", "pattern:named-dataset")

    def _named_after(self, doc: Doc, preposition: Token) -> None:
        """ "results on X", "trained on X, Y and Z": names shaped like data sets' (a digit, an
        inner capital, a known name; capitalised words only where the sentence reports results)."""
        stop = preposition.sent.end
        i = preposition.i + 1
        while i < stop and (doc[i].lower_ in _DETERMINERS or doc[i].lower_ in _DATA_ADJECTIVES):
            i += 1
        for _ in range(_MAX_CONJUNCTS):
            run = _dataset_run(doc, i, stop)
            if run is None:
                return
            words = _name_words(run)
            shaped = any(_marked_name(t.text) for t in words) or _holds_known_dataset(words)
            glued = run.end < stop and doc[run.end].text == "-" and not doc[run.end - 1].whitespace_
            if not glued and (shaped or (len(words) > 1 and _reports_evaluation(preposition.sent))):
                _add(doc, run, "dataset", "pattern:named-dataset")
            i = run.end
            if i >= stop or doc[i].lower_ not in _LIST_JOINERS:
                return
            i += 1
            if i < stop and doc[i].lower_ in ("and", "or"):
                i += 1

    @staticmethod
    def _extend_known(doc: Doc) -> None:
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
                and _name_like(doc[start - 2])
            ):
                start -= 2
            run = _dataset_run(doc, start, span.sent.end)
            if run is not None and run.end >= span.end and (run.start, run.end) != (span.start, span.end):
                _add(doc, run, "dataset", "pattern:named-dataset")

    def _proposals(self, doc: Doc) -> None:
        group = doc.spans[PROPOSED] if PROPOSED in doc.spans else SpanGroup(doc, name=PROPOSED)
        for token in doc:
            if token.lower_ in NAMING_VERBS and _said_by_authors(token, openers=_WE):
                self._named_by_us(doc, token, group)
                continue
            if token.lower_ not in PROPOSE_TRIGGERS:
                continue
            if token.lower_ in _PROPOSE_VERBS and not _said_by_authors(token):
                continue
            i = token.i + 1
            while i < token.sent.end and (
                doc[i].lower_ in self.modifiers or doc[i].lower_ in {"a", "an", "the"} or doc[i].text in QUOTE_MARKS
            ):
                i += 1
            if i >= token.sent.end:
                continue
            # Only a name is a contribution ("we propose SineNet"); "we present a
            # numerical simulation" says what the paper does, not what it introduces.
            run = _name_run(doc, i, token.sent.end)
            if run is None:
                continue
            # A name that its acronym spells out goes on as far as the acronym's long form
            # ("Spatial Learning Through Time (SLTT)", where "Through" stops a name run).
            pairs = doc._.kg_abbreviations or []
            long = next((lf for _, lf in pairs if lf.start == run.start and lf.end > run.end), None)
            if long is not None and len(long) <= _MAX_NAME_TOKENS + 2:
                run = long
            if all(t.lower_ in self.generic for t in run):
                continue
            # "a recent variant of S4 called DSS", "the so-called Hankel operator": a name
            # given by others is a name, but not this paper's contribution.
            if token.lower_ in NAMING_PARTICIPLES and not _names_for_authors(token):
                _add(doc, run, "method", "pattern:called-name")
                continue
            _add(doc, run, "method", "pattern:proposed-name")
            group.append(run)
        doc.spans[PROPOSED] = group

    def _named_by_us(self, doc: Doc, verb: Token, group: SpanGroup) -> None:
        """The name after "we call / term / dub …", past what it names ("this architecture a",
        "our networks"): only pronouns, determiners and generic words may stand between."""
        i = verb.i + 1
        while i < verb.sent.end and (doc[i].lower_ in _NAMED_OBJECTS or doc[i].lower_ in self.generic):
            i += 1
        run = _name_run(doc, i, verb.sent.end) if i < verb.sent.end else None
        if run is not None and not all(t.lower_ in self.generic for t in run):
            _add(doc, run, "method", "pattern:proposed-name")
            group.append(run)

    def _title(self, doc: Doc) -> None:
        """In "X: a ... for ..." titles, X is what the paper contributes."""
        if not any(t.is_space and FIELD_SEPARATOR in t.text for t in doc):
            return  # no title in this text
        first = next(iter(doc.sents), None)
        if first is None:
            return
        colon = next((t for t in first if t.text == ":"), None)
        if colon is None or colon.i == first.start or colon.i - first.start > _MAX_NAME_TOKENS:
            return
        name = doc[first.start : colon.i]
        # A name, not a phrase: "BAMBOO:", "Lagrangian PINNs:", "A-NeSI:" but not
        # "Contrasting Adversarial Perturbations:" (every title word is capitalised).
        # Title case alone proves nothing; the abstract writing the words the same way
        # inside a sentence does ("Polynormer:", "Meta Flow Matching:"), unless the name
        # is one the lexicon knows, which the paper did not invent.
        marked = any(sum(c.isupper() for c in t.text) >= 2 or any(c.isdigit() for c in t.text) for t in name)
        if len(name) > _MAX_TITLE_NAME_TOKENS or not (
            marked or (_recurs_as_name(doc, name) and concept_key(name.text) not in lexicon.term_keys("method"))
        ):
            return
        # "QM9: A Dataset of ...": the description right after the colon says what X is.
        # So does the name's own last word ("Multiphysics Bench:").
        head = {t.lower_ for t in doc[colon.i + 1 : min(first.end, colon.i + 5)]}
        named_data = name[-1].lower_ in DATASET_WORDS or name[-1].lower_ == "bench"
        kind = "dataset" if named_data or head & DATASET_WORDS else "method"
        _add(doc, name, kind, "pattern:title-name")
        group = doc.spans[PROPOSED] if PROPOSED in doc.spans else SpanGroup(doc, name=PROPOSED)
        group.append(name)
        doc.spans[PROPOSED] = group


@Language.factory("kg_resolve")
def make_resolve(nlp: Language, name: str) -> Resolver:
    return Resolver()


def _rule_family(rule: str) -> str:
    return "lexicon" if rule.startswith("lexicon") else rule


class Resolver:
    """Chooses the final spans: types acronyms, trims modifiers, drops generic words, resolves overlaps."""

    def __init__(self) -> None:
        self.generic = lexicon.generic()
        self.generic_keys = frozenset(concept_key(name) for name in self.generic)
        self.generic_words = frozenset(singular(w) for name in self.generic for w in name.split())
        self.lowercase_datasets = frozenset(n for n in lexicon.terms()["dataset"] if n == n.lower())
        self.modifiers = lexicon.modifiers()
        self.heads = lexicon.heads()
        self.descriptive = lexicon.descriptive_heads()
        self.technical = lexicon.technical_words()

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans[CANDIDATES]) if CANDIDATES in doc.spans else []
        for ent in doc.ents:
            kind = NER_LABELS.get(ent.label_)
            if kind is not None and len(ent) > 1:
                kind = settled_type(ent, kind)
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
        candidates = self._split_coordinations(candidates)
        candidates = self._extend_to_long_forms(doc, candidates)
        candidates = self._type_definitions(doc, candidates)
        candidates.extend(self._acronyms(doc, candidates))
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
        doc.spans[RESOLVED] = SpanGroup(doc, name=RESOLVED, spans=chosen)
        if PROPOSED not in doc.spans:
            doc.spans[PROPOSED] = SpanGroup(doc, name=PROPOSED)
        return doc

    @staticmethod
    def _plausible_entity(ent: Span) -> bool:
        """No run-on span, and in a title none longer than a short name: a title is a phrase
        whose long spans run names together. (Until model 0.8.0 a title span also had to
        recur in the abstract; on the demo dev gold that cost more than it saved.)"""
        if len(ent) > _MAX_ENTITY_TOKENS:
            return False
        return not _in_title(ent) or len(ent) <= _MAX_TITLE_ENTITY_TOKENS

    @staticmethod
    def _split_coordinations(candidates: list[Span]) -> list[Span]:
        """Drop a model span like "VAEs and k-means" or "CIFAR-10/FFHQ datasets" when the
        lexicon knows its conjuncts, and one like "graph neural networks on time series
        forecasting" when the lexicon knows the names on both sides of the preposition: two
        names, as SciERC annotates them (a method, and the task it is used for)."""
        lexical = [c for c in candidates if c.id_ == "lexicon"]
        named = [c for c in candidates if c.id_ == "pattern:named-dataset"]
        kept = []
        for span in candidates:
            if span.id_ == "ner":
                inside = [c for c in lexical if span.start <= c.start and c.end <= span.end]
                # Or names the text lists as data sets: "(MORPH Album 2, CACD-VS and FG-NET)".
                listed = [c for c in named if span.start <= c.start and c.end <= span.end and names_a_dataset(c)]
                if (inside or len(listed) > 1) and any(t.lower_ in _CONJUNCTIONS or _joins_names(t) for t in span):
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

    def _trim(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        doc = span.doc
        # "an approach named Physics guided Neural Network", "coined neural snowflake": the
        # name is what follows the naming word (SciERC train and dev hold no span with one
        # inside, "named entity" aside).
        for i in range(end - 2, start - 1, -1):
            if doc[i].lower_ in NAMING_PARTICIPLES and not (
                doc[i].lower_ == "named" and doc[i + 1].lower_.startswith("entit")
            ):
                start = i + 1
                break
        while start < end:
            if doc[start].lower_ in self.modifiers or doc[start].is_punct or doc[start].is_space:
                start += 1
            # "a class of graph neural networks" names graph neural networks; "the number of
            # function evaluations" is a quantity, not a concept.
            elif end - start > 2 and doc[start + 1].lower_ == "of" and doc[start].lower_ in _PARTITIVES:
                if _PARTITIVES[doc[start].lower_] == "quantity":
                    return None
                start += 2
            else:
                break
        # A bracket that does not close inside the span ends it ("circuit [3",
        # "functional E(u"), and so does one that closes what opened before it ("Galaxy S22)").
        end = _balanced_end(doc, start, end)
        # Nor does a name end on punctuation or a function word ("NC occurrences in"),
        # unless a hyphen joins the word to the name ("speed-up"); a closing bracket left
        # here closes one the name opened ("GPT-4 (mini)", "POINT^{2}").
        while end > start and (
            (doc[end - 1].is_punct and doc[end - 1].text not in "+)}")
            or doc[end - 1].is_space
            or (doc[end - 1].text in STOP_WORDS and end - 1 > start and not _hyphen_joined(doc[end - 1]))
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
        if not any(c.isalpha() for c in text) or len(text) < 2 or _NOT_A_NAME.search(text):
            return None
        if singular(doc[end - 1].lower_) in _NOT_CONCEPT_HEADS:
            return None
        if span.id_ not in ("lexicon", "acronym-definition"):
            in_title = _in_title(doc[start:end])
            modifiers = [
                (t.text, not in_title and not t.is_sent_start)
                for t in doc[start : end - 1]
                if not t.is_punct or t.text in QUOTE_MARKS
            ]
            words = [t.text for t in doc[start:end]]
            if not opens_with_action(words) and is_description(
                modifiers, singular(doc[end - 1].lower_), self.descriptive, self.technical
            ):
                return None
        if any(t.lower_ in _ORGANISATION_WORDS for t in doc[start:end]):
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
            if ends_in_method_name(doc[start:end]):
                label = "method"
            else:
                # "the IJB-B face recognition dataset", "MNIST images": the name in the phrase.
                core = dataset_core(doc[start:end])
                if core is not None:
                    start, end = core.start, core.end
                # Data sets have names ("MNIST", "CIFAR-10", "Penn Treebank"), never "external datasets".
                named = names_a_dataset(doc[start:end])
                if label == "dataset" and not named:
                    return None
                label = "dataset" if named else MATERIAL
        elif label in ("method", "task") and span.id_ == "ner" and not ends_in_method_name(doc[start:end]):
            # The model's "method" that the text calls data: "on the IJB-A and IJB-B benchmarks".
            core = dataset_core(doc[start:end]) or doc[start:end]
            if reads_as_dataset(core):
                start, end, label = core.start, core.end, "dataset"
        if start == span.start and end == span.end and label == span.label_:
            return span
        return Span(doc, start, end, label=label, span_id=span.id_)
