"""
C simulation (HLS C++ emitted, compiled with g++, run) equals numpy.

Every kernel is compiled once per cache (see allo_xdsl.sim.csim); the
references below are computed independently with numpy, in the same
floating-point order as the kernels where results must match bit for bit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr
from xdsl.ir.affine import AffineBinaryOpExpr, AffineBinaryOpKind, AffineExpr, AffineMap

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.sim import csim, simulate
from allo_xdsl.sim.csim import check_compiles, run_csim
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

KERNELS = Path(__file__).parent.parent / "kernels"
LIT_INPUTS = Path(__file__).parent.parent / "lit" / "targets" / "hls_cpp"
F32 = np.float32


def parse(text: str, name: str = "<test>") -> Any:
    return read_mlir(make_context(), text, name)


def kernel(name: str) -> Any:
    path = KERNELS / f"{name}.mlir"
    return parse(path.read_text(), str(path))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


# ----- the shared kernels of tests/kernels -----


def test_gemm_f32(rng: np.random.Generator) -> None:
    A, B, C = (rng.standard_normal((8, 8)).astype(F32) for _ in range(3))
    result = run_csim(kernel("gemm_f32"), "gemm", [A, B, C])
    expected = C.copy()
    for k in range(8):
        expected = expected + A[:, k, None] * B[None, k, :]
    assert result.returns == ()
    np.testing.assert_array_equal(result.args[2], expected)
    np.testing.assert_array_equal(result.args[0], A)


def test_gemm_i32_returns_its_result(rng: np.random.Generator) -> None:
    A = rng.integers(-1000, 1000, (6, 5), dtype=np.int32)
    B = rng.integers(-1000, 1000, (5, 7), dtype=np.int32)
    result = simulate(kernel("gemm_i32_ret"), "gemm_i32", [A, B], backend="csim")
    (C,) = result.returns
    assert C.dtype == np.int32
    np.testing.assert_array_equal(C, A @ B)


def test_blur1d(rng: np.random.Generator) -> None:
    A = rng.standard_normal(18).astype(F32)
    B = np.zeros(16, F32)
    result = run_csim(kernel("blur1d"), "blur1d", [A, B])
    expected = (A[:-2] + A[1:-1] + A[2:]) / F32(3.0)
    np.testing.assert_array_equal(result.args[1], expected)
    np.testing.assert_array_equal(B, 0)  # inputs are never modified


def test_stencil2d(rng: np.random.Generator) -> None:
    A = rng.integers(-(2**20), 2**20, (10, 12), dtype=np.int32)
    B = np.zeros((10, 12), np.int32)
    result = run_csim(kernel("stencil2d"), "stencil2d", [A, B])
    expected = A.copy()
    expected[1:-1, 1:-1] = (
        A[:-2, 1:-1] + A[2:, 1:-1] + A[1:-1, :-2] + A[1:-1, 2:] - 4 * A[1:-1, 1:-1]
    )
    np.testing.assert_array_equal(result.args[1], expected)


def test_if_min(rng: np.random.Generator) -> None:
    A = rng.standard_normal((10, 10)).astype(F32)
    result = run_csim(kernel("if_min"), "tri", [A, np.zeros((10, 10), F32)])
    expected = np.where(np.tri(10, dtype=bool), A, F32(-1.0))
    np.testing.assert_array_equal(result.args[1], expected)


# ----- scf, math, casts, calls, affine arithmetic, views, narrow integers -----

SCF = """
func.func @scf_kernel(%A: memref<16xi32>, %n: index, %B: memref<16xi32>) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i32) {
    %a = memref.load %A[%i] : memref<16xi32>
    %neg = arith.cmpi slt, %a, %zero : i32
    %v = scf.if %neg -> (i32) {
      %m = arith.subi %zero, %a : i32
      scf.yield %m : i32
    } else {
      %d = arith.muli %a, %a : i32
      scf.yield %d : i32
    }
    memref.store %v, %B[%i] : memref<16xi32>
    %s = arith.addi %acc, %v : i32
    scf.yield %s : i32
  }
  %steps:2 = scf.while (%x = %sum, %k = %zero) : (i32, i32) -> (i32, i32) {
    %more = arith.cmpi sgt, %x, %zero : i32
    scf.condition(%more) %x, %k : i32, i32
  } do {
  ^bb0(%y: i32, %j: i32):
    %h = arith.shrsi %y, %one : i32
    %j1 = arith.addi %j, %one : i32
    scf.yield %h, %j1 : i32, i32
  }
  return %sum, %steps#1 : i32, i32
}
"""


@pytest.mark.parametrize("n", [16, 5, 0])
def test_scf_for_if_while(rng: np.random.Generator, n: int) -> None:
    A = rng.integers(-50, 50, 16, dtype=np.int32)
    B = np.full(16, 7, np.int32)
    result = run_csim(parse(SCF), "scf_kernel", [A, n, B])
    mapped = np.where(A < 0, -A, A * A)
    expected_b = B.copy()
    expected_b[:n] = mapped[:n]
    total = int(mapped[:n].sum())
    assert result.returns == (total, total.bit_length())
    assert result.returns[0].dtype == np.int32
    np.testing.assert_array_equal(result.args[2], expected_b)
    assert result.args[1] == n


MATH = """
func.func @math_kernel(%X: memref<4x8xf32>, %Y: memref<4x8xf32>, %D: memref<8xf64>) {
  affine.for %j = 0 to 8 {
    %x = affine.load %X[0, %j] : memref<4x8xf32>
    %ax = math.absf %x : f32
    %r = math.sqrt %ax : f32
    affine.store %r, %Y[0, %j] : memref<4x8xf32>
    %e = math.exp %x : f32
    %l = math.log %e : f32
    %s = math.sin %l : f32
    %c = math.cos %x : f32
    %t = math.tanh %c : f32
    %f = math.fma %s, %t, %x : f32
    affine.store %f, %Y[1, %j] : memref<4x8xf32>
    %p = math.powf %ax, %x : f32
    %ce = math.ceil %x : f32
    %sum = arith.addf %p, %ce : f32
    affine.store %sum, %Y[2, %j] : memref<4x8xf32>
    %fl = math.floor %x : f32
    %half = arith.constant 0.5 : f32
    %mn = arith.minimumf %x, %half : f32
    %mx = arith.maxnumf %mn, %fl : f32
    %ng = arith.negf %mx : f32
    affine.store %ng, %Y[3, %j] : memref<4x8xf32>
    %xd = arith.extf %x : f32 to f64
    %ed = math.exp %xd : f64
    %third = arith.constant 0.1 : f64
    %q = arith.mulf %ed, %third : f64
    affine.store %q, %D[%j] : memref<8xf64>
  }
  return
}
"""


def test_math(rng: np.random.Generator) -> None:
    X = rng.uniform(-3, 3, (4, 8)).astype(F32)
    result = run_csim(
        parse(MATH), "math_kernel", [X, np.zeros((4, 8), F32), np.zeros(8)]
    )
    Y, D = result.args[1], result.args[2]
    x = X[0]
    np.testing.assert_array_equal(Y[0], np.sqrt(np.abs(x)))
    s, t = np.sin(np.log(np.exp(x))), np.tanh(np.cos(x))
    np.testing.assert_allclose(Y[1], s * t + x, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(Y[2], np.abs(x) ** x + np.ceil(x), rtol=1e-5)
    np.testing.assert_array_equal(Y[3], -np.maximum(np.minimum(x, 0.5), np.floor(x)))
    np.testing.assert_allclose(D, np.exp(x.astype(np.float64)) * 0.1, rtol=1e-14)


CASTS = """
func.func @casts(%A: memref<8xi32>, %B: memref<8xi32>, %F: memref<8xf32>,
                 %O: memref<16x8xi32>, %P: memref<4x8xf32>, %W: memref<2x8xi64>,
                 %S: memref<2x8xi8>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = affine.load %B[%i] : memref<8xi32>
    %f = affine.load %F[%i] : memref<8xf32>
    %r0 = arith.divsi %a, %b : i32
    affine.store %r0, %O[0, %i] : memref<16x8xi32>
    %r1 = arith.remsi %a, %b : i32
    affine.store %r1, %O[1, %i] : memref<16x8xi32>
    %r2 = arith.divui %a, %b : i32
    affine.store %r2, %O[2, %i] : memref<16x8xi32>
    %r3 = arith.remui %a, %b : i32
    affine.store %r3, %O[3, %i] : memref<16x8xi32>
    %r4 = arith.floordivsi %a, %b : i32
    affine.store %r4, %O[4, %i] : memref<16x8xi32>
    %r5 = arith.ceildivsi %a, %b : i32
    affine.store %r5, %O[5, %i] : memref<16x8xi32>
    %c7 = arith.constant 7 : i32
    %sh = arith.andi %b, %c7 : i32
    %r6 = arith.shli %a, %sh : i32
    affine.store %r6, %O[6, %i] : memref<16x8xi32>
    %r7 = arith.shrsi %a, %sh : i32
    affine.store %r7, %O[7, %i] : memref<16x8xi32>
    %r8 = arith.shrui %a, %sh : i32
    affine.store %r8, %O[8, %i] : memref<16x8xi32>
    %r9 = arith.minsi %a, %b : i32
    affine.store %r9, %O[9, %i] : memref<16x8xi32>
    %r10 = arith.maxui %a, %b : i32
    affine.store %r10, %O[10, %i] : memref<16x8xi32>
    %lt = arith.cmpi ult, %a, %b : i32
    %ge = arith.cmpi sge, %a, %b : i32
    %x = arith.xori %lt, %ge : i1
    %r11 = arith.extui %x : i1 to i32
    affine.store %r11, %O[11, %i] : memref<16x8xi32>
    %r12 = arith.extsi %ge : i1 to i32
    affine.store %r12, %O[12, %i] : memref<16x8xi32>
    %r13 = arith.fptosi %f : f32 to i32
    affine.store %r13, %O[13, %i] : memref<16x8xi32>
    %r14 = arith.bitcast %f : f32 to i32
    affine.store %r14, %O[14, %i] : memref<16x8xi32>
    %ogt = arith.cmpf ogt, %f, %f : f32
    %sel = arith.select %ogt, %a, %b : i32
    %min = arith.constant -2147483648 : i32
    %r15 = arith.maxsi %sel, %min : i32
    affine.store %r15, %O[15, %i] : memref<16x8xi32>
    %p0 = arith.sitofp %a : i32 to f32
    affine.store %p0, %P[0, %i] : memref<4x8xf32>
    %p1 = arith.uitofp %a : i32 to f32
    affine.store %p1, %P[1, %i] : memref<4x8xf32>
    %p2 = arith.bitcast %b : i32 to f32
    affine.store %p2, %P[2, %i] : memref<4x8xf32>
    %fd = arith.extf %f : f32 to f64
    %big = arith.constant 1.0e36 : f64
    %fm = arith.mulf %fd, %big : f64
    %p3 = arith.truncf %fm : f64 to f32
    affine.store %p3, %P[3, %i] : memref<4x8xf32>
    %w0 = arith.extsi %a : i32 to i64
    %w1 = arith.extui %b : i32 to i64
    %wm = arith.muli %w0, %w1 : i64
    affine.store %wm, %W[0, %i] : memref<2x8xi64>
    %idx = arith.index_cast %a : i32 to index
    %idx2 = arith.index_cast %idx : index to i64
    affine.store %idx2, %W[1, %i] : memref<2x8xi64>
    %t8 = arith.trunci %a : i32 to i8
    affine.store %t8, %S[0, %i] : memref<2x8xi8>
    %k100 = arith.constant 100 : i8
    %s8 = arith.addi %t8, %k100 : i8
    affine.store %s8, %S[1, %i] : memref<2x8xi8>
  }
  return
}
"""


def test_integer_ops_and_casts(rng: np.random.Generator) -> None:
    a = rng.integers(-(2**31), 2**31, 8, dtype=np.int64).astype(np.int32)
    b = rng.integers(-(2**31), 2**31, 8, dtype=np.int64).astype(np.int32)
    a[:2] = [-7, 7]
    b[:2] = [2, -2]
    b[b == 0] = 3
    f = rng.uniform(-1e3, 1e3, 8).astype(F32)
    zeros = [
        np.zeros((16, 8), np.int32),
        np.zeros((4, 8), F32),
        np.zeros((2, 8), np.int64),
        np.zeros((2, 8), np.int8),
    ]
    out, P, W, S = run_csim(parse(CASTS), "casts", [a, b, f, *zeros]).args[3:]
    ua, ub = a.view(np.uint32), b.view(np.uint32)
    sh = (b & 7).astype(np.uint32)
    quotient = np.abs(a.astype(np.int64)) // np.abs(b.astype(np.int64))
    quotient *= np.sign(a) * np.sign(b)
    wide_a, wide_b = a.astype(np.int64), b.astype(np.int64)
    expected = [
        quotient,
        wide_a - quotient * wide_b,
        (ua // ub).view(np.int32),
        (ua % ub).view(np.int32),
        wide_a // wide_b,
        -(-wide_a // wide_b),
        (ua << sh).view(np.int32),
        a >> sh.astype(np.int32),
        (ua >> sh).view(np.int32),
        np.minimum(a, b),
        np.where(ua > ub, a, b),
        (ua < ub) ^ (a >= b),
        -(a >= b).astype(np.int32),
        f.astype(np.int32),
        f.view(np.int32),
        b,
    ]
    for row, values in enumerate(expected):
        np.testing.assert_array_equal(out[row], values, err_msg=f"row {row}")
    np.testing.assert_array_equal(P[0], a.astype(F32))
    np.testing.assert_array_equal(P[1], ua.astype(F32))
    np.testing.assert_array_equal(P[2].view(np.int32), b)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(P[3], (f.astype(np.float64) * 1e36).astype(F32))
    np.testing.assert_array_equal(W[0], wide_a * ub.astype(np.int64))
    np.testing.assert_array_equal(W[1], wide_a)
    np.testing.assert_array_equal(S[0], a.astype(np.int8))
    np.testing.assert_array_equal(S[1], (a.astype(np.int8) + np.int8(100)))


FCMP_PREDICATES = [
    "false",
    "oeq",
    "ogt",
    "oge",
    "olt",
    "ole",
    "one",
    "ord",
    "ueq",
    "ugt",
    "uge",
    "ult",
    "ule",
    "une",
    "uno",
    "true",
]
FCMP_BODY = "".join(
    f"""    %c{k} = arith.cmpf {p}, %x, %y : f32
    affine.store %c{k}, %O[{k}, %i] : memref<16x8xi1>
