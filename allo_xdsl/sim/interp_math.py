"""
`math` for the interpreter: xDSL 0.74 has exp, sqrt and log only (and
does not register them by default).

Float functions run numpy's ufunc at the operand's precision (f32 ops on
`np.float32`), so results equal numpy's float32 results; NaN and infinities
come out as C's libm gives them, never as Python exceptions. `math.round`
rounds halfway cases away from zero (C `round`), `math.roundeven` to even,
and `math.fma` rounds once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from xdsl.dialects import math as mathd
from xdsl.interpreter import Interpreter, InterpreterFunctions, register_impls
from xdsl.ir import Operation

from allo_xdsl.sim.interp_arith import kind_of
from allo_xdsl.sim.interp_compile import Compiled, compiled_impl
from allo_xdsl.sim.interp_values import f32_from_exact, float_rounder


def _scalar_type(op: Operation) -> type[np.floating[Any]]:
    return np.float32 if float_rounder(op.results[0].type) else np.float64


def _unary(op: Operation, ufunc: Callable[[Any], Any]) -> Compiled:
    scalar = _scalar_type(op)
    return lambda x: (float(ufunc(scalar(x))),)


def _binary(op: Operation, ufunc: Callable[[Any, Any], Any]) -> Compiled:
    scalar = _scalar_type(op)
    return lambda x, y: (float(ufunc(scalar(x), scalar(y))),)


def _via_double(op: Operation, fn: Callable[[float], float]) -> Compiled:
    rounder = float_rounder(op.results[0].type)
    if rounder is None:
        return lambda x: (fn(x),)
    return lambda x: (rounder(fn(x)),)


def _round_half_away(x: float) -> float:
    if not math.isfinite(x):
        return x
    t = float(math.trunc(x))
    if abs(x - t) >= 0.5:
        t += math.copysign(1.0, x)
    return math.copysign(t, x)


def _erf(x: float) -> float:
    return math.erf(x)


def fma_exact(a: float, b: float, c: float, f32: bool) -> float:
    """a * b + c rounded once, to f32 or to f64."""
    if not all(math.isfinite(v) for v in (a, b, c)):
        return a * b + c
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if exact == 0:
        # Fractions have no signed zero; IEEE's rules give the sign.
        return a * b + c
    if f32:
        return f32_from_exact(exact)
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def _ipowi(base: int, exponent: int) -> int:
    if exponent >= 0:
        return base**exponent
    if base == 0:
        raise ZeroDivisionError
    if base == 1:
        return 1
    if base == -1:
        return -1 if exponent % 2 else 1
    return 0


@register_impls
class AlloMathFunctions(InterpreterFunctions):
    """Compilers for the `math` ops on scalars (they replace `MathFunctions`)."""

    @compiled_impl(mathd.SqrtOp)
    def compile_sqrt(self, interpreter: Interpreter, op: mathd.SqrtOp) -> Compiled:
        return _unary(op, np.sqrt)

    @compiled_impl(mathd.RsqrtOp)
    def compile_rsqrt(self, interpreter: Interpreter, op: mathd.RsqrtOp) -> Compiled:
        one = _scalar_type(op)(1)
        return _unary(op, lambda x: one / np.sqrt(x))

    @compiled_impl(mathd.CbrtOp)
    def compile_cbrt(self, interpreter: Interpreter, op: mathd.CbrtOp) -> Compiled:
        return _unary(op, np.cbrt)

    @compiled_impl(mathd.ExpOp)
    def compile_exp(self, interpreter: Interpreter, op: mathd.ExpOp) -> Compiled:
        return _unary(op, np.exp)

    @compiled_impl(mathd.Exp2Op)
    def compile_exp2(self, interpreter: Interpreter, op: mathd.Exp2Op) -> Compiled:
        return _unary(op, np.exp2)

    @compiled_impl(mathd.ExpM1Op)
    def compile_expm1(self, interpreter: Interpreter, op: mathd.ExpM1Op) -> Compiled:
        return _unary(op, np.expm1)

    @compiled_impl(mathd.LogOp)
    def compile_log(self, interpreter: Interpreter, op: mathd.LogOp) -> Compiled:
        return _unary(op, np.log)

    @compiled_impl(mathd.Log2Op)
    def compile_log2(self, interpreter: Interpreter, op: mathd.Log2Op) -> Compiled:
        return _unary(op, np.log2)

    @compiled_impl(mathd.Log10Op)
    def compile_log10(self, interpreter: Interpreter, op: mathd.Log10Op) -> Compiled:
        return _unary(op, np.log10)

    @compiled_impl(mathd.Log1pOp)
    def compile_log1p(self, interpreter: Interpreter, op: mathd.Log1pOp) -> Compiled:
        return _unary(op, np.log1p)

    @compiled_impl(mathd.SinOp)
    def compile_sin(self, interpreter: Interpreter, op: mathd.SinOp) -> Compiled:
        return _unary(op, np.sin)

    @compiled_impl(mathd.CosOp)
    def compile_cos(self, interpreter: Interpreter, op: mathd.CosOp) -> Compiled:
        return _unary(op, np.cos)

    @compiled_impl(mathd.TanOp)
    def compile_tan(self, interpreter: Interpreter, op: mathd.TanOp) -> Compiled:
        return _unary(op, np.tan)

    @compiled_impl(mathd.AsinOp)
    def compile_asin(self, interpreter: Interpreter, op: mathd.AsinOp) -> Compiled:
        return _unary(op, np.arcsin)

    @compiled_impl(mathd.AcosOp)
    def compile_acos(self, interpreter: Interpreter, op: mathd.AcosOp) -> Compiled:
        return _unary(op, np.arccos)

    @compiled_impl(mathd.AtanOp)
    def compile_atan(self, interpreter: Interpreter, op: mathd.AtanOp) -> Compiled:
        return _unary(op, np.arctan)

    @compiled_impl(mathd.SinhOp)
    def compile_sinh(self, interpreter: Interpreter, op: mathd.SinhOp) -> Compiled:
        return _unary(op, np.sinh)

    @compiled_impl(mathd.CoshOp)
    def compile_cosh(self, interpreter: Interpreter, op: mathd.CoshOp) -> Compiled:
        return _unary(op, np.cosh)

    @compiled_impl(mathd.TanhOp)
    def compile_tanh(self, interpreter: Interpreter, op: mathd.TanhOp) -> Compiled:
        return _unary(op, np.tanh)

    @compiled_impl(mathd.AsinhOp)
    def compile_asinh(self, interpreter: Interpreter, op: mathd.AsinhOp) -> Compiled:
        return _unary(op, np.arcsinh)

    @compiled_impl(mathd.AcoshOp)
    def compile_acosh(self, interpreter: Interpreter, op: mathd.AcoshOp) -> Compiled:
        return _unary(op, np.arccosh)

    @compiled_impl(mathd.AtanhOp)
    def compile_atanh(self, interpreter: Interpreter, op: mathd.AtanhOp) -> Compiled:
        return _unary(op, np.arctanh)

    @compiled_impl(mathd.ErfOp)
    def compile_erf(self, interpreter: Interpreter, op: mathd.ErfOp) -> Compiled:
        # numpy has no erf; the double result rounded is within an f32 ulp.
        return _via_double(op, _erf)

    @compiled_impl(mathd.AbsFOp)
    def compile_absf(self, interpreter: Interpreter, op: mathd.AbsFOp) -> Compiled:
        return lambda x: (abs(x),)

    @compiled_impl(mathd.FloorOp)
    def compile_floor(self, interpreter: Interpreter, op: mathd.FloorOp) -> Compiled:
        return _unary(op, np.floor)

    @compiled_impl(mathd.CeilOp)
    def compile_ceil(self, interpreter: Interpreter, op: mathd.CeilOp) -> Compiled:
        return _unary(op, np.ceil)

    @compiled_impl(mathd.TruncOp)
    def compile_trunc(self, interpreter: Interpreter, op: mathd.TruncOp) -> Compiled:
        return _unary(op, np.trunc)

    @compiled_impl(mathd.RoundOp)
    def compile_round(self, interpreter: Interpreter, op: mathd.RoundOp) -> Compiled:
        return lambda x: (_round_half_away(x),)

    @compiled_impl(mathd.RoundEvenOp)
    def compile_roundeven(
        self, interpreter: Interpreter, op: mathd.RoundEvenOp
    ) -> Compiled:
        return _unary(op, np.rint)

    @compiled_impl(mathd.PowFOp)
    def compile_powf(self, interpreter: Interpreter, op: mathd.PowFOp) -> Compiled:
        return _binary(op, np.power)

    @compiled_impl(mathd.Atan2Op)
    def compile_atan2(self, interpreter: Interpreter, op: mathd.Atan2Op) -> Compiled:
        return _binary(op, np.arctan2)

    @compiled_impl(mathd.CopySignOp)
    def compile_copysign(
        self, interpreter: Interpreter, op: mathd.CopySignOp
    ) -> Compiled:
        return lambda x, y: (math.copysign(x, y),)

    @compiled_impl(mathd.FmaOp)
    def compile_fma(self, interpreter: Interpreter, op: mathd.FmaOp) -> Compiled:
        f32 = float_rounder(op.results[0].type) is not None
        return lambda a, b, c: (fma_exact(a, b, c, f32),)

    @compiled_impl(mathd.FPowIOp)
    def compile_fpowi(self, interpreter: Interpreter, op: mathd.FPowIOp) -> Compiled:
        scalar = _scalar_type(op)
        exponent_kind = kind_of(op.operands[1].type, op)

        def fpowi(x: float, n: int) -> tuple[float]:
            return (float(np.power(scalar(x), scalar(exponent_kind.signed(n)))),)

        return fpowi

    # Integer functions, on the bits of their operand.

    @compiled_impl(mathd.AbsIOp)
    def compile_absi(self, interpreter: Interpreter, op: mathd.AbsIOp) -> Compiled:
        kind = kind_of(op.results[0].type, op)
        wrap = kind.wrapper()
        return lambda v: (wrap(abs(kind.signed(v))),)

    @compiled_impl(mathd.IPowIOp)
    def compile_ipowi(self, interpreter: Interpreter, op: mathd.IPowIOp) -> Compiled:
        kind = kind_of(op.results[0].type, op)
        wrap = kind.wrapper()
        mask = kind.mask

        def ipowi(a: int, b: int) -> tuple[int]:
            base, exponent = kind.signed(a), kind.signed(b)
            if exponent > 0:
                return (wrap(pow(base, exponent, mask + 1)),)
            return (wrap(_ipowi(base, exponent)),)

        return ipowi

    @compiled_impl(mathd.CountLeadingZerosOp)
    def compile_ctlz(
        self, interpreter: Interpreter, op: mathd.CountLeadingZerosOp
    ) -> Compiled:
        kind = kind_of(op.results[0].type, op)
        return lambda v: (kind.wrap(kind.width - kind.unsigned(v).bit_length()),)

    @compiled_impl(mathd.CountTrailingZerosOp)
    def compile_cttz(
        self, interpreter: Interpreter, op: mathd.CountTrailingZerosOp
    ) -> Compiled:
        kind = kind_of(op.results[0].type, op)

        def cttz(v: int) -> tuple[int]:
            bits = kind.unsigned(v)
            if bits == 0:
                return (kind.wrap(kind.width),)
            return ((bits & -bits).bit_length() - 1,)

        return cttz

    @compiled_impl(mathd.CtPopOp)
    def compile_ctpop(self, interpreter: Interpreter, op: mathd.CtPopOp) -> Compiled:
        kind = kind_of(op.results[0].type, op)
        return lambda v: (kind.wrap(kind.unsigned(v).bit_count()),)
