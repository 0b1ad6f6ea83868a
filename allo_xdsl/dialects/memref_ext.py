"""
xDSL's `memref` dialect, with MLIR's custom syntax for the ops that
upstream tools (mlir-opt, torch-mlir, Polygeist) print and xDSL 0.74 reads
in generic form only:

```mlir
memref.global "private" constant @w : memref<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
memref.global @buf : memref<4xi32> = uninitialized
memref.copy %a, %b : memref<4xf32> to memref<4xf32>
%c = memref.cast %a : memref<4xf32> to memref<?xf32>
```

Each op subclasses xDSL's, so code matching xDSL's op also matches it.
"""

from __future__ import annotations

from io import StringIO

from xdsl.dialects import memref
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    IntegerAttr,
    MemRefType,
    StringAttr,
    TensorType,
    UnitAttr,
)
from xdsl.ir import Attribute, Dialect, Operation
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.hints import isa


class GlobalOp(memref.GlobalOp):
    """
    `memref.global` in MLIR's custom syntax:
    `memref.global ["vis"] [constant] @name : type [= dense<...> | uninitialized]
    [{attrs}]`."""

    @classmethod
    def parse(cls, parser: Parser) -> GlobalOp:
        visibility = parser.parse_optional_str_literal() or "public"
        constant = parser.parse_optional_keyword("constant") is not None
        name = parser.parse_symbol_name()
        parser.parse_punctuation(":")
        pos = parser.pos
        t = parser.parse_type()
        if not isa(t, MemRefType[Attribute]):
            parser.raise_error("expected a memref type", pos)
        initial: Attribute = UnitAttr()
        if parser.parse_optional_punctuation("=") is not None:
            initial = _parse_initial_value(parser, t)
        attributes = parser.parse_optional_attr_dict()
        properties: dict[str, Attribute] = {
            "sym_name": name,
            "sym_visibility": StringAttr(visibility),
            "type": t,
            "initial_value": initial,
        }
        if constant:
            properties["constant"] = UnitAttr()
        alignment = attributes.pop("alignment", None)
        if isinstance(alignment, IntegerAttr):
            properties["alignment"] = alignment
        op = cls.create(properties=properties)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if self.sym_visibility.data != "public":
            printer.print_string_literal(self.sym_visibility.data)
            printer.print_string(" ")
        if self.constant is not None:
            printer.print_string("constant ")
        printer.print_symbol_name(self.sym_name.data)
        printer.print_string(" : ")
        printer.print_attribute(self.type)
        if isinstance(self.initial_value, DenseIntOrFPElementsAttr):
            printer.print_string(" = ")
            # `dense<...>` without its type, which is the memref's shape.
            text = _attribute_text(self.initial_value)
            printer.print_string(text.rsplit(" : ", 1)[0])
        else:
            printer.print_string(" = uninitialized")
        extra = dict(self.attributes)
        if self.alignment is not None:
            extra["alignment"] = self.alignment
        printer.print_op_attributes(extra)


def _parse_initial_value(parser: Parser, t: MemRefType[Attribute]) -> Attribute:
    if parser.parse_optional_keyword("uninitialized") is not None:
        return UnitAttr()
    pos = parser.pos
    if parser.parse_optional_keyword("dense") is None:
        parser.raise_error(
            "expected 'dense<...>' or 'uninitialized' as the initial value of a "
            "memref.global (dense_resource and other forms are not supported)",
            pos,
        )
    tensor = TensorType(t.element_type, t.get_shape())
    return parser.parse_dense_int_or_fp_elements_attr(tensor)  # pyright: ignore[reportArgumentType]


def _attribute_text(attr: Attribute) -> str:
    out = StringIO()
    Printer(stream=out).print_attribute(attr)
    return out.getvalue()


class CopyOp(memref.CopyOp):
    """`memref.copy %src, %dst : type to type`."""

    @classmethod
    def parse(cls, parser: Parser) -> CopyOp:
        source = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        target = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        source_type = parser.parse_type()
        parser.parse_keyword("to")
        target_type = parser.parse_type()
        attributes = parser.parse_optional_attr_dict()
        op = cls(
            parser.resolve_operand(source, source_type),
            parser.resolve_operand(target, target_type),
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.source)
        printer.print_string(", ")
        printer.print_operand(self.destination)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)
        printer.print_string(" to ")
        printer.print_attribute(self.destination.type)


class CastOp(memref.CastOp):
    """`%r = memref.cast %src : type to type`."""

    @classmethod
    def parse(cls, parser: Parser) -> CastOp:
        source = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        source_type = parser.parse_type()
        parser.parse_keyword("to")
        result_type = parser.parse_type()
        attributes = parser.parse_optional_attr_dict()
        op = cls.create(
            operands=[parser.resolve_operand(source, source_type)],
            result_types=[result_type],
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.source)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)
        printer.print_string(" to ")
        printer.print_attribute(self.dest.type)


_REPLACED: dict[type[Operation], type[Operation]] = {
    memref.GlobalOp: GlobalOp,
    memref.CopyOp: CopyOp,
    memref.CastOp: CastOp,
}

MemRefExt = Dialect(
    "memref",
    [_REPLACED.get(op, op) for op in memref.MemRef.operations],
    list(memref.MemRef.attributes),
)
