"""Extraction on a Dask cluster (dask.distributed): the papers' chunks go to the workers,
the mentions come back to this process, which links and builds the graph.

With a scheduler address kg joins that cluster; without one it starts a local
cluster of ``workers`` single-threaded processes for the duration of the build.
Workers need kg installed (the same version) and load its pipeline once each.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from kg.errors import KGError
from kg.extract.options import ExtractOptions
from kg.extract.runners import Runner, chunk_function, one_thread_per_process
from kg.model import Paper

INSTALL_HINT = "install it with: pip install -e '.[dask]' in kg's clone"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise KGError(f"--engine dask needs dask.distributed, which is not installed; {INSTALL_HINT}") from err
    return distributed


@contextlib.contextmanager
def dask_runner(options: ExtractOptions) -> Iterator[Runner]:
    """A runner that sends chunks to a Dask cluster."""
    distributed = _distributed()
    model = None if options.model is None else str(options.model)
    with contextlib.ExitStack() as stack:
        if options.scheduler is not None:
            try:
                client = stack.enter_context(distributed.Client(options.scheduler, timeout="30s"))
            except (OSError, TimeoutError) as err:
                raise KGError(
                    f"cannot reach the Dask scheduler at {options.scheduler} ({err}); "
                    "check the address (tcp://HOST:8786) or leave --scheduler out to start a local cluster"
                ) from err
        else:
            with one_thread_per_process():
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=options.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                        silence_logs=logging.ERROR,
                    )
                )
            client = stack.enter_context(distributed.Client(cluster))

        def submit(chunk: list[Paper]) -> Any:
            # pure=False: a chunk is computed once however often equal chunks are submitted.
            return client.submit(
                chunk_function(options), chunk, model, options.batch_size, options.accurate, pure=False
            )

        workers = max(1, len(client.scheduler_info().get("workers", {})) or options.workers)
        # Dask futures have the same result() as concurrent futures, so one ordering serves both.
        yield Runner(submit, 2 * workers)
