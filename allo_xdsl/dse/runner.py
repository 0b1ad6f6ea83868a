"""
Where the search's evaluations run: in this process, in local processes
or on an existing Dask cluster, behind one order-preserving `map`.

    with Evaluator(jobs=4) as evaluator:                 # or cluster="tcp://host:8786"
        latencies = evaluator.map(evaluate, candidates)

`fn` must be a module-level function (pickled by reference: every process
and every Dask worker imports its module) and its items and results plain,
picklable data. The same `fn` on the same items gives the same results in
every mode; only where they are computed changes.

Local processes start with `forkserver` where the platform has it (`spawn`
elsewhere), never `fork`: the parent holds xDSL state (contexts, IR with
parent links, module-level caches) and threads (Dask's client, the progress
bar, optuna), and forking a threaded process can copy a held lock into the
child and deadlock it. The fork server is a single-threaded process that
imports the evaluation function's module once; each worker forks from it, so
workers start clean and fast. The pool lives until `close()`. As with any
non-fork pool, a script that uses `jobs > 1` runs its work under
`if __name__ == "__main__":` (the workers import the main module).

The cluster is Dask distributed (DESIGN.md section 13; the README says why
and how to start one), at a `tcp://host:port` address: `Client(address)`,
`client.map(..., pure=False)` and `gather`; before the first `map` of a
function, every worker must have this allo-xdsl version and import the
function's module. Nothing here distributes work by itself.
"""

from __future__ import annotations

import importlib
import multiprocessing
import socket
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Self, TypeVar

import allo_xdsl
from allo_xdsl.diagnostics import AlloError

_T = TypeVar("_T")
_R = TypeVar("_R")

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler to answer, and for a first worker."""

_NEEDS_EXTRA = "--cluster needs the 'dse' extra: pip install 'allo-xdsl[dse]'"


class Evaluator:
    """
    Runs `fn` over items: in this process (`jobs=1`), in `jobs` local
    processes, or on the Dask cluster whose scheduler is at `cluster`
    (`tcp://host:port`; `jobs` is then ignored). A context manager; `close()`
    stops the processes or disconnects from the cluster."""

    def __init__(
        self,
        jobs: int = 1,
        cluster: str | None = None,
        timeout: float = CONNECT_TIMEOUT,
    ):
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise AlloError(f"--jobs must be a positive integer, got {jobs!r}")
        self.jobs = jobs
        self.cluster = cluster
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._checked_modules: set[str] = set()
        if cluster is not None:
            self._client = _connect(cluster, timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def parallelism(self) -> int:
        """
        How many evaluations run at once: `jobs`, or the threads of all
        the cluster's workers (at least 1). A search that proposes this many
        candidates per `map` keeps every process busy."""
        if self._client is None:
            return self.jobs
        workers = self._client.scheduler_info(n_workers=-1)["workers"].values()
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers))

    def map(self, fn: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
        """
        `[fn(item) for item in items]`, computed where this evaluator
        runs, in the order of `items`. An `AlloError` that `fn` raises
        reaches the caller unchanged (without its IR operation)."""
        work = list(items)
        if not work:
            return []
        if self._client is not None:
            return self._map_cluster(fn, work)
        if self.jobs == 1:
            return [_call(fn, item) for item in work]
        return self._map_local(fn, work)

    def close(self) -> None:
        """
        Stop the local processes, or disconnect from the cluster (which
        keeps running). Safe to call twice."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    # ----- local processes -----

    def _map_local(self, fn: Callable[[_T], _R], work: list[_T]) -> list[_R]:
        if self._pool is None:
            self._pool = _make_pool(self.jobs, fn.__module__)
        chunk = max(1, len(work) // (4 * self.jobs))
        try:
            return list(self._pool.map(_call, [fn] * len(work), work, chunksize=chunk))
        except BrokenProcessPool:
            self._pool = None
            raise AlloError(
                "a local evaluation process died (out of memory? try fewer --jobs)"
            ) from None

    # ----- the cluster -----

    def _map_cluster(self, fn: Callable[[_T], _R], work: list[_T]) -> list[_R]:
        self._check_workers_import(fn.__module__)
        # pure=False: every call is a task of its own; Dask must not hand back
        # a result it keeps from an earlier call that it takes for the same.
        futures = self._client.map(_call, [fn] * len(work), work, pure=False)
        # optional extra: 'dse' (present: the client exists).
        from distributed import KilledWorker

        try:
            return list(self._client.gather(futures))
        except ImportError as e:
            raise _import_error(self.cluster, e) from None
        except KilledWorker:
            raise AlloError(
                f"an evaluation killed every Dask worker of {self.cluster} that "
                "ran it (out of memory?); the workers' logs say more"
            ) from None
        except CancelledError as e:
            raise AlloError(
                f"the evaluations on the Dask cluster at {self.cluster} were "
                f"cancelled: {e}"
            ) from None
        finally:
            self._client.cancel(futures)

    def _check_workers_import(self, module: str) -> None:
        """
        Every worker must import allo_xdsl and `module` (where the
        evaluation function lives) before it is sent any work."""
        if module in self._checked_modules:
            return
        try:
            answers = self._client.run(
                _worker_problem, module, allo_xdsl.__version__, on_error="return"
            )
        except ImportError as e:
            raise _import_error(self.cluster, e) from None
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):
                answer = f"{type(answer).__name__}: {answer}"
            if answer:
                raise _import_error(self.cluster, f"worker {worker}: {answer}")
        self._checked_modules.add(module)


