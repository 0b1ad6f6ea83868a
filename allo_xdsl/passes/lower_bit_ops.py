"""The `lower-bit-ops` pass: bit operations become shifts and masks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects.builtin import IntegerType, ModuleOp, i1
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriteWalker

from allo_xdsl.dialects.allo import (
    BitcastOp,
    BitReverseOp,
    GetBitOp,
    GetSliceOp,
    SetBitOp,
    SetSliceOp,
    bit_width,
    is_signed_integer,
)
from allo_xdsl.rewriting.fixed_point import Builder, LowerByTable


@dataclass(frozen=True)
class LowerBitOpsPass(ModulePass):
    """
    Lower `allo.get_bit`, `set_bit`, `get_slice`, `set_slice` and
    `bit_reverse` to `arith` shifts, masks and selects on signless integers.

    Indices become shift amounts (`arith.index_cast`); masks are built by
    shifting all-ones right, so no shift reaches the width for indices in
    range (out-of-range indices stay undefined, as in the ops). Bit reversal
    swaps ever smaller halves in the next power-of-two width. Operands of a
    fixed-point or unsigned type are read through `allo.bitcast`, which
    `lower-fixed-point` removes (so the two passes run in either order).

    Takes no options and rejects nothing the verifier accepts.
    """

    name = "lower-bit-ops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(
            LowerByTable(_LOWERINGS), apply_recursively=False
        ).rewrite_module(op)


def _bits(b: Builder, value: SSAValue) -> tuple[SSAValue, int]:
    """The bits of `value` as a signless integer, and their number."""
    width = bit_width(value.type)
    assert width is not None
    return b.bits(value), width


def _amount(b: Builder, index: SSAValue, width: int) -> SSAValue:
    """An index as a shift amount of `width` bits."""
    return b.add(arith.IndexCastOp(index, IntegerType(width)))


def _mask(b: Builder, hi: SSAValue, lo: SSAValue, width: int) -> SSAValue:
    """`hi - lo + 1` ones, in the low bits of a `width`-bit value."""
    span = b.add(arith.SubiOp(_amount(b, hi, width), _amount(b, lo, width)))
    unused = b.binary(arith.SubiOp, b.const(width - 1, width), span)
    return b.binary(arith.ShRUIOp, b.const(-1, width), unused)


def _typed(b: Builder, bits: SSAValue, t: Attribute) -> SSAValue:
    """`bits` as a value of type `t` (same width)."""
    if bits.type == t:
        return bits
    return b.add(BitcastOp(bits, t))


def _lower_get_bit(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, GetBitOp)
    x, width = _bits(b, op.value)
    if width == 1:
        return x
    shifted = b.binary(arith.ShRUIOp, x, _amount(b, op.index, width))
    return b.add(arith.TruncIOp(shifted, i1))


def _lower_set_bit(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, SetBitOp)
    x, width = _bits(b, op.value)
    if width == 1:
        return _typed(b, op.bit, op.value.type)
    amount = _amount(b, op.index, width)
    mask = b.binary(arith.ShLIOp, b.const(1, width), amount)
    cleared = b.binary(
        arith.AndIOp, x, b.binary(arith.XOrIOp, mask, b.const(-1, width))
    )
    bit = b.binary(arith.ShLIOp, b.resize(op.bit, width, False), amount)
    return _typed(b, b.binary(arith.OrIOp, cleared, bit), op.value.type)


def _lower_get_slice(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, GetSliceOp)
    x, width = _bits(b, op.value)
    shifted = b.binary(arith.ShRUIOp, x, _amount(b, op.lo, width))
    field = b.binary(arith.AndIOp, shifted, _mask(b, op.hi, op.lo, width))
    target = op.result.type
    assert isinstance(target, IntegerType)
    return _typed(b, b.resize(field, target.width.data, False), target)


def _lower_set_slice(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, SetSliceOp)
    x, width = _bits(b, op.value)
    new_type = op.replacement.type
    assert isinstance(new_type, IntegerType)
    new_bits = b.resize(b.bits(op.replacement), width, is_signed_integer(new_type))
    low = _amount(b, op.lo, width)
    mask = b.binary(arith.ShLIOp, _mask(b, op.hi, op.lo, width), low)
    kept = b.binary(arith.AndIOp, x, b.binary(arith.XOrIOp, mask, b.const(-1, width)))
    placed = b.binary(arith.AndIOp, b.binary(arith.ShLIOp, new_bits, low), mask)
    return _typed(b, b.binary(arith.OrIOp, kept, placed), op.value.type)


def _lower_bit_reverse(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, BitReverseOp)
    x, width = _bits(b, op.value)
    if width == 1:
        return op.value
    wide = 1 << (width - 1).bit_length()
    y = b.resize(x, wide, False)
    half = wide // 2
    while half:
        # Ones in the low `half` bits of every 2*half-bit group.
        block = (1 << half) - 1
        pattern = sum(block << k for k in range(0, wide, 2 * half))
        mask = b.const(pattern, wide)
        high = b.binary(arith.AndIOp, b.shr(y, half, False), mask)
        low = b.shl(b.binary(arith.AndIOp, y, mask), half)
        y = b.binary(arith.OrIOp, high, low)
        half //= 2
    reversed_bits = b.resize(b.shr(y, wide - width, False), width, False)
    return _typed(b, reversed_bits, op.value.type)


_LOWERINGS: dict[type[Operation], Callable[[Builder, Operation], SSAValue]] = {
    GetBitOp: _lower_get_bit,
    SetBitOp: _lower_set_bit,
    GetSliceOp: _lower_get_slice,
    SetSliceOp: _lower_set_slice,
    BitReverseOp: _lower_bit_reverse,
}