"""
    for k, p in enumerate(FCMP_PREDICATES)
)
FCMP = f"""
func.func @fcmp(%X: memref<8xf32>, %Y: memref<8xf32>, %O: memref<16x8xi1>) {{
  affine.for %i = 0 to 8 {{
    %x = affine.load %X[%i] : memref<8xf32>
    %y = affine.load %Y[%i] : memref<8xf32>
{FCMP_BODY}  }}
  return
}}
"""


def test_float_compare_predicates() -> None:
    nan = np.nan
    x = np.array([1, 2, 3, nan, nan, 0.0, -0.0, np.inf], F32)
    y = np.array([1, 3, 2, 1, nan, -0.0, 0.0, np.inf], F32)
    (out,) = run_csim(parse(FCMP), "fcmp", [x, y, np.zeros((16, 8), bool)]).args[2:]
    unordered = np.isnan(x) | np.isnan(y)
    expected = [
        np.zeros(8, bool),
        x == y,
        x > y,
        x >= y,
        x < y,
        x <= y,
        (x < y) | (x > y),
        ~unordered,
        unordered | (x == y),
        unordered | (x > y),
        unordered | (x >= y),
        unordered | (x < y),
        unordered | (x <= y),
        x != y,
        unordered,
        np.ones(8, bool),
    ]
    assert out.dtype == np.bool_
    for row, values in enumerate(expected):
        np.testing.assert_array_equal(out[row], values, err_msg=f"predicate {row}")


CALLS = """
func.func @scale(%X: memref<4x4xf32>, %k: f32) -> (memref<4x4xf32>, f32) {
  %Y = memref.alloc() : memref<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %total = affine.for %i = 0 to 4 iter_args(%t = %zero) -> (f32) {
    %row = affine.for %j = 0 to 4 iter_args(%r = %t) -> (f32) {
      %x = affine.load %X[%i, %j] : memref<4x4xf32>
      %y = arith.mulf %x, %k : f32
      affine.store %y, %Y[%i, %j] : memref<4x4xf32>
      %r1 = arith.addf %r, %y : f32
      affine.yield %r1 : f32
    }
    affine.yield %row : f32
  }
  return %Y, %total : memref<4x4xf32>, f32
}

