"""kg: a knowledge graph of methods, tasks and datasets from scientific abstracts."""

from __future__ import annotations

__version__ = "0.1.0"
