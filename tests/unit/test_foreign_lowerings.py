# ruff: noqa: E501  (MLIR snippets keep the long lines producers print)
"""
The lowerings of the input preparation (frontend/foreign_mlir.py) keep
what functions compute.

Where the interpreter runs the construct itself (`memref.copy`,
`expand_shape`, `collapse_shape`), the function runs before and after the
pass on the same random inputs; elsewhere (`affine.parallel`,
`scf.parallel`, `linalg`, `memref.global`, `cf.assert`, dynamic
dimensions) the prepared function is compared with numpy, in the
interpreter and in C simulation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from xdsl.passes import ModulePass

from allo_xdsl.api import parse
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.fold_memref_views import FoldMemrefViewsPass
from allo_xdsl.passes.lower_memref_copy import LowerMemrefCopyPass
from allo_xdsl.passes.normalize_affine import NormalizeAffinePass
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

F32, I32 = np.float32, np.int32
BACKENDS = ["interpreter", "csim"]


def _before_and_after(text: str, lowering: ModulePass, func: str, args: list[Any]):
    """
    Results of `func` on `args` without and with `lowering` (the input
    preparation skipped, maps normalized so the interpreter runs it)."""
    ctx = make_context()
    module = parse_module(ctx, text)
    NormalizeAffinePass().apply(ctx, module)
    before = simulate(module, func, [a.copy() for a in args])
    lowering.apply(ctx, module)
    text_after = str(module)
    after = simulate(module, func, [a.copy() for a in args])
    return before, after, text_after


VIEWS = """
func.func @views(%A: memref<2x3x4xf32>, %B: memref<24xf32>, %C: memref<6x4xf32>) {
  %flat = memref.collapse_shape %A [[0, 1, 2]] : memref<2x3x4xf32> into memref<24xf32>
  %rows = memref.expand_shape %B [[0, 1]] output_shape [6, 4] : memref<24xf32> into memref<6x4xf32>
  affine.for %i = 0 to 24 {
    %x = affine.load %flat[%i] : memref<24xf32>
    affine.store %x, %B[23 - %i] : memref<24xf32>
  }
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 4 {
      %y = affine.load %rows[%i, %j] : memref<6x4xf32>
      %z = arith.addf %y, %y : f32
      affine.store %z, %C[5 - %i, %j] : memref<6x4xf32>
    }
  }
  return
}
"""


def test_folding_views_keeps_what_they_compute() -> None:
    rng = np.random.default_rng(1)
    args = [
        rng.standard_normal((2, 3, 4)).astype(F32),
        np.zeros(24, F32),
        np.zeros((6, 4), F32),
    ]
    before, after, text = _before_and_after(VIEWS, FoldMemrefViewsPass(), "views", args)
    assert "collapse_shape" not in text
    assert "expand_shape" not in text
    for got, expected in zip(after.args, before.args, strict=True):
        np.testing.assert_array_equal(got, expected)
    reversed_flat = args[0].reshape(24)[::-1]
    np.testing.assert_array_equal(after.args[2], 2 * reversed_flat.reshape(6, 4)[::-1])


COPY = """
func.func @copy(%A: memref<2x3xi32>, %B: memref<3x2xi32>, %C: memref<2x3xi32>) {
  memref.copy %A, %C : memref<2x3xi32> to memref<2x3xi32>
  %flat = memref.collapse_shape %B [[0, 1]] : memref<3x2xi32> into memref<6xi32>
  %tail = memref.collapse_shape %A [[0, 1]] : memref<2x3xi32> into memref<6xi32>
  memref.copy %tail, %flat : memref<6xi32> to memref<6xi32>
  return
}
"""


def test_lowering_copies_keeps_what_they_compute() -> None:
    rng = np.random.default_rng(2)
    args = [
        rng.integers(-9, 9, (2, 3), dtype=I32),
        np.zeros((3, 2), I32),
        np.zeros((2, 3), I32),
    ]
    before, after, text = _before_and_after(COPY, LowerMemrefCopyPass(), "copy", args)
    assert "memref.copy" not in text
    for got, expected in zip(after.args, before.args, strict=True):
        np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(after.args[1], args[0].reshape(3, 2))


PADDED = """
func.func @pad(%A: memref<2x3xf32>, %P: memref<4x5xf32>, %k: index) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%P : memref<4x5xf32>)
  %v = memref.subview %P[1, %k] [2, 3] [1, 1] : memref<4x5xf32> to memref<2x3xf32, strided<[5, 1], offset: ?>>
  memref.copy %A, %v : memref<2x3xf32> to memref<2x3xf32, strided<[5, 1], offset: ?>>
  return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_copy_into_a_subview_pads(backend: str) -> None:
    A = np.random.default_rng(3).standard_normal((2, 3)).astype(F32)
    _, module = parse(PADDED)
    result = simulate(module, "pad", [A, np.ones((4, 5), F32), 2], backend=backend)  # type: ignore[arg-type]
    expected = np.zeros((4, 5), F32)
    expected[1:3, 2:5] = A
    np.testing.assert_array_equal(result.args[1], expected)


