import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.frontend.mlir_input import read_mlir

KERNELS = Path(__file__).parent.parent / "kernels"


@pytest.fixture
def ctx():
    return make_context()


def load_kernel(name: str):
    """Parse tests/kernels/<name>.mlir with a fresh context."""
    path = KERNELS / f"{name}.mlir"
    return read_mlir(make_context(), path.read_text(), str(path))


# The external tools a test may need, how to tell they are there, and how
# to get them; tests declare theirs with `pytest.mark.needs("g++", ...)`.
TOOLS = {
    "g++": (lambda: shutil.which("g++") is not None, "apt-get install g++"),
    "hls4ml": (
        lambda: importlib.util.find_spec("hls4ml") is not None,
        "pip install -e '.[test]' (hls4ml ships the ap_types headers)",
    ),
    "mlir-opt-22": (
        lambda: shutil.which("mlir-opt-22") is not None,
        "apt-get install mlir-22-tools",
    ),
    "mlir-runner-22": (
        lambda: shutil.which("mlir-runner-22") is not None,
        "apt-get install mlir-22-tools",
    ),
    "verilator": (
        lambda: shutil.which("verilator") is not None,
        "apt-get install verilator",
    ),
    "onnx": (
        lambda: all(
            importlib.util.find_spec(m) is not None
            for m in ("onnx", "onnxruntime", "torch_mlir")
        ),
        "pip install -e '.[onnx]'",
    ),
    "tclsh": (lambda: shutil.which("tclsh") is not None, "apt-get install tcl"),
    "pycde": (
        lambda: importlib.util.find_spec("pycde") is not None,
        "pip install -e '.[test]' (pycde needs Python 3.11)",
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "needs(*tools): the external tools the test runs (" + ", ".join(TOOLS) + ")",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """
    A test whose tool is missing says which one and how to get it, once,
    instead of failing inside the tool's runner. `tests/run-all.sh` installs
    every tool, so under CI a missing one is a failure, not a skip."""
    for mark in item.iter_markers("needs"):
        for tool in mark.args:
            present, how = TOOLS[tool]
            if present():
                continue
            message = f"needs {tool}, which is missing: {how}"
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)


# ----- allo-dse: its optional extras, and a real Dask cluster on loopback -----

TOOLS["dask"] = (
    lambda: importlib.util.find_spec("distributed") is not None,
    "pip install -e '.[dse]'",
)
TOOLS["tqdm"] = (
    lambda: importlib.util.find_spec("tqdm") is not None,
    "pip install -e '.[dse]'",
)
TOOLS["matplotlib"] = (
    lambda: importlib.util.find_spec("matplotlib") is not None,
    "pip install -e '.[plot]'",
)

DASK_START_TIMEOUT = 60.0


def _dask_command(*arguments: str) -> list[str]:
    """The `dask` CLI of this interpreter, as a user would start it."""
    return [sys.executable, "-m", "dask", *arguments]


def _wait_for_scheduler_file(path: Path, scheduler: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + DASK_START_TIMEOUT
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {scheduler.returncode}")
        try:
            return json.loads(path.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)  # not written yet, or half written
    raise RuntimeError(f"dask scheduler wrote no {path} in {DASK_START_TIMEOUT} s")


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client  # only when the fixture runs: optional extra

    with Client(address, timeout=DASK_START_TIMEOUT, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=DASK_START_TIMEOUT)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """
    SIGTERM, then SIGKILL after 10 s, one process at a time in reverse
    order: the workers before their scheduler (a worker that loses its
    scheduler while it shuts down can hang in its close)."""
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """
    The address of a real Dask cluster on loopback: a `dask scheduler` and
    two `dask worker` processes (one thread each, no nanny, to start fast),
    started as a user starts them, with this directory on the workers' path
    (for the evaluation functions of the tests). Stopped at the end of the
    session, whatever happens; if pytest itself is killed, the scheduler
    stops after an hour without work and the workers a minute after it."""
    if importlib.util.find_spec("distributed") is None:
        pytest.skip("needs dask: " + TOOLS["dask"][1])
    work = tmp_path_factory.mktemp("dask")
    scheduler_file = work / "scheduler.json"
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(__file__).parent), env.get("PYTHONPATH", "")) if p
    )
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *arguments: str) -> None:
        with open(work / f"{name}.log", "wb") as log:  # the child keeps its copy
            processes.append(
                subprocess.Popen(
                    _dask_command(*arguments),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=work,
                )
            )

    try:
        start(
            "scheduler",
            "scheduler",
            "--host=127.0.0.1",
            "--port=0",
            "--no-dashboard",
            "--idle-timeout=3600s",
            f"--scheduler-file={scheduler_file}",
        )
        for k in range(2):
            start(
                f"worker{k}",
                "worker",
                f"--scheduler-file={scheduler_file}",
                "--host=127.0.0.1",
                "--nthreads=1",
                "--no-nanny",
                "--no-dashboard",
                "--death-timeout=60",
                f"--local-directory={work}",
                f"--name=worker{k}",
            )
        address = _wait_for_scheduler_file(scheduler_file, processes[0])
        _wait_for_workers(address, 2)
        yield address
    except (RuntimeError, OSError, TimeoutError) as e:
        logs = "\n".join(p.read_text()[-2000:] for p in sorted(work.glob("*.log")))
        pytest.fail(f"cannot start the Dask cluster: {e}\n{logs}", pytrace=False)
    finally:
        _stop(processes)
