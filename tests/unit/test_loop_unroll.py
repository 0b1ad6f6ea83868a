"""The unroll annotation: attribute, validation, pragma, unchanged results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects.builtin import IntegerAttr

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.passes.loop_unroll import LoopUnrollPass
from allo_xdsl.passes.primitives import BY_NAME
from allo_xdsl.sim import Backend, simulate
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

KERNELS = Path(__file__).parent.parent / "kernels"


def gemm() -> Any:
    path = KERNELS / "gemm_f32.mlir"
    return read_mlir(make_context(), path.read_text(), str(path))


def factor_of(module: Any, loop: str) -> int | None:
    attr = find_loop(find_func(module, "gemm"), loop).attributes.get("fpga.unroll")
    return attr.value.data if isinstance(attr, IntegerAttr) else None


def test_registered_as_the_unroll_primitive() -> None:
    assert BY_NAME["unroll"].pass_class() is LoopUnrollPass


def test_sets_the_factor_and_keeps_the_loops() -> None:
    module = gemm()
    before = len(list(module.walk()))
    LoopUnrollPass(func="gemm", loop="k", factor=4).apply(make_context(), module)
    LoopUnrollPass(func="gemm", loop="j").apply(make_context(), module)
    assert factor_of(module, "k") == 4
    assert factor_of(module, "j") == 0
    assert factor_of(module, "i") is None
    assert len(list(module.walk())) == before


def test_pragmas_are_the_first_lines_of_the_loop_bodies() -> None:
    module = gemm()
    LoopUnrollPass(func="gemm", loop="k", factor=4).apply(make_context(), module)
    LoopUnrollPass(func="gemm", loop="j").apply(make_context(), module)
    lines = [line.strip() for line in emit_hls_cpp(module).splitlines()]
    j = next(n for n, line in enumerate(lines) if line.startswith("l_j:"))
    k = next(n for n, line in enumerate(lines) if line.startswith("l_k:"))
    assert lines[j + 1] == "#pragma HLS unroll"
    assert lines[k + 1] == "#pragma HLS unroll factor=4"
    assert sum("#pragma HLS unroll" in line for line in lines) == 2


@pytest.mark.parametrize(
    ("loop", "factor", "message"),
    [
        ("k", 9, "unroll factor 9 of loop 'k' is larger than its trip count 8"),
        ("k", -2, "loop 'k': unroll factor must be >= 0, got -2"),
        ("x", 2, "unknown loop 'x'"),
    ],
)
def test_rejects(loop: str, factor: int, message: str) -> None:
    module = gemm()
    with pytest.raises(
        AlloError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        LoopUnrollPass(func="gemm", loop=loop, factor=factor).apply(
            make_context(), module
        )


def test_a_loop_made_by_an_earlier_split() -> None:
    module = gemm()
    LoopSplitPass(func="gemm", loop="k", factor=4).apply(make_context(), module)
    LoopUnrollPass(func="gemm", loop="k.inner").apply(make_context(), module)
    assert factor_of(module, "k.inner") == 0
    with pytest.raises(AlloError, match="unknown loop 'k'"):
        LoopUnrollPass(func="gemm", loop="k").apply(make_context(), module)


def test_variable_trip_count_accepts_any_factor() -> None:
    module = read_mlir(
        make_context(),
        """
        func.func @tri(%A: memref<8x8xf32>) {
          %c = arith.constant 1.0 : f32
          affine.for %i = 0 to 8 {
            affine.for %j = affine_map<(d0) -> (d0)>(%i) to 8 {
              affine.store %c, %A[%i, %j] : memref<8x8xf32>
            }
          }
          return
        }
        """,
    )
    LoopUnrollPass(func="tri", loop="j", factor=16).apply(make_context(), module)


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
def test_results_are_unchanged(backend: Backend) -> None:
    rng = np.random.default_rng(3)
    A, B, C = (rng.standard_normal((8, 8)).astype(np.float32) for _ in range(3))
    module = gemm()
    LoopUnrollPass(func="gemm", loop="k", factor=4).apply(make_context(), module)
    LoopUnrollPass(func="gemm", loop="j", factor=2).apply(make_context(), module)
    result = simulate(module, "gemm", [A, B, C], backend=backend)
    expected = C.copy()
    for k in range(8):
        expected = expected + A[:, k, None] * B[None, k, :]
    np.testing.assert_array_equal(result.args[2], expected)
