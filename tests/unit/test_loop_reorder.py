"""
loop-reorder: positions, semantics, legality against dependences and
bounds, and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import (
    check_schedule,
    gemm_i32_ref,
    gemm_ref,
    if_min_ref,
    kernel_text,
    loop_order,
    parse,
    stencil2d_ref,
    transform,
)

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_reorder import LoopReorderPass
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

WAVE = """
func.func @wave(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 1 to 6 {
    affine.for %j = 0 to 5 {
      %v = affine.load %A[%i - 1, %j + 1] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i, %j] : memref<6x6xi32>
    }
  }
  return
}
"""

# A[i][j] = A[i - 1][j] + A[i][j - 1]: directions (<, =) and (=, <), both
# kept by the swap.
PREFIX_SUM = """
func.func @psum(%A: memref<6x7xi32>) {
  affine.for %i = 1 to 6 {
    affine.for %j = 1 to 7 {
      %n = affine.load %A[%i - 1, %j] : memref<6x7xi32>
      %w = affine.load %A[%i, %j - 1] : memref<6x7xi32>
      %s = arith.addi %n, %w : i32
      affine.store %s, %A[%i, %j] : memref<6x7xi32>
    }
  }
  return
}
"""


def psum_ref(a: np.ndarray) -> None:
    for i in range(1, 6):
        for j in range(1, 7):
            a[i, j] = a[i - 1, j] + a[i, j - 1]


def reorder(func: str, *loops: str) -> LoopReorderPass:
    return LoopReorderPass(func=func, loops=loops)


@pytest.mark.parametrize(
    ("loops", "order"),
    [
        (("k", "i"), ["k", "j", "i"]),
        (("j", "i"), ["j", "i", "k"]),
        (("k", "j"), ["i", "k", "j"]),
        (("j", "k", "i"), ["j", "k", "i"]),
        (("k", "i", "j"), ["k", "i", "j"]),
    ],
)
def test_reorder_gemm(loops: tuple[str, ...], order: list[str]):
    module = check_schedule(
        kernel_text("gemm_f32"), "gemm", [reorder("gemm", *loops)], gemm_ref
    )
    assert loop_order(module, "gemm") == order
    outermost = find_loop(find_func(module, "gemm"), order[0])
    assert outermost.attributes["op_name"].data == "S_i_0"  # type: ignore[attr-defined]


def test_reorder_gemm_csim():
    check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [reorder("gemm", "k", "j", "i")],
        gemm_ref,
        backends=("csim",),
    )


def test_reorder_same_order_is_a_no_op():
    before = str(parse(kernel_text("gemm_f32")))
    after = transform(kernel_text("gemm_f32"), [reorder("gemm", "i", "k")])
    assert str(after) == before


def test_reorder_legal_carried_dependences():
    module = check_schedule(PREFIX_SUM, "psum", [reorder("psum", "j", "i")], psum_ref)
    assert loop_order(module, "psum") == ["j", "i"]


def test_reorder_iter_args_kernel_outer_loops():
    check_schedule(
        kernel_text("gemm_i32_ret"),
        "gemm_i32",
        [reorder("gemm_i32", "j", "i")],
        gemm_i32_ref,
    )


def test_reorder_second_band():
    check_schedule(
        kernel_text("stencil2d"),
        "stencil2d",
        [reorder("stencil2d", "S_i_1:j", "S_i_1:i")],
        stencil2d_ref,
        backends=("interpreter", "csim"),
    )


def test_split_reorder_pipeline():
    passes = [
        LoopSplitPass(func="gemm", loop="i", factor=3),
        reorder("gemm", "j", "i.inner"),
        LoopPipelinePass(func="gemm", loop="i.inner"),
    ]
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        passes,
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "gemm") == ["i.outer", "j", "i.inner", "k"]
    text = emit_hls_cpp(module)
    assert "l_i_inner: for (int i_inner = 0; i_inner < std::min(3, " in text
    assert "#pragma HLS pipeline II=1" in text


def test_split_reorder_inner_outermost():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [
            LoopSplitPass(func="gemm", loop="j", factor=4),
            reorder("gemm", "j.inner", "i"),
        ],
        gemm_ref,
    )
    assert loop_order(module, "gemm") == ["j.inner", "j.outer", "i", "k"]


def test_reorder_of_a_split_reduction_is_rejected():
    # Running k.inner outside k.outer sums C[i, j] in another order.
    module = transform(
        kernel_text("gemm_f32"), [LoopSplitPass(func="gemm", loop="k", factor=4)]
    )
    with pytest.raises(AlloError) as info:
        reorder("gemm", "k.inner", "i").apply(make_context(), module)
    assert info.value.message == (
        "cannot reorder 'k.inner' before 'k.outer': dependence on C from load "
        "C[i, j] to store C[i, j] has direction (=, =, <, >) over "
        "(i, j, k.outer, k.inner)"
    )


def test_wavefront_reorder_is_rejected_with_the_dependence():
    module = parse(WAVE)
    before = str(module)
    with pytest.raises(AlloError) as info:
        reorder("wave", "j", "i").apply(make_context(), module)
    assert info.value.message == (
        "cannot reorder 'j' before 'i': dependence on A from store A[i, j] to "
        "load A[i - 1, j + 1] has direction (<, >) over (i, j)"
    )
    assert str(module) == before


def test_reorder_bound_dependence_is_rejected():
    module = transform(
        kernel_text("gemm_f32"), [LoopSplitPass(func="gemm", loop="i", factor=3)]
    )
    with pytest.raises(
        AlloError, match="bounds of loop 'i.inner' depend on loop 'i.outer'"
    ):
        reorder("gemm", "i.inner", "i.outer").apply(make_context(), module)


def test_reorder_dividing_split_without_bound_dependence():
    # i.inner runs 0 to 4 whatever i.outer is, so it may go outside it.
    check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [
            LoopSplitPass(func="gemm", loop="i", factor=4),
            reorder("gemm", "i.inner", "i.outer"),
        ],
        gemm_ref,
    )


@pytest.mark.parametrize(
    ("kernel", "func", "loops", "message"),
    [
        ("gemm_f32", "gemm", ("i", "i"), "loop 'i' is named more than once"),
        ("gemm_f32", "gemm", ("i", "x"), "unknown loop 'x'"),
        (
            "gemm_i32_ret",
            "gemm_i32",
            ("k", "i"),
            "the body of loop 'j' holds 'affine.store' besides the next loop",
        ),
        (
            "stencil2d",
            "stencil2d",
            ("S_i_0:i", "S_i_1:j"),
            "loops 'i' and 'j' are not in one loop nest",
        ),
    ],
)
def test_reorder_errors(
    kernel: str, func: str, loops: tuple[str, ...], message: str
) -> None:
    module = parse(kernel_text(kernel))
    with pytest.raises(AlloError, match=message):
        reorder(func, *loops).apply(make_context(), module)


def test_reorder_under_min_bounds_and_conditions():
    # j moves above i, whose bounds read io only.
    module = check_schedule(
        kernel_text("if_min"), "tri", [reorder("tri", "j", "i")], if_min_ref
    )
    assert loop_order(module, "tri") == ["io", "j", "i"]