def _call(fn: Callable[[_T], _R], item: _T) -> _R:
    """
    `fn(item)`, with an `AlloError` stripped of its IR operation, which
    does not travel between processes."""
    try:
        return fn(item)
    except AlloError as e:
        raise AlloError(e.message, location=e.location) from None


def _worker_problem(module: str, version: str) -> str:
    """
    Runs on a Dask worker: why it cannot run evaluations of `module`'s
    functions for allo-xdsl `version`, or ''."""
    if allo_xdsl.__version__ != version:
        return f"it has allo-xdsl {allo_xdsl.__version__}, this machine {version}"
    try:
        importlib.import_module(module)
    except Exception as e:
        return f"cannot import '{module}': {type(e).__name__}: {e}"
    return ""


def _import_error(address: str | None, detail: object) -> AlloError:
    return AlloError(
        f"the Dask workers of {address} cannot run the evaluations ({detail}): "
        "every worker needs the same allo-xdsl installed as this machine"
    )


def _make_pool(jobs: int, module: str) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver" and module != "__main__":
        # Imported once by the fork server, before any worker forks from it;
        # takes effect only when this process starts its fork server.
        context.set_forkserver_preload([module])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _connect(address: str, timeout: float) -> Any:
    """A Dask client of the scheduler at `address` that has a worker."""
    try:
        # optional extra: 'dse'.
        from distributed import Client
    except ImportError:
        raise AlloError(_NEEDS_EXTRA) from None
    _check_reachable(address, timeout)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (ValueError, TypeError) as e:
        raise AlloError(f"bad --cluster address '{address}': {e}") from None
    except Exception as e:
        # Whatever answers there is not a Dask scheduler we can talk to.
        raise AlloError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
            f"({type(e).__name__}: {e}); start one with `dask scheduler` and "
            "pass its address"
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        client.close()
        raise AlloError(
            f"the Dask scheduler at {address} has no worker after {timeout:g} s; "
            f"start one with `dask worker {address}`"
        ) from None
    return client


def _check_reachable(address: str, timeout: float) -> None:
    """
    Fail at once on an address that is not TCP or where nothing listens
    (Dask itself retries a refused connection until its time-out, and a
    client that fails to start holds its event loop until exit)."""
    # optional extra: 'dse' (present: the caller imported distributed).
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError as e:
        raise AlloError(f"bad --cluster address '{address}': {e}") from None
    if scheme != "tcp":
        raise AlloError(
            f"bad --cluster address '{address}': give the scheduler's "
            "tcp://host:port (other protocols are not supported)"
        )
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        raise AlloError(
            f"cannot reach the Dask scheduler at {address}: "
            f"{e.strerror or type(e).__name__}; start one with `dask scheduler` "
            "and pass its address"
        ) from None