func.func @top(%A: memref<4x4xf32>, %B: memref<4x4xf32>)
    -> (memref<4x4xf32>, memref<4x4xf32>, f32, memref<4x4xf32>) {
  %two = arith.constant 2.0 : f32
  %S, %sum = func.call @scale(%A, %two)
      : (memref<4x4xf32>, f32) -> (memref<4x4xf32>, f32)
  %T, %sum2 = func.call @scale(%S, %sum)
      : (memref<4x4xf32>, f32) -> (memref<4x4xf32>, f32)
  affine.for %i = 0 to 4 {
    %d = affine.load %S[%i, %i] : memref<4x4xf32>
    affine.store %d, %B[%i, %i] : memref<4x4xf32>
  }
  return %T, %S, %sum2, %A : memref<4x4xf32>, memref<4x4xf32>, f32, memref<4x4xf32>
}
"""


def _scale(X: np.ndarray[Any, Any], k: np.float32) -> tuple[Any, np.float32]:
    Y = X * k
    total = F32(0)
    for value in Y.flat:
        total = F32(total + value)
    return Y, total


def test_calls_returning_memrefs_and_scalars(rng: np.random.Generator) -> None:
    A = rng.standard_normal((4, 4)).astype(F32)
    B = rng.standard_normal((4, 4)).astype(F32)
    result = run_csim(parse(CALLS), "top", [A, B])
    S, total = _scale(A, F32(2))
    T, total2 = _scale(S, total)
    ret_T, ret_S, ret_sum, ret_A = result.returns
    np.testing.assert_array_equal(ret_T, T)
    np.testing.assert_array_equal(ret_S, S)
    assert ret_sum == total2
    np.testing.assert_array_equal(ret_A, A)
    expected_b = B.copy()
    np.fill_diagonal(expected_b, np.diag(S))
    np.testing.assert_array_equal(result.args[1], expected_b)


AFFINE = """
func.func @divs(%O: memref<5x16xindex>, %n: index) {
  affine.for %i = -8 to 8 {
    %f = affine.apply affine_map<(d0) -> (d0 floordiv 3)>(%i)
    %c = affine.apply affine_map<(d0) -> (d0 ceildiv 3)>(%i)
    %m = affine.apply affine_map<(d0) -> (d0 mod 3)>(%i)
    %lo = affine.max affine_map<(d0)[s0] -> (d0 * 2, s0 - 5)>(%i)[%n]
    %hi = affine.min affine_map<(d0) -> (d0 + 3, 4)>(%i)
    affine.store %f, %O[0, %i + 8] : memref<5x16xindex>
    affine.store %c, %O[1, %i + 8] : memref<5x16xindex>
    affine.store %m, %O[2, %i + 8] : memref<5x16xindex>
    affine.store %lo, %O[3, %i + 8] : memref<5x16xindex>
    affine.store %hi, %O[4, %i + 8] : memref<5x16xindex>
  }
  return
}

