import importlib.util
import os
import shutil
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
    """A test whose tool is missing says which one and how to get it, once,
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
