"""kg's spaCy components, one module each, and what they share.

The pipeline (:func:`kg.extract.pipeline.load_pipeline`) is::

    sentencizer -> kg_fields -> [tok2vec, ner] -> kg_abbreviations -> kg_lexicon -> kg_patterns
        -> kg_task_phrases -> kg_task_lists -> kg_resolve

* ``kg_fields`` (:mod:`.fields`): a sentence starts where the abstract starts;
* ``kg_abbreviations`` (:mod:`.abbreviation_detector`): acronym definitions,
  ``doc._.kg_abbreviations``;
* ``kg_lexicon`` (:mod:`.lexicon_matcher`): candidates, the lexicon's names;
* ``kg_patterns`` (:mod:`.patterns`): candidates, typed heads, data sets, proposed names;
* ``kg_task_phrases`` (:mod:`.task_phrases`): candidates, tasks written as a doing and its
  object ("estimation of parameters", "solving linear systems");
* ``kg_task_lists`` (:mod:`.task_lists`): candidates, the items of a list the sentence says
  are tasks ("tasks such as X, Y and Z", "the task of X");
* ``kg_resolve`` (:mod:`.resolve`): the concepts, ``doc.spans["kg"]``, and the proposals;
* ``kg_relations`` (:mod:`.relations`, only with ``load_pipeline(relations=True)``): typed
  relations between the concepts of a sentence, ``doc._.kg_relations``;
* ``kg_own_relations`` (:mod:`.own_relations`, with ``kg_relations``): the paper's own method
  related to the data sets and tasks of the sentences that speak of it ("our approach
  achieves 71.8% on Cityscapes"), added to ``doc._.kg_relations``;
* ``kg_result_claims`` (:mod:`.result_claims`, only with ``load_pipeline(result_claims=True)``):
  the results sentences state (method, data set, metric, value), ``doc._.kg_result_claims``.

The middle components add candidate spans to ``doc.spans["kg_candidates"]`` (label =
concept type, ``id_`` = the rule that found it); a trained NER's entities are candidates
too; ``kg_resolve`` keeps the best non-overlapping ones in ``doc.spans["kg"]`` and marks
the paper's own contributions in ``doc.spans["kg_proposed"]``.

What several components use, below them: :mod:`.spans` (span groups, title and sentence,
the shapes of names' tokens), :mod:`.datasets` (the data-set recogniser), :mod:`.proposals`
(whose names a sentence gives), :mod:`.relation_features` and :mod:`.result_values` (what
``kg_relations`` and ``kg_result_claims`` read of a sentence) and :mod:`.lexicon_reader`
(the ``lexicon`` setting, saved with the pipeline).  Each component registers its factory with ``@Language.factory`` and
through kg's ``spacy_factories`` entry points, so a saved pipeline loads with
:func:`spacy.load` alone.  Importing this package registers them all.
"""

from kg.extract.components.abbreviation_detector import AbbreviationDetector, make_abbreviations
from kg.extract.components.datasets import DatasetRecogniser, names_a_dataset
from kg.extract.components.fields import FieldBoundary, make_fields
from kg.extract.components.lexicon_matcher import LexiconMatcher, make_lexicon
from kg.extract.components.own_relations import OwnRelations, make_own_relations
from kg.extract.components.patterns import PatternFinder, make_patterns
from kg.extract.components.relations import RelationExtractor, make_relations
from kg.extract.components.resolve import Resolver, make_resolve
from kg.extract.components.result_claims import ResultClaimFinder, make_result_claims
from kg.extract.components.spans import CANDIDATES, FIELD_SEPARATOR, MATERIAL, PROPOSED, RESOLVED, title_end
from kg.extract.components.task_lists import TaskListFinder, make_task_lists
from kg.extract.components.task_phrases import TaskPhraseFinder, make_task_phrases

__all__ = [
    "CANDIDATES",
    "FIELD_SEPARATOR",
    "MATERIAL",
    "PROPOSED",
    "RESOLVED",
    "AbbreviationDetector",
    "DatasetRecogniser",
    "FieldBoundary",
    "LexiconMatcher",
    "OwnRelations",
    "PatternFinder",
    "RelationExtractor",
    "Resolver",
    "ResultClaimFinder",
    "TaskListFinder",
    "TaskPhraseFinder",
    "make_abbreviations",
    "make_fields",
    "make_lexicon",
    "make_own_relations",
    "make_patterns",
    "make_relations",
    "make_resolve",
    "make_result_claims",
    "make_task_lists",
    "make_task_phrases",
    "names_a_dataset",
    "title_end",
]