PARALLEL = """
func.func @par(%A: memref<5x6xi32>, %B: memref<6x5xi32>, %C: memref<8xi32>, %n: index) {
  affine.parallel (%ii, %j) = (0, 0) to (3, 6) {
    affine.parallel (%i) = (%ii * 2) to (min(%ii * 2 + 2, 5)) {
      %x = affine.load %A[%i, %j] : memref<5x6xi32>
      affine.store %x, %B[%j, %i] : memref<6x5xi32>
    }
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %seven = arith.constant 7 : i32
  scf.parallel (%k) = (%c0) to (%n) step (%c1) {
    memref.store %seven, %C[%k] : memref<8xi32>
  }
  return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_parallel_loops_compute_the_same(backend: str) -> None:
    A = np.random.default_rng(4).integers(-99, 99, (5, 6), dtype=I32)
    _, module = parse(PARALLEL)
    args = [A, np.zeros((6, 5), I32), np.zeros(8, I32), 5]
    result = simulate(module, "par", args, backend=backend)  # type: ignore[arg-type]
    np.testing.assert_array_equal(result.args[1], A.T)
    np.testing.assert_array_equal(result.args[2], [7] * 5 + [0] * 3)


LINALG = """
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @nn(%x: memref<1x1x5x5xf32>, %w: memref<2x1x2x2xf32>, %y: memref<1x2x2x2xf32>, %b: memref<2x3xi32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<1x2x2x2xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : memref<1x1x5x5xf32>, memref<2x1x2x2xf32>) outs(%y : memref<1x2x2x2xf32>)
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%b : memref<2x3xi32>) {
  ^bb0(%out: i32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %t = arith.muli %i, %j : index
    %c = arith.index_cast %t : index to i32
    %s = arith.addi %out, %c : i32
    linalg.yield %s : i32
  }
  return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_linalg_computes_what_numpy_computes(backend: str) -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1, 1, 5, 5)).astype(F32)
    w = rng.standard_normal((2, 1, 2, 2)).astype(F32)
    b = rng.integers(-9, 9, (2, 3), dtype=I32)
    _, module = parse(LINALG)
    result = simulate(
        module, "nn", [x, w, np.ones((1, 2, 2, 2), F32), b], backend=backend
    )  # type: ignore[arg-type]
    expected = np.zeros((1, 2, 2, 2), F32)
    for f in range(2):
        for i in range(2):
            for j in range(2):
                window = x[0, 0, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
                expected[0, f, i, j] = np.sum(window * w[f, 0])
    np.testing.assert_allclose(result.args[2], expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(result.args[3], b + np.outer([0, 1], [0, 1, 2]))


GLOBALS = """
memref.global "private" constant @table : memref<4xi32> = dense<[3, -1, 4, 1]>
memref.global "private" @calls : memref<i32> = dense<0>
func.func @step(%i: index) -> i32 {
  %t = memref.get_global @table : memref<4xi32>
  %c = memref.get_global @calls : memref<i32>
  %one = arith.constant 1 : i32
  %n = affine.load %c[] : memref<i32>
  %m = arith.addi %n, %one : i32
  affine.store %m, %c[] : memref<i32>
  %v = memref.load %t[%i] : memref<4xi32>
  %r = arith.addi %v, %m : i32
  return %r : i32
}
func.func @twice(%i: index) -> i32 {
  %a = func.call @step(%i) : (index) -> i32
  %b = func.call @step(%i) : (index) -> i32
  %r = arith.muli %a, %b : i32
  return %r : i32
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_globals_are_read_only_tables_and_shared_state(backend: str) -> None:
    _, module = parse(GLOBALS)
    result = simulate(module, "twice", [2], backend=backend)  # type: ignore[arg-type]
    # table[2] = 4; the mutable counter is 1 in the first call, 2 in the second.
    assert int(result.returns[0]) == (4 + 1) * (4 + 2)


ASSERT = """
func.func @checked(%n: index, %A: memref<4xi32>) {
  %c4 = arith.constant 4 : index
  %ok = arith.cmpi ult, %n, %c4 : index
  cf.assert %ok, "index out of range"
  %v = arith.constant 5 : i32
  memref.store %v, %A[%n] : memref<4xi32>
  return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_asserts_hold_in_simulation(backend: str) -> None:
    _, module = parse(ASSERT)
    result = simulate(module, "checked", [1, np.zeros(4, I32)], backend=backend)  # type: ignore[arg-type]
    np.testing.assert_array_equal(result.args[1], [0, 5, 0, 0])


def test_a_failing_assert_stops_the_interpreter() -> None:
    _, module = parse(ASSERT)
    with pytest.raises(AlloError, match="assertion failed: index out of range"):
        simulate(module, "checked", [4, np.zeros(4, I32)])


def test_a_failing_assert_stops_c_simulation() -> None:
    _, module = parse(ASSERT)
    with pytest.raises(AlloError, match="index out of range"):
        simulate(module, "checked", [4, np.zeros(4, I32)], backend="csim")


DYNAMIC = """
func.func @scale(%A: memref<?x3xf32>, %s: f32) attributes {llvm.linkage = #llvm.linkage<external>} {
  %u = llvm.mlir.undef : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 3 {
      %x = affine.load %A[%i, %j] : memref<?x3xf32>
      %y = arith.mulf %x, %s : f32
      affine.store %y, %A[%i, %j] : memref<?x3xf32>
    }
  }
  return
}
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_dynamic_dimensions_take_the_loop_extent(backend: str) -> None:
    A = np.random.default_rng(6).standard_normal((4, 3)).astype(F32)
    _, module = parse(DYNAMIC)
    assert "memref<4x3xf32>" in str(module)
    result = simulate(module, "scale", [A, F32(1.5)], backend=backend)  # type: ignore[arg-type]
    np.testing.assert_array_equal(result.args[0], A * F32(1.5))


@pytest.mark.needs("pycde", "verilator")
def test_asserts_are_dropped_for_hardware() -> None:
    """
    CIRCT's flow cannot lower cf.assert: the verilog target drops it
    (as synthesis does in Vitis) and the RTL computes the same."""
    _, module = parse(ASSERT.replace("index out of range", "in range"))
    result = simulate(module, "checked", [2, np.zeros(4, I32)], backend="rtl")
    np.testing.assert_array_equal(result.args[1], [0, 0, 5, 0])
