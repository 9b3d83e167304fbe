"""Counts over the graph that more than one reader shows: the report draws them, the
Python helpers of :mod:`kg.query` return them.

They sit below both, so that neither the report nor the query helpers import the
other.  Each takes any graph of kg's shape: a built corpus's streamed view (walked
paper by paper, never held) or a networkx graph such as :func:`kg.load` gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import numpy as np
import pandas as pd

from kg.graph import GraphView, paper_adjacency


def method_task_matrix(graph: GraphView, top: int | None = None) -> pd.DataFrame:
    """Papers per (method, task): methods as rows, tasks as columns, labels as names.

    ``top`` keeps the methods and tasks with the most papers.

    >>> from kg.examples import example_graph
    >>> method_task_matrix(example_graph())
    task                  image classification  node classification
    method
    GraphMix                                 0                    1
    Vision transformer                       1                    0
    graph neural network                     1                    1
    transformer                              2                    0
    """

    def methods_and_tasks() -> Iterator[tuple[list[str], list[str]]]:
        for _, neighbours in paper_adjacency(graph):
            targets = set(neighbours)
            methods = [graph.nodes[c]["label"] for c in targets if graph.nodes[c]["type"] == "method"]
            tasks = [graph.nodes[c]["label"] for c in targets if graph.nodes[c]["type"] == "task"]
            yield methods, tasks

    # A row's (column's) sum is the number of (method, task) mentions it is in: known
    # without tallying every pair, which a large corpus has millions of.
    row_sums, col_sums = Counter[str](), Counter[str]()
    for methods, tasks in methods_and_tasks():
        if methods and tasks:
            for method in methods:
                row_sums[method] += len(tasks)
            for task in tasks:
                col_sums[task] += len(methods)
    if not row_sums:
        return pd.DataFrame()
    row_names, col_names = sorted(row_sums), sorted(col_sums)
    if top is not None:
        # Chosen before the pairs are counted, so only top x top cells are held.
        row_names = sorted(sorted(row_names, key=lambda m: -row_sums[m])[:top])
        col_names = sorted(sorted(col_names, key=lambda t: -col_sums[t])[:top])
    kept_rows, kept_cols = set(row_names), set(col_names)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for methods, tasks in methods_and_tasks():
        for method in methods:
            if method in kept_rows:
                for task in tasks:
                    if task in kept_cols:
                        counts[(method, task)] += 1
    rows = {method: i for i, method in enumerate(row_names)}
    cols = {task: i for i, task in enumerate(col_names)}
    values = np.zeros((len(rows), len(cols)), dtype=np.int64)
    for (method, task), n in counts.items():
        if method in rows and task in cols:
            values[rows[method], cols[task]] = n
    return pd.DataFrame(values, index=pd.Index(list(rows), name="method"), columns=pd.Index(list(cols), name="task"))
