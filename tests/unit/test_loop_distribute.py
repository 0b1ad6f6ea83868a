"""
loop-distribute: semantics before and after on random inputs (gemm's mm1,
ops recomputed per copy, a forward dependence, an inner loop, then later
steps on the new loops), and the legality query (a backward dependence)."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import check_schedule, loop_order, parse

from allo_xdsl.analysis.distribution import distribution
from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.loop_distribute import LoopDistributePass
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_reorder import LoopReorderPass
from allo_xdsl.passes.loop_tile import LoopTilePass
from allo_xdsl.passes.name_loops import NameLoopsPass

pytestmark = pytest.mark.needs("g++", "hls4ml")

# PolyBench gemm's mm1 at a small size: T = A @ B, zeroed row by row.
MM1 = """
func.func @mm1(%A: memref<6x5xf32>, %B: memref<5x4xf32>, %T: memref<6x4xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 6 {
    affine.for %j_zero = 0 to 4 {
      affine.store %zero, %T[%i, %j_zero] : memref<6x4xf32>
    }
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 5 {
        %a = affine.load %A[%i, %k] : memref<6x5xf32>
        %b = affine.load %B[%k, %j] : memref<5x4xf32>
        %c = affine.load %T[%i, %j] : memref<6x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<6x4xf32>
      }
    }
  }
  return
}
"""


def mm1_ref(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> None:
    t[:] = a @ b


# B[i] from A[i + 1] before the second loop overwrites row i of A: a
# forward (anti) dependence, kept when every read runs first. %s is
# recomputed in both copies; the row scalar %x goes with the loop using it.
FORWARD = """
func.func @fwd(%A: memref<7x3xi32>, %B: memref<7x3xi32>, %X: memref<7xi32>) {
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 6 {
    %s = arith.muli %two, %two : i32
    affine.for %j = 0 to 3 {
      %v = affine.load %A[%i + 1, %j] : memref<7x3xi32>
      %w = arith.addi %v, %s : i32
      affine.store %w, %B[%i, %j] : memref<7x3xi32>
    }
    %x = affine.load %X[%i] : memref<7xi32>
    affine.for %k = 0 to 3 {
      %y = arith.addi %x, %s : i32
      affine.store %y, %A[%i, %k] : memref<7x3xi32>
    }
  }
  return
}
"""


def fwd_ref(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> None:
    old = a.copy()
    for i in range(6):
        b[i, :] = old[i + 1, :] + 4
        a[i, :] = x[i] + 4


# The same with A[i - 1]: row i - 1 is written by the second loop one
# iteration before the first loop reads it (backward).
BACKWARD = FORWARD.replace("%A[%i + 1, %j]", "%A[%i - 1, %j]").replace(
    "affine.for %i = 0 to 6", "affine.for %i = 1 to 6"
)


# Row sums by an inner loop with iter_args, stored after it (the store goes
# with the loop whose result it reads), then a second loop scaling the row.
ROW_SUM = """
func.func @rows(%A: memref<5x4xf32>, %S: memref<5xf32>, %B: memref<5x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 5 {
    %r = affine.for %j = 0 to 4 iter_args(%acc = %zero) -> (f32) {
      %v = affine.load %A[%i, %j] : memref<5x4xf32>
      %s = arith.addf %acc, %v : f32
      affine.yield %s : f32
    }
    %d = arith.mulf %r, %two : f32
    affine.store %d, %S[%i] : memref<5xf32>
    affine.for %k = 0 to 4 {
      %v = affine.load %A[%i, %k] : memref<5x4xf32>
      %w = arith.mulf %v, %two : f32
      affine.store %w, %B[%i, %k] : memref<5x4xf32>
    }
  }
  return
}
"""


def rows_ref(a: np.ndarray, s: np.ndarray, b: np.ndarray) -> None:
    for i in range(5):
        total = np.float32(0)
        for j in range(4):
            total = np.float32(total + a[i, j])
        s[i] = total * np.float32(2)
    b[:] = a * np.float32(2)


def distribute(func: str, loop: str) -> LoopDistributePass:
    return LoopDistributePass(func=func, loop=loop)


def test_distribute_mm1():
    module = check_schedule(
        MM1, "mm1", [distribute("mm1", "i")], mm1_ref, backends=("interpreter", "csim")
    )
    assert loop_order(module, "mm1") == ["i.0", "j_zero", "i.1", "j", "k"]


def test_distribute_then_reorder_tile_pipeline():
    """The hand-distributed gemm of allo-dse: k, i, j with i, j tiled."""
    passes = [
        distribute("mm1", "i"),
        LoopReorderPass(func="mm1", loops=("k", "i.1", "j")),
        LoopTilePass(func="mm1", loops=("i.1", "j"), factors=(3, 2)),
        LoopPipelinePass(func="mm1", loop="j.inner"),
    ]
    check_schedule(MM1, "mm1", passes, mm1_ref, backends=("interpreter", "csim"))


def test_distribute_recomputes_and_keeps_forward_dependence():
    check_schedule(
        FORWARD, "fwd", [distribute("fwd", "i")], fwd_ref, backends=("interpreter",)
    )


def test_distribute_keeps_a_store_with_the_loop_it_reads():
    module = check_schedule(
        ROW_SUM, "rows", [distribute("rows", "i")], rows_ref, backends=("interpreter",)
    )
    # The store of the row sum follows its loop in the first copy.
    fn = find_func(module, "rows")
    first = [op.name for op in find_loop(fn, "i.0").body.block.ops]
    second = [op.name for op in find_loop(fn, "i.1").body.block.ops]
    assert first == ["affine.for", "arith.mulf", "affine.store", "affine.yield"]
    assert second == ["affine.for", "affine.yield"]


def test_distribute_inner_loop():
    text = MM1.replace(
        "affine.for %i = 0 to 6 {",
        "affine.for %r = 0 to 1 {\n  affine.for %i = 0 to 6 {",
        1,
    ).replace("  return", "  }\n  return")
    module = check_schedule(text, "mm1", [distribute("mm1", "i")], mm1_ref)
    assert loop_order(module, "mm1") == ["r", "i.0", "j_zero", "i.1", "j", "k"]


def _named(text: str):
    module = parse(text)
    NameLoopsPass().apply(make_context(), module)
    return module


def test_backward_dependence_is_rejected():
    module = _named(BACKWARD)
    loop = find_loop(find_func(module, "fwd"), "i")
    with pytest.raises(AlloError, match="backward dependence on A"):
        distribution(loop)
    with pytest.raises(AlloError, match="backward dependence on A"):
        distribute("fwd", "i").apply(make_context(), module)


def test_groups_of_the_query():
    module = _named(FORWARD)
    plan = distribution(find_loop(find_func(module, "fwd"), "i"))
    # ops: %s, for j, %x, for k: %s in both, %x with the second loop.
    assert plan.groups == ((0, 1), (0, 2, 3))
