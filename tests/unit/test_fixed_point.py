"""
Fixed point, arbitrary-width integers and bit operations: the C simulation
(real ap_fixed/ap_int headers) and the IR lowered by `lower-fixed-point` and
`lower-bit-ops`, run by the interpreter, agree bit for bit on random values
that overflow, wrap, are negative and are truncated; fixed GEMM and a
quantized kernel also match an exact model of ap_fixed.

Each test puts many cases in one function, so it costs one g++ compile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from fixed_check import (
    Flt,
    Fx,
    Int,
    Type,
    float_values,
    lower,
    numpy_array,
    parse,
    quantize,
    raw_values,
    run_both,
    same_bits,
    value_of,
    wrap,
)
from xdsl.context import Context

from allo_xdsl.dialects.allo import FixedType, UFixedType
from allo_xdsl.passes.quantize import QuantizePass
from allo_xdsl.sim import numpy_dtype, simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

N = 24

Values = Callable[[np.random.Generator, int], list[list[Any]]]


@dataclass(frozen=True)
class Case:
    """
    One op applied elementwise: `template` formats with the operands
    `{0}`, `{1}`, ... and the types `{t0}`, `{t1}`, ..., `{r}`."""

    template: str
    inputs: tuple[Type, ...]
    result: Type
    values: Values | None = None
    nonzero: tuple[int, ...] = field(default=())


def _binary(op: str, a: Type, b: Type, r: Type, **kw: Any) -> Case:
    return Case(f"allo.{op} {{0}}, {{1}} : ({{t0}}, {{t1}}) -> {{r}}", (a, b), r, **kw)


def _cast(a: Type, r: Type, values: Values | None = None) -> Case:
    return Case("allo.cast {0} : {t0} to {r}", (a,), r, values)


def _floats(bits: int, scale: int) -> Values:
    return lambda rng, n: [float_values(rng, bits, scale, n)]


def _floats_for_int(bits: int, t: Int) -> Values:
    """
    Floats that convert to `t` without overflow (C++ and MLIR leave that
    undefined): magnitudes below `2**(W - 1)` (`2**W` unsigned)."""

    def values(rng: np.random.Generator, n: int) -> list[list[Any]]:
        top = t.width - 1 if t.signed else t.width
        xs = [
            x for x in float_values(rng, bits, top, 4 * n) if abs(x) < 2.0 ** (top - 1)
        ]
        return [[x if t.signed else abs(x) for x in xs[:n]]]

    return values


F16_8 = Fx(16, 8)
UF8_4 = Fx(8, 4, False)

CASES: list[Case] = [
    # Arithmetic, same formats and mixed ones, narrow and wide.
    _binary("add", F16_8, F16_8, F16_8),
    _binary("add", F16_8, UF8_4, Fx(12, 4)),
    _binary("add", Fx(5, 5), Fx(3, 0), Fx(9, 3, False)),
    _binary("add", Fx(40, 20), Fx(40, 30, False), Fx(64, 40)),
    _binary("sub", UF8_4, UF8_4, UF8_4),
    _binary("sub", UF8_4, Fx(8, 0, False), Fx(10, 2)),
    _binary("sub", Fx(1, 0), Fx(33, 16), Fx(20, 18)),
    _binary("mul", F16_8, F16_8, F16_8),
    _binary("mul", F16_8, UF8_4, Fx(24, 12)),
    _binary("mul", Fx(12, 11), Fx(12, 11), Fx(8, 7)),
    _binary("mul", Fx(40, 20), Fx(40, 20, False), Fx(48, 20)),
    _binary("mul", Fx(64, 32), Fx(64, 32), Fx(64, 32)),
    _binary("div", F16_8, F16_8, F16_8, nonzero=(1,)),
    _binary("div", Fx(8, 0), Fx(8, 0), Fx(12, 0), nonzero=(1,)),
    # -min / -1 wraps in ap_fixed's quotient (C simulation): -128, not 128.
    _binary(
        "div",
        Fx(8, 0),
        Fx(8, 0),
        Fx(12, 0),
        values=lambda rng, n: [[-128] * n, [-1] * n],
    ),
    _binary("div", UF8_4, F16_8, Fx(16, 10), nonzero=(1,)),
    _binary("div", F16_8, UF8_4, Fx(16, 4), nonzero=(1,)),
    _binary("div", UF8_4, Fx(6, 6, False), Fx(20, 6, False), nonzero=(1,)),
    _binary("div", Fx(40, 10), Fx(33, 30), Fx(64, 20), nonzero=(1,)),
    _binary("min", F16_8, UF8_4, Fx(12, 6)),
    _binary("max", F16_8, UF8_4, Fx(12, 6)),
    _binary("max", Fx(40, 20), Fx(40, 20, False), Fx(40, 20)),
    _binary("min", Fx(33, 3, False), Fx(50, 10), Fx(33, 3, False)),
    # Comparisons, also between wide signed and unsigned values.
    *(
        Case(f"allo.cmp {p}, {{0}}, {{1}} : {{t0}}, {{t1}}", (a, b), Int(1))
        for p in ("eq", "ne", "lt", "le", "gt", "ge")
        for a, b in ((F16_8, UF8_4), (Fx(40, 20), Fx(40, 20, False)))
    ),
    Case("allo.cmp lt, {0}, {1} : {t0}, {t1}", (Fx(8, 8), Fx(8, 8)), Int(1)),
    # Fixed point to fixed point, integers and floats.
    _cast(F16_8, Fx(8, 2)),
    _cast(F16_8, Fx(24, 16, False)),
    _cast(Fx(40, 30), Fx(12, 12)),
    _cast(F16_8, Int(32)),
    _cast(F16_8, Int(5)),
    _cast(Fx(12, 12), Int(8)),
    _cast(Fx(12, 12, False), Int(8)),
    _cast(UF8_4, Int(16, False)),
    _cast(Fx(40, 10), Int(33)),
    _cast(Fx(64, 0), Int(64, False)),
    _cast(F16_8, Flt(32)),
    _cast(UF8_4, Flt(64)),
    _cast(Fx(40, 5), Flt(32)),
    _cast(Fx(64, 63), Flt(64)),
    # Integers and floats to fixed point.
    _cast(Int(12), F16_8),
    _cast(Int(8, False), Fx(6, 2)),
    _cast(Int(33), Fx(40, 10)),
    _cast(Flt(32), F16_8, _floats(32, 8)),
    _cast(Flt(32), Fx(6, 6, False), _floats(32, 2)),
    _cast(Flt(64), Fx(64, 32), _floats(64, 40)),
    _cast(Flt(64), Fx(8, 0), _floats(64, 12)),
    # Integers and floats between themselves (unsigned reads zero-extend).
    _cast(Int(12), Int(33)),
    _cast(Int(12, False), Int(33)),
    _cast(Int(33), Int(12, False)),
    _cast(Int(33), Flt(32)),
    _cast(Int(12, False), Flt(64)),
    _cast(Flt(32), Int(12), _floats_for_int(32, Int(12))),
    _cast(Flt(64), Int(33, False), _floats_for_int(64, Int(33, False))),
    _cast(Flt(32), Flt(64), _floats(32, 100)),
    _cast(Flt(64), Flt(32), _floats(64, 100)),
    # Raw bits.
    Case("allo.bitcast {0} : {t0} to {r}", (F16_8,), Int(16, False)),
    Case("allo.bitcast {0} : {t0} to {r}", (Int(12),), Fx(12, 4, False)),
    Case("allo.bitcast {0} : {t0} to {r}", (UF8_4,), Fx(8, 8)),
]


def batch_kernel(cases: list[Case], n: int) -> str:
    """
    A function `@k` with, per case, memref arguments for its inputs and
    its result, computing the case on every element in one loop."""
    params: list[str] = []
    body: list[str] = []
    for k, case in enumerate(cases):
        operands: list[str] = []
        types: dict[str, str] = {}
        for j, t in enumerate(case.inputs):
            params.append(f"%in{k}_{j}: memref<{n}x{t}>")
            body.append(f"%x{k}_{j} = affine.load %in{k}_{j}[%i] : memref<{n}x{t}>")
            operands.append(f"%x{k}_{j}")
            types[f"t{j}"] = str(t)
        params.append(f"%out{k}: memref<{n}x{case.result}>")
        expr = case.template.format(*operands, **types, r=case.result)
        body.append(f"%r{k} = {expr}")
        body.append(f"affine.store %r{k}, %out{k}[%i] : memref<{n}x{case.result}>")
    lines = [
        f"func.func @k({', '.join(params)}) {{",
        f"  affine.for %i = 0 to {n} {{",
        *(f"    {line}" for line in body),
        "  }",
        "  func.return",
        "}",
    ]
    return "\n".join(lines)


def _inputs(case: Case, rng: np.random.Generator, n: int) -> list[list[Any]]:
    if case.values is not None:
        return case.values(rng, n)
    columns: list[list[Any]] = []
    for j, t in enumerate(case.inputs):
        assert isinstance(t, Fx | Int)
        values = raw_values(rng, t, n)
        if j in case.nonzero:
            values = [v or 1 for v in values]
        columns.append(values)
    return columns


def run_batch(cases: list[Case], seed: int) -> None:
    rng = np.random.default_rng(seed)
    module = parse(batch_kernel(cases, N), "batch.mlir")
    args: list[Any] = []
    types: list[Type] = []
    for case in cases:
        for t, values in zip(case.inputs, _inputs(case, rng, N), strict=True):
            args.append(numpy_array(t, values))
            types.append(t)
        args.append(np.zeros(N, dtype=numpy_array(case.result, [0]).dtype))
        types.append(case.result)
    csim, interp = run_both(module, "k", types, args)
    k = 0
    for case in cases:
        k += len(case.inputs)
        got, expected = interp.args[k], csim.args[k]
        assert same_bits(case.result, got, expected), (
            f"{case.template} on {[str(t) for t in case.inputs]} -> {case.result}:\n"
            f"  inputs {[list(args[k - j - 1]) for j in range(len(case.inputs))]}\n"
            f"  csim   {list(expected)}\n  lowered {list(got)}"
        )
        k += 1


def test_fixed_point_ops_and_casts_bit_exact() -> None:
    run_batch(CASES, seed=7)


def test_the_model_agrees_on_plain_arithmetic() -> None:
    """
    The C simulation itself against an exact model (floor, wrap), for the
    ops that are exact before quantization."""
    cases = [
        _binary("add", F16_8, UF8_4, Fx(12, 4)),
        _binary("mul", Fx(12, 11), Fx(12, 11), Fx(8, 7)),
        _binary("sub", UF8_4, Fx(8, 0, False), Fx(10, 2)),
    ]
    ops = {
        "add": lambda a, b: a + b,
        "mul": lambda a, b: a * b,
        "sub": lambda a, b: a - b,
    }
    rng = np.random.default_rng(3)
    module = parse(batch_kernel(cases, N), "model.mlir")
    args: list[Any] = []
    for case in cases:
        args += [
            numpy_array(t, v)
            for t, v in zip(case.inputs, _inputs(case, rng, N), strict=True)
        ]
        args.append(np.zeros(N, dtype=numpy_array(case.result, [0]).dtype))
    result = simulate(module, "k", args, backend="csim")
    for index, case in enumerate(cases):
        a_type, b_type = case.inputs
        assert isinstance(a_type, Fx)
        assert isinstance(b_type, Fx)
        assert isinstance(case.result, Fx)
        a, b, out = (result.args[3 * index + j] for j in range(3))
        op = ops[case.template.split()[0].removeprefix("allo.")]
        expected = [
            quantize(
                op(value_of(int(x), a_type), value_of(int(y), b_type)), case.result
            )
            for x, y in zip(a, b, strict=True)
        ]
        assert [int(v) for v in out] == expected


# ----- bit operations -----

BIT_TYPES: list[Fx | Int] = [Int(8), Int(12), Int(16, False), Int(33), Int(64), F16_8]


def bit_kernel(types: list[Fx | Int], n: int) -> str:
    """Every bit op on every type, indices and new bits from arrays."""
    params = [
        f"%idx: memref<{n}xindex>",
        f"%lo: memref<{n}xindex>",
    ]
    body = [
        f"%i = affine.load %idx[%e] : memref<{n}xindex>",
        f"%l = affine.load %lo[%e] : memref<{n}xindex>",
    ]
    for k, t in enumerate(types):
        s = str(t)
        params += [
            f"%x{k}: memref<{n}x{s}>",
            f"%hi{k}: memref<{n}xindex>",
            f"%v{k}: memref<{n}xi5>",
            f"%u{k}: memref<{n}xui40>",
            f"%gb{k}: memref<{n}xi1>",
            f"%sb{k}: memref<{n}x{s}>",
            f"%gs{k}: memref<{n}xi7>",
            f"%gu{k}: memref<{n}xui64>",
            f"%ss{k}: memref<{n}x{s}>",
            f"%su{k}: memref<{n}x{s}>",
        ]
        body += [
            f"%x_{k} = affine.load %x{k}[%e] : memref<{n}x{s}>",
            f"%h_{k} = affine.load %hi{k}[%e] : memref<{n}xindex>",
            f"%v_{k} = affine.load %v{k}[%e] : memref<{n}xi5>",
            f"%u_{k} = affine.load %u{k}[%e] : memref<{n}xui40>",
            f"%b_{k} = allo.get_bit %x_{k}[%i] : {s}",
            f"affine.store %b_{k}, %gb{k}[%e] : memref<{n}xi1>",
            f"%nb_{k} = arith.xori %b_{k}, %true : i1",
            f"%y_{k} = allo.set_bit %x_{k}[%l], %nb_{k} : {s}",
            f"affine.store %y_{k}, %sb{k}[%e] : memref<{n}x{s}>",
            f"%g_{k} = allo.get_slice %x_{k}[%h_{k} : %l] : {s} -> i7",
            f"affine.store %g_{k}, %gs{k}[%e] : memref<{n}xi7>",
            f"%gw_{k} = allo.get_slice %x_{k}[%h_{k} : %l] : {s} -> ui64",
            f"affine.store %gw_{k}, %gu{k}[%e] : memref<{n}xui64>",
            f"%z_{k} = allo.set_slice %x_{k}[%h_{k} : %l], %v_{k} : {s}, i5",
            f"affine.store %z_{k}, %ss{k}[%e] : memref<{n}x{s}>",
            f"%w_{k} = allo.set_slice %x_{k}[%h_{k} : %l], %u_{k} : {s}, ui40",
            f"affine.store %w_{k}, %su{k}[%e] : memref<{n}x{s}>",
        ]
        if isinstance(t, Int):
            params.append(f"%br{k}: memref<{n}x{s}>")
            body += [
                f"%r_{k} = allo.bit_reverse %x_{k} : {s}",
                f"affine.store %r_{k}, %br{k}[%e] : memref<{n}x{s}>",
            ]
    lines = [
        f"func.func @bits({', '.join(params)}) {{",
        "  %true = arith.constant true",
        f"  affine.for %e = 0 to {n} {{",
        *(f"    {line}" for line in body),
        "  }",
        "  func.return",
        "}",
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("bit_ops_first", [False, True])
def test_bit_ops_bit_exact(bit_ops_first: bool) -> None:
    rng = np.random.default_rng(11)
    n = N
    # The index arrays are shared: indices below the narrowest width.
    narrowest = min(t.width for t in BIT_TYPES)
    lo = rng.integers(0, narrowest, n)
    idx = rng.integers(0, narrowest, n)
    args: list[Any] = [idx.astype(np.int64), lo.astype(np.int64)]
    types: list[Type] = [Int(64), Int(64)]
    outputs: list[tuple[int, Type]] = []
    for t in BIT_TYPES:
        hi = np.array([int(rng.integers(int(a), t.width)) for a in lo], dtype=np.int64)
        inputs: list[tuple[Type, Any]] = [
            (t, numpy_array(t, raw_values(rng, t, n))),
            (Int(64), hi),
            (Int(5), numpy_array(Int(5), raw_values(rng, Int(5), n))),
            (
                Int(40, False),
                numpy_array(Int(40, False), raw_values(rng, Int(40, False), n)),
            ),
        ]
        results: list[Type] = [Int(1), t, Int(7), Int(64, False), t, t]
        if isinstance(t, Int):
            results.append(t)
        for kind, value in inputs:
            args.append(value)
            types.append(kind)
        for kind in results:
            outputs.append((len(args), kind))
            args.append(np.zeros(n, dtype=numpy_array(kind, [0]).dtype))
            types.append(kind)
    module = parse(bit_kernel(BIT_TYPES, n), "bits.mlir")
    csim, interp = run_both(module, "bits", types, args, bit_ops_first)
    for index, kind in outputs:
        assert same_bits(kind, interp.args[index], csim.args[index]), (
            f"output {index} ({kind}): csim {list(csim.args[index])} "
            f"lowered {list(interp.args[index])}"
        )
    # One value by hand: bit reversal of the i12 inputs.
    x12, reversed12 = args[2 + 11], args[2 + 11 + 4 + 6]
    expected = [int(f"{int(v) & 0xFFF:012b}"[::-1], 2) for v in x12]
    assert same_bits(Int(12), csim.args[2 + 11 + 4 + 6], np.array(expected))
    assert reversed12.dtype == np.int16


# ----- kernels -----

KERNELS = """
func.func @fixed_gemm(%A: memref<4x6x!allo.fixed<16, 8>>,
                      %B: memref<6x5x!allo.fixed<16, 8>>,
                      %C: memref<4x5x!allo.fixed<16, 8>>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6x!allo.fixed<16, 8>>
        %b = affine.load %B[%k, %j] : memref<6x5x!allo.fixed<16, 8>>
        %c = affine.load %C[%i, %j] : memref<4x5x!allo.fixed<16, 8>>
        %p = allo.mul %a, %b : !allo.fixed<16, 8>
        %s = allo.add %c, %p : !allo.fixed<16, 8>
        affine.store %s, %C[%i, %j] : memref<4x5x!allo.fixed<16, 8>>
      }
    }
  }
  func.return
}