func.func @bounds(%A: memref<16xi32>, %n: index) {
  %one = arith.constant 1 : i32
  affine.for %i = max affine_map<(d0) -> (2, d0 - 10)>(%n)
      to min affine_map<(d0) -> (d0, 14)>(%n) step 3 {
    %v = affine.load %A[%i] : memref<16xi32>
    %w = arith.addi %v, %one : i32
    affine.store %w, %A[%i] : memref<16xi32>
  }
  return
}
"""


def test_affine_division_on_negative_values() -> None:
    module = parse(AFFINE)
    (out,) = run_csim(module, "divs", [np.zeros((5, 16), np.int64), 3]).args[:1]
    i = np.arange(-8, 8)
    np.testing.assert_array_equal(out[0], i // 3)
    np.testing.assert_array_equal(out[1], -(-i // 3))
    np.testing.assert_array_equal(out[2], i % 3)
    np.testing.assert_array_equal(out[3], np.maximum(2 * i, 3 - 5))
    np.testing.assert_array_equal(out[4], np.minimum(i + 3, 4))


@pytest.mark.parametrize("n", [20, 9, 1])
def test_max_lower_and_min_upper_bounds(n: int) -> None:
    A = np.arange(16, dtype=np.int32)
    (after,) = run_csim(parse(AFFINE), "bounds", [A, n]).args[:1]
    expected = A.copy()
    expected[max(2, n - 10) : min(n, 14) : 3] += 1
    np.testing.assert_array_equal(after, expected)


MEMORY = """
func.func @memory(%A: memref<8x8xf32>, %B: memref<4x4xf32>, %acc: memref<f32>,
                  %C: memref<4x4xf32>) {
  %v = memref.subview %A[2, 1][4, 4][1, 2]
      : memref<8x8xf32> to memref<4x4xf32, strided<[8, 2], offset: 17>>
  %tmp = memref.alloca() : memref<4x4xf32>
  %c0 = arith.constant 0 : index
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %x = memref.load %v[%i, %j] : memref<4x4xf32, strided<[8, 2], offset: 17>>
      memref.store %x, %tmp[%i, %j] : memref<4x4xf32>
      %s = memref.load %acc[] : memref<f32>
      %t = arith.addf %s, %x : f32
      memref.store %t, %acc[] : memref<f32>
    }
  }
  "memref.copy"(%tmp, %B) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  %d = memref.alloc() : memref<4x4xf32>
  memref.dealloc %d : memref<4x4xf32>
  return
}
"""


def test_subview_alloca_copy_and_0d(rng: np.random.Generator) -> None:
    A = rng.standard_normal((8, 8)).astype(F32)
    acc = np.array(1.5, F32)
    C = np.ones((4, 4), F32)
    args = run_csim(parse(MEMORY), "memory", [A, np.zeros((4, 4), F32), acc, C]).args
    view = A[2:6, 1:9:2]
    np.testing.assert_array_equal(args[1], view)
    total = F32(1.5)
    for value in view.flat:
        total = F32(total + value)
    assert args[2].shape == ()
    assert args[2] == total
    np.testing.assert_array_equal(args[3], C)


NARROW = """
func.func @narrow(%A: memref<8xi12>, %B: memref<8xi12>, %O: memref<4x8xi12>,
                  %W: memref<8xi32>) {
  %k = arith.constant 2000 : i12
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi12>
    %b = affine.load %B[%i] : memref<8xi12>
    %s = arith.addi %a, %k : i12
    affine.store %s, %O[0, %i] : memref<4x8xi12>
    %p = arith.muli %a, %b : i12
    affine.store %p, %O[1, %i] : memref<4x8xi12>
    %lt = arith.cmpi ult, %a, %b : i12
    %m = arith.select %lt, %a, %b : i12
    affine.store %m, %O[2, %i] : memref<4x8xi12>
    %w = arith.extsi %p : i12 to i32
    %w3 = arith.muli %w, %w : i32
    %t = arith.trunci %w3 : i32 to i12
    affine.store %t, %O[3, %i] : memref<4x8xi12>
    %u = arith.extui %a : i12 to i32
    affine.store %u, %W[%i] : memref<8xi32>
  }
  return
}
"""


def _wrap12(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return ((x.astype(np.int64) + 2048) % 4096 - 2048).astype(np.int16)


def test_narrow_integers_wrap(rng: np.random.Generator) -> None:
    a = rng.integers(-2048, 2048, 8, dtype=np.int16)
    b = rng.integers(-2048, 2048, 8, dtype=np.int16)
    zeros = [np.zeros((4, 8), np.int16), np.zeros(8, np.int32)]
    out, W = run_csim(parse(NARROW), "narrow", [a, b, *zeros]).args[2:]
    product = _wrap12(a.astype(np.int64) * b)
    ua, ub = a.astype(np.int64) % 4096, b.astype(np.int64) % 4096
    np.testing.assert_array_equal(out[0], _wrap12(a.astype(np.int64) + 2000))
    np.testing.assert_array_equal(out[1], product)
    np.testing.assert_array_equal(out[2], np.where(ua < ub, a, b))
    np.testing.assert_array_equal(out[3], _wrap12(product.astype(np.int64) ** 2))
    np.testing.assert_array_equal(W, ua)


# ----- every emitted unit compiles; errors -----

PRAGMAS = """
func.func @leaf(%A: memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>)
    attributes {fpga.inline} {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %v = affine.load %A[%i, %j]
          : memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
      %w = arith.addf %v, %v : f32
      affine.store %w, %A[%i, %j]
          : memref<8x8xf32, #fpga.partition<[cyclic 4, complete]>>
    } {fpga.unroll = 0 : i64}
  } {fpga.pipeline_ii = 1 : i64, fpga.rewind}
  return
}

