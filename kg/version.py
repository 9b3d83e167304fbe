"""kg's version, in a module of its own so that any layer can print it without importing the package's API."""

from __future__ import annotations

__version__ = "0.2.0"
