"""kg: a knowledge graph of methods, tasks and datasets from scientific abstracts.

>>> import kg
>>> from kg.examples import example_graph
>>> g = example_graph()
>>> sorted(a["type"] for _, a in g.nodes(data=True))[:3]
['dataset', 'dataset', 'dataset']

``kg.build``, ``kg.load`` and ``kg.query`` are imported when first used, so
``import kg`` (which every ``kg`` command does) costs no spaCy or pandas until
a build or a query needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.version import __version__

if TYPE_CHECKING:
    from kg import query
    from kg.api import build, load

__all__ = ["__version__", "build", "load", "query"]


def __getattr__(name: str) -> object:
    """The API's names, imported on first use (and kept, so this runs once per name)."""
    value: object
    if name in ("build", "load"):
        from kg import api

        value = getattr(api, name)
    elif name == "query":
        import kg.query

        value = kg.query
    else:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