func.func @streams(%A: memref<8xi32>, %B: memref<8xi32>) attributes {fpga.dataflow} {
  %s = fpga.stream_create "fifo" : !fpga.stream<i32, 2>
  affine.for %i = 0 to 8 {
    %v = affine.load %A[%i] : memref<8xi32>
    fpga.stream_put %s, %v : !fpga.stream<i32, 2>
  }
  affine.for %i = 0 to 8 {
    %v = fpga.stream_get %s : !fpga.stream<i32, 2>
    affine.store %v, %B[%i] : memref<8xi32>
  }
  return
}
"""


def test_emitted_units_compile() -> None:
    """Every kernel here and every positive lit input of the target."""
    modules = [kernel(p.stem) for p in sorted(KERNELS.glob("*.mlir"))]
    for path in sorted(LIT_INPUTS.glob("*.mlir")):
        if path.name != "invalid.mlir":
            modules.append(parse(path.read_text(), str(path)))
    texts = [SCF, MATH, CASTS, FCMP, CALLS, AFFINE, MEMORY, NARROW, PRAGMAS]
    modules += [parse(text) for text in texts]
    check_compiles([emit_hls_cpp(m) for m in modules])


def test_compile_error_reports_gxx_message() -> None:
    with pytest.raises(AlloError, match="(?s)g\\+\\+ failed.*undeclared_thing"):
        check_compiles(["void f() { undeclared_thing(); }"])


def test_wrong_arguments() -> None:
    module = kernel("blur1d")
    with pytest.raises(AlloError, match="shape \\(18,\\)"):
        run_csim(module, "blur1d", [np.zeros(17, F32), np.zeros(16, F32)])
    with pytest.raises(AlloError, match="takes 2 arguments"):
        run_csim(module, "blur1d", [np.zeros(18, F32)])
    with pytest.raises(AlloError, match="unknown function 'blur'"):
        run_csim(module, "blur", [])


def test_missing_hls4ml(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "hls4ml" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    csim.ap_types_dir.cache_clear()
    try:
        with pytest.raises(AlloError, match="hls4ml package is not installed"):
            csim.ap_types_dir()
    finally:
        monkeypatch.undo()
        csim.ap_types_dir.cache_clear()


def test_non_constant_divisor_is_an_error() -> None:
    # xDSL's parser rejects semi-affine maps, so build one in place.
    module = parse(
        """
