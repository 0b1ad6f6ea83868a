from pathlib import Path

import pytest

from allo_xdsl.context import make_context
from allo_xdsl.parsing import parse_module

KERNELS = Path(__file__).parent.parent / "kernels"


@pytest.fixture
def ctx():
    return make_context()


def load_kernel(name: str):
    """Parse tests/kernels/<name>.mlir with a fresh context."""
    path = KERNELS / f"{name}.mlir"
    return parse_module(make_context(), path.read_text(), str(path))
