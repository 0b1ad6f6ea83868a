"""
materialize-unroll keeps what the program computes.

Each kernel runs before and after the unroll, on random inputs, with the
interpreter and with C simulation; both must equal a numpy reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from xdsl.dialects import affine

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.loop_fuse import LoopFusePass
from allo_xdsl.passes.loop_split import LoopSplitPass
from allo_xdsl.passes.loop_unroll import LoopUnrollPass
from allo_xdsl.passes.materialize_unroll import MaterializeUnrollPass
from allo_xdsl.sim import Backend, simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

SUM = """
func.func @sum(%A: memref<10xi32>, %B: memref<10xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  %r = affine.for %k = 0 to 10 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %A[%k] : memref<10xi32>
    %i = arith.index_cast %k : index to i32
    %s = arith.addi %acc, %a : i32
    %t = arith.addi %s, %i : i32
    affine.store %t, %B[%k] : memref<10xi32>
    affine.yield %t : i32
  }
  return %r : i32
}
"""

# In-place: each step reads what earlier steps wrote, so any reordering of
# the iterations changes the result.
NEST = """
func.func @nest(%A: memref<4x4xi32>) {
  affine.for %i = 0 to 3 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i, %j] : memref<4x4xi32>
      %w = affine.load %A[%j, %i] : memref<4x4xi32>
      %s = arith.addi %v, %w : i32
      affine.store %s, %A[%j, %i + 1] : memref<4x4xi32>
    } {fpga.unroll = 3 : i64}
  } {fpga.unroll = 0 : i64}
  return
}
"""

TRI = """
func.func @tri(%A: memref<10x10xi32>) {
  affine.for %i = 0 to 10 {
    affine.for %j = affine_map<(d0) -> (d0)>(%i) to 10 {
      %v = affine.load %A[%i, %j] : memref<10x10xi32>
      %w = arith.addi %v, %v : i32
      affine.store %w, %A[%j, %i] : memref<10x10xi32>
    }
  }
  return
}
"""

TILED = """
func.func @tiled(%A: memref<10xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  %r = affine.for %io = 0 to 10 step 4 iter_args(%acc = %zero) -> (i32) {
    %s = affine.for %ii = 0 to min affine_map<(d0) -> (4, 10 - d0)>(%io)
        iter_args(%in = %acc) -> (i32) {
      %a = affine.load %A[%io + %ii] : memref<10xi32>
      %m = arith.muli %in, %a : i32
      %n = arith.addi %m, %a : i32
      affine.yield %n : i32
    }
    affine.yield %s : i32
  }
  return %r : i32
}
"""

SCALE = """
func.func @scale(%A: memref<3x5xi32>, %B: memref<3x5xi32>) {
  affine.for %i = 0 to 3 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<3x5xi32>
      %i32 = arith.index_cast %j : index to i32
      %b = arith.muli %a, %i32 : i32
      affine.store %b, %B[%i, %j] : memref<3x5xi32>
    }
  }
  return
}
"""


def parse(text: str) -> Any:
    return read_mlir(make_context(), text, "<test>")


def loops(module: Any, func: str) -> list[affine.ForOp]:
    return [op for op in find_func(module, func).walk() if isinstance(op, affine.ForOp)]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def sum_reference(A: np.ndarray[Any, Any]) -> tuple[int, np.ndarray[Any, Any]]:
    acc = 0
    B = np.zeros(10, dtype=np.int32)
    for k in range(10):
        acc = acc + int(A[k]) + k
        B[k] = acc
    return acc, B


def nest_reference(A: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    A = A.copy()
    for i in range(3):
        for j in range(4):
            A[j, i + 1] = A[i, j] + A[j, i]
    return A


def tri_reference(A: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    A = A.copy()
    for i in range(10):
        for j in range(i, 10):
            A[j, i] = A[i, j] * 2
    return A


def tiled_reference(A: np.ndarray[Any, Any]) -> np.int32:
    acc = np.int32(0)
    with np.errstate(over="ignore"):
        for k in range(10):
            acc = acc * A[k] + A[k]
    return acc


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("factor", [0, 3, 4])
def test_remainder_and_full_unroll_with_iter_args(
    rng: np.random.Generator, backend: Backend, factor: int
) -> None:
    A = rng.integers(-100, 100, 10, dtype=np.int32)
    module = parse(SUM)
    before = simulate(module, "sum", [A, np.zeros(10, np.int32)], backend="interpreter")
    MaterializeUnrollPass(func="sum", loop="k", factor=factor).apply(
        make_context(), module
    )
    module.verify()
    expected_loops = {0: 0, 3: 2, 4: 2}[factor]
    assert len(loops(module, "sum")) == expected_loops
    after = simulate(module, "sum", [A, np.zeros(10, np.int32)], backend=backend)
    total, B = sum_reference(A)
    for result in (before, after):
        assert result.returns[0] == total
        np.testing.assert_array_equal(result.args[1], B)


@pytest.mark.parametrize("factor", [1, 2, 5, 9, 10])
def test_every_factor_of_a_sum(rng: np.random.Generator, factor: int) -> None:
    A = rng.integers(-100, 100, 10, dtype=np.int32)
    module = parse(SUM)
    MaterializeUnrollPass(func="sum", loop="k", factor=factor).apply(
        make_context(), module
    )
    module.verify()
    after = simulate(module, "sum", [A, np.zeros(10, np.int32)])
    total, B = sum_reference(A)
    assert after.returns[0] == total
    np.testing.assert_array_equal(after.args[1], B)


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
def test_annotated_nest_inner_first(rng: np.random.Generator, backend: Backend) -> None:
    A = rng.integers(-50, 50, (4, 4), dtype=np.int32)
    module = parse(NEST)
    MaterializeUnrollPass(func="nest").apply(make_context(), module)
    module.verify()
    # The inner loop (4 by 3: unrolled loop and remainder) is copied 3 times.
    names = sorted(str(loop.attributes["loop_name"]) for loop in loops(module, "nest"))
    assert names == sorted(
        f'"j{rem}{copy}"' for copy in ("", ".u1", ".u2") for rem in ("", ".rem")
    )
    assert not any("fpga.unroll" in loop.attributes for loop in loops(module, "nest"))
    after = simulate(module, "nest", [A], backend=backend)
    np.testing.assert_array_equal(after.args[0], nest_reference(A))


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("factor", [3, 4])
def test_variable_trip_count(
    rng: np.random.Generator, backend: Backend, factor: int
) -> None:
    A = rng.integers(-50, 50, (10, 10), dtype=np.int32)
    module = parse(TRI)
    MaterializeUnrollPass(func="tri", loop="j", factor=factor).apply(
        make_context(), module
    )
    module.verify()
    after = simulate(module, "tri", [A], backend=backend)
    np.testing.assert_array_equal(after.args[0], tri_reference(A))


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("factor", [0, 2, 3])
def test_min_bound_is_guarded(
    rng: np.random.Generator, backend: Backend, factor: int
) -> None:
    A = rng.integers(-3, 4, 10, dtype=np.int32)
    module = parse(TILED)
    MaterializeUnrollPass(func="tiled", loop="ii", factor=factor).apply(
        make_context(), module
    )
    module.verify()
    after = simulate(module, "tiled", [A], backend=backend)
    assert after.returns[0] == tiled_reference(A)


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
def test_fuse_then_unroll(rng: np.random.Generator, backend: Backend) -> None:
    A = rng.integers(-50, 50, (3, 5), dtype=np.int32)
    module = parse(SCALE)
    ctx = make_context()
    LoopFusePass(func="scale", loops=("i", "j")).apply(ctx, module)
    LoopUnrollPass(func="scale", loop="i_j_fused", factor=4).apply(ctx, module)
    MaterializeUnrollPass().apply(ctx, module)
    module.verify()
    # 15 iterations by 4: an unrolled loop and a remainder loop.
    assert len(loops(module, "scale")) == 2
    after = simulate(module, "scale", [A, np.zeros((3, 5), np.int32)], backend=backend)
    np.testing.assert_array_equal(after.args[1], A * np.arange(5, dtype=np.int32))


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
def test_split_then_full_unroll_of_the_inner_loop(
    rng: np.random.Generator, backend: Backend
) -> None:
    A = rng.integers(-50, 50, (3, 5), dtype=np.int32)
    module = parse(SCALE)
    ctx = make_context()
    LoopSplitPass(func="scale", loop="j", factor=2).apply(ctx, module)
    LoopUnrollPass(func="scale", loop="j.inner").apply(ctx, module)
    MaterializeUnrollPass(func="scale").apply(ctx, module)
    module.verify()
    assert len(loops(module, "scale")) == 2
    after = simulate(module, "scale", [A, np.zeros((3, 5), np.int32)], backend=backend)
    np.testing.assert_array_equal(after.args[1], A * np.arange(5, dtype=np.int32))


def test_gemm_kernel_with_iter_args(rng: np.random.Generator) -> None:
    from pathlib import Path

    path = Path(__file__).parent.parent / "kernels" / "gemm_i32_ret.mlir"
    module = read_mlir(make_context(), path.read_text(), str(path))
    ctx = make_context()
    LoopUnrollPass(func="gemm_i32", loop="k", factor=2).apply(ctx, module)
    LoopUnrollPass(func="gemm_i32", loop="j", factor=0).apply(ctx, module)
    MaterializeUnrollPass(func="gemm_i32").apply(ctx, module)
    module.verify()
    A = rng.integers(-100, 100, (6, 5), dtype=np.int32)
    B = rng.integers(-100, 100, (5, 7), dtype=np.int32)
    for backend in ("interpreter", "csim"):
        result = simulate(module, "gemm_i32", [A, B], backend=backend)
        np.testing.assert_array_equal(result.returns[0], A @ B)


def test_errors_leave_a_clean_message() -> None:
    module = parse(TRI)
    with pytest.raises(AlloError, match="its trip count has no constant bound"):
        MaterializeUnrollPass(func="tri", loop="j", factor=0).apply(
            make_context(), module
        )
    with pytest.raises(AlloError, match="larger than its trip count 10"):
        MaterializeUnrollPass(func="tri", loop="i", factor=11).apply(
            make_context(), module
        )
    with pytest.raises(AlloError, match="has no 'fpga.unroll' annotation"):
        MaterializeUnrollPass(func="tri", loop="i").apply(make_context(), module)


@pytest.mark.parametrize("factor", [0, 3])
def test_outer_unroll_rewrites_inner_bounds(
    rng: np.random.Generator, factor: int
) -> None:
    A = rng.integers(-50, 50, (10, 10), dtype=np.int32)
    module = parse(TRI)
    MaterializeUnrollPass(func="tri", loop="i", factor=factor).apply(
        make_context(), module
    )
    module.verify()
    # Full: ten copies of the inner loop. By 3: the unrolled loop with three
    # copies of the inner one, the remainder loop with one.
    assert len(loops(module, "tri")) == (10 if factor == 0 else 6)
    for backend in ("interpreter", "csim"):
        after = simulate(module, "tri", [A], backend=backend)
        np.testing.assert_array_equal(after.args[0], tri_reference(A))
