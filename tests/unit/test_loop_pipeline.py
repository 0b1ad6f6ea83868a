"""The pipeline annotation: attributes, validation, pragma, unchanged results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects.builtin import IntegerAttr, UnitAttr

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.passes.primitives import BY_NAME
from allo_xdsl.sim import simulate
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

KERNELS = Path(__file__).parent.parent / "kernels"


def gemm() -> Any:
    path = KERNELS / "gemm_f32.mlir"
    return read_mlir(make_context(), path.read_text(), str(path))


def hints(module: Any, loop: str) -> dict[str, Any]:
    attrs = find_loop(find_func(module, "gemm"), loop).attributes
    return {k: v for k, v in attrs.items() if k.startswith("fpga.")}


def test_registered_as_the_pipeline_primitive() -> None:
    assert BY_NAME["pipeline"].pass_class() is LoopPipelinePass


def test_defaults_and_options() -> None:
    module = gemm()
    LoopPipelinePass(func="gemm", loop="k").apply(make_context(), module)
    LoopPipelinePass(func="gemm", loop="j", ii=3, rewind=True).apply(
        make_context(), module
    )
    assert hints(module, "k") == {"fpga.pipeline_ii": IntegerAttr(1, 64)}
    assert hints(module, "j") == {
        "fpga.pipeline_ii": IntegerAttr(3, 64),
        "fpga.rewind": UnitAttr(),
    }
    LoopPipelinePass(func="gemm", loop="j", ii=2).apply(make_context(), module)
    assert hints(module, "j") == {"fpga.pipeline_ii": IntegerAttr(2, 64)}


def test_pragmas_are_the_first_lines_of_the_loop_bodies() -> None:
    module = gemm()
    LoopPipelinePass(func="gemm", loop="k", ii=2, rewind=True).apply(
        make_context(), module
    )
    LoopPipelinePass(func="gemm", loop="i").apply(make_context(), module)
    lines = [line.strip() for line in emit_hls_cpp(module).splitlines()]
    i = next(n for n, line in enumerate(lines) if line.startswith("l_i:"))
    k = next(n for n, line in enumerate(lines) if line.startswith("l_k:"))
    assert lines[i + 1] == "#pragma HLS pipeline II=1"
    assert lines[k + 1] == "#pragma HLS pipeline II=2 rewind"


def test_split_then_pipeline_the_new_loop() -> None:
    module = gemm()
    LoopSplitPass(func="gemm", loop="j", factor=4).apply(make_context(), module)
    LoopPipelinePass(func="gemm", loop="j.inner").apply(make_context(), module)
    text = emit_hls_cpp(module)
    assert "l_j_inner: for" in text
    lines = [line.strip() for line in text.splitlines()]
    n = next(n for n, line in enumerate(lines) if line.startswith("l_j_inner:"))
    assert lines[n + 1] == "#pragma HLS pipeline II=1"


@pytest.mark.parametrize("ii", [0, -1])
def test_rejects_an_ii_below_one(ii: int) -> None:
    with pytest.raises(
        AlloError, match=f"loop 'k': pipeline II must be >= 1, got {ii}"
    ):
        LoopPipelinePass(func="gemm", loop="k", ii=ii).apply(make_context(), gemm())


def test_csim_results_are_unchanged() -> None:
    rng = np.random.default_rng(5)
    A, B, C = (rng.standard_normal((8, 8)).astype(np.float32) for _ in range(3))
    module = gemm()
    LoopPipelinePass(func="gemm", loop="j", ii=1, rewind=True).apply(
        make_context(), module
    )
    result = simulate(module, "gemm", [A, B, C], backend="csim")
    expected = C.copy()
    for k in range(8):
        expected = expected + A[:, k, None] * B[None, k, :]
    np.testing.assert_array_equal(result.args[2], expected)
