r"""A list of texts as one text cell, as GraphML and the CSV tables hold lists.

Items are joined with ``|``, the separator every graph tool's users expect.  An
item that holds a ``|`` of its own has it written ``\|``, so that the list is
split where it was joined; a run of backslashes just before a ``|`` (or at the
end of an item that another follows) is doubled, so it is not taken for that
escape.  Every other backslash stands for itself: a Windows path or a LaTeX
command goes out as it came in, and a list whose items hold no ``|`` and end in
no backslash is written exactly as ``"|".join(items)``.

The empty list is the empty cell; a list of one empty item reads back as the
empty list too, since the two cells are the same (kg's lists, aliases and
source references, never hold an empty item).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SEPARATOR = "|"

_BACKSLASHES_THEN_BAR = re.compile(r"(\\*)\|")
_TRAILING_BACKSLASHES = re.compile(r"(\\+)\Z")


def _escape(item: str, last: bool) -> str:
    item = _BACKSLASHES_THEN_BAR.sub(lambda m: "\\" * (2 * len(m[1]) + 1) + "|", item)
    return item if last else _TRAILING_BACKSLASHES.sub(lambda m: m[1] * 2, item)


def join_list(items: Iterable[str]) -> str:
    r"""The items as one cell: ``a|b``, with a ``|`` inside an item written ``\|``.

    >>> join_list(["GNN", "graph|net", "C:\\data\\"])
    'GNN|graph\\|net|C:\\data\\'
    """
    texts = list(items)
    return SEPARATOR.join(_escape(item, i == len(texts) - 1) for i, item in enumerate(texts))


def split_list(cell: str) -> list[str]:
    r"""The items that :func:`join_list` joined into ``cell``; the empty cell is the empty list.

    >>> split_list('GNN|graph\\|net|C:\\data\\')
    ['GNN', 'graph|net', 'C:\\data\\']
    """
    if not cell:
        return []
    items: list[str] = []
    current: list[str] = []
    start = 0
    for match in _BACKSLASHES_THEN_BAR.finditer(cell):
        run = len(match[1])
        current.append(cell[start : match.start()] + "\\" * (run // 2))
        if run % 2:
            current.append(SEPARATOR)
        else:
            items.append("".join(current))
            current = []
        start = match.end()
    current.append(cell[start:])
    items.append("".join(current))
    return items
