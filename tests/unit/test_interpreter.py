"""
The interpreter backend computes what numpy computes, bit for bit where
the arithmetic is IEEE or two's complement."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.interpreter import Interpreter
from xdsl.interpreters.builtin import BuiltinFunctions

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.sim import SimResult, simulate
from allo_xdsl.sim.interp_affine import AlloAffineFunctions
from allo_xdsl.sim.interp_arith import AlloArithFunctions
from allo_xdsl.sim.interp_func import AlloFuncFunctions
from allo_xdsl.sim.interp_memref import AlloMemRefFunctions
from allo_xdsl.sim.interpreter import buffer_from_numpy, run_interpreter

KERNELS = Path(__file__).parent.parent / "kernels"
I32_MIN, I32_MAX = -(2**31), 2**31 - 1


def parse(text: str, name: str = "test.mlir") -> ModuleOp:
    return read_mlir(make_context(), text, name)


def kernel(name: str) -> ModuleOp:
    path = KERNELS / f"{name}.mlir"
    return parse(path.read_text(), str(path))


def run(text: str, func: str, *args: Any) -> SimResult:
    return run_interpreter(parse(text), func, list(args))


def wrap32(values: Any) -> np.ndarray[Any, Any]:
    """Exact integers (an object array) wrapped to int32 as hardware does."""
    exact = np.asarray(values, dtype=object)
    wrapped = [((int(v) + 2**31) % 2**32) - 2**31 for v in exact.flat]
    return np.array(wrapped, dtype=np.int32).reshape(exact.shape)


# The shared kernels.


def test_gemm_f32_matches_a_float32_loop_exactly() -> None:
    rng = np.random.default_rng(0)
    a, b, c = (rng.standard_normal((8, 8)).astype(np.float32) for _ in range(3))
    result = run_interpreter(kernel("gemm_f32"), "gemm", [a, b, c])
    expected = c.copy()
    for k in range(8):  # same order per element: c = c + a[i,k] * b[k,j]
        expected = expected + a[:, k : k + 1] * b[k : k + 1, :]
    assert result.args[2].dtype == np.float32
    assert np.array_equal(result.args[2], expected)
    assert np.allclose(result.args[2], c + a @ b, rtol=1e-5, atol=1e-5)
    assert result.returns == ()
    assert np.array_equal(result.args[0], a)
    assert np.array_equal(result.args[1], b)


def test_gemm_f32_does_not_modify_its_inputs() -> None:
    rng = np.random.default_rng(1)
    a, b, c = (rng.standard_normal((8, 8)).astype(np.float32) for _ in range(3))
    c_before = c.copy()
    result = simulate(kernel("gemm_f32"), "gemm", [a, b, c], backend="interpreter")
    assert np.array_equal(c, c_before)
    assert not np.array_equal(result.args[2], c_before)


def test_gemm_i32_returns_its_result_and_wraps_on_overflow() -> None:
    rng = np.random.default_rng(2)
    a = rng.integers(I32_MIN, I32_MAX, size=(6, 5), dtype=np.int32, endpoint=True)
    b = rng.integers(I32_MIN, I32_MAX, size=(5, 7), dtype=np.int32, endpoint=True)
    a[0, :] = [1, 2, 3, 4, 5]  # one row that does not overflow
    b[:, 0] = [1, 1, 1, 1, 1]
    exact = a.astype(object) @ b.astype(object)
    assert any(abs(int(v)) > I32_MAX for v in exact.flat), "test must overflow"
    result = run_interpreter(kernel("gemm_i32_ret"), "gemm_i32", [a, b])
    (c,) = result.returns
    assert c.dtype == np.int32
    assert c.shape == (6, 7)
    assert np.array_equal(c, wrap32(exact))
    assert c[0, 0] == 15


def test_blur1d() -> None:
    a = np.random.default_rng(3).standard_normal(18).astype(np.float32)
    result = run_interpreter(kernel("blur1d"), "blur1d", [a, np.zeros(16, np.float32)])
    expected = (a[:-2] + a[1:-1] + a[2:]) / np.float32(3)
    assert np.array_equal(result.args[1], expected)


def test_stencil2d_wraps_like_int32() -> None:
    rng = np.random.default_rng(4)
    a = rng.integers(I32_MIN, I32_MAX, size=(10, 12), dtype=np.int32, endpoint=True)
    b = np.zeros((10, 12), np.int32)
    result = run_interpreter(kernel("stencil2d"), "stencil2d", [a, b])
    wide = a.astype(object)
    exact = wide.copy()
    exact[1:-1, 1:-1] = (
        wide[:-2, 1:-1] + wide[2:, 1:-1] + wide[1:-1, :-2] + wide[1:-1, 2:]
    ) - 4 * wide[1:-1, 1:-1]
    assert np.array_equal(result.args[1], wrap32(exact))


def _tri_expected(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.where(np.tri(10, dtype=bool), a, np.float32(-1))


def test_if_min_kernel() -> None:
    module = kernel("if_min")
    a = np.random.default_rng(5).standard_normal((10, 10)).astype(np.float32)
    result = run_interpreter(module, "tri", [a, np.zeros((10, 10), np.float32)])
    assert np.array_equal(result.args[1], _tri_expected(a))


IF_MIN_GENERIC = """
func.func @tri(%A: memref<10x10xf32>, %B: memref<10x10xf32>) {
  %neg = arith.constant -1.0 : f32
  affine.for %io = 0 to 10 step 4 {
    affine.for %i = affine_map<(d0) -> (d0)>(%io)
        to min affine_map<(d0) -> (d0 + 4, 10)>(%io) {
      affine.for %j = 0 to 10 {
        "affine.if"(%i, %j) <{condition = affine_set<(d0, d1) : (d0 - d1 >= 0)>}> ({
          %v = affine.load %A[%i, %j] : memref<10x10xf32>
          affine.store %v, %B[%i, %j] : memref<10x10xf32>
          affine.yield
        }, {
          affine.store %neg, %B[%i, %j] : memref<10x10xf32>
          affine.yield
        }) : (index, index) -> ()
      }
    }
  }
  return
}
"""


def test_if_min_generic_form() -> None:
    a = np.random.default_rng(5).standard_normal((10, 10)).astype(np.float32)
    result = run(IF_MIN_GENERIC, "tri", a, np.zeros((10, 10), np.float32))
    assert np.array_equal(result.args[1], _tri_expected(a))


# Affine: bounds, steps, iter_args, if with results, min/max/apply.

AFFINE_BOUNDS = """
#lb = affine_map<(d0)[s0] -> (d0 * 2, s0)>
#ub = affine_map<(d0)[s0] -> (d0 + 5, s0 + 4, 13)>
func.func @bounds(%n: index, %out: memref<6x14xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 6 {
    affine.for %j = max #lb(%i)[%n] to min #ub(%i)[%n] step 2 {
      %v = affine.load %out[%i, %j] : memref<6x14xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %out[%i, %j] : memref<6x14xi32>
    }
  }
  return
}
"""


@pytest.mark.parametrize("n", [0, 3, 7])
def test_affine_for_with_max_min_bounds_symbols_and_step(n: int) -> None:
    result = run(AFFINE_BOUNDS, "bounds", n, np.zeros((6, 14), np.int32))
    expected = np.zeros((6, 14), np.int32)
    for i in range(6):
        for j in range(max(2 * i, n), min(i + 5, n + 4, 13), 2):
            expected[i, j] += 1
    assert np.array_equal(result.args[1], expected)


ITER_ARGS = """
func.func @stats(%x: memref<12xf32>) -> (f32, f32, i32) {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant -3.0e38 : f32
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %s, %m, %n = affine.for %i = 0 to 12 step 1
      iter_args(%acc = %zero, %mx = %ninf, %cnt = %c0) -> (f32, f32, i32) {
    %v = affine.load %x[%i] : memref<12xf32>
    %a = arith.addf %acc, %v : f32
    %b = arith.maximumf %mx, %v : f32
    %pos = arith.cmpf ogt, %v, %zero : f32
    %inc = arith.select %pos, %c1, %c0 : i32
    %c = arith.addi %cnt, %inc : i32
    affine.yield %a, %b, %c : f32, f32, i32
  }
  return %s, %m, %n : f32, f32, i32
}
"""


def test_affine_for_with_several_iter_args() -> None:
    x = np.random.default_rng(6).standard_normal(12).astype(np.float32)
    total, top, count = run(ITER_ARGS, "stats", x).returns
    expected = np.float32(0)
    for v in x:
        expected = np.float32(expected + v)
    assert total.dtype == np.float32
    assert total == expected
    assert top == x.max()
    assert count.dtype == np.int32
    assert count == (x > 0).sum()


AFFINE_IF_RESULTS = """
func.func @clamp(%x: memref<9xi32>, %lo: index) -> memref<9xi32> {
  %out = memref.alloc() : memref<9xi32>
  %c = arith.constant 100 : i32
  affine.for %i = 0 to 9 {
    %v = affine.load %x[%i] : memref<9xi32>
    %r = "affine.if"(%i, %lo)
        <{condition = affine_set<(d0)[s0] : (d0 - s0 >= 0, 7 - d0 >= 0)>}> ({
      affine.yield %v : i32
    }, {
      affine.yield %c : i32
    }) : (index, index) -> i32
    affine.store %r, %out[%i] : memref<9xi32>
  }
  return %out : memref<9xi32>
}
"""


def test_affine_if_with_symbols_else_and_results() -> None:
    x = np.arange(9, dtype=np.int32) * 3
    (out,) = run(AFFINE_IF_RESULTS, "clamp", x, 2).returns
    i = np.arange(9)
    assert np.array_equal(out, np.where((i >= 2) & (i <= 7), x, 100))


AFFINE_MIN_APPLY = """
func.func @idx(%n: index, %out: memref<10x3xindex>) {
  affine.for %i = 0 to 10 {
    %a = affine.min affine_map<(d0)[s0] -> (d0 * 3, s0 - d0, 20)>(%i)[%n]
    %b = affine.apply affine_map<(d0)[s0] -> (d0 floordiv 3 + (s0 mod 4) * 10)>(%i)[%n]
    %c = affine.apply affine_map<(d0) -> ((d0 - 7) ceildiv 2 + (d0 - 5) mod 3)>(%i)
    affine.store %a, %out[%i, 0] : memref<10x3xindex>
    affine.store %b, %out[%i, 1] : memref<10x3xindex>
    affine.store %c, %out[%i, 2] : memref<10x3xindex>
  }
  return
}
"""


def test_affine_min_and_apply_with_dims_and_symbols() -> None:
    result = run(AFFINE_MIN_APPLY, "idx", 14, np.zeros((10, 3), np.int64))
    i = np.arange(10)
    expected = np.stack(
        [
            np.minimum(np.minimum(i * 3, 14 - i), 20),
            i // 3 + (14 % 4) * 10,
            -((7 - i) // 2) + (i - 5) % 3,  # ceildiv and mod round as floor
        ],
        axis=1,
    )
    assert np.array_equal(result.args[1], expected)


AFFINE_MAX = """
func.func @mx(%n: index) -> index {
  %c3 = arith.constant 3 : index
  %m = affine.max affine_map<(d0)[s0] -> (d0 * 2, s0 - 1)>(%c3)[%n]
  return %m : index
}
"""


@pytest.mark.parametrize("n", [2, 20])
def test_affine_max(n: int) -> None:
    module = parse(AFFINE_MAX)
    (m,) = run_interpreter(module, "mx", [n]).returns
    assert m == max(6, n - 1)


# Arithmetic.

INT_OPS = """
func.func @ints(%a: memref<16xi32>, %b: memref<16xi32>, %out: memref<16x16xi32>,
                %flags: memref<16x6xi1>) {
  affine.for %i = 0 to 16 {
    %x = affine.load %a[%i] : memref<16xi32>
    %y = affine.load %b[%i] : memref<16xi32>
    %c5 = arith.constant 5 : i32
    %add = arith.addi %x, %y : i32
    %sub = arith.subi %x, %y : i32
    %mul = arith.muli %x, %y : i32
    %divs = arith.divsi %x, %y : i32
    %rems = arith.remsi %x, %y : i32
    %divu = arith.divui %x, %y : i32
    %remu = arith.remui %x, %y : i32
    %fdiv = arith.floordivsi %x, %y : i32
    %cdiv = arith.ceildivsi %x, %y : i32
    %shl = arith.shli %x, %c5 : i32
    %shrs = arith.shrsi %x, %c5 : i32
    %shru = arith.shrui %x, %c5 : i32
    %and = arith.andi %x, %y : i32
    %xor = arith.xori %x, %y : i32
    %maxs = arith.maxsi %x, %y : i32
    %minu = arith.minui %x, %y : i32
    affine.store %add, %out[%i, 0] : memref<16x16xi32>
    affine.store %sub, %out[%i, 1] : memref<16x16xi32>
    affine.store %mul, %out[%i, 2] : memref<16x16xi32>
    affine.store %divs, %out[%i, 3] : memref<16x16xi32>
    affine.store %rems, %out[%i, 4] : memref<16x16xi32>
    affine.store %divu, %out[%i, 5] : memref<16x16xi32>
    affine.store %remu, %out[%i, 6] : memref<16x16xi32>
    affine.store %fdiv, %out[%i, 7] : memref<16x16xi32>
    affine.store %cdiv, %out[%i, 8] : memref<16x16xi32>
    affine.store %shl, %out[%i, 9] : memref<16x16xi32>
    affine.store %shrs, %out[%i, 10] : memref<16x16xi32>
    affine.store %shru, %out[%i, 11] : memref<16x16xi32>
    affine.store %and, %out[%i, 12] : memref<16x16xi32>
    affine.store %xor, %out[%i, 13] : memref<16x16xi32>
    affine.store %maxs, %out[%i, 14] : memref<16x16xi32>
    affine.store %minu, %out[%i, 15] : memref<16x16xi32>
    %lt = arith.cmpi slt, %x, %y : i32
    %ult = arith.cmpi ult, %x, %y : i32
    %eq = arith.cmpi eq, %x, %y : i32
    %sge = arith.cmpi sge, %x, %y : i32
    %ugt = arith.cmpi ugt, %x, %y : i32
    %both = arith.andi %lt, %ult : i1
    affine.store %lt, %flags[%i, 0] : memref<16x6xi1>
    affine.store %ult, %flags[%i, 1] : memref<16x6xi1>
    affine.store %eq, %flags[%i, 2] : memref<16x6xi1>
    affine.store %sge, %flags[%i, 3] : memref<16x6xi1>
    affine.store %ugt, %flags[%i, 4] : memref<16x6xi1>
    affine.store %both, %flags[%i, 5] : memref<16x6xi1>
  }
  return
}
"""


def test_integer_ops_wrap_and_compare_like_int32() -> None:
    rng = np.random.default_rng(7)
    a = rng.integers(I32_MIN, I32_MAX, 16, dtype=np.int32, endpoint=True)
    b = rng.integers(I32_MIN, I32_MAX, 16, dtype=np.int32, endpoint=True)
    a[:4] = [I32_MIN, -7, 7, -7]
    b[:4] = [-1, 2, -2, -7]  # INT_MIN / -1 wraps, signs of quotients
    b[b == 0] = 3
    result = run(
        INT_OPS,
        "ints",
        a,
        b,
        np.zeros((16, 16), np.int32),
        np.zeros((16, 6), np.bool_),
    )
    out, flags = result.args[2], result.args[3]
    x, y = a.astype(object), b.astype(object)
    ux, uy = a.view(np.uint32).astype(object), b.view(np.uint32).astype(object)
    trunc_div = np.array(
        [
            abs(p) // abs(q) * (1 if (p < 0) == (q < 0) else -1)
            for p, q in zip(x, y, strict=True)
        ],
        dtype=object,
    )
    expected = [
        x + y,
        x - y,
        x * y,
        trunc_div,
        x - y * trunc_div,
        ux // uy,
        ux % uy,
        x // y,
        -(-x // y),
        x * 32,
        x >> 5,
        ux >> 5,
        a & b,
        a ^ b,
        np.maximum(a, b),
        np.minimum(ux, uy),
    ]
    for column, values in enumerate(expected):
        assert np.array_equal(out[:, column], wrap32(values)), column
    assert flags.dtype == np.bool_
    assert np.array_equal(flags[:, 0], a < b)
    assert np.array_equal(flags[:, 1], a.view(np.uint32) < b.view(np.uint32))
    assert np.array_equal(flags[:, 2], a == b)
    assert np.array_equal(flags[:, 3], a >= b)
    assert np.array_equal(flags[:, 4], a.view(np.uint32) > b.view(np.uint32))
    assert np.array_equal(
        flags[:, 5], (a < b) & (a.view(np.uint32) < b.view(np.uint32))
    )


NARROW = """
func.func @narrow(%a: i8, %b: i8, %c: i1) -> (i8, i8, i1, i16, i32) {
  %s = arith.addi %a, %b : i8
  %m = arith.muli %a, %b : i8
  %t = arith.constant true
  %n = arith.xori %c, %t : i1
  %x = arith.extsi %c : i1 to i16
  %y = arith.extui %c : i1 to i32
  return %s, %m, %n, %x, %y : i8, i8, i1, i16, i32
}
"""


def test_narrow_integers_and_i1() -> None:
    s, m, n, x, y = run(NARROW, "narrow", 100, 77, True).returns
    assert s.dtype == np.int8
    assert s == np.int8(-79)
    assert m == np.int8((100 * 77 + 128) % 256 - 128)
    assert n.dtype == np.bool_
    assert not n
    assert x.dtype == np.int16
    assert x == -1
    assert y == 1


CASTS = """
func.func @casts(%i: memref<8xi32>, %f: memref<8xf32>, %d: memref<8xf64>,
                 %b: memref<8xi8>, %fo: memref<8x4xf32>, %io: memref<8x8xi32>,
                 %do: memref<8xf64>, %bo: memref<8xi8>, %xo: memref<8xindex>) {
  affine.for %k = 0 to 8 {
    %vi = affine.load %i[%k] : memref<8xi32>
    %vf = affine.load %f[%k] : memref<8xf32>
    %vd = affine.load %d[%k] : memref<8xf64>
    %vb = affine.load %b[%k] : memref<8xi8>
    %f0 = arith.sitofp %vi : i32 to f32
    %f1 = arith.uitofp %vi : i32 to f32
    %f2 = arith.truncf %vd : f64 to f32
    %f3 = arith.sitofp %vb : i8 to f32
    affine.store %f0, %fo[%k, 0] : memref<8x4xf32>
    affine.store %f1, %fo[%k, 1] : memref<8x4xf32>
    affine.store %f2, %fo[%k, 2] : memref<8x4xf32>
    affine.store %f3, %fo[%k, 3] : memref<8x4xf32>
    %i0 = arith.fptosi %vf : f32 to i32
    %i1 = arith.fptoui %vd : f64 to i32
    %i2 = arith.extsi %vb : i8 to i32
    %i3 = arith.extui %vb : i8 to i32
    %x = arith.index_cast %vi : i32 to index
    %i4 = arith.index_cast %x : index to i32
    %w = arith.extsi %vi : i32 to i64
    %sq = arith.muli %w, %w : i64
    %i5 = arith.trunci %sq : i64 to i32
    %i6 = arith.bitcast %vf : f32 to i32
    %e7 = arith.extf %vf : f32 to f64
    %i7 = arith.fptosi %e7 : f64 to i32
    affine.store %i0, %io[%k, 0] : memref<8x8xi32>
    affine.store %i1, %io[%k, 1] : memref<8x8xi32>
    affine.store %i2, %io[%k, 2] : memref<8x8xi32>
    affine.store %i3, %io[%k, 3] : memref<8x8xi32>
    affine.store %i4, %io[%k, 4] : memref<8x8xi32>
    affine.store %i5, %io[%k, 5] : memref<8x8xi32>
    affine.store %i6, %io[%k, 6] : memref<8x8xi32>
    affine.store %i7, %io[%k, 7] : memref<8x8xi32>
    %e = arith.extf %vf : f32 to f64
    affine.store %e, %do[%k] : memref<8xf64>
    %t = arith.trunci %vi : i32 to i8
    affine.store %t, %bo[%k] : memref<8xi8>
    affine.store %x, %xo[%k] : memref<8xindex>
  }
  return
}
"""


def test_casts_match_numpy() -> None:
    rng = np.random.default_rng(8)
    i = rng.integers(I32_MIN, I32_MAX, 8, dtype=np.int32, endpoint=True)
    f = (rng.standard_normal(8) * 1000).astype(np.float32)
    d = rng.uniform(0, 4e9, 8)  # fits u32, not always i32
    d[0] = 2.5
    b = rng.integers(-128, 127, 8, dtype=np.int8, endpoint=True)
    result = run(
        CASTS,
        "casts",
        i,
        f,
        d,
        b,
        np.zeros((8, 4), np.float32),
        np.zeros((8, 8), np.int32),
        np.zeros(8),
        np.zeros(8, np.int8),
        np.zeros(8, np.int64),
    )
    fo, io, do, bo, xo = result.args[4:]
    assert np.array_equal(fo[:, 0], i.astype(np.float32))
    assert np.array_equal(fo[:, 1], i.view(np.uint32).astype(np.float32))
    assert np.array_equal(fo[:, 2], d.astype(np.float32))
    assert np.array_equal(fo[:, 3], b.astype(np.float32))
    assert np.array_equal(io[:, 0], np.trunc(f).astype(np.int32))
    assert np.array_equal(io[:, 1], np.trunc(d).astype(np.uint32).view(np.int32))
    assert np.array_equal(io[:, 2], b.astype(np.int32))
    assert np.array_equal(io[:, 3], b.view(np.uint8).astype(np.int32))
    assert np.array_equal(io[:, 4], i)
    assert np.array_equal(io[:, 5], wrap32(i.astype(object) ** 2))
    assert np.array_equal(io[:, 6], f.view(np.int32))
    assert np.array_equal(io[:, 7], np.trunc(f).astype(np.int32))
    assert np.array_equal(do, f.astype(np.float64))
    assert np.array_equal(bo, i.astype(np.int8))
    assert np.array_equal(xo, i.astype(np.int64))


WIDE_TO_F32 = """
func.func @wide(%x: i64) -> (f32, f64) {
  %f = arith.sitofp %x : i64 to f32
  %d = arith.sitofp %x : i64 to f64
  return %f, %d : f32, f64
}
"""


def test_sitofp_rounds_once() -> None:
    # Through a double first, 2^60 + 2^36 + 1 would become a tie and round
    # down to 2^60; rounded once it is 2^60 + 2^37.
    x = 2**60 + 2**36 + 1
    f, d = run(WIDE_TO_F32, "wide", x).returns
    assert f == np.array([x], dtype=np.int64).astype(np.float32)[0]
    assert int(f) == 2**60 + 2**37
    assert d == float(x)


BAD_FPTOSI = """
func.func @bad(%x: f32) -> i8 {
  %i = arith.fptosi %x : f32 to i8
  return %i : i8
}
"""


def test_fptosi_out_of_range_is_an_error() -> None:
    assert run(BAD_FPTOSI, "bad", -128.9).returns[0] == -128
    with pytest.raises(AlloError, match="does not fit i8") as info:
        run(BAD_FPTOSI, "bad", 300.0)
    assert info.value.location is not None
    assert info.value.location.line == 3


FLOAT_OPS = """
func.func @fops(%a: memref<16xf32>, %b: memref<16xf32>, %out: memref<16x8xf32>,
                %le: memref<16xi1>) {
  affine.for %i = 0 to 16 {
    %x = affine.load %a[%i] : memref<16xf32>
    %y = affine.load %b[%i] : memref<16xf32>
    %q = arith.divf %x, %y : f32
    %s = arith.subf %x, %y : f32
    %n = arith.negf %x : f32
    %mx = arith.maximumf %x, %y : f32
    %mn = arith.minnumf %x, %y : f32
    %p = arith.mulf %x, %y : f32
    %c = arith.constant 0.1 : f32
    %t = arith.addf %p, %c : f32
    %u = arith.cmpf ule, %x, %y : f32
    %sel = arith.select %u, %x, %y : f32
    affine.store %q, %out[%i, 0] : memref<16x8xf32>
    affine.store %s, %out[%i, 1] : memref<16x8xf32>
    affine.store %n, %out[%i, 2] : memref<16x8xf32>
    affine.store %mx, %out[%i, 3] : memref<16x8xf32>
    affine.store %mn, %out[%i, 4] : memref<16x8xf32>
    affine.store %t, %out[%i, 5] : memref<16x8xf32>
    affine.store %sel, %out[%i, 6] : memref<16x8xf32>
    affine.store %u, %le[%i] : memref<16xi1>
  }
  return
}
"""


def test_float_ops_round_to_f32_like_numpy() -> None:
    rng = np.random.default_rng(9)
    a = rng.standard_normal(16).astype(np.float32)
    b = rng.standard_normal(16).astype(np.float32)
    a[:5] = [1.0, -1.0, 0.0, np.nan, 3e38]
    b[:5] = [0.0, 0.0, 0.0, 1.0, 0.1]  # +inf, -inf, nan, nan, inf
    result = run(
        FLOAT_OPS, "fops", a, b, np.zeros((16, 8), np.float32), np.zeros(16, bool)
    )
    out, le = result.args[2], result.args[3]
    with np.errstate(all="ignore"):
        expected = [
            a / b,
            a - b,
            -a,
            np.maximum(a, b),
            np.fmin(a, b),
            a * b + np.float32(0.1),
        ]
    for column, values in enumerate(expected):
        assert np.array_equal(out[:, column], values, equal_nan=True), column
    ule = ~(a > b)  # unordered or less-or-equal
    assert np.array_equal(le, ule)
    assert np.array_equal(out[:, 6], np.where(ule, a, b), equal_nan=True)


MATH = """
func.func @m(%a: memref<16xf32>, %b: memref<16xf32>, %c: memref<16xf32>,
             %out: memref<16x16xf32>) {
  affine.for %i = 0 to 16 {
    %x = affine.load %a[%i] : memref<16xf32>
    %y = affine.load %b[%i] : memref<16xf32>
    %z = affine.load %c[%i] : memref<16xf32>
    %ax = math.absf %x : f32
    %r0 = math.sqrt %ax : f32
    %r1 = math.exp %x : f32
    %r2 = math.log %ax : f32
    %r3 = math.powf %ax, %y : f32
    %r4 = math.sin %x : f32
    %r5 = math.cos %x : f32
    %r6 = math.tanh %x : f32
    %r7 = math.floor %x : f32
    %r8 = math.ceil %x : f32
    %r9 = math.fma %x, %y, %z : f32
    %r10 = math.round %x : f32
    %r11 = math.roundeven %x : f32
    %r12 = math.atan2 %x, %y : f32
    %r13 = math.trunc %x : f32
    %r14 = math.rsqrt %ax : f32
    %r15 = math.erf %x : f32
    affine.store %r0, %out[%i, 0] : memref<16x16xf32>
    affine.store %r1, %out[%i, 1] : memref<16x16xf32>
    affine.store %r2, %out[%i, 2] : memref<16x16xf32>
    affine.store %r3, %out[%i, 3] : memref<16x16xf32>
    affine.store %r4, %out[%i, 4] : memref<16x16xf32>
    affine.store %r5, %out[%i, 5] : memref<16x16xf32>
    affine.store %r6, %out[%i, 6] : memref<16x16xf32>
    affine.store %r7, %out[%i, 7] : memref<16x16xf32>
    affine.store %r8, %out[%i, 8] : memref<16x16xf32>
    affine.store %r9, %out[%i, 9] : memref<16x16xf32>
    affine.store %r10, %out[%i, 10] : memref<16x16xf32>
    affine.store %r11, %out[%i, 11] : memref<16x16xf32>
    affine.store %r12, %out[%i, 12] : memref<16x16xf32>
    affine.store %r13, %out[%i, 13] : memref<16x16xf32>
    affine.store %r14, %out[%i, 14] : memref<16x16xf32>
    affine.store %r15, %out[%i, 15] : memref<16x16xf32>
  }
  return
}
"""


def _fma_f32(x: np.float32, y: np.float32, z: np.float32) -> np.float32:
    exact = Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z))
    # A double holds x * y exactly; only ties could round twice here.
    return np.float32(float(exact))


def test_math_ops_match_numpy_float32() -> None:
    rng = np.random.default_rng(10)
    a = (rng.standard_normal(16) * 3).astype(np.float32)
    b = rng.standard_normal(16).astype(np.float32)
    c = rng.standard_normal(16).astype(np.float32)
    a[:4] = [2.5, -2.5, 0.5, -0.0]  # halfway cases for round / roundeven
    result = run(MATH, "m", a, b, c, np.zeros((16, 16), np.float32))
    out = result.args[3]
    ax = np.abs(a)
    with np.errstate(all="ignore"):
        exact = {
            0: np.sqrt(ax),
            1: np.exp(a),
            2: np.log(ax),
            3: np.power(ax, b),
            4: np.sin(a),
            5: np.cos(a),
            6: np.tanh(a),
            7: np.floor(a),
            8: np.ceil(a),
            11: np.rint(a),
            12: np.arctan2(a, b),
            13: np.trunc(a),
        }
    for column, values in exact.items():
        assert np.array_equal(out[:, column], values, equal_nan=True), column
    fma = np.array(
        [_fma_f32(x, y, z) for x, y, z in zip(a, b, c, strict=True)], np.float32
    )
    assert np.array_equal(out[:, 9], fma)
    away = np.sign(a) * np.floor(np.abs(a) + np.float32(0.5))
    assert np.array_equal(out[:, 10], away)
    assert list(out[:4, 10]) == [3.0, -3.0, 1.0, 0.0]
    assert list(out[:4, 11]) == [2.0, -2.0, 0.0, 0.0]
    with np.errstate(all="ignore"):
        assert np.allclose(out[:, 14], 1 / np.sqrt(ax.astype(np.float64)), rtol=1e-6)
    erf = np.array([math.erf(v) for v in a.astype(np.float64)], np.float32)
    assert np.array_equal(out[:, 15], erf)


INT_MATH = """
func.func @im(%x: i32, %y: i32) -> (i32, i32, i32, i32, i32) {
  %a = math.absi %x : i32
  %l = math.ctlz %x : i32
  %t = math.cttz %x : i32
  %p = math.ctpop %x : i32
  %w = math.ipowi %x, %y : i32
  return %a, %l, %t, %p, %w : i32, i32, i32, i32, i32
}
"""


@pytest.mark.parametrize("x", [I32_MIN, -12, 0, 1, 40, 7919])
def test_integer_math(x: int) -> None:
    a, lz, tz, pop, power = run(INT_MATH, "im", x, 3).returns
    bits = x & 0xFFFFFFFF
    assert a == wrap32([abs(x)])[0]
    assert lz == 32 - bits.bit_length()
    assert tz == (32 if bits == 0 else (bits & -bits).bit_length() - 1)
    assert pop == bin(bits).count("1")
    assert power == wrap32([x**3])[0]


# scf, calls and memory.

SCF = """
func.func @collatz_steps(%x: memref<10xi32>, %out: memref<10xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %c30 = arith.constant 30 : index
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  %three = arith.constant 3 : i32
  %zero = arith.constant 0 : i32
  scf.for %i = %c0 to %c10 step %c1 {
    %v0 = memref.load %x[%i] : memref<10xi32>
    %v, %n = scf.for %k = %c0 to %c30 step %c1
        iter_args(%v1 = %v0, %n1 = %zero) -> (i32, i32) {
      %done = arith.cmpi sle, %v1, %one : i32
      %r:2 = scf.if %done -> (i32, i32) {
        scf.yield %v1, %n1 : i32, i32
      } else {
        %rem = arith.remsi %v1, %two : i32
        %even = arith.cmpi eq, %rem, %zero : i32
        %next = scf.if %even -> (i32) {
          %h = arith.divsi %v1, %two : i32
          scf.yield %h : i32
        } else {
          %m = arith.muli %v1, %three : i32
          %p = arith.addi %m, %one : i32
          scf.yield %p : i32
        }
        %n2 = arith.addi %n1, %one : i32
        scf.yield %next, %n2 : i32, i32
      }
      scf.yield %r#0, %r#1 : i32, i32
    }
    memref.store %n, %out[%i] : memref<10xi32>
  }
  return
}
"""


def test_scf_for_if_yield() -> None:
    x = np.arange(1, 11, dtype=np.int32)
    result = run(SCF, "collatz_steps", x, np.zeros(10, np.int32))

    def steps(v: int) -> int:
        n = 0
        while v > 1 and n < 30:
            v = v // 2 if v % 2 == 0 else 3 * v + 1
            n += 1
        return n

    assert list(result.args[1]) == [steps(int(v)) for v in x]


CALLS = """
func.func @scale(%v: f32, %s: f32) -> f32 {
  %r = arith.mulf %v, %s : f32
  return %r : f32
}
func.func @fill(%m: memref<4xf32>, %v: f32) {
  affine.for %i = 0 to 4 {
    %w = func.call @scale(%v, %v) : (f32, f32) -> f32
    affine.store %w, %m[%i] : memref<4xf32>
  }
  return
}
func.func @fact(%n: i64) -> i64 {
  %one = arith.constant 1 : i64
  %small = arith.cmpi sle, %n, %one : i64
  %r = scf.if %small -> (i64) {
    scf.yield %one : i64
  } else {
    %m = arith.subi %n, %one : i64
    %f = func.call @fact(%m) : (i64) -> i64
    %p = arith.muli %n, %f : i64
    scf.yield %p : i64
  }
  return %r : i64
}
func.func @top(%m: memref<4xf32>, %v: f32, %n: i64) -> (memref<4xf32>, i64) {
  func.call @fill(%m, %v) : (memref<4xf32>, f32) -> ()
  %f = func.call @fact(%n) : (i64) -> i64
  return %m, %f : memref<4xf32>, i64
}
"""


def test_calls_including_recursion() -> None:
    m, f = run(CALLS, "top", np.zeros(4, np.float32), 1.1, 20).returns
    v = np.float32(1.1)
    assert np.array_equal(m, np.full(4, v * v, np.float32))
    assert f.dtype == np.int64
    assert f == math.factorial(20)
    # 21! overflows i64 and wraps.
    (f21,) = run(CALLS, "fact", 21).returns
    assert f21 == (math.factorial(21) + 2**63) % 2**64 - 2**63


ALLOCS = """
func.func @allocs(%x: index) -> (memref<3xi1>, memref<2x2xi8>, memref<3xi16>,
                                 memref<2xi64>, memref<2xf64>, memref<3xindex>) {
  %a = memref.alloc() : memref<3xi1>
  %b = memref.alloca() : memref<2x2xi8>
  %c = memref.alloc() : memref<3xi16>
  %d = memref.alloca() : memref<2xi64>
  %e = memref.alloc() : memref<2xf64>
  %f = memref.alloca() : memref<3xindex>
  %t = arith.constant true
  %i8 = arith.constant -100 : i8
  %i16 = arith.constant 30000 : i16
  %i64 = arith.constant 9000000000000000000 : i64
  %f64 = arith.constant 0.1 : f64
  %c1 = arith.constant 1 : index
  affine.store %t, %a[1] : memref<3xi1>
  affine.store %i8, %b[1, 0] : memref<2x2xi8>
  %s = arith.addi %i16, %i16 : i16
  affine.store %s, %c[2] : memref<3xi16>
  affine.store %i64, %d[0] : memref<2xi64>
  affine.store %f64, %e[1] : memref<2xf64>
  affine.store %x, %f[0] : memref<3xindex>
  %v = affine.load %f[0] : memref<3xindex>
  %w = arith.addi %v, %c1 : index
  memref.store %w, %f[%c1] : memref<3xindex>
  return %a, %b, %c, %d, %e, %f : memref<3xi1>, memref<2x2xi8>, memref<3xi16>,
                                  memref<2xi64>, memref<2xf64>, memref<3xindex>
}
"""


def test_alloc_and_alloca_of_every_element_type() -> None:
    a, b, c, d, e, f = run(ALLOCS, "allocs", -5).returns
    assert a.dtype == np.bool_
    assert list(a) == [False, True, False]
    assert b.dtype == np.int8
    assert b.tolist() == [[0, 0], [-100, 0]]
    assert c.dtype == np.int16
    assert c[2] == np.int16(60000 - 65536)
    assert d.dtype == np.int64
    assert d[0] == 9000000000000000000
    assert e.dtype == np.float64
    assert e[1] == 0.1
    assert f.dtype == np.int64
    assert list(f) == [-5, -4, 0]


# Errors.

OOB = """
func.func @oob(%a: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 5 {
    affine.store %z, %a[%i] : memref<4xf32>
  }
  return
}
"""


def test_out_of_bounds_access_is_a_located_error() -> None:
    with pytest.raises(AlloError, match=r"out-of-bounds.*\[4\] is outside") as info:
        run(OOB, "oob", np.zeros(4, np.float32))
    loc = info.value.location
    assert loc is not None
    assert (loc.file, loc.line) == ("test.mlir", 5)


NEGATIVE_INDEX = OOB.replace("%a[%i]", "%a[%i - 1]")


def test_negative_index_is_out_of_bounds() -> None:
    with pytest.raises(AlloError, match=r"\[-1\] is outside"):
        run(NEGATIVE_INDEX, "oob", np.zeros(4, np.float32))


DIV_ZERO = """
func.func @d(%a: i32, %b: i32) -> i32 {
  %q = arith.divsi %a, %b : i32
  return %q : i32
}
"""


def test_integer_division_by_zero_is_a_located_error() -> None:
    with pytest.raises(AlloError, match="division by zero in 'arith.divsi'") as info:
        run(DIV_ZERO, "d", 1, 0)
    assert info.value.location is not None
    assert info.value.location.line == 3


UNSUPPORTED = """
func.func @u(%a: i32, %b: i32) -> i32 {
  %s, %o = arith.addui_extended %a, %b : i32, i1
  return %s : i32
}
"""


def test_unsupported_op_is_a_located_error_before_running() -> None:
    with pytest.raises(AlloError, match="cannot run 'arith.addui_extended'") as info:
        run(UNSUPPORTED, "u", 1, 2)
    assert info.value.location is not None
    assert info.value.location.line == 3


UNSUPPORTED_TYPE = """
func.func @h(%a: f16) -> f16 {
  return %a : f16
}
"""


def test_unsupported_type_is_an_error() -> None:
    with pytest.raises(AlloError, match="cannot run values of type f16"):
        run(UNSUPPORTED_TYPE, "h", 1.0)


def test_bad_arguments_are_errors() -> None:
    module = kernel("gemm_f32")
    square = np.zeros((8, 8), np.float32)
    with pytest.raises(AlloError, match="takes 3 arguments"):
        run_interpreter(module, "gemm", [square, square])
    with pytest.raises(AlloError, match=r"expected shape \(8, 8\)"):
        run_interpreter(module, "gemm", [square, square, np.zeros((8, 7))])
    with pytest.raises(AlloError, match="unknown function 'gem'"):
        run_interpreter(module, "gem", [])
    with pytest.raises(AlloError, match="do not fit i32"):
        run_interpreter(
            kernel("gemm_i32_ret"),
            "gemm_i32",
            [np.full((6, 5), 2**40), np.zeros((5, 7), np.int32)],
        )


def test_tables_also_work_in_a_stock_interpreter() -> None:
    module = kernel("gemm_i32_ret")
    interpreter = Interpreter(module, index_bitwidth=64)
    for table in (
        BuiltinFunctions(),
        AlloArithFunctions(),
        AlloMemRefFunctions(),
        AlloAffineFunctions(),
        AlloFuncFunctions(),
    ):
        interpreter.register_implementations(table)
    rng = np.random.default_rng(11)
    a = rng.integers(-50, 50, (6, 5), dtype=np.int32)
    b = rng.integers(-50, 50, (5, 7), dtype=np.int32)
    reference = run_interpreter(module, "gemm_i32", [a, b]).returns[0]
    inputs = find_func(module, "gemm_i32").function_type.inputs.data
    assert all(isinstance(t, MemRefType) for t in inputs)
    buffers = tuple(
        buffer_from_numpy(v, cast(MemRefType[Any], t))
        for v, t in zip((a, b), inputs, strict=True)
    )
    (c,) = interpreter.call_op("gemm_i32", buffers)
    assert np.array_equal(c.numpy_view(np.dtype(np.int32)), reference)


LAYOUTS = """
func.func @part(%a: memref<4x4xf32, #fpga.partition<[cyclic 2, none]>>,
                %s: memref<f32>, %n: memref<3xi12>) -> (f32, i12) {
  %acc0 = arith.constant 0.0 : f32
  %sum = affine.for %i = 0 to 4 iter_args(%acc = %acc0) -> (f32) {
    %v = affine.load %a[%i, %i] : memref<4x4xf32, #fpga.partition<[cyclic 2, none]>>
    %w = arith.addf %acc, %v : f32
    affine.yield %w : f32
  }
  affine.store %sum, %s[] : memref<f32>
  %x = affine.load %n[0] : memref<3xi12>
  %y = affine.load %n[1] : memref<3xi12>
  %z = arith.addi %x, %y : i12
  affine.store %z, %n[2] : memref<3xi12>
  return %sum, %z : f32, i12
}
"""


def test_partitioned_zero_dim_and_odd_width_memrefs() -> None:
    a = np.random.default_rng(12).standard_normal((4, 4)).astype(np.float32)
    result = run(LAYOUTS, "part", a, np.float32(0), np.array([2000, 100, 0], np.int16))
    total, z = result.returns
    expected = np.float32(0)
    for v in np.diag(a):
        expected = np.float32(expected + v)
    assert total == expected
    assert result.args[1].shape == ()
    assert result.args[1] == expected
    assert z.dtype == np.int16
    assert z == 2100 - 4096
    assert list(result.args[2]) == [2000, 100, 2100 - 4096]
    with pytest.raises(AlloError, match="do not fit i12"):
        run(LAYOUTS, "part", a, np.float32(0), np.array([3000, 0, 0], np.int16))


FIXED = """
func.func @fx(%a: memref<4x!allo.fixed<16, 8>>) {
  return
}
"""


def test_fixed_point_runs_lowered() -> None:
    # The interpreter lowers fixed point itself (sim/interp_lowering.py);
    # raw values pass through unchanged.
    raw = np.array([-32768, -1, 0, 32767], np.int16)
    out = run(FIXED, "fx", raw).args[0]
    assert out.dtype == np.int16
    assert np.array_equal(out, raw)


LAYOUT = """
func.func @f(%a: memref<3x4xf32, LAYOUT>) -> f32 {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %v = memref.load %a[%c1, %c2] : memref<3x4xf32, LAYOUT>
  return %v : f32
}
"""


@pytest.mark.parametrize(
    "layout",
    ["affine_map<(d0, d1) -> (d0, d1)>", "strided<[4, 1]>"],
)
def test_row_major_layouts_run(layout: str) -> None:
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert run(LAYOUT.replace("LAYOUT", layout), "f", a).returns == (6.0,)


@pytest.mark.parametrize(
    "layout",
    [
        "affine_map<(d0, d1) -> (d1, d0)>",
        "strided<[1, 3]>",
        "strided<[4, 1], offset: 2>",
    ],
)
def test_other_layouts_are_errors(layout: str) -> None:
    with pytest.raises(AlloError, match="only row-major layouts are supported"):
        run(LAYOUT.replace("LAYOUT", layout), "f", np.zeros((3, 4), np.float32))


UNARY_MATH = {
    "sqrt": np.sqrt,
    "cbrt": np.cbrt,
    "exp": np.exp,
    "exp2": np.exp2,
    "expm1": np.expm1,
    "log": np.log,
    "log2": np.log2,
    "log10": np.log10,
    "log1p": np.log1p,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "asinh": np.arcsinh,
    "acosh": lambda x: np.arccosh(x + x.dtype.type(1)),
    "atanh": np.arctanh,
    "floor": np.floor,
    "ceil": np.ceil,
    "trunc": np.trunc,
    "absf": np.abs,
    "roundeven": np.rint,
}

UNARY_KERNEL = """
func.func @u(%a: memref<8xT>, %b: memref<8xT>) {
  %one = arith.constant 1.0 : T
  affine.for %i = 0 to 8 {
    %x = affine.load %a[%i] : memref<8xT>
    ARG
    %y = math.OP %z : T
    affine.store %y, %b[%i] : memref<8xT>
  }
  return
}
"""


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(UNARY_MATH))
def test_unary_math_at_the_operand_precision(name: str, dtype: Any) -> None:
    t = "f32" if dtype == np.float32 else "f64"
    arg = (
        "%z = arith.addf %x, %one : T"
        if name == "acosh"
        else "%z = arith.addf %x, %x : T"
    )
    text = UNARY_KERNEL.replace("ARG", arg).replace("OP", name).replace("T", t)
    x = np.random.default_rng(13).uniform(0.05, 0.45, 8).astype(dtype)
    x[:2] = [0.25, 0.375]  # 2x = 0.5, 0.75: halfway and not for roundeven
    result = run(text, "u", x, np.zeros(8, dtype))
    z = x + x if name != "acosh" else x
    assert np.array_equal(result.args[1], UNARY_MATH[name](z)), name


BINARY_MATH = """
func.func @b(%x: f64, %y: f64, %n: i32, %s: f32, %t: f32) -> (f64, f64, f32, f32) {
  %c = math.copysign %x, %y : f64
  %p = math.fpowi %x, %n : f64, i32
  %q = math.fpowi %s, %n : f32, i32
  %f = math.fma %s, %t, %s : f32
  return %c, %p, %q, %f : f64, f64, f32, f32
}
"""


def test_copysign_fpowi_and_f32_fma() -> None:
    c, p, q, f = run(BINARY_MATH, "b", 2.5, -0.0, -3, 1.1, 3.3).returns
    assert c == -2.5
    assert p == 2.5**-3
    s, t = np.float32(1.1), np.float32(3.3)
    assert q.dtype == np.float32
    assert q == np.power(s, np.float32(-3))
    assert f == _fma_f32(s, t, s)


MORE_INT = """
func.func @bin(%x: i32, %y: i32) -> i32 {
  %r = arith.OP %x, %y : i32
  return %r : i32
}
"""

INT_REFERENCES = {
    "ori": lambda x, y, ux, uy: x | y,
    "minsi": lambda x, y, ux, uy: min(x, y),
    "maxui": lambda x, y, ux, uy: max(ux, uy),
    "ceildivui": lambda x, y, ux, uy: -(-ux // uy),
    "remui": lambda x, y, ux, uy: ux % uy,
    "shli": lambda x, y, ux, uy: x << (uy % 32),
    "shrui": lambda x, y, ux, uy: ux >> (uy % 32),
}


@pytest.mark.parametrize("name", sorted(INT_REFERENCES))
@pytest.mark.parametrize(("x", "y"), [(-7, 3), (I32_MAX, 31), (I32_MIN, 5), (12, -2)])
def test_more_integer_ops(name: str, x: int, y: int) -> None:
    if name.startswith("sh") and not 0 <= y < 32:
        y = 4
    (r,) = run(MORE_INT.replace("OP", name), "bin", x, y).returns
    ux, uy = x & 0xFFFFFFFF, y & 0xFFFFFFFF
    assert r == wrap32([INT_REFERENCES[name](x, y, ux, uy)])[0]


def test_shift_by_the_width_is_an_error() -> None:
    with pytest.raises(AlloError, match="shift by 32 is undefined") as info:
        run(MORE_INT.replace("OP", "shli"), "bin", 1, 32)
    assert info.value.location is not None
    assert info.value.location.line == 3


CMPF_PREDICATES = {
    "false": lambda a, b, u: np.zeros_like(u),
    "oeq": lambda a, b, u: a == b,
    "ogt": lambda a, b, u: a > b,
    "oge": lambda a, b, u: a >= b,
    "olt": lambda a, b, u: a < b,
    "ole": lambda a, b, u: a <= b,
    "one": lambda a, b, u: ~u & (a != b),
    "ord": lambda a, b, u: ~u,
    "ueq": lambda a, b, u: u | (a == b),
    "ugt": lambda a, b, u: u | (a > b),
    "uge": lambda a, b, u: u | (a >= b),
    "ult": lambda a, b, u: u | (a < b),
    "ule": lambda a, b, u: u | (a <= b),
    "une": lambda a, b, u: a != b,
    "uno": lambda a, b, u: u,
    "true": lambda a, b, u: np.ones_like(u),
}

CMPF_MINMAX = """
func.func @c(%a: memref<6xf32>, %b: memref<6xf32>, %o: memref<6xi1>,
             %mx: memref<6xf32>, %mn: memref<6xf32>) {
  affine.for %i = 0 to 6 {
    %x = affine.load %a[%i] : memref<6xf32>
    %y = affine.load %b[%i] : memref<6xf32>
    %r = arith.cmpf PRED, %x, %y : f32
    affine.store %r, %o[%i] : memref<6xi1>
    %m = arith.maxnumf %x, %y : f32
    %n = arith.minimumf %x, %y : f32
    affine.store %m, %mx[%i] : memref<6xf32>
    affine.store %n, %mn[%i] : memref<6xf32>
  }
  return
}
"""


@pytest.mark.parametrize("predicate", list(CMPF_PREDICATES))
def test_cmpf_predicates_and_nan_aware_min_max(predicate: str) -> None:
    a = np.array([1.0, 2.0, np.nan, 3.0, np.nan, -0.0], np.float32)
    b = np.array([1.0, 1.0, 1.0, np.nan, np.nan, 0.0], np.float32)
    zeros = np.zeros(6, np.float32)
    result = run(
        CMPF_MINMAX.replace("PRED", predicate),
        "c",
        a,
        b,
        np.zeros(6, bool),
        zeros,
        zeros,
    )
    unordered = np.isnan(a) | np.isnan(b)
    assert np.array_equal(result.args[2], CMPF_PREDICATES[predicate](a, b, unordered))
    assert np.array_equal(result.args[3], np.fmax(a, b), equal_nan=True)
    assert np.array_equal(result.args[4], np.minimum(a, b), equal_nan=True)
    assert np.signbit(result.args[4][5])
    assert not np.signbit(result.args[3][5])


BITCAST = """
func.func @bc(%x: i32, %y: f64) -> (f32, i64) {
  %f = arith.bitcast %x : i32 to f32
  %i = arith.bitcast %y : f64 to i64
  return %f, %i : f32, i64
}
"""


def test_bitcast_both_ways() -> None:
    f, i = run(BITCAST, "bc", -1082130432, -2.5).returns
    assert f == np.array([-1082130432], np.int32).view(np.float32)[0] == -1.0
    assert i == np.array([-2.5]).view(np.int64)[0]


MEMREF_OPS = """
"memref.global"() <{sym_name = "table", type = memref<4xi32>,
    initial_value = dense<[1, 2, 3, 4]> : tensor<4xi32>,
    sym_visibility = "private"}> : () -> ()
