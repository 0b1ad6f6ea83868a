"""
Integer code for the fixed-point and bit-level lowerings: a builder of
signless-integer arithmetic (ap_fixed's widths, quantization and wrapping),
and the replacement of an op by what a lowering builds, as a rewrite
pattern. Shared by `lower-fixed-point` and `lower-bit-ops`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from xdsl.dialects import arith
from xdsl.dialects.builtin import FloatAttr, IntegerAttr, IntegerType, Signedness
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern
from xdsl.rewriter import InsertPoint

from allo_xdsl.dialects.allo import (
    FLOAT_TYPES,
    BitcastOp,
    FixedPointType,
    is_signed_integer,
)


@dataclass(frozen=True)
class Raw:
    """
    A value's raw bits `value` (signless `i<width>`), standing for the
    number `value * 2**-frac`, read as signed or unsigned."""

    value: SSAValue
    width: int
    frac: int
    signed: bool


@dataclass
class Builder:
    """Ops that compute a lowered value, in order, before the op lowered."""

    ops: list[Operation] = field(default_factory=list[Operation])
    _constants: dict[tuple[int, int], SSAValue] = field(
        default_factory=dict[tuple[int, int], SSAValue]
    )

    def add(self, op: Operation) -> SSAValue:
        self.ops.append(op)
        return op.results[0]

    def const(self, value: int, width: int) -> SSAValue:
        value = wrap_signed(value, width)
        key = (value, width)
        if key not in self._constants:
            t = IntegerType(width)
            self._constants[key] = self.add(arith.ConstantOp(IntegerAttr(value, t)))
        return self._constants[key]

    def float_const(self, value: float, t: Attribute) -> SSAValue:
        assert isinstance(t, FLOAT_TYPES)
        return self.add(arith.ConstantOp(FloatAttr(value, t)))

    def bits(self, value: SSAValue) -> SSAValue:
        """
        The raw bits of a fixed-point or integer value as a signless
        integer."""
        t = value.type
        width = bit_width(t)
        if isinstance(t, IntegerType) and t.signedness.data == Signedness.SIGNLESS:
            return value
        return self.add(BitcastOp(value, IntegerType(width)))

    def raw(self, value: SSAValue) -> Raw:
        t = value.type
        if isinstance(t, FixedPointType):
            return Raw(self.bits(value), t.width.data, t.frac.data, t.signed)
        assert isinstance(t, IntegerType)
        return Raw(self.bits(value), t.width.data, 0, is_signed_integer(t))

    def resize(self, value: SSAValue, width: int, signed: bool) -> SSAValue:
        """`value` extended (by `signed`) or truncated to `width` bits."""
        current = bit_width(value.type)
        target = IntegerType(width)
        if width > current:
            ext = arith.ExtSIOp if signed else arith.ExtUIOp
            return self.add(ext(value, target))
        if width < current:
            return self.add(arith.TruncIOp(value, target))
        return value

    def shl(self, value: SSAValue, amount: int) -> SSAValue:
        width = bit_width(value.type)
        if amount == 0:
            return value
        if amount >= width:
            return self.const(0, width)
        return self.add(arith.ShLIOp(value, self.const(amount, width)))

    def shr(self, value: SSAValue, amount: int, signed: bool) -> SSAValue:
        """`value >> amount`, arithmetic (floor) when `signed`."""
        width = bit_width(value.type)
        if amount == 0:
            return value
        if amount >= width:
            if not signed:
                return self.const(0, width)
            amount = width - 1
        shift = arith.ShRSIOp if signed else arith.ShRUIOp
        return self.add(shift(value, self.const(amount, width)))

    def binary(
        self, op: Callable[[SSAValue, SSAValue], Operation], a: SSAValue, b: SSAValue
    ) -> SSAValue:
        return self.add(op(a, b))

    def cmp(self, predicate: str, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.CmpiOp(a, b, predicate))

    def select(self, cond: SSAValue, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.SelectOp(cond, a, b))

    def align(self, x: Raw, width: int, frac: int) -> SSAValue:
        """
        The bits of `x` in `width` bits with `frac` >= `x.frac` fractional
        bits (wrapped when `width` is too narrow)."""
        return self.shl(self.resize(x.value, width, x.signed), frac - x.frac)

    def quantize(self, x: Raw, width: int, frac: int) -> SSAValue:
        """
        `x` assigned to a fixed-point value of `width` bits, `frac` of them
        fractional: floor to `frac` bits, keep the low `width` bits."""
        if frac >= x.frac:
            return self.shl(self.resize(x.value, width, x.signed), frac - x.frac)
        shifted = self.shr(x.value, x.frac - frac, x.signed)
        return self.resize(shifted, width, x.signed)


def bit_width(t: Attribute) -> int:
    """The width of a fixed-point or integer type."""
    if isinstance(t, FixedPointType):
        return t.width.data
    assert isinstance(t, IntegerType), t
    return t.width.data


def wrap_signed(value: int, width: int) -> int:
    """`value` wrapped to `width` bits, read as signed."""
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


Lowering = Callable[[Builder, Operation], SSAValue]
"""Builds the integer code of an op's single result and returns its value."""


def lowered(op: Operation, lower: Lowering) -> tuple[list[Operation], SSAValue]:
    """
    The ops `lower` builds for `op`, and the value replacing its result
    (bitcast back to the result's type when the lowering's type differs:
    `lower-fixed-point` erases those bitcasts once the types are integers)."""
    builder = Builder()
    value = lower(builder, op)
    result = op.results[0]
    if value.type != result.type:
        value = builder.add(BitcastOp(value, result.type))
    value.name_hint = result.name_hint
    return builder.ops, value


@dataclass
class LowerByTable(RewritePattern):
    """
    Replace each op whose type has a lowering in `lowerings` by the ops
    that lowering builds."""

    lowerings: Mapping[type[Operation], Lowering]

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        lower = self.lowerings.get(type(op))
        if lower is None:
            return
        ops, value = lowered(op, lower)
        # Not `rewriter.replace`: it would give every built op the result's
        # name hint, and the printed names would change.
        rewriter.insert(ops, InsertPoint.before(op))
        rewriter.replace_all_uses_with(op.results[0], value)
        rewriter.erase(op)
