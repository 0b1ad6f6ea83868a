"""
loop-fuse: the coalesced loop, semantics (also with offsets, steps, after
a split and before an unroll), and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import (
    check_schedule,
    gemm_ref,
    kernel_text,
    loop_order,
    parse,
    stencil2d_ref,
    transform,
)

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.analysis.loops import trip_count
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.loop_fuse import LoopFusePass
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.passes.loop_unroll import LoopUnrollPass
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

# i in 1, 3, 5 and j in 2..5; the body also reads the indices as values.
OFFSET = """
func.func @offset(%A: memref<7x6xi32>, %B: memref<7x6xi32>) {
  affine.for %i = 1 to 7 step 2 {
    affine.for %j = 2 to 6 {
      %v = affine.load %A[%i, %j] : memref<7x6xi32>
      %x = arith.index_cast %i : index to i32
      %y = arith.index_cast %j : index to i32
      %t = arith.muli %x, %y : i32
      %w = arith.addi %v, %t : i32
      affine.store %w, %B[%i, %j] : memref<7x6xi32>
    }
  }
  return
}
"""


def offset_ref(a: np.ndarray, b: np.ndarray) -> None:
    for i in range(1, 7, 2):
        for j in range(2, 6):
            b[i, j] = a[i, j] + i * j


def fuse(func: str, *loops: str) -> LoopFusePass:
    return LoopFusePass(func=func, loops=loops)


def test_fuse_two_loops():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [fuse("gemm", "i", "j")],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "gemm") == ["i_j_fused", "k"]
    fused = find_loop(find_func(module, "gemm"), "i_j_fused")
    assert trip_count(fused) == 64
    assert fused.attributes["op_name"].data == "S_i_0"  # type: ignore[attr-defined]


def test_fuse_three_loops():
    module = check_schedule(
        kernel_text("gemm_f32"), "gemm", [fuse("gemm", "i", "j", "k")], gemm_ref
    )
    assert loop_order(module, "gemm") == ["i_j_k_fused"]


def test_fuse_inner_pair():
    check_schedule(kernel_text("gemm_f32"), "gemm", [fuse("gemm", "j", "k")], gemm_ref)


def test_fuse_offsets_and_steps():
    check_schedule(
        OFFSET,
        "offset",
        [fuse("offset", "i", "j")],
        offset_ref,
        backends=("interpreter", "csim"),
    )


def test_fuse_stencil_band():
    check_schedule(
        kernel_text("stencil2d"),
        "stencil2d",
        [fuse("stencil2d", "S_i_1:i", "S_i_1:j")],
        stencil2d_ref,
    )


def test_fuse_split_loops():
    check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [
            LoopSplitPass(func="gemm", loop="j", factor=4),
            fuse("gemm", "j.outer", "j.inner"),
        ],
        gemm_ref,
    )


def test_fuse_then_unroll():
    passes = [
        fuse("gemm", "i", "j"),
        LoopUnrollPass(func="gemm", loop="i_j_fused", factor=4),
    ]
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        passes,
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    text = emit_hls_cpp(module)
    assert "l_i_j_fused: for (int i_j_fused = 0; i_j_fused < 64; i_j_fused++) {" in text
    assert "#pragma HLS unroll factor=4" in text


@pytest.mark.parametrize(
    ("loops", "message"),
    [
        (("i",), "fuse needs at least two loops"),
        (("i", "k"), "must be consecutive and perfectly nested"),
        (("j", "i"), "must be consecutive and perfectly nested"),
        (("i", "i"), "loop 'i' is named more than once"),
        (("i", "x"), "unknown loop 'x'"),
    ],
)
def test_fuse_errors(loops: tuple[str, ...], message: str):
    module = parse(kernel_text("gemm_f32"))
    with pytest.raises(AlloError, match=message):
        fuse("gemm", *loops).apply(make_context(), module)


def test_fuse_non_constant_bounds_is_rejected():
    module = transform(
        kernel_text("gemm_f32"), [LoopSplitPass(func="gemm", loop="j", factor=3)]
    )
    with pytest.raises(AlloError, match="loop 'j.inner' does not have constant bounds"):
        fuse("gemm", "j.outer", "j.inner").apply(make_context(), module)


def test_fuse_hinted_loop_keeps_the_hint():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [LoopPipelinePass(func="gemm", loop="j"), fuse("gemm", "i", "j")],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    fused = find_loop(find_func(module, "gemm"), "i_j_fused")
    assert "fpga.pipeline_ii" in fused.attributes


def test_fuse_loops_with_different_hints_is_rejected():
    module = transform(
        kernel_text("gemm_f32"),
        [
            LoopPipelinePass(func="gemm", loop="j"),
            LoopUnrollPass(func="gemm", loop="i", factor=2),
        ],
    )
    with pytest.raises(
        AlloError,
        match="loop 'i' carries fpga.unroll = 2 and loop 'j' carries "
        "fpga.pipeline_ii = 1",
    ):
        fuse("gemm", "i", "j").apply(make_context(), module)