"memref.global"() <{sym_name = "count", type = memref<i32>,
    initial_value = dense<0> : tensor<i32>, sym_visibility = "private"}> : () -> ()
func.func @bump() -> i32 {
  %g = memref.get_global @count : memref<i32>
  %v = memref.load %g[] : memref<i32>
  %one = arith.constant 1 : i32
  %w = arith.addi %v, %one : i32
  memref.store %w, %g[] : memref<i32>
  return %w : i32
}
func.func @mem(%a: memref<2x3xf32>, %b: memref<2x3xf32>)
    -> (memref<6xf32>, index, i32, i32, memref<3x2xf32>) {
  "memref.copy"(%a, %b) : (memref<2x3xf32>, memref<2x3xf32>) -> ()
  %flat = memref.collapse_shape %b [[0, 1]] : memref<2x3xf32> into memref<6xf32>
  %c1 = arith.constant 1 : index
  %d = memref.dim %a, %c1 : memref<2x3xf32>
  %t = memref.get_global @table : memref<4xi32>
  %x = memref.load %t[%c1] : memref<4xi32>
  %n1 = func.call @bump() : () -> i32
  %n2 = func.call @bump() : () -> i32
  %r = memref.expand_shape %flat [[0, 1]] output_shape [3, 2]
      : memref<6xf32> into memref<3x2xf32>
  %z = arith.constant 9.0 : f32
  %c0 = arith.constant 0 : index
  memref.store %z, %r[%c0, %c1] : memref<3x2xf32>
  %cast = "memref.cast"(%r) : (memref<3x2xf32>) -> memref<3x2xf32>
  %tmp = memref.alloc() : memref<2xf32>
  memref.dealloc %tmp : memref<2xf32>
  return %flat, %d, %x, %n2, %cast
      : memref<6xf32>, index, i32, i32, memref<3x2xf32>
}
"""


def test_memref_copy_views_dim_cast_and_globals() -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    result = run(MEMREF_OPS, "mem", a, np.zeros((2, 3), np.float32))
    flat, dim, x, count, reshaped = result.returns
    # The store through the expanded view lands in %b and in %flat.
    expected = a.reshape(-1).copy()
    expected[1] = 9.0
    assert np.array_equal(result.args[1], expected.reshape(2, 3))
    assert np.array_equal(flat, expected)
    assert np.array_equal(reshaped, expected.reshape(3, 2))
    assert dim == 3
    assert x == 2
    assert count == 2  # the global keeps its value between calls
    assert np.array_equal(result.args[0], a)


CF_AND_UNSIGNED = """
func.func @sum(%n: i32, %u: memref<3xui8>, %v: memref<3xui8>) -> i32 {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  cf.br ^loop(%zero, %zero : i32, i32)
^loop(%i: i32, %acc: i32):
  %more = arith.cmpi slt, %i, %n : i32
  cf.cond_br %more, ^body, ^done
^body:
  %next_acc = arith.addi %acc, %i : i32
  %next_i = arith.addi %i, %one : i32
  cf.br ^loop(%next_i, %next_acc : i32, i32)
^done:
  affine.for %k = 0 to 3 {
    %x = affine.load %u[%k] : memref<3xui8>
    affine.store %x, %v[2 - %k] : memref<3xui8>
  }
  return %acc : i32
}
"""


def test_cf_blocks_and_unsigned_memrefs() -> None:
    u = np.array([200, 7, 255], np.uint8)
    result = run(CF_AND_UNSIGNED, "sum", 10, u, np.zeros(3, np.uint8))
    assert result.returns == (45,)
    assert result.args[2].dtype == np.uint8
    assert list(result.args[2]) == [255, 7, 200]
