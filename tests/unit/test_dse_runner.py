"""
The evaluator of allo-dse: the same results in this process, in local
processes and on a real Dask cluster (a scheduler and two workers on
loopback), and a clear error for each way it cannot run."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import pytest
from dse_eval import scheduled_latency

import allo_xdsl
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.runner import Evaluator, _worker_problem

KERNEL = (Path(__file__).parent.parent / "kernels" / "gemm_f32.mlir").read_text()

SCHEDULES = [
    "",
    "schedule:\n  gemm:\n    - pipeline: {loop: k, ii: 1}\n",
    "schedule:\n  gemm:\n    - pipeline: {loop: j, ii: 1}\n",
    "schedule:\n  gemm:\n    - reorder: {loops: [k, j]}\n    - pipeline: {loop: j}\n",
    "schedule:\n  gemm:\n    - split: {loop: j, factor: 4}\n"
    "    - pipeline: {loop: j.inner}\n",
    "schedule:\n  gemm:\n    - unroll: {loop: k, factor: 2}\n",
]
ITEMS = [(KERNEL, schedule) for schedule in SCHEDULES]


def fails_on_a_worker(item: int) -> int:
    if item == 2:
        raise AlloError("no schedule for item 2")
    return item


def test_in_process_and_local_processes_agree() -> None:
    with Evaluator(jobs=1) as one:
        expected = one.map(scheduled_latency, ITEMS)
    # Different schedules give different latencies: the comparison below
    # would notice results that come back in the wrong order.
    assert len(set(expected)) >= 4, expected
    with Evaluator(jobs=2) as two:
        assert two.parallelism == 2
        assert two.map(scheduled_latency, ITEMS) == expected
        # The pool stays up between calls.
        pool = two._pool
        assert two.map(scheduled_latency, ITEMS[::-1]) == expected[::-1]
        assert two._pool is pool
        assert two.map(scheduled_latency, []) == []
    assert two._pool is None


def test_an_allo_error_of_the_function_reaches_the_caller() -> None:
    for jobs in (1, 2):
        with Evaluator(jobs=jobs) as evaluator, pytest.raises(AlloError) as e:
            evaluator.map(fails_on_a_worker, range(4))
        assert e.value.message == "no schedule for item 2"


def test_what_a_worker_checks() -> None:
    version = allo_xdsl.__version__
    assert _worker_problem("dse_eval", version) == ""
    assert _worker_problem("dse_eval", "0.0.1") == (
        f"it has allo-xdsl {version}, this machine 0.0.1"
    )
    problem = _worker_problem("no_such_module_here", version)
    assert problem.startswith("cannot import 'no_such_module_here': ModuleNotFound")


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True])
def test_jobs_must_be_a_positive_integer(jobs: object) -> None:
    with pytest.raises(AlloError, match="--jobs must be a positive integer"):
        Evaluator(jobs=jobs)  # type: ignore[arg-type]


@pytest.mark.needs("dask")
def test_unreachable_scheduler_fails_fast_and_names_it() -> None:
    importlib.import_module("distributed")  # its import is not the connect
    start = time.monotonic()
    with pytest.raises(AlloError) as e:
        Evaluator(cluster="tcp://127.0.0.1:1")
    assert time.monotonic() - start < 5
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in e.value.message
    assert "dask scheduler" in e.value.message


@pytest.mark.needs("dask")
@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("nonsense", "missing port number"),
        ("tcp://127.0.0.1", "missing port number"),
        ("tls://127.0.0.1:8786", "give the scheduler's tcp://host:port"),
    ],
)
def test_bad_address(address: str, why: str) -> None:
    with pytest.raises(AlloError, match=f"bad --cluster address '{address}': {why}"):
        Evaluator(cluster=address)


def test_cluster_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    with pytest.raises(AlloError) as e:
        Evaluator(cluster="tcp://127.0.0.1:8786")
    assert e.value.message == (
        "--cluster needs the 'dse' extra: pip install 'allo-xdsl[dse]'"
    )


@pytest.mark.needs("dask")
def test_cluster_agrees_with_local_runs(dask_cluster: str, tmp_path: Path) -> None:
    with Evaluator(jobs=1) as one:
        expected = one.map(scheduled_latency, ITEMS)
    with Evaluator(cluster=dask_cluster) as cluster:
        assert cluster.map(scheduled_latency, ITEMS) == expected
        assert cluster.map(scheduled_latency, ITEMS[::-1]) == expected[::-1]
        # The fixture's two workers, one thread each.
        assert cluster.parallelism == 2
        with pytest.raises(AlloError) as e:
            cluster.map(fails_on_a_worker, range(4))
        assert e.value.message == "no schedule for item 2"
        # A function in a module the workers do not have: named, before any
        # work is sent.
        (tmp_path / "dse_local_only.py").write_text(
            "def double(x):\n    return 2 * x\n"
        )
        sys.path.insert(0, str(tmp_path))
        try:
            from dse_local_only import double  # type: ignore[import-not-found]

            assert Evaluator(jobs=1).map(double, [1, 2]) == [2, 4]
            with pytest.raises(AlloError) as e:
                cluster.map(double, [1, 2])
        finally:
            sys.path.remove(str(tmp_path))
    assert f"the Dask workers of {dask_cluster} cannot run" in e.value.message
    assert "cannot import 'dse_local_only'" in e.value.message
    assert "every worker needs the same allo-xdsl installed" in e.value.message
