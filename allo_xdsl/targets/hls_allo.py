"""
`allo` ops as Vitis HLS C++ statements.

Fixed-point arithmetic is ap_fixed's own: `R r = a + b;` computes in the
full-precision type and quantizes on assignment, exactly the op's semantics.
Comparisons between a signed and an unsigned operand first widen the
unsigned one to a signed type (exactly), because ap_fixed compares such
pairs of 32 bits or more as unsigned. Bit operations use ap_int's `x[i]`,
`x.range(hi, lo)` and `x.reverse()`; a value of a standard C type (`int32_t`)
is viewed as the `ap_int` of its width for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from xdsl.dialects.builtin import IntegerType
from xdsl.ir import Attribute, Operation, SSAValue

from allo_xdsl.dialects.allo import (
    AddOp,
    BitcastOp,
    BitReverseOp,
    CastOp,
    CmpOp,
    DivOp,
    FixedPointType,
    GetBitOp,
    GetSliceOp,
    MaxOp,
    MinOp,
    MulOp,
    SetBitOp,
    SetSliceOp,
    SubOp,
    bit_width,
    is_float,
    is_signed_integer,
)

if TYPE_CHECKING:
    from allo_xdsl.targets.hls_function import FunctionEmitter

AlloEmitter = Callable[["FunctionEmitter", Operation], None]

_INFIX = {AddOp: "+", SubOp: "-", MulOp: "*", DivOp: "/"}
_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _ctype(e: FunctionEmitter, t: Attribute, op: Operation) -> str:
    return e.types.scalar(t, op)


def _is_ap(e: FunctionEmitter, t: Attribute, op: Operation) -> bool:
    return _ctype(e, t, op).startswith("ap_")


def _ap_int(e: FunctionEmitter, width: int, signed: bool) -> str:
    e.need("ap_int.h")
    return f"{'ap_int' if signed else 'ap_uint'}<{width}>"


def _signed(t: Attribute) -> bool:
    if isinstance(t, FixedPointType):
        return t.signed
    return isinstance(t, IntegerType) and is_signed_integer(t)


def _width(t: Attribute) -> int:
    width = bit_width(t)
    assert width is not None
    return width


def _bits_view(e: FunctionEmitter, value: SSAValue, op: Operation) -> str:
    """`value` as something with `[i]` and `.range(hi, lo)`."""
    if _is_ap(e, value.type, op):
        return e.expr(value)
    width = _width(value.type)
    return f"{_ap_int(e, width, _signed(value.type))}({e.expr(value)})"


def _exact_operand(e: FunctionEmitter, value: SSAValue, widen: bool) -> str:
    """
    A fixed-point operand of a comparison; an unsigned one meeting a
    signed one becomes signed, one bit wider."""
    t = value.type
    assert isinstance(t, FixedPointType)
    if not widen or t.signed:
        return e.expr(value)
    width, int_bits = t.width.data + 1, t.int_bits + 1
    e.need("ap_fixed.h")
    return f"(ap_fixed<{width}, {int_bits}>){e.expr(value)}"


def _comparison(e: FunctionEmitter, lhs: SSAValue, rhs: SSAValue, symbol: str) -> str:
    widen = _signed(lhs.type) != _signed(rhs.type)
    a = _exact_operand(e, lhs, widen)
    b = _exact_operand(e, rhs, widen)
    return f"{a} {symbol} {b}"


def _as(e: FunctionEmitter, value: SSAValue, t: Attribute, op: Operation) -> str:
    """`value` converted to type `t` (by C++'s conversion)."""
    if value.type == t:
        return e.expr(value)
    return f"({_ctype(e, t, op)}){e.expr(value)}"


# ----- fixed point -----


def _binary(e: FunctionEmitter, op: Operation) -> None:
    lhs, rhs = op.operands
    symbol = _INFIX[type(op)]
    e.define(op.results[0], f"{e.expr(lhs)} {symbol} {e.expr(rhs)}", op)


def _min_max(e: FunctionEmitter, op: Operation) -> None:
    lhs, rhs = op.operands
    result = op.results[0]
    symbol = "<" if isinstance(op, MinOp) else ">"
    test = _comparison(e, lhs, rhs, symbol)
    a, b = _as(e, lhs, result.type, op), _as(e, rhs, result.type, op)
    e.define(result, f"{test} ? {a} : {b}", op)


def _cmp(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, CmpOp)
    symbol = _CMP[op.predicate.data]
    e.define(op.result, _comparison(e, op.lhs, op.rhs, symbol), op)


def _cast(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, CastOp)
    source, target = op.input.type, op.result.type
    value = e.expr(op.input)
    if source == target:
        e.define(op.result, value, op)
        return
    if is_float(target) and isinstance(source, IntegerType) and _is_ap(e, source, op):
        # ap_int has no exact conversion to float; ap_fixed rounds once.
        width = source.width.data
        fixed = "ap_fixed" if is_signed_integer(source) else "ap_ufixed"
        e.need("ap_fixed.h")
        method = "to_float" if _ctype(e, target, op) == "float" else "to_double"
        e.define(op.result, f"{fixed}<{width}, {width}>({value}).{method}()", op)
        return
    if is_float(source) and isinstance(target, IntegerType) and _is_ap(e, target, op):
        value = _truncated(e, value, target)
    e.define(op.result, f"({_ctype(e, target, op)}){value}", op)


def _truncated(e: FunctionEmitter, value: str, target: IntegerType) -> str:
    """
    A float rounded toward zero, ready for an ap_int conversion: ap_int's
    own constructor from double turns small negative values into 1."""
    width = target.width.data
    if width <= 64:
        return f"({'int64_t' if is_signed_integer(target) else 'uint64_t'}){value}"
    e.need("cmath")
    e.need("ap_fixed.h")
    return f"ap_fixed<{width}, {width}>(std::trunc({value}))"


def _bitcast(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, BitcastOp)
    source, target = op.input.type, op.result.type
    width = _width(source)
    if source == target or not isinstance(target, FixedPointType):
        if isinstance(source, FixedPointType):
            bits = (
                f"{_ap_int(e, width, False)}({e.expr(op.input)}.range({width - 1}, 0))"
            )
            e.define(op.result, f"({_ctype(e, target, op)}){bits}", op)
        else:
            e.define(op.result, f"({_ctype(e, target, op)}){e.expr(op.input)}", op)
        return
    name = e.declare(op.result, op)
    e.values[op.result] = name
    source_bits = _bits_view(e, op.input, op)
    if isinstance(source, FixedPointType):
        source_bits = f"{source_bits}.range({width - 1}, 0)"
    e.line(f"{name}.range({width - 1}, 0) = {_ap_int(e, width, False)}({source_bits});")


# ----- bit operations -----


def _get_bit(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, GetBitOp)
    if _width(op.value.type) == 1:
        e.define(op.result, e.expr(op.value), op)
        return
    view = _bits_view(e, op.value, op)
    e.define(op.result, f"{view}[{e.expr(op.index)}]", op)


def _mutated(
    e: FunctionEmitter, op: Operation, value: SSAValue, update: Callable[[str], str]
) -> None:
    """
    The result of `op`: a copy of `value` changed by the statement
    `update(name)`; a standard C type goes through its `ap_int` view."""
    result = op.results[0]
    if _is_ap(e, value.type, op):
        name = e.define(result, e.expr(value), op)
        e.line(update(name) + ";")
        return
    view_type = _ap_int(e, _width(value.type), _signed(value.type))
    view = e.fresh(None, "bits")
    e.line(f"{view_type} {view} = {e.expr(value)};")
    e.line(update(view) + ";")
    e.define(result, f"({_ctype(e, value.type, op)}){view}", op)


def _set_bit(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, SetBitOp)
    if _width(op.value.type) == 1:
        e.define(op.result, _as(e, op.bit, op.value.type, op), op)
        return
    index, bit = e.expr(op.index), e.expr(op.bit)
    _mutated(e, op, op.value, lambda name: f"{name}[{index}] = {bit}")


def _get_slice(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, GetSliceOp)
    view = _bits_view(e, op.value, op)
    hi, lo = e.expr(op.hi), e.expr(op.lo)
    target = op.result.type
    assert isinstance(target, IntegerType)
    if target.width.data == 1:
        e.define(op.result, f"{view}[{lo}]", op)
        return
    width = _width(op.value.type)
    field = f"{_ap_int(e, width, False)}({view}.range({hi}, {lo}))"
    if not _is_ap(e, target, op) and width > 64:
        field = f"{_ap_int(e, target.width.data, False)}({field})"
    e.define(op.result, f"({_ctype(e, target, op)}){field}", op)


def _set_slice(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, SetSliceOp)
    hi, lo = e.expr(op.hi), e.expr(op.lo)
    bits = e.expr(op.replacement)
    _mutated(e, op, op.value, lambda name: f"{name}.range({hi}, {lo}) = {bits}")


def _bit_reverse(e: FunctionEmitter, op: Operation) -> None:
    assert isinstance(op, BitReverseOp)
    t = op.value.type
    width = _width(t)
    if width == 1:
        e.define(op.result, e.expr(op.value), op)
        return
    view = _ap_int(e, width, _signed(t))
    e.define(op.result, f"{view}({e.expr(op.value)}).reverse()", op)


ALLO_OPS: dict[str, AlloEmitter] = {
    **{op.name: _binary for op in _INFIX},
    MinOp.name: _min_max,
    MaxOp.name: _min_max,
    CmpOp.name: _cmp,
    CastOp.name: _cast,
    BitcastOp.name: _bitcast,
    GetBitOp.name: _get_bit,
    SetBitOp.name: _set_bit,
    GetSliceOp.name: _get_slice,
    SetSliceOp.name: _set_slice,
    BitReverseOp.name: _bit_reverse,
}
"""Emitters of the `allo` ops, by op name."""
