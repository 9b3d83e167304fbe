"""kg: a knowledge graph of methods, tasks and datasets from scientific abstracts.

>>> import kg
>>> from kg.examples import example_graph
>>> g = example_graph()
>>> sorted(a["type"] for _, a in g.nodes(data=True))[:3]
['dataset', 'dataset', 'dataset']
"""

from __future__ import annotations

from kg import query
from kg.api import build, load
from kg.version import __version__

__all__ = ["__version__", "build", "load", "query"]
