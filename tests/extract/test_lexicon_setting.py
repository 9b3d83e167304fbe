"""A pipeline's lexicon is part of its components' config and is saved with it (issue 21).

The rule components that read the lexicon (kg_lexicon, kg_patterns, kg_resolve) take a
``lexicon`` setting, a folder of word lists; ``nlp.to_disk`` writes the lists into each
component's folder and ``spacy.load`` reads them back, so a field's own names survive
saving even once the folder is gone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kg.errors import ExtractorError
from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.lexicon import SHIPPED_ONLY, Lexicon
from kg.extract.pipeline import LEXICON_COMPONENTS, load_pipeline

NAME = "zorblax transform"
"""A made-up method, in no shipped list."""
TEXT = "Notes\n\nWe apply zorblax transforms to the images and report the error."


def _field_lexicon(folder: Path) -> Path:
    """A lexicon folder of one list: a field's own methods, with a header as the shipped files have."""
    folder.mkdir()
    (folder / "method.txt").write_text(f"# kg lexicon: a test field's methods.\n{NAME}\n", encoding="utf-8")
    return folder


def _methods(nlp: Language, text: str = TEXT) -> set[tuple[str, str]]:
    doc = nlp(text)
    return {(s.text, s.id_) for s in doc.spans["kg"] if s.label_ == "method"}


def test_a_pipeline_with_its_own_lexicon_finds_its_names_and_keeps_them_when_saved(tmp_path: Path) -> None:
    folder = _field_lexicon(tmp_path / "field")
    nlp = load_pipeline(None, lexicon=folder)
    assert ("zorblax transforms", "lexicon") in _methods(nlp)
    for name in LEXICON_COMPONENTS:
        assert nlp.config["components"][name]["lexicon"] == str(folder)

    nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(folder)  # the folder the config names is gone: the saved copy is read
    for name in LEXICON_COMPONENTS:
        saved = (tmp_path / "saved" / name / "method.txt").read_text(encoding="utf-8")
        assert saved.splitlines()[-1] == NAME
        # The lists the folder lacked are the shipped ones, saved too.
        generic = (tmp_path / "saved" / name / "generic.txt").read_text(encoding="utf-8")
        assert generic == Lexicon.shipped().texts["generic.txt"]
        assert not any((tmp_path / "saved" / name / only).exists() for only in SHIPPED_ONLY)
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    assert _methods(loaded) == _methods(nlp)
    for name in LEXICON_COMPONENTS:
        component = loaded.get_pipe(name)
        assert isinstance(component, LexiconReader)
        assert component.lexicon.terms["method"] == (NAME,)


def test_the_shipped_lexicon_is_the_default_and_unchanged(tmp_path: Path) -> None:
    _field_lexicon(tmp_path / "field")
    Lexicon(tmp_path / "field")
    shipped = load_pipeline(None)
    assert not any("zorblax" in text for text, _ in _methods(shipped))
    for name in LEXICON_COMPONENTS:
        assert shipped.config["components"][name]["lexicon"] is None
        component = shipped.get_pipe(name)
        assert isinstance(component, LexiconReader)
        assert component.lexicon is Lexicon.shipped()
    assert NAME not in Lexicon.shipped().terms["method"]
    assert "graph neural network" in Lexicon.shipped().terms["method"]


@pytest.mark.slow  # a fresh Python process loads the saved pipeline
def test_a_saved_pipeline_with_its_own_lexicon_loads_without_importing_kg(tmp_path: Path) -> None:
    """spaCy finds kg's components through its ``spacy_factories`` entry points."""
    load_pipeline(None, lexicon=_field_lexicon(tmp_path / "field")).to_disk(tmp_path / "saved")
    shutil.rmtree(tmp_path / "field")
    code = (
        "import sys, spacy\n"
        "assert 'kg' not in sys.modules\n"
        f"nlp = spacy.load({str(tmp_path / 'saved')!r})\n"
        f"doc = nlp({TEXT!r})\n"
        "print(sorted(s.text for s in doc.spans['kg'] if s.id_ == 'lexicon'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['zorblax transforms']"


def test_a_folder_that_is_no_lexicon_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractorError, match="no such lexicon folder"):
        load_pipeline(None, lexicon=tmp_path / "missing")
    folder = _field_lexicon(tmp_path / "field")
    (folder / "methods.txt").write_text("zorblax\n", encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"methods\.txt: not one of the lexicon's lists"):
        load_pipeline(None, lexicon=folder)
    (folder / "methods.txt").unlink()
    (folder / "dataset_aliases.tsv").write_text("COCO\tZorbCOCO\n", encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"reads dataset_aliases\.tsv from its shipped lexicon only"):
        load_pipeline(None, lexicon=folder)


def test_a_component_whose_folder_has_gone_says_so_when_it_runs(tmp_path: Path) -> None:
    """Made from a config whose folder is gone (as spacy.load makes it, before from_disk), a
    component waits for its saved lexicon; run without one, it names the folder it lacks."""
    nlp = spacy.blank("en")
    matcher = nlp.add_pipe("kg_lexicon", config={"lexicon": str(tmp_path / "gone")})
    assert isinstance(matcher, LexiconReader)
    with pytest.raises(ExtractorError, match=r"gone: no such lexicon folder for LexiconMatcher"):
        nlp("We apply zorblax transforms.")
