"""
loop-split: shape of the result, semantics on several kernels and factors,
and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import (
    blur1d_ref,
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
from xdsl.dialects import affine

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.analysis.loops import trip_count
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.passes.loop_unroll import LoopUnrollPass
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

STRIDED = """
func.func @strided(%A: memref<20xi32>, %B: memref<20xi32>) {
  affine.for %i = 2 to 17 step 3 {
    %v = affine.load %A[%i] : memref<20xi32>
    %c = arith.index_cast %i : index to i32
    %w = arith.addi %v, %c : i32
    affine.store %w, %B[%i + 1] : memref<20xi32>
  }
  return
}
"""


def strided_ref(a: np.ndarray, b: np.ndarray) -> None:
    for i in range(2, 17, 3):
        b[i + 1] = a[i] + i


TRIANGLE = """
func.func @tri(%A: memref<10x10xi32>, %B: memref<10x10xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      %v = affine.load %A[%i, %j] : memref<10x10xi32>
      %w = arith.addi %v, %v : i32
      affine.store %w, %B[%j, %i] : memref<10x10xi32>
    }
  }
  return
}
"""


def tri_ref(a: np.ndarray, b: np.ndarray) -> None:
    for i in range(10):
        for j in range(i, 10):
            b[j, i] = 2 * a[i, j]


def split(func: str, loop: str, factor: int) -> LoopSplitPass:
    return LoopSplitPass(func=func, loop=loop, factor=factor)


def test_split_names_bounds_and_band():
    module = transform(kernel_text("gemm_f32"), [split("gemm", "i", 4)])
    assert loop_order(module, "gemm") == ["i.outer", "i.inner", "j", "k"]
    fn = find_func(module, "gemm")
    outer, inner = find_loop(fn, "i.outer"), find_loop(fn, "i.inner")
    assert (trip_count(outer), trip_count(inner)) == (2, 4)
    assert outer.attributes["op_name"].data == "S_i_0"  # type: ignore[attr-defined]
    assert "op_name" not in inner.attributes
    assert find_loop(fn, "S_i_0:i.inner") is inner


@pytest.mark.parametrize("factor", [1, 2, 3, 5, 8])
def test_split_gemm_any_factor(factor: int):
    check_schedule(
        kernel_text("gemm_f32"), "gemm", [split("gemm", "j", factor)], gemm_ref
    )


def test_split_non_dividing_min_bound_interpreter_and_csim():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [split("gemm", "i", 3)],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    inner = find_loop(find_func(module, "gemm"), "i.inner")
    assert len(inner.upperBoundMap.data.results) == 2
    assert trip_count(inner) is None


def test_split_blur_non_dividing():
    check_schedule(
        kernel_text("blur1d"), "blur1d", [split("blur1d", "x", 5)], blur1d_ref
    )


def test_nested_split_interpreter_and_csim():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [split("gemm", "i", 3), split("gemm", "i.inner", 2)],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "gemm")[:3] == [
        "i.outer",
        "i.inner.outer",
        "i.inner.inner",
    ]


def test_split_outer_again():
    check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [split("gemm", "k", 2), split("gemm", "k.outer", 3)],
        gemm_ref,
    )


@pytest.mark.parametrize("factor", [2, 4, 5])
def test_split_step_and_offset(factor: int):
    module = check_schedule(
        STRIDED, "strided", [split("strided", "i", factor)], strided_ref
    )
    # the index_cast reads the original index through an affine.apply
    assert any(isinstance(op, affine.ApplyOp) for op in module.walk())


def test_split_step_csim():
    check_schedule(
        STRIDED,
        "strided",
        [split("strided", "i", 2)],
        strided_ref,
        backends=("csim",),
    )


def test_split_bounds_on_outer_loop():
    check_schedule(
        TRIANGLE,
        "tri",
        [split("tri", "j", 3), split("tri", "i", 4), split("tri", "j.inner", 2)],
        tri_ref,
    )


def test_split_iter_args():
    check_schedule(
        kernel_text("gemm_i32_ret"),
        "gemm_i32",
        [split("gemm_i32", "k", 2)],
        gemm_i32_ref,
        backends=("interpreter", "csim"),
    )


def test_split_second_band():
    check_schedule(
        kernel_text("stencil2d"),
        "stencil2d",
        [split("stencil2d", "S_i_1:j", 4), split("stencil2d", "S_i_0:i", 10)],
        stencil2d_ref,
    )


def test_split_then_pipeline_emits_labels_and_min():
    module = transform(
        kernel_text("gemm_f32"),
        [split("gemm", "j", 3), LoopPipelinePass(func="gemm", loop="j.inner")],
    )
    text = emit_hls_cpp(module)
    assert "l_j_outer: for (int j_outer = 0; j_outer < 3; j_outer++)" in text
    assert "l_j_inner: for (int j_inner = 0; j_inner < std::min(3, " in text
    assert "#pragma HLS pipeline II=1" in text


@pytest.mark.parametrize(
    ("loop", "factor", "message"),
    [
        ("i", 0, "the factor must be at least 1, got 0"),
        ("i", -2, "the factor must be at least 1, got -2"),
        ("i", 9, "the factor is larger than its trip count 8"),
        ("x", 2, "unknown loop 'x'; existing loops: S_i_0:i, S_i_0:j, S_i_0:k"),
    ],
)
def test_split_errors(loop: str, factor: int, message: str):
    module = parse(kernel_text("gemm_f32"))
    with pytest.raises(AlloError, match=message):
        split("gemm", loop, factor).apply(make_context(), module)


def test_split_removed_name_is_an_error():
    module = transform(kernel_text("gemm_f32"), [split("gemm", "i", 2)])
    with pytest.raises(
        AlloError, match="unknown loop 'i'; existing loops: S_i_0:i.inner"
    ):
        split("gemm", "i", 2).apply(make_context(), module)


def test_split_hinted_loop_keeps_the_hint_on_the_outer_loop():
    # Hints follow the loop (as in Allo): pipelining before splitting gives
    # what splitting first and pipelining the outer loop gives.
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [LoopPipelinePass(func="gemm", loop="k", ii=2), split("gemm", "k", 3)],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    other = transform(
        kernel_text("gemm_f32"),
        [split("gemm", "k", 3), LoopPipelinePass(func="gemm", loop="k.outer", ii=2)],
    )
    assert str(module) == str(other)
    fn = find_func(module, "gemm")
    assert "fpga.pipeline_ii" in find_loop(fn, "k.outer").attributes
    assert "fpga.pipeline_ii" not in find_loop(fn, "k.inner").attributes


def test_split_unroll_larger_than_the_outer_loop_is_an_error():
    module = transform(
        kernel_text("gemm_f32"), [LoopUnrollPass(func="gemm", loop="k", factor=8)]
    )
    with pytest.raises(AlloError, match="its unroll factor 8, which 'k.outer'"):
        split("gemm", "k", 2).apply(make_context(), module)


def test_split_error_has_location():
    module = parse(kernel_text("gemm_f32"))
    with pytest.raises(AlloError) as info:
        split("gemm", "j", 9).apply(make_context(), module)
    assert info.value.location is not None
    assert info.value.location.line == 4


def test_split_min_bounded_loop_with_condition():
    # i runs from io to min(io + 4, 10); j is used by an affine.if.
    check_schedule(
        kernel_text("if_min"),
        "tri",
        [split("tri", "i", 3), split("tri", "j", 4)],
        if_min_ref,
        backends=("interpreter", "csim"),
    )
