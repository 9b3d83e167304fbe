"""The extraction pipelines that many tests run, each loaded once per test process.

Loading kg's pipeline takes about a third of a second for the rules alone and more with
the shipped NER, while reading a sentence with it takes milliseconds.  A pipeline keeps
nothing of one text when it reads the next (``kg build`` runs one over every paper), so
tests that only run it share these.  A test that adds, removes or reconfigures a
component loads a pipeline of its own.
"""

from __future__ import annotations

import functools

from spacy.language import Language

from kg.extract.pipeline import load_pipeline


@functools.cache
def rules() -> Language:
    """kg's rule components on a blank English pipeline: ``load_pipeline(None)``."""
    return load_pipeline(None)


@functools.cache
def shipped() -> Language:
    """The default pipeline, the shipped NER and the rules: ``load_pipeline()``."""
    return load_pipeline()