func.func @int_arith(%X: memref<16xi12>, %Y: memref<16xi33>,
                     %Z: memref<16xi33>, %W: memref<16xi12>) {
  %c3 = arith.constant 3 : i12
  %c7 = arith.constant 7 : i33
  affine.for %i = 0 to 16 {
    %x = affine.load %X[%i] : memref<16xi12>
    %y = affine.load %Y[%i] : memref<16xi33>
    %xx = arith.muli %x, %x : i12
    %xs = arith.addi %xx, %c3 : i12
    %xe = arith.extsi %xs : i12 to i33
    %yy = arith.muli %y, %y : i33
    %sum = arith.addi %yy, %xe : i33
    %d = arith.divsi %sum, %c7 : i33
    %r = arith.remsi %sum, %c7 : i33
    %z = arith.subi %d, %r : i33
    affine.store %z, %Z[%i] : memref<16xi33>
    %t = arith.trunci %sum : i33 to i12
    %sh = arith.shrsi %t, %c3 : i12
    affine.store %sh, %W[%i] : memref<16xi12>
  }
  func.return
}
"""


def _fixed_gemm_reference(
    a: list[list[int]], b: list[list[int]], c: list[list[int]]
) -> list[list[int]]:
    t = Fx(16, 8)
    out = [row[:] for row in c]
    for i in range(len(a)):
        for j in range(len(b[0])):
            for k in range(len(b)):
                p = quantize(value_of(a[i][k], t) * value_of(b[k][j], t), t)
                out[i][j] = quantize(value_of(out[i][j], t) + value_of(p, t), t)
    return out


def test_fixed_gemm_and_int_arithmetic() -> None:
    rng = np.random.default_rng(5)
    t = Fx(16, 8)
    A = numpy_array(t, raw_values(rng, t, 24)).reshape(4, 6)
    B = numpy_array(t, raw_values(rng, t, 30)).reshape(6, 5)
    C = numpy_array(t, raw_values(rng, t, 20)).reshape(4, 5)
    module = parse(KERNELS, "kernels.mlir")
    csim, interp = run_both(module, "fixed_gemm", [t, t, t], [A, B, C])
    expected = _fixed_gemm_reference(A.tolist(), B.tolist(), C.tolist())
    assert csim.args[2].tolist() == expected
    assert interp.args[2].tolist() == expected

    X = numpy_array(Int(12), raw_values(rng, Int(12), 16))
    Y = numpy_array(Int(33), raw_values(rng, Int(33), 16))
    Z, W = np.zeros(16, np.int64), np.zeros(16, np.int16)
    types: list[Type] = [Int(12), Int(33), Int(33), Int(12)]
    csim, interp = run_both(module, "int_arith", types, [X, Y, Z, W])
    for k in (2, 3):
        assert same_bits(types[k], csim.args[k], interp.args[k])
    sums = [
        wrap(wrap(y * y, Int(33)) + wrap(x * x + 3, Int(12)), Int(33))
        for x, y in zip(X.tolist(), Y.tolist(), strict=True)
    ]
    quotients = [abs(s) // 7 * (1 if s >= 0 else -1) for s in sums]
    expected_z = [
        wrap(q - (s - 7 * q), Int(33)) for s, q in zip(sums, quotients, strict=True)
    ]
    assert csim.args[2].tolist() == expected_z
    assert csim.args[3].tolist() == [wrap(s, Int(12)) >> 3 for s in sums]


QUANTIZED = """
func.func @mac(%A: memref<8xf32>, %B: memref<8xf32>,
               %C: memref<8xf32>, %D: memref<8xf32>) {
  %half = arith.constant 0.5 : f32
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    %b = affine.load %B[%i] : memref<8xf32>
    %c = affine.load %C[%i] : memref<8xf32>
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %p, %c : f32
    %h = arith.mulf %s, %half : f32
    affine.store %h, %C[%i] : memref<8xf32>
    %m = arith.maximumf %a, %b : f32
    affine.store %m, %D[%i] : memref<8xf32>
  }
  func.return
}
"""


def test_quantized_f32_kernel() -> None:
    """
    An f32 kernel with C quantized to fixed<12, 6> and D to ufixed<8, 4>:
    its arithmetic runs in fixed point, in C simulation as in the lowered
    IR, as the exact model says."""
    module = parse(QUANTIZED, "mac.mlir")
    ctx = Context()
    QuantizePass(func="mac", buffer="C", type="fixed<12,6>").apply(ctx, module)
    QuantizePass(func="mac", buffer="D", type="ufixed<8,4>").apply(ctx, module)
    module.verify()
    c_type, d_type = Fx(12, 6), Fx(8, 4, False)
    rng = np.random.default_rng(9)
    A = np.array(float_values(rng, 32, 5, 8), dtype=np.float32)
    B = np.array(float_values(rng, 32, 3, 8), dtype=np.float32)
    C = numpy_array(c_type, raw_values(rng, c_type, 8))
    D = np.zeros(8, np.uint8)
    types: list[Type] = [Flt(32), Flt(32), c_type, d_type]
    csim, interp = run_both(module, "mac", types, [A, B, C, D])
    for k in (2, 3):
        assert same_bits(types[k], csim.args[k], interp.args[k])
    # The model: every retyped op quantizes to C's type, operands cast first.
    half = Fraction(1, 2)
    for i in range(8):
        a = quantize(Fraction(float(A[i])), c_type)
        b = quantize(Fraction(float(B[i])), c_type)
        p = quantize(value_of(a, c_type) * value_of(b, c_type), c_type)
        s = quantize(value_of(p, c_type) + value_of(int(C[i]), c_type), c_type)
        h = quantize(
            value_of(s, c_type) * value_of(quantize(half, c_type), c_type), c_type
        )
        assert int(csim.args[2][i]) == h
        # D's max runs in ufixed<8, 4> after both operands are cast to it.
        da = quantize(Fraction(float(A[i])), d_type)
        db = quantize(Fraction(float(B[i])), d_type)
        assert int(csim.args[3][i]) == max(da, db)


def test_wide_values_travel_through_csim() -> None:
    """
    ap_int wider than 64 bits and fixed point wider than 64 bits as
    Python ints (numpy object arrays), in and out, signed and unsigned."""
    text = """
    func.func @wide(%X: memref<3xi100>, %Y: memref<3x!allo.fixed<80, 40>>,
                    %U: memref<3xui70>, %s: i90) -> (i100, memref<3xi100>) {
      %c = arith.constant 3 : i100
      %out = memref.alloc() : memref<3xi100>
      %e = arith.extsi %s : i90 to i100
      affine.for %i = 0 to 3 {
        %x = affine.load %X[%i] : memref<3xi100>
        %m = arith.muli %x, %c : i100
        %a = arith.addi %m, %e : i100
        affine.store %a, %out[%i] : memref<3xi100>
        %y = affine.load %Y[%i] : memref<3x!allo.fixed<80, 40>>
        %yy = allo.add %y, %y : !allo.fixed<80, 40>
        affine.store %yy, %Y[%i] : memref<3x!allo.fixed<80, 40>>
        %u = affine.load %U[%i] : memref<3xui70>
        affine.store %u, %U[%i] : memref<3xui70>
      }
      func.return %e, %out : i100, memref<3xi100>
    }
    """
    X = np.array([2**98, -(2**99), 12345], dtype=object)
    Y = np.array([2**78, -(2**79), -1], dtype=object)
    U = np.array([2**70 - 1, 2**69, 5], dtype=object)
    s = -(2**88) + 7
    result = simulate(parse(text), "wide", [X, Y, U, s], backend="csim")
    e, out = result.returns
    assert e == s
    assert out.tolist() == [wrap(3 * int(x) + s, Int(100)) for x in X]
    assert result.args[1].tolist() == [wrap(2 * int(y), Fx(80, 40)) for y in Y]
    assert result.args[2].tolist() == U.tolist()


# ----- the types themselves -----


def test_fixed_types_compare_by_parameters() -> None:
    assert FixedType(16, 8) == FixedType(16, 8)
    assert FixedType(16, 8) != FixedType(70, 30)
    assert FixedType(16, 8) != FixedType(16, 4)
    assert FixedType(16, 8) != UFixedType(16, 8)
    assert len({FixedType(16, 8), FixedType(16, 8), FixedType(8, 4)}) == 2


def test_numpy_dtypes_of_raw_values() -> None:
    assert numpy_dtype(FixedType(12, 4)) == np.int16
    assert numpy_dtype(UFixedType(8, 8)) == np.uint8
    assert numpy_dtype(FixedType(80, 40)) == np.dtype(object)


def test_interpreter_lowers_fixed_point_itself() -> None:
    module = parse(batch_kernel([_binary("add", F16_8, F16_8, F16_8)], 2))
    rng = np.random.default_rng(3)
    args = [rng.integers(-(2**15), 2**15, 2).astype(np.int16) for _ in range(3)]
    itself = simulate(module, "k", args, backend="interpreter")
    lowered = simulate(lower(module), "k", args, backend="interpreter")
    for got, want in zip(itself.args, lowered.args, strict=True):
        assert np.array_equal(got, want)


CROSSING = """
func.func @half(%X: memref<8xf32>, %Y: memref<8xf32>) {
  %h = arith.constant 0.75 : f32
  affine.for %i = 0 to 8 {
    %x = affine.load %X[%i] : memref<8xf32>
    %p = arith.mulf %x, %h : f32
    affine.store %p, %Y[%i] : memref<8xf32>
  }
  return
}
func.func @top(%A: memref<8xf32>, %C: memref<8xf32>, %D: memref<8xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  func.call @half(%A, %T) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @half(%C, %D) : (memref<8xf32>, memref<8xf32>) -> ()
  affine.for %i = 0 to 8 {
    %t = affine.load %T[%i] : memref<8xf32>
    %a = affine.load %A[%i] : memref<8xf32>
    %s = arith.addf %t, %a : f32
    affine.store %s, %C[%i] : memref<8xf32>
  }
  return
}
"""


@pytest.mark.parametrize(("func", "buffer"), [("top", "T"), ("half", "Y")])
def test_quantize_across_calls(func: str, buffer: str) -> None:
    """
    T, half's Y and top's D parameter alias across the two calls: one
    quantize, named from either function, gives all three fixed<12, 6>; the
    callee's mulf computes in fixed point and top reads T back as f32. C
    simulation and the lowered IR match the exact ap_fixed model."""
    module = parse(CROSSING, "crossing.mlir")
    QuantizePass(func=func, buffer=buffer, type="fixed<12,6>").apply(Context(), module)
    module.verify()
    t = Fx(12, 6)
    rng = np.random.default_rng(3)
    A = np.array(float_values(rng, 32, 4, 8), dtype=np.float32)
    C = np.array(float_values(rng, 32, 3, 8), dtype=np.float32)
    D = numpy_array(t, [0] * 8)
    types: list[Type] = [Flt(32), Flt(32), t]
    csim, interp = run_both(module, "top", types, [A, C, D])
    for k in (1, 2):
        assert same_bits(types[k], csim.args[k], interp.args[k])
    factor = value_of(quantize(Fraction(3, 4), t), t)

    def half(x: np.float32) -> int:
        return quantize(value_of(quantize(Fraction(float(x)), t), t) * factor, t)

    for i in range(8):
        expected_c = np.float32(float(value_of(half(A[i]), t))) + A[i]
        assert csim.args[1][i] == expected_c
        assert int(csim.args[2][i]) == half(C[i])
