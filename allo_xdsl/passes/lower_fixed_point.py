"""The `lower-fixed-point` pass: fixed point becomes integer arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    Float64Type,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    Signedness,
    f64,
    i64,
)
from xdsl.ir import Attribute, Operation, ParametrizedAttribute, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    TypeConversionPattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import (
    FLOAT_TYPES,
    AddOp,
    BitcastOp,
    CastOp,
    CmpOp,
    DivOp,
    FixedPointType,
    MaxOp,
    MinOp,
    MulOp,
    SetSliceOp,
    SubOp,
    is_float,
    is_signed_integer,
)
from allo_xdsl.rewriting.fixed_point import (
    Builder,
    LowerByTable,
    Lowering,
    Raw,
    bit_width,
    wrap_signed,
)

# f64 fields, as ap_fixed's conversion from double reads them.
_F64_MANTISSA = 52
_F64_EXPONENT_MASK = 0x7FF
_F64_BIAS_AND_MANTISSA = 1023 + _F64_MANTISSA


@dataclass(frozen=True)
class LowerFixedPointPass(ModulePass):
    """
    Lower fixed point to integer arithmetic, bit-exact with Vitis `ap_fixed`
    (AP_TRN, AP_WRAP), and make every integer type signless.

    `!allo.fixed<W, F>` and `!allo.ufixed<W, F>` become `iW` holding the raw
    bits (the value times `2**F`); `uiN` and `siN` become `iN` (unsigned
    storage becomes plain bits: upstream `arith` takes signless integers
    only). The types change everywhere: values, memrefs, function
    signatures, typed constants. `allo.add/sub/mul/div/min/max/cmp` become
    extensions, shifts and `arith` integer ops in ap_fixed's full-precision
    widths followed by the quantization (floor shift, then truncation to
    `W` bits); `allo.cast` becomes integer and float ops (a float converted
    to fixed point is decoded from its IEEE bits, as `ap_fixed` does);
    `allo.bitcast` disappears. Bit operations stay (on integers now):
    `lower-bit-ops` lowers them.

    Takes no options. Rejects fixed-point conversions from or to `f16` and
    `bf16` (cast through `f32`).
    """

    name = "lower-fixed-point"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        _check_casts(op)
        # Three walks, each over the whole module before the next: the
        # arithmetic reads the fixed-point formats off the types that the
        # second walk replaces, and the third erases the bitcasts that only
        # become no-ops once both sides are integers.
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                [LowerByTable(_LOWERINGS), ZeroExtendNewSliceBits()]
            ),
            apply_recursively=False,
        ).rewrite_module(op)
        PatternRewriteWalker(
            FixedPointToInteger(), apply_recursively=False
        ).rewrite_module(op)
        PatternRewriteWalker(EraseBitcasts(), apply_recursively=False).rewrite_module(
            op
        )


class ZeroExtendNewSliceBits(RewritePattern):
    """
    Unsigned new bits of a slice, narrower than the value, zero-extended
    now: once signless, `lower-bit-ops` would sign-extend them."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: SetSliceOp, rewriter: PatternRewriter) -> None:
        t = op.replacement.type
        width = bit_width(op.value.type)
        if (
            not isinstance(t, IntegerType)
            or is_signed_integer(t)
            or t.width.data >= width
        ):
            return
        b = Builder()
        wide = b.resize(b.bits(op.replacement), width, False)
        rewriter.insert(b.ops, InsertPoint.before(op))
        op.operands[3] = wide
        rewriter.notify_op_modified(op)


class FixedPointToInteger(TypeConversionPattern):
    """
    Every type of an op (results, block arguments, properties and
    attributes, typed constants included) as `convert_type` makes it."""

    def convert_type(self, typ: Attribute, /) -> Attribute | None:
        converted = convert_type(typ)
        return None if converted == typ else converted


