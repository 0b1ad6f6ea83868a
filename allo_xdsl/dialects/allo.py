"""
The `allo` dialect: algorithm-level data types and ops that upstream MLIR
lacks.

Types: `!allo.fixed<W, F>` and `!allo.ufixed<W, F>` (`dialects/fixed_point.py`,
which also reads the short type names of schedules, `parse_type_spec`).

Fixed-point arithmetic models the C++ statement `R r = a OP b;` on
`ap_fixed`: the operands may have any formats, the operation is computed in
ap_fixed's full-precision result type, then quantized to the result type `R`
on assignment (round toward minus infinity, keep the low `W` bits):

```mlir
%s = allo.add %a, %b : !allo.fixed<16, 8>       // operands and result of one type
%p = allo.mul %a, %b : (!allo.fixed<8, 4>, !allo.ufixed<8, 8>) -> !allo.fixed<16, 8>
%q = allo.div %a, %b : !allo.fixed<16, 8>
%m = allo.max %a, %b : !allo.fixed<16, 8>       // also allo.sub, allo.min
%c = allo.cmp lt, %a, %b : !allo.fixed<16, 8>   // eq ne lt le gt ge; -> i1
%d = allo.cmp ge, %a, %b : !allo.fixed<16, 8>, !allo.ufixed<4, 2>
```

- `add`, `sub`, `mul`, `min`, `max` are exact before the quantization.
- `div` is ap_fixed's `operator/`: the quotient keeps the dividend's
  fractional bits, rounded toward zero, in `ap_fixed`'s quotient width
  (`-min / -1` wraps there, as in the C simulation). Division by zero is
  undefined.
- `cmp` compares the exact values, whatever the signedness of the operands
  (C++'s `<` on mixed signed/unsigned ap_fixed of 32 bits or more compares
  unsigned; the emitter avoids that).

Conversions:

```mlir
%f = allo.cast %a : !allo.fixed<16, 8> to f32     // fixed, iN, uiN, f16/bf16/f32/f64
%i = allo.bitcast %a : !allo.fixed<16, 8> to i16  // the raw bits; same width
```

`allo.cast` converts values as C++ assignment does: to fixed point, floor
then wrap (from an integer `n`: `n * 2**F` wrapped; from a float: exact);
fixed point to an integer rounds toward zero (ap_fixed's `to_int`, so a
negative `fixed<W, W>` gives -1), then wraps; fixed point to a float rounds to
nearest even; integers extend by their own signedness (signless `iN` is
signed, `uiN` unsigned) and wrap; floats to integers truncate (undefined out
of range). `i1` and `index` are not converted (use `arith`).

Bit operations, on integers (`get_bit`, `set_bit`, `get_slice`, `set_slice`
also on the raw bits of fixed-point values); indices are `index` values,
bit 0 is the least significant:

```mlir
%b = allo.get_bit %x[%i] : i12                       // -> i1
%y = allo.set_bit %x[%i], %b : i12                   // %x with bit %i set to %b
%s = allo.get_slice %x[%hi : %lo] : i33 -> i8        // bits hi..lo (unsigned)
%z = allo.set_slice %x[%hi : %lo], %v : i33, i8      // bits hi..lo replaced by %v
%r = allo.bit_reverse %x : i12
```

`set_slice` extends `%v` by its signedness (or keeps its low bits) to the
slice width, as ap_int's `x.range(hi, lo) = v` does. Indices out of range
(`lo > hi`, `hi >= W`) are undefined.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Sequence
from typing import Self

from xdsl.dialects.arith import ConstantOp
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FunctionType,
    IndexType,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    i1,
)
from xdsl.ir import (
    Attribute,
    Dialect,
    Operation,
    SSAValue,
)
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from allo_xdsl.dialects.fixed_point import FixedPointType as FixedPointType
from allo_xdsl.dialects.fixed_point import FixedType as FixedType
from allo_xdsl.dialects.fixed_point import UFixedType as UFixedType
from allo_xdsl.dialects.fixed_point import fixed_point_error as fixed_point_error
from allo_xdsl.dialects.fixed_point import parse_type_spec as parse_type_spec

# ----- what the ops accept -----

FLOAT_TYPES = (Float16Type, BFloat16Type, Float32Type, Float64Type)


def is_fixed(t: Attribute) -> bool:
    return isinstance(t, FixedPointType)


def is_integer(t: Attribute) -> bool:
    return isinstance(t, IntegerType)


def is_float(t: Attribute) -> bool:
    return isinstance(t, FLOAT_TYPES)


def is_signed_integer(t: IntegerType) -> bool:
    """
    Signless `iN` reads as signed (as in C++ and `ap_int`), `uiN` as
    unsigned."""
    return t.signedness.data != Signedness.UNSIGNED


def bit_width(t: Attribute) -> int | None:
    """The width of an integer or fixed-point type, None for other types."""
    if isinstance(t, FixedPointType):
        return t.width.data
    if isinstance(t, IntegerType):
        return t.bitwidth
    return None


def constant_int(value: SSAValue) -> int | None:
    """The value of `value` if an `arith.constant` defines it."""
    owner = value.owner
    if isinstance(owner, ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


def _require_fixed(op: Operation, t: Attribute, what: str) -> None:
    if is_fixed(t):
        return
    hint = ""
    if is_integer(t) or is_float(t):
        hint = " (use arith on integers and floats, allo.cast to convert)"
    raise VerifyException(f"'{op.name}' expects a fixed-point {what}, got {t}{hint}")


def _parse_operands(parser: Parser, count: int) -> list[UnresolvedOperand]:
    operands = [parser.parse_unresolved_operand()]
    for _ in range(count - 1):
        parser.parse_punctuation(",")
        operands.append(parser.parse_unresolved_operand())
    return operands


def _print_operands(printer: Printer, operands: Sequence[SSAValue]) -> None:
    printer.print_string(" ")
    printer.print_list(operands, printer.print_operand)


# ----- fixed-point arithmetic -----


class FixedBinaryOp(IRDLOperation, ABC):
    """
    `%r = allo.OP %a, %b : T` (operands and result of type `T`) or
    `%r = allo.OP %a, %b : (Ta, Tb) -> R`: `a OP b` in ap_fixed's full
    precision, quantized to `R` (see the module doc).
    """

    lhs = operand_def()
    rhs = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(
        self,
        lhs: SSAValue | Operation,
        rhs: SSAValue | Operation,
        result_type: Attribute | None = None,
    ):
        if result_type is None:
            result_type = SSAValue.get(lhs).type
        super().__init__(operands=[lhs, rhs], result_types=[result_type])

    def verify_(self) -> None:
        _require_fixed(self, self.lhs.type, "left operand")
        _require_fixed(self, self.rhs.type, "right operand")
        _require_fixed(self, self.result.type, "result")

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        lhs, rhs = _parse_operands(parser, 2)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        pos = parser.pos
        t = parser.parse_type()
        if isinstance(t, FunctionType):
            if len(t.inputs) != 2 or len(t.outputs) != 1:
                parser.raise_error(
                    f"expected '(Ta, Tb) -> R' or a single type, got {t}", pos
                )
            (lhs_type, rhs_type), (result_type,) = t.inputs.data, t.outputs.data
        else:
            lhs_type = rhs_type = result_type = t
        op = cls(
            parser.resolve_operand(lhs, lhs_type),
            parser.resolve_operand(rhs, rhs_type),
            result_type,
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_operands(printer, self.operands)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        types = (self.lhs.type, self.rhs.type, self.result.type)
        if types[0] == types[1] == types[2]:
            printer.print_attribute(types[0])
            return
        printer.print_attribute(FunctionType.from_lists(types[:2], types[2:]))


@irdl_op_definition
class AddOp(FixedBinaryOp):
    """Fixed-point `a + b`, quantized to the result type."""

    name = "allo.add"


@irdl_op_definition
class SubOp(FixedBinaryOp):
    """Fixed-point `a - b`, quantized to the result type."""

    name = "allo.sub"


@irdl_op_definition
class MulOp(FixedBinaryOp):
    """Fixed-point `a * b`, quantized to the result type."""

    name = "allo.mul"


@irdl_op_definition
class DivOp(FixedBinaryOp):
    """
    Fixed-point `a / b` as ap_fixed's `operator/`, quantized to the
    result type."""

    name = "allo.div"


@irdl_op_definition
class MinOp(FixedBinaryOp):
    """The smaller of `a` and `b`, quantized to the result type."""

    name = "allo.min"


@irdl_op_definition
class MaxOp(FixedBinaryOp):
    """The larger of `a` and `b`, quantized to the result type."""

    name = "allo.max"


CMP_PREDICATES = ("eq", "ne", "lt", "le", "gt", "ge")


@irdl_op_definition
class CmpOp(IRDLOperation):
    """
    `%c = allo.cmp PRED, %a, %b : T` (or `: Ta, Tb`): compare the exact values
    of two fixed-point operands; PRED is one of eq, ne, lt, le, gt, ge.
    """

    name = "allo.cmp"

    predicate = prop_def(StringAttr)
    lhs = operand_def()
    rhs = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(
        self, predicate: str, lhs: SSAValue | Operation, rhs: SSAValue | Operation
    ):
        super().__init__(
            operands=[lhs, rhs],
            result_types=[i1],
            properties={"predicate": StringAttr(predicate)},
        )

    def verify_(self) -> None:
        if self.predicate.data not in CMP_PREDICATES:
            raise VerifyException(
                f"unknown predicate '{self.predicate.data}'; expected one of "
                f"{', '.join(CMP_PREDICATES)}"
            )
        _require_fixed(self, self.lhs.type, "left operand")
        _require_fixed(self, self.rhs.type, "right operand")
        if self.result.type != i1:
            raise VerifyException(f"result must be i1, got {self.result.type}")

    @classmethod
    def parse(cls, parser: Parser) -> CmpOp:
        predicate = parser.parse_keyword_in(CMP_PREDICATES, " (a predicate)")
        parser.parse_punctuation(",")
        lhs, rhs = _parse_operands(parser, 2)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        lhs_type = parser.parse_type()
        rhs_type = lhs_type
        if parser.parse_optional_punctuation(",") is not None:
            rhs_type = parser.parse_type()
        op = cls(
            predicate,
            parser.resolve_operand(lhs, lhs_type),
            parser.resolve_operand(rhs, rhs_type),
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.predicate.data},")
        _print_operands(printer, self.operands)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.lhs.type)
        if self.rhs.type != self.lhs.type:
            printer.print_string(", ")
            printer.print_attribute(self.rhs.type)


# ----- conversions -----


def _cast_type_error(t: Attribute) -> str | None:
    """Why `allo.cast` does not convert values of type `t`, if it does not."""
    if isinstance(t, IndexType):
        return "does not convert index values (use arith.index_cast)"
    if is_integer(t) and bit_width(t) == 1:
        return "does not convert i1 values (use allo.cmp, arith.cmpi or arith.select)"
    if is_fixed(t) or is_integer(t) or is_float(t):
        return None
    return f"does not convert values of type {t}"


class ConversionOp(IRDLOperation, ABC):
    """`%r = allo.OP %x : T to R`."""

    input = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"

    def __init__(self, value: SSAValue | Operation, result_type: Attribute):
        super().__init__(operands=[value], result_types=[result_type])


@irdl_op_definition
class CastOp(ConversionOp):
    """
    Convert a value between fixed-point, integer and float types, as C++
    assignment between the corresponding Vitis types does (see the module
    doc)."""

    name = "allo.cast"

    def verify_(self) -> None:
        for t in (self.input.type, self.result.type):
            if (error := _cast_type_error(t)) is not None:
                raise VerifyException(f"'{self.name}' {error}")


@irdl_op_definition
class BitcastOp(ConversionOp):
    """
    Reinterpret the bits of a fixed-point or integer value as another
    fixed-point or integer type of the same width."""

    name = "allo.bitcast"

    def verify_(self) -> None:
        source, target = self.input.type, self.result.type
        for t in (source, target):
            if bit_width(t) is None:
                raise VerifyException(
                    f"'{self.name}' expects fixed-point or integer types, got {t}"
                )
        if bit_width(source) != bit_width(target):
            raise VerifyException(
                f"width mismatch: {source} has {bit_width(source)} bits, "
                f"{target} has {bit_width(target)}"
            )


# ----- bit operations -----


def _require_bits(op: Operation, t: Attribute, fixed_ok: bool) -> int:
    width = bit_width(t)
    if width is None or (is_fixed(t) and not fixed_ok):
        kinds = "an integer or fixed-point" if fixed_ok else "an integer"
        raise VerifyException(f"'{op.name}' expects {kinds} value, got {t}")
    return width


def _require_index(op: Operation, value: SSAValue, what: str) -> None:
    if not isinstance(value.type, IndexType):
        raise VerifyException(f"'{op.name}' expects an index {what}, got {value.type}")


def _require_same(op: Operation, value: SSAValue, result: SSAValue) -> None:
    if value.type != result.type:
        raise VerifyException(
            f"width mismatch: the result type {result.type} of '{op.name}' must "
            f"be the type of its operand, {value.type}"
        )


def _check_bit_index(value: SSAValue, width: int, what: str) -> int | None:
    index = constant_int(value)
    if index is not None and not 0 <= index < width:
        raise VerifyException(
            f"{what} {index} is out of range for a {width}-bit value (0..{width - 1})"
        )
    return index


def _check_slice(hi: SSAValue, lo: SSAValue, width: int) -> None:
    high = _check_bit_index(hi, width, "high bit")
    low = _check_bit_index(lo, width, "low bit")
    if high is not None and low is not None and low > high:
        raise VerifyException(f"low bit {low} is above high bit {high}")


def _parse_indexed(
    parser: Parser, count: int
) -> tuple[UnresolvedOperand, list[SSAValue]]:
    """`%x[%i]` (count 1) or `%x[%hi : %lo]` (count 2)."""
    value = parser.parse_unresolved_operand()
    parser.parse_punctuation("[")
    indices = [parser.parse_unresolved_operand()]
    if count == 2:
        parser.parse_punctuation(":")
        indices.append(parser.parse_unresolved_operand())
    parser.parse_punctuation("]")
    return value, [parser.resolve_operand(i, IndexType()) for i in indices]


def _print_indexed(
    printer: Printer, value: SSAValue, indices: Sequence[SSAValue]
) -> None:
    printer.print_string(" ")
    printer.print_operand(value)
    printer.print_string("[")
    printer.print_list(indices, printer.print_operand, " : ")
    printer.print_string("]")


@irdl_op_definition
class GetBitOp(IRDLOperation):
    """`%b = allo.get_bit %x[%i] : T`: bit `i` of `x`, as i1."""

    name = "allo.get_bit"

    value = operand_def()
    index = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, value: SSAValue | Operation, index: SSAValue | Operation):
        super().__init__(operands=[value, index], result_types=[i1])

    def verify_(self) -> None:
        width = _require_bits(self, self.value.type, fixed_ok=True)
        _require_index(self, self.index, "bit index")
        _check_bit_index(self.index, width, "bit index")
        if self.result.type != i1:
            raise VerifyException(f"result must be i1, got {self.result.type}")

    @classmethod
    def parse(cls, parser: Parser) -> GetBitOp:
        value, (index,) = _parse_indexed(parser, 1)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        op = cls(parser.resolve_operand(value, parser.parse_type()), index)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_indexed(printer, self.value, [self.index])
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)


@irdl_op_definition
class SetBitOp(IRDLOperation):
    """
    `%y = allo.set_bit %x[%i], %b : T`: `x` with bit `i` set to the i1
    `b`."""

    name = "allo.set_bit"

    value = operand_def()
    index = operand_def()
    bit = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(
        self,
        value: SSAValue | Operation,
        index: SSAValue | Operation,
        bit: SSAValue | Operation,
    ):
        value = SSAValue.get(value)
        super().__init__(operands=[value, index, bit], result_types=[value.type])

    def verify_(self) -> None:
        width = _require_bits(self, self.value.type, fixed_ok=True)
        _require_index(self, self.index, "bit index")
        _check_bit_index(self.index, width, "bit index")
        if self.bit.type != i1:
            raise VerifyException(f"the bit must be i1, got {self.bit.type}")
        _require_same(self, self.value, self.result)

    @classmethod
    def parse(cls, parser: Parser) -> SetBitOp:
        value, (index,) = _parse_indexed(parser, 1)
        parser.parse_punctuation(",")
        (bit,) = _parse_operands(parser, 1)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        t = parser.parse_type()
        op = cls(
            parser.resolve_operand(value, t), index, parser.resolve_operand(bit, i1)
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_indexed(printer, self.value, [self.index])
        printer.print_string(", ")
        printer.print_operand(self.bit)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)


@irdl_op_definition
class GetSliceOp(IRDLOperation):
    """
    `%s = allo.get_slice %x[%hi : %lo] : T -> R`: bits `hi` down to `lo`
    of `x` as an unsigned number, zero-extended or wrapped to the integer
    type `R`."""

    name = "allo.get_slice"

    value = operand_def()
    hi = operand_def()
    lo = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(
        self,
        value: SSAValue | Operation,
        hi: SSAValue | Operation,
        lo: SSAValue | Operation,
        result_type: Attribute,
    ):
        super().__init__(operands=[value, hi, lo], result_types=[result_type])

    def verify_(self) -> None:
        width = _require_bits(self, self.value.type, fixed_ok=True)
        _require_index(self, self.hi, "high bit")
        _require_index(self, self.lo, "low bit")
        _check_slice(self.hi, self.lo, width)
        if not is_integer(self.result.type):
            raise VerifyException(
                f"the result of '{self.name}' must be an integer, got "
                f"{self.result.type}"
            )

    @classmethod
    def parse(cls, parser: Parser) -> GetSliceOp:
        value, (hi, lo) = _parse_indexed(parser, 2)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        t = parser.parse_type()
        parser.parse_punctuation("->")
        op = cls(parser.resolve_operand(value, t), hi, lo, parser.parse_type())
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_indexed(printer, self.value, [self.hi, self.lo])
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)


@irdl_op_definition
class SetSliceOp(IRDLOperation):
    """
    `%y = allo.set_slice %x[%hi : %lo], %v : T, V`: `x` with bits `hi`
    down to `lo` replaced by the integer `v`, extended by its signedness or
    wrapped to the slice width."""

    name = "allo.set_slice"

    value = operand_def()
    hi = operand_def()
    lo = operand_def()
    replacement = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(
        self,
        value: SSAValue | Operation,
        hi: SSAValue | Operation,
        lo: SSAValue | Operation,
        replacement: SSAValue | Operation,
    ):
        value = SSAValue.get(value)
        super().__init__(
            operands=[value, hi, lo, replacement], result_types=[value.type]
        )

    def verify_(self) -> None:
        width = _require_bits(self, self.value.type, fixed_ok=True)
        _require_index(self, self.hi, "high bit")
        _require_index(self, self.lo, "low bit")
        _check_slice(self.hi, self.lo, width)
        t = self.replacement.type
        if not is_integer(t) or bit_width(t) == 1:
            raise VerifyException(
                f"the new bits of '{self.name}' must be an integer wider than "
                f"i1, got {t} (use allo.set_bit for one bit)"
            )
        _require_same(self, self.value, self.result)

    @classmethod
    def parse(cls, parser: Parser) -> SetSliceOp:
        value, (hi, lo) = _parse_indexed(parser, 2)
        parser.parse_punctuation(",")
        (replacement,) = _parse_operands(parser, 1)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        t = parser.parse_type()
        parser.parse_punctuation(",")
        replacement_type = parser.parse_type()
        op = cls(
            parser.resolve_operand(value, t),
            hi,
            lo,
            parser.resolve_operand(replacement, replacement_type),
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_indexed(printer, self.value, [self.hi, self.lo])
        printer.print_string(", ")
        printer.print_operand(self.replacement)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)
        printer.print_string(", ")
        printer.print_attribute(self.replacement.type)


@irdl_op_definition
class BitReverseOp(IRDLOperation):
    """
    `%r = allo.bit_reverse %x : T`: the bits of the integer `x` in reverse
    order (bit 0 becomes bit W-1)."""

    name = "allo.bit_reverse"

    value = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, value: SSAValue | Operation):
        value = SSAValue.get(value)
        super().__init__(operands=[value], result_types=[value.type])

    def verify_(self) -> None:
        _require_bits(self, self.value.type, fixed_ok=False)
        _require_same(self, self.value, self.result)

    @classmethod
    def parse(cls, parser: Parser) -> BitReverseOp:
        (value,) = _parse_operands(parser, 1)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        op = cls(parser.resolve_operand(value, parser.parse_type()))
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        _print_operands(printer, self.operands)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)


FIXED_ARITH_OPS: tuple[type[FixedBinaryOp], ...] = (
    AddOp,
    SubOp,
    MulOp,
    DivOp,
    MinOp,
    MaxOp,
)
BIT_OPS: tuple[type[IRDLOperation], ...] = (
    GetBitOp,
    SetBitOp,
    GetSliceOp,
    SetSliceOp,
    BitReverseOp,
)


Allo = Dialect(
    "allo",
    [*FIXED_ARITH_OPS, CmpOp, CastOp, BitcastOp, *BIT_OPS],
    [
        FixedType,
        UFixedType,
    ],
)