func.func @f(%A: memref<8xindex>, %n: index) {
  affine.for %i = 0 to 8 {
    %q = affine.apply affine_map<(d0, d1) -> (d0 floordiv 2)>(%i, %n)
    affine.store %q, %A[%i] : memref<8xindex>
  }
  return
}
"""
    )
    apply_op = next(op for op in module.walk() if isinstance(op, affine.ApplyOp))
    semi_affine = AffineBinaryOpExpr(
        AffineBinaryOpKind.FloorDiv, AffineExpr.dimension(0), AffineExpr.dimension(1)
    )
    apply_op.properties["map"] = AffineMapAttr(AffineMap(2, 0, (semi_affine,)))
    with pytest.raises(AlloError, match="division or modulo by a non-constant"):
        emit_hls_cpp(module)


def test_only_the_function_and_its_callees_are_compiled() -> None:
    module = parse(
        """
func.func @unsupported(%a: i32) -> i32 {
  %b = math.ctpop %a : i32
  return %b : i32
}

func.func @twice(%a: i32) -> i32 {
  %b = arith.addi %a, %a : i32
  return %b : i32
}

func.func @top(%a: i32) -> i32 {
  %b = func.call @twice(%a) : (i32) -> i32
  return %b : i32
}
"""
    )
    assert run_csim(module, "top", [21]).returns == (42,)
    with pytest.raises(AlloError, match="unsupported operation 'math.ctpop'"):
        run_csim(module, "unsupported", [1])


FLOAT_TO_ODD_WIDTH = """
func.func @cvt(%x: memref<6xf32>, %y: memref<6xi12>) {
  affine.for %i = 0 to 6 {
    %v = affine.load %x[%i] : memref<6xf32>
    %a = arith.fptosi %v : f32 to i12
    affine.store %a, %y[%i] : memref<6xi12>
  }
  func.return
}
"""


def test_float_to_odd_width_truncates_toward_zero():
    # ap_int's constructor from double turns -0.3 into 1; C's conversion to a
    # standard integer gives 0, as arith.fptosi does.
    from allo_xdsl.api import parse

    _, module = parse(FLOAT_TO_ODD_WIDTH)
    x = np.array([-0.3, -0.9, -1.7, 0.4, 2.9, -2047.5], np.float32)
    out = simulate(module, "cvt", [x, np.zeros(6, np.int16)], backend="csim")
    assert out.args[1].tolist() == [0, 0, -1, 0, 2, -2047]


# GCC 12.2 at -O1 (with its induction-variable optimization) drops the
# stores of this nest: C simulation then returned A unchanged. Found by the
# fuzzer (seed 13000809); reduced by hand.
IVOPTS = """
func.func @h0(%B: memref<7x7x8xi16>, %A: memref<7x6xi32>) {
  affine.for %i = 0 to 7 {
    affine.for %j = 0 to 6 {
      affine.for %k = 0 to 7 {
        %b1 = affine.load %B[%i, %j, %k + 1] : memref<7x7x8xi16>
        %v1 = arith.extsi %b1 : i16 to i32
        %b2 = affine.load %B[%i, %k, %j + 1] : memref<7x7x8xi16>
        %v2 = arith.extsi %b2 : i16 to i32
        %m = arith.maxsi %v1, %v2 : i32
        %a = affine.load %A[%i, %j] : memref<7x6xi32>
        %s = arith.addi %a, %m : i32
        affine.store %s, %A[%i, %j] : memref<7x6xi32>
      }
    }
  }
  return
}
"""


def test_gcc_ivopts_miscompile_is_avoided() -> None:
    b = np.ones((7, 7, 8), np.int16)
    out = simulate(parse(IVOPTS), "h0", [b, np.zeros((7, 6), np.int32)], "csim")
    np.testing.assert_array_equal(out.args[1], np.full((7, 6), 7, np.int32))