class EraseBitcasts(RewritePattern):
    """
    `allo.bitcast`, an integer-to-integer no-op once the types are
    converted, replaced by its input."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: BitcastOp, rewriter: PatternRewriter) -> None:
        rewriter.replace_all_uses_with(op.result, op.input)
        rewriter.erase(op)


def _check_casts(module: ModuleOp) -> None:
    """
    Reject, before anything changes, a fixed-point conversion from or to
    a float narrower than 32 bits (the lowering decodes and scales floats
    in at least f32)."""
    for op in module.walk():
        if not isinstance(op, CastOp):
            continue
        source, target = op.input.type, op.result.type
        if source == target:
            continue
        if is_float(source) and isinstance(target, FixedPointType):
            _require_wide_float(op, source)
        elif (
            isinstance(source, FixedPointType) and source.frac.data and is_float(target)
        ):
            _require_wide_float(op, target)


def _format(t: Attribute) -> tuple[int, int, bool]:
    """(width, frac, signed) of a fixed-point type."""
    assert isinstance(t, FixedPointType)
    return t.width.data, t.frac.data, t.signed


def _int_bits(x: Raw) -> int:
    return x.width - x.frac


# ----- the ops -----


def _operands(b: Builder, op: Operation) -> tuple[Raw, Raw]:
    lhs, rhs = op.operands
    return b.raw(lhs), b.raw(rhs)


def _lower_add_sub(b: Builder, op: Operation) -> SSAValue:
    x, y = _operands(b, op)
    width, frac, _ = _format(op.results[0].type)
    subtract = isinstance(op, SubOp)
    # ap_fixed's plus/minus type: one integer bit more than either operand
    # (counting a sign bit for an unsigned operand meeting a signed one).
    mixed = x.signed != y.signed
    int_bits = (
        max(
            _int_bits(x) + (mixed and not x.signed),
            _int_bits(y) + (mixed and not y.signed),
        )
        + 1
    )
    exact_frac = max(x.frac, y.frac)
    exact_width = int_bits + exact_frac
    signed = subtract or x.signed or y.signed
    # Without a right shift, only the low `width` bits of the result matter.
    work = exact_width if frac < exact_frac else min(exact_width, width)
    a, c = b.align(x, work, exact_frac), b.align(y, work, exact_frac)
    combined = b.binary(arith.SubiOp if subtract else arith.AddiOp, a, c)
    return b.quantize(Raw(combined, work, exact_frac, signed), width, frac)


def _lower_mul(b: Builder, op: Operation) -> SSAValue:
    x, y = _operands(b, op)
    width, frac, _ = _format(op.results[0].type)
    exact_width, exact_frac = x.width + y.width, x.frac + y.frac
    work = exact_width if frac < exact_frac else min(exact_width, width)
    a, c = b.resize(x.value, work, x.signed), b.resize(y.value, work, y.signed)
    product = b.binary(arith.MuliOp, a, c)
    return b.quantize(Raw(product, work, exact_frac, x.signed or y.signed), width, frac)


def _lower_div(b: Builder, op: Operation) -> SSAValue:
    x, y = _operands(b, op)
    width, frac, _ = _format(op.results[0].type)
    signed = x.signed or y.signed
    # ap_fixed's operator/ (C simulation): the dividend shifted by the
    # divisor's fractional bits, both in `work` bits, divided there (an
    # overflowing -min / -1 wraps), the quotient kept in `quotient` bits.
    work = max(
        x.width + y.frac + (y.signed and not x.signed),
        y.width + (x.signed and not y.signed),
    )
    quotient_width = y.signed + x.width + y.frac
    dividend = b.shl(b.resize(x.value, work, x.signed), y.frac)
    divisor = b.resize(y.value, work, y.signed)
    if not signed:
        quotient = b.binary(arith.DivUIOp, dividend, divisor)
    elif x.signed and y.signed:
        # One more bit keeps -min / -1 defined; truncating wraps as C++ does.
        wide = b.binary(
            arith.DivSIOp,
            b.resize(dividend, work + 1, True),
            b.resize(divisor, work + 1, True),
        )
        quotient = b.resize(wide, work, True)
    else:
        quotient = b.binary(arith.DivSIOp, dividend, divisor)
    quotient = b.resize(quotient, quotient_width, signed)
    return b.quantize(Raw(quotient, quotient_width, x.frac, signed), width, frac)


def _aligned_pair(b: Builder, op: Operation) -> tuple[SSAValue, SSAValue, int, int]:
    """
    Both operands exactly, as signed integers of one width and one
    number of fractional bits."""
    x, y = _operands(b, op)
    frac = max(x.frac, y.frac)
    width = max(_int_bits(x) + (not x.signed), _int_bits(y) + (not y.signed)) + frac
    return b.align(x, width, frac), b.align(y, width, frac), width, frac


_CMP = {"eq": "eq", "ne": "ne", "lt": "slt", "le": "sle", "gt": "sgt", "ge": "sge"}


def _lower_cmp(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, CmpOp)
    a, c, _, _ = _aligned_pair(b, op)
    return b.cmp(_CMP[op.predicate.data], a, c)


def _lower_min_max(b: Builder, op: Operation) -> SSAValue:
    a, c, exact_width, exact_frac = _aligned_pair(b, op)
    width, frac, _ = _format(op.results[0].type)
    first = b.cmp("slt" if isinstance(op, MinOp) else "sgt", a, c)
    chosen = b.select(first, a, c)
    return b.quantize(Raw(chosen, exact_width, exact_frac, True), width, frac)


def _lower_cast(b: Builder, op: Operation) -> SSAValue:
    assert isinstance(op, CastOp)
    source, target = op.input.type, op.result.type
    value = op.input
    if source == target:
        return value
    if is_float(source) and is_float(target):
        return _float_to_float(b, value, target)
    if is_float(source):
        if isinstance(target, FixedPointType):
            return _float_to_fixed(b, value, target)
        return _float_to_int(b, value, target)
    x = b.raw(value)
    if is_float(target):
        return _to_float(b, x, target)
    if isinstance(target, FixedPointType):
        return b.quantize(x, target.width.data, target.frac.data)
    if x.frac == 0:
        return b.resize(x.value, bit_width(target), x.signed)
    return b.resize(_fixed_to_integer(b, x), bit_width(target), x.signed)


def _float_to_float(b: Builder, value: SSAValue, target: Attribute) -> SSAValue:
    source_bits = _float_bits(value.type)
    target_bits = _float_bits(target)
    if source_bits < target_bits:
        return b.add(arith.ExtFOp(value, target))
    return b.add(arith.TruncFOp(value, target))


def _float_bits(t: Attribute) -> int:
    return t.bitwidth  # pyright: ignore[reportAttributeAccessIssue]


def _float_to_int(b: Builder, value: SSAValue, target: Attribute) -> SSAValue:
    assert isinstance(target, IntegerType)
    convert = arith.FPToSIOp if is_signed_integer(target) else arith.FPToUIOp
    return b.add(convert(value, IntegerType(target.width.data)))


def _require_wide_float(op: Operation, t: Attribute) -> None:
    if _float_bits(t) < 32:
        raise AlloError(
            f"lower-fixed-point: fixed-point conversions with {t} are not "
            "supported; convert through f32",
            op,
        )


def _to_float(b: Builder, x: Raw, target: Attribute) -> SSAValue:
    """
    Integer or fixed point to a float: the integer rounded once to the
    nearest float, then scaled by a power of two (exact)."""
    assert isinstance(target, FLOAT_TYPES)
    convert = arith.SIToFPOp if x.signed else arith.UIToFPOp
    value = b.add(convert(x.value, target))
    if x.frac == 0:
        return value
    scale = b.float_const(2.0**-x.frac, target)
    return b.add(arith.MulfOp(value, scale))


def _fixed_to_integer(b: Builder, x: Raw) -> SSAValue:
    """
    ap_fixed's `to_ap_int_base`: round toward zero, in `x.width` bits;
    with no integer bits a negative value gives -1."""
    if x.frac == x.width:
        if not x.signed:
            return b.const(0, x.width)
        return b.shr(x.value, x.width - 1, True)
    floor = b.shr(x.value, x.frac, x.signed)
    if not x.signed:
        return floor
    fraction = b.binary(arith.AndIOp, x.value, b.const((1 << x.frac) - 1, x.width))
    inexact = b.cmp("ne", fraction, b.const(0, x.width))
    negative = b.cmp("slt", x.value, b.const(0, x.width))
    carry = b.resize(b.binary(arith.AndIOp, inexact, negative), x.width, False)
    return b.binary(arith.AddiOp, floor, carry)


def _float_to_fixed(b: Builder, value: SSAValue, target: FixedPointType) -> SSAValue:
    """
    ap_fixed's constructor from double: the IEEE fields, the mantissa
    (with its hidden bit, negated for negative values) shifted to `frac`
    fractional bits (floor), then wrapped to `width` bits."""
    width, frac = target.width.data, target.frac.data
    if not isinstance(value.type, Float64Type):
        value = b.add(arith.ExtFOp(value, f64))
    bits = b.add(arith.BitcastOp(value, i64))
    c = b.const
    magnitude = b.binary(arith.AndIOp, bits, c((1 << 63) - 1, 64))
    zero = b.cmp("eq", magnitude, c(0, 64))
    negative = b.cmp("slt", bits, c(0, 64))
    exponent = b.binary(
        arith.AndIOp,
        b.shr(bits, _F64_MANTISSA, False),
        c(_F64_EXPONENT_MASK, 64),
    )
    mantissa = b.binary(
        arith.OrIOp,
        b.binary(arith.AndIOp, bits, c((1 << _F64_MANTISSA) - 1, 64)),
        c(1 << _F64_MANTISSA, 64),
    )
    signed_mantissa = b.select(
        negative, b.binary(arith.SubiOp, c(0, 64), mantissa), mantissa
    )
    # value = mantissa * 2**-(1075 - exponent): shift right by `excess`
    # fractional bits (or left by -excess).
    excess = b.binary(arith.SubiOp, c(_F64_BIAS_AND_MANTISSA - frac, 64), exponent)
    right = b.cmp("sgt", excess, c(0, 64))
    right_amount = b.binary(
        arith.MaxSIOp, b.binary(arith.MinSIOp, excess, c(63, 64)), c(0, 64)
    )
    shifted_right = b.resize(
        b.binary(arith.ShRSIOp, signed_mantissa, right_amount), width, True
    )
    wide = max(width, 64)
    left = b.binary(arith.SubiOp, c(0, 64), excess)
    in_range = b.cmp("slt", left, c(wide, 64))
    left_amount = b.binary(
        arith.MaxSIOp, b.binary(arith.MinSIOp, left, c(wide - 1, 64)), c(0, 64)
    )
    shifted_left = b.binary(
        arith.ShLIOp,
        b.resize(signed_mantissa, wide, True),
        b.resize(left_amount, wide, False),
    )
    shifted_left = b.resize(b.select(in_range, shifted_left, c(0, wide)), width, True)
    result = b.select(right, shifted_right, shifted_left)
    return b.select(zero, c(0, width), result)


_LOWERINGS: dict[type[Operation], Lowering] = {
    AddOp: _lower_add_sub,
    SubOp: _lower_add_sub,
    MulOp: _lower_mul,
    DivOp: _lower_div,
    MinOp: _lower_min_max,
    MaxOp: _lower_min_max,
    CmpOp: _lower_cmp,
    CastOp: _lower_cast,
}


# ----- types -----


def convert_type(t: Attribute) -> Attribute:
    """
    `t` with fixed-point types replaced by their raw integers and every
    integer type signless, also inside memrefs, functions, streams, ..."""
    if isinstance(t, FixedPointType):
        return IntegerType(t.width.data)
    if isinstance(t, IntegerType):
        if t.signedness.data == Signedness.SIGNLESS:
            return t
        return IntegerType(t.width.data)
    if isinstance(t, IntegerAttr):
        new_type = convert_type(t.type)
        if new_type == t.type:
            return t
        assert isinstance(new_type, IntegerType)
        width = new_type.width.data
        value = t.value.data if width == 1 else wrap_signed(t.value.data, width)
        return IntegerAttr(value, new_type)
    if isinstance(t, ArrayAttr):
        items = [convert_type(a) for a in t.data]
        return t if items == list(t.data) else ArrayAttr(items)
    if isinstance(t, DictionaryAttr):
        entries = {k: convert_type(v) for k, v in t.data.items()}
        return t if entries == dict(t.data) else DictionaryAttr(entries)
    if isinstance(t, ParametrizedAttribute):
        params = [convert_type(p) for p in t.parameters]
        if params != list(t.parameters):
            return type(t).new(params)
    return t
