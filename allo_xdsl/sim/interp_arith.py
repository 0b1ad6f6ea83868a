"""
`arith` for the interpreter: every op of xDSL 0.74's arith dialect.

xDSL's own table lacks `divf`, the casts, unsigned division, min/max and
more, and computes f32 in double precision. These compilers keep every value
in its type's representation (see `interp_values`): integers wrap at their
width, f32 results are rounded to f32. Undefined behaviour (division by
zero, shifting by the width or more, a float cast that does not fit) is an
error rather than an arbitrary value.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable

from xdsl.dialects import arith
from xdsl.dialects.builtin import FloatAttr, IntegerAttr
from xdsl.interpreter import Interpreter, InterpreterFunctions, register_impls
from xdsl.ir import Attribute, Operation

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_compile import Compiled, compiled_impl
from allo_xdsl.sim.interp_values import (
    IntKind,
    float_rounder,
    int_kind,
    int_to_f32,
)


def kind_of(t: Attribute, op: Operation) -> IntKind:
    kind = int_kind(t)
    if kind is None:
        raise AlloError(f"the interpreter expected an integer type, not {t}", op)
    return kind


def _binary_int(op: Operation, fn: Callable[[IntKind, int, int], int]) -> Compiled:
    kind = kind_of(op.results[0].type, op)
    wrap = kind.wrapper()
    return lambda a, b: (wrap(fn(kind, a, b)),)


def _nonzero(b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    return b


def _div_trunc(a: int, b: int) -> int:
    q = abs(a) // abs(_nonzero(b))
    return -q if (a < 0) != (b < 0) else q


def _shift_amount(kind: IntKind, b: int) -> int:
    amount = kind.unsigned(b)
    if amount >= kind.width:
        raise AlloError(f"shift by {amount} is undefined for {kind.width}-bit values")
    return amount


def _binary_float(op: Operation, fn: Callable[[float, float], float]) -> Compiled:
    rounder = float_rounder(op.results[0].type)
    if rounder is None:
        return lambda a, b: (fn(a, b),)
    return lambda a, b: (rounder(fn(a, b)),)


def _divf(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _maximumf(a: float, b: float) -> float:
    if a != a or b != b:
        return math.nan
    if a == b == 0:
        return a if math.copysign(1.0, a) > 0 else b
    return a if a > b else b


def _minimumf(a: float, b: float) -> float:
    if a != a or b != b:
        return math.nan
    if a == b == 0:
        return a if math.copysign(1.0, a) < 0 else b
    return a if a < b else b


def _maxnumf(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return _maximumf(a, b)


def _minnumf(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return _minimumf(a, b)


_CMPI = (
    operator.eq,
    operator.ne,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
)

_CMPF: tuple[Callable[[float, float], bool], ...] = (
    lambda a, b: False,
    lambda a, b: a == b,
    lambda a, b: a > b,
    lambda a, b: a >= b,
    lambda a, b: a < b,
    lambda a, b: a <= b,
    lambda a, b: a == a and b == b and a != b,
    lambda a, b: a == a and b == b,
    lambda a, b: a == b or a != a or b != b,
    lambda a, b: not a <= b,
    lambda a, b: not a < b,
    lambda a, b: not a >= b,
    lambda a, b: not a > b,
    lambda a, b: a != b,
    lambda a, b: a != a or b != b,
    lambda a, b: True,
)


def _to_float(t: Attribute) -> Callable[[int], float]:
    return int_to_f32 if float_rounder(t) is not None else float


def _float_to_int(op: Operation, signed: bool) -> Callable[[float], int]:
    kind = kind_of(op.results[0].type, op)
    low = -(1 << (kind.width - 1)) if signed else 0
    high = (1 << (kind.width - 1)) if signed else (1 << kind.width)
    wrap = kind.wrapper()

    def convert(x: float) -> int:
        if not math.isfinite(x) or not low <= math.trunc(x) < high:
            raise AlloError(f"'{op.name}' of {x} does not fit {op.results[0].type}")
        return wrap(math.trunc(x))

    return convert


_BITS = {
    32: (struct.Struct("<f"), struct.Struct("<I")),
    64: (struct.Struct("<d"), struct.Struct("<Q")),
}


def _bitcast(op: Operation) -> Compiled:
    source, target = op.operands[0].type, op.results[0].type
    source_kind, target_kind = int_kind(source), int_kind(target)
    if source_kind is not None and target_kind is not None:
        wrap = target_kind.wrapper()
        return lambda v: (wrap(source_kind.unsigned(v)),)
    if source_kind is not None:
        floats, ints = _BITS[source_kind.width]
        return lambda v: (floats.unpack(ints.pack(source_kind.unsigned(v)))[0],)
    assert target_kind is not None
    floats, ints = _BITS[target_kind.width]
    wrap = target_kind.wrapper()
    return lambda x: (wrap(ints.unpack(floats.pack(x))[0]),)


@register_impls
class AlloArithFunctions(InterpreterFunctions):
    """Compilers for every `arith` op (they replace xDSL's `ArithFunctions`)."""

    @compiled_impl(arith.ConstantOp)
    def compile_constant(
        self, interpreter: Interpreter, op: arith.ConstantOp
    ) -> Compiled:
        value = op.value
        t = op.result.type
        kind = int_kind(t)
        if kind is not None and isinstance(value, IntegerAttr):
            result = (kind.wrap(value.value.data),)
        elif isinstance(value, FloatAttr):
            rounder = float_rounder(t)
            data = float(value.value.data)
            result = (rounder(data) if rounder else data,)
        else:
            raise AlloError(f"the interpreter cannot run constants like {value}", op)
        return lambda: result

    # Integer arithmetic (two's complement at the result's width).

    @compiled_impl(arith.AddiOp)
    def compile_addi(self, interpreter: Interpreter, op: arith.AddiOp) -> Compiled:
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda a, b: (wrap(a + b),)

    @compiled_impl(arith.SubiOp)
    def compile_subi(self, interpreter: Interpreter, op: arith.SubiOp) -> Compiled:
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda a, b: (wrap(a - b),)

    @compiled_impl(arith.MuliOp)
    def compile_muli(self, interpreter: Interpreter, op: arith.MuliOp) -> Compiled:
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda a, b: (wrap(a * b),)

    @compiled_impl(arith.DivSIOp)
    def compile_divsi(self, interpreter: Interpreter, op: arith.DivSIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: _div_trunc(k.signed(a), k.signed(b)))

    @compiled_impl(arith.DivUIOp)
    def compile_divui(self, interpreter: Interpreter, op: arith.DivUIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: k.unsigned(a) // _nonzero(k.unsigned(b)))

    @compiled_impl(arith.RemSIOp)
    def compile_remsi(self, interpreter: Interpreter, op: arith.RemSIOp) -> Compiled:
        def rem(k: IntKind, a: int, b: int) -> int:
            a, b = k.signed(a), k.signed(b)
            return a - b * _div_trunc(a, b)

        return _binary_int(op, rem)

    @compiled_impl(arith.RemUIOp)
    def compile_remui(self, interpreter: Interpreter, op: arith.RemUIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: k.unsigned(a) % _nonzero(k.unsigned(b)))

    @compiled_impl(arith.FloorDivSIOp)
    def compile_floordivsi(
        self, interpreter: Interpreter, op: arith.FloorDivSIOp
    ) -> Compiled:
        return _binary_int(op, lambda k, a, b: k.signed(a) // _nonzero(k.signed(b)))

    @compiled_impl(arith.CeilDivSIOp)
    def compile_ceildivsi(
        self, interpreter: Interpreter, op: arith.CeilDivSIOp
    ) -> Compiled:
        return _binary_int(op, lambda k, a, b: -(-k.signed(a) // _nonzero(k.signed(b))))

    @compiled_impl(arith.CeilDivUIOp)
    def compile_ceildivui(
        self, interpreter: Interpreter, op: arith.CeilDivUIOp
    ) -> Compiled:
        return _binary_int(
            op, lambda k, a, b: -(-k.unsigned(a) // _nonzero(k.unsigned(b)))
        )

    @compiled_impl(arith.MaxSIOp)
    def compile_maxsi(self, interpreter: Interpreter, op: arith.MaxSIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: max(k.signed(a), k.signed(b)))

    @compiled_impl(arith.MinSIOp)
    def compile_minsi(self, interpreter: Interpreter, op: arith.MinSIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: min(k.signed(a), k.signed(b)))

    @compiled_impl(arith.MaxUIOp)
    def compile_maxui(self, interpreter: Interpreter, op: arith.MaxUIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: max(k.unsigned(a), k.unsigned(b)))

    @compiled_impl(arith.MinUIOp)
    def compile_minui(self, interpreter: Interpreter, op: arith.MinUIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: min(k.unsigned(a), k.unsigned(b)))

    @compiled_impl(arith.AndIOp)
    def compile_andi(self, interpreter: Interpreter, op: arith.AndIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: a & b)

    @compiled_impl(arith.OrIOp)
    def compile_ori(self, interpreter: Interpreter, op: arith.OrIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: a | b)

    @compiled_impl(arith.XOrIOp)
    def compile_xori(self, interpreter: Interpreter, op: arith.XOrIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: a ^ b)

    @compiled_impl(arith.ShLIOp)
    def compile_shli(self, interpreter: Interpreter, op: arith.ShLIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: a << _shift_amount(k, b))

    @compiled_impl(arith.ShRSIOp)
    def compile_shrsi(self, interpreter: Interpreter, op: arith.ShRSIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: k.signed(a) >> _shift_amount(k, b))

    @compiled_impl(arith.ShRUIOp)
    def compile_shrui(self, interpreter: Interpreter, op: arith.ShRUIOp) -> Compiled:
        return _binary_int(op, lambda k, a, b: k.unsigned(a) >> _shift_amount(k, b))

    @compiled_impl(arith.CmpiOp)
    def compile_cmpi(self, interpreter: Interpreter, op: arith.CmpiOp) -> Compiled:
        kind = kind_of(op.lhs.type, op)
        predicate = op.predicate.value.data
        compare = _CMPI[predicate]
        if predicate < 2 or (predicate < 6 and kind.signed_repr):
            return lambda a, b: (1 if compare(a, b) else 0,)
        view = kind.signed if predicate < 6 else kind.unsigned
        return lambda a, b: (1 if compare(view(a), view(b)) else 0,)

    @compiled_impl(arith.SelectOp)
    def compile_select(self, interpreter: Interpreter, op: arith.SelectOp) -> Compiled:
        return lambda c, a, b: (a if c else b,)

    # Floating point (results rounded to their type).

    @compiled_impl(arith.AddfOp)
    def compile_addf(self, interpreter: Interpreter, op: arith.AddfOp) -> Compiled:
        return _binary_float(op, operator.add)

    @compiled_impl(arith.SubfOp)
    def compile_subf(self, interpreter: Interpreter, op: arith.SubfOp) -> Compiled:
        return _binary_float(op, operator.sub)

    @compiled_impl(arith.MulfOp)
    def compile_mulf(self, interpreter: Interpreter, op: arith.MulfOp) -> Compiled:
        return _binary_float(op, operator.mul)

    @compiled_impl(arith.DivfOp)
    def compile_divf(self, interpreter: Interpreter, op: arith.DivfOp) -> Compiled:
        return _binary_float(op, _divf)

    @compiled_impl(arith.NegfOp)
    def compile_negf(self, interpreter: Interpreter, op: arith.NegfOp) -> Compiled:
        return lambda a: (-a,)

    @compiled_impl(arith.MaximumfOp)
    def compile_maximumf(
        self, interpreter: Interpreter, op: arith.MaximumfOp
    ) -> Compiled:
        return _binary_float(op, _maximumf)

    @compiled_impl(arith.MinimumfOp)
    def compile_minimumf(
        self, interpreter: Interpreter, op: arith.MinimumfOp
    ) -> Compiled:
        return _binary_float(op, _minimumf)

    @compiled_impl(arith.MaxnumfOp)
    def compile_maxnumf(
        self, interpreter: Interpreter, op: arith.MaxnumfOp
    ) -> Compiled:
        return _binary_float(op, _maxnumf)

    @compiled_impl(arith.MinnumfOp)
    def compile_minnumf(
        self, interpreter: Interpreter, op: arith.MinnumfOp
    ) -> Compiled:
        return _binary_float(op, _minnumf)

    @compiled_impl(arith.CmpfOp)
    def compile_cmpf(self, interpreter: Interpreter, op: arith.CmpfOp) -> Compiled:
        compare = _CMPF[op.predicate.value.data]
        return lambda a, b: (1 if compare(a, b) else 0,)

    # Casts.

    @compiled_impl(arith.ExtSIOp)
    def compile_extsi(self, interpreter: Interpreter, op: arith.ExtSIOp) -> Compiled:
        source = kind_of(op.input.type, op)
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda v: (wrap(source.signed(v)),)

    @compiled_impl(arith.ExtUIOp)
    def compile_extui(self, interpreter: Interpreter, op: arith.ExtUIOp) -> Compiled:
        source = kind_of(op.input.type, op)
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda v: (wrap(source.unsigned(v)),)

    @compiled_impl(arith.TruncIOp)
    def compile_trunci(self, interpreter: Interpreter, op: arith.TruncIOp) -> Compiled:
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda v: (wrap(v),)

    @compiled_impl(arith.IndexCastOp)
    def compile_index_cast(
        self, interpreter: Interpreter, op: arith.IndexCastOp
    ) -> Compiled:
        source = kind_of(op.input.type, op)
        wrap = kind_of(op.result.type, op).wrapper()
        return lambda v: (wrap(source.signed(v)),)

    @compiled_impl(arith.SIToFPOp)
    def compile_sitofp(self, interpreter: Interpreter, op: arith.SIToFPOp) -> Compiled:
        source = kind_of(op.input.type, op)
        convert = _to_float(op.result.type)
        return lambda v: (convert(source.signed(v)),)

    @compiled_impl(arith.UIToFPOp)
    def compile_uitofp(self, interpreter: Interpreter, op: arith.UIToFPOp) -> Compiled:
        source = kind_of(op.input.type, op)
        convert = _to_float(op.result.type)
        return lambda v: (convert(source.unsigned(v)),)

    @compiled_impl(arith.FPToSIOp)
    def compile_fptosi(self, interpreter: Interpreter, op: arith.FPToSIOp) -> Compiled:
        convert = _float_to_int(op, signed=True)
        return lambda x: (convert(x),)

    @compiled_impl(arith.FPToUIOp)
    def compile_fptoui(self, interpreter: Interpreter, op: arith.FPToUIOp) -> Compiled:
        convert = _float_to_int(op, signed=False)
        return lambda x: (convert(x),)

    @compiled_impl(arith.ExtFOp)
    def compile_extf(self, interpreter: Interpreter, op: arith.ExtFOp) -> Compiled:
        return lambda x: (x,)

    @compiled_impl(arith.TruncFOp)
    def compile_truncf(self, interpreter: Interpreter, op: arith.TruncFOp) -> Compiled:
        rounder = float_rounder(op.result.type)
        if rounder is None:
            return lambda x: (x,)
        return lambda x: (rounder(x),)

    @compiled_impl(arith.BitcastOp)
    def compile_bitcast(
        self, interpreter: Interpreter, op: arith.BitcastOp
    ) -> Compiled:
        return _bitcast(op)
