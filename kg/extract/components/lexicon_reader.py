"""What a component that reads the lexicon shares: its ``lexicon`` setting, saving and loading.

``kg_lexicon``, ``kg_patterns`` and ``kg_resolve`` read their words from a lexicon
(:class:`kg.extract.lexicon.Lexicon`): the folder of their ``lexicon`` setting, or the
shipped one when it is ``null``.  Like spaCy's ``EntityRuler`` with its patterns, such a
component writes its lexicon into its own folder of a saved pipeline (``nlp.to_disk``)
and reads it back from there (``spacy.load``), so a saved pipeline keeps the words it was
made with: the folder named in its config may have changed or gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.errors import ExtractorError
from kg.extract.lexicon import Lexicon


class LexiconReader:
    """A component with a lexicon, set by its ``lexicon`` setting or read back by :meth:`from_disk`.

    The setting's folder is read when the component is made.  When it is missing, the
    component waits: :func:`spacy.load` makes the components of a saved pipeline from its
    config, where the folder is the one the pipeline was made with, before
    :meth:`from_disk` gives each one its saved lexicon.  A component that runs still without
    one says which folder it lacks.
    """

    def __init__(self, lexicon: str | Path | None = None) -> None:
        self.lexicon_setting = None if lexicon is None else str(lexicon)
        """The ``lexicon`` setting: a folder of word lists, or None for the shipped lexicon."""
        self._lexicon: Lexicon | None = None
        if lexicon is None:
            self.use(Lexicon.shipped())
        elif Path(lexicon).is_dir():
            self.use(Lexicon(lexicon))

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon the component reads."""
        if self._lexicon is None:
            if self.lexicon_setting is not None and not Path(self.lexicon_setting).is_dir():
                raise ExtractorError(
                    f"{self.lexicon_setting}: no such lexicon folder for {type(self).__name__}; "
                    "set the component's lexicon to a folder of word lists, or to null for the shipped one"
                )
            self.use(Lexicon(self.lexicon_setting))
        assert self._lexicon is not None
        return self._lexicon

    def use(self, lexicon: Lexicon) -> None:
        """Read ``lexicon`` from now on."""
        self._lexicon = lexicon
        self.read(lexicon)

    def read(self, lexicon: Lexicon) -> None:
        """Make what the component needs of ``lexicon`` (its sets, matchers)."""
        raise NotImplementedError

    def ready(self) -> None:
        """Make sure the component has its lexicon (the setting's folder, read now if it was missing)."""
        if self._lexicon is None:
            self.lexicon  # noqa: B018  (reads it, or says what is missing)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon's lists into the component's folder of a saved pipeline."""
        self.lexicon.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconReader:
        """Read the lexicon saved in the component's folder."""
        self.use(Lexicon(path))
        return self
