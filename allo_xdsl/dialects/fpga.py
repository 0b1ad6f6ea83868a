"""
The `fpga` dialect: hardware structure that upstream MLIR does not model.

Streams (FIFOs between dataflow processes) of `depth` elements of type `T`;
the name and `elements` (the number of elements put in all, which
`lower-streams` sizes the replacing buffer with) are optional:

```mlir
%s = fpga.stream_create "fifo0" elements 16 : !fpga.stream<f32, 4>
fpga.stream_put %s, %v element [%i, %j + 1] : !fpga.stream<f32, 4>
%w = fpga.stream_get %s : !fpga.stream<f32, 4>
%x = fpga.stream_get %s position [%k] : !fpga.stream<f32, 4>
```

A put or get that `to` made names the element of the replaced buffer it
moves (not an address: what `analysis.stream_order` checks the order with);
`position [%k]` (a fork's splitter) names the stream's k-th element.

Array partitioning is a row-major memref layout with one entry per
dimension (`none`, `cyclic N`, `block N`, `complete`): `memref<8x8xf32,
#fpga.partition<[cyclic 4, none]>>`; a call must pass the partition its
callee's parameter has.

Loop and function hints are discardable attributes (`fpga.pipeline_ii = 2`,
`fpga.unroll = 0`, `fpga.dataflow`, ...), defined at the end of this file:
each has one name and one check of its value, which `verify_fpga` and the
setters of `allo_xdsl.analysis.hints` (the typed read and write API that
passes, targets and the QoR model use) both run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import cast

from xdsl.dialects.builtin import (
    I64,
    AffineMapAttr,
    ArrayAttr,
    DictionaryAttr,
    IndexType,
    IntAttr,
    IntegerAttr,
    IntegerType,
    MemRefLayoutAttr,
    MemRefType,
    NoneAttr,
    StringAttr,
    UnitAttr,
    i64,
)
from xdsl.dialects.utils import EnumAttribute
from xdsl.ir import (
    Attribute,
    Dialect,
    Operation,
    ParametrizedAttribute,
    SpacedOpaqueSyntaxAttribute,
    SSAValue,
    TypeAttribute,
)
from xdsl.ir.affine import (
    AffineMap,
)
from xdsl.irdl import (
    AtLeast,
    IRDLOperation,
    eq,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    result_def,
    var_operand_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.hints import isa
from xdsl.utils.str_enum import StrEnum

from allo_xdsl.dialects.ssa_affine import parse_subscript, print_subscript


class PartitionKind(StrEnum):
    """How one dimension of an array is partitioned."""

    NONE = "none"
    CYCLIC = "cyclic"
    BLOCK = "block"
    COMPLETE = "complete"


class StorageImpl(StrEnum):
    """The memory resource a buffer is bound to (`bind_storage`)."""

    BRAM = "bram"
    URAM = "uram"
    LUTRAM = "lutram"


class StorageType(StrEnum):
    """The port configuration of a bound memory (`bind_storage`)."""

    RAM_1P = "ram_1p"
    RAM_2P = "ram_2p"
    RAM_T2P = "ram_t2p"
    RAM_S2P = "ram_s2p"


class InterfaceMode(StrEnum):
    """The port of a top-function parameter (`interface`)."""

    M_AXI = "m_axi"
    S_AXILITE = "s_axilite"


# The enums as attributes (`#fpga<storage_impl bram>`), for op properties.
@irdl_attr_definition
class PartitionKindAttr(EnumAttribute[PartitionKind], SpacedOpaqueSyntaxAttribute):
    name = "fpga.partition_kind"


@irdl_attr_definition
class StorageImplAttr(EnumAttribute[StorageImpl], SpacedOpaqueSyntaxAttribute):
    name = "fpga.storage_impl"


@irdl_attr_definition
class StorageTypeAttr(EnumAttribute[StorageType], SpacedOpaqueSyntaxAttribute):
    name = "fpga.storage_type"


@irdl_attr_definition
class InterfaceModeAttr(EnumAttribute[InterfaceMode], SpacedOpaqueSyntaxAttribute):
    name = "fpga.interface_mode"


NONE = PartitionKind.NONE.value
CYCLIC = PartitionKind.CYCLIC.value
BLOCK = PartitionKind.BLOCK.value
COMPLETE = PartitionKind.COMPLETE.value
PARTITION_KINDS = tuple(k.value for k in PartitionKind)
# The kinds a schedule may request (`none` only describes a dimension).
REQUESTABLE_PARTITION_KINDS = (CYCLIC, BLOCK, COMPLETE)
STORAGE_IMPLS = tuple(k.value for k in StorageImpl)
STORAGE_TYPES = tuple(k.value for k in StorageType)
INTERFACE_MODES = tuple(k.value for k in InterfaceMode)
_FACTORED = (CYCLIC, BLOCK)


@irdl_attr_definition
class StreamType(ParametrizedAttribute, TypeAttribute):
    """A FIFO of `depth` elements of type `element_type`."""

    name = "fpga.stream"

    element_type: Attribute
    depth: IntAttr

    def __init__(self, element_type: Attribute, depth: int | IntAttr):
        if isinstance(depth, int):
            depth = IntAttr(depth)
        super().__init__(element_type, depth)

    # Custom syntax: `<T, depth>` with a bare integer depth (the generic
    # syntax would spell an `IntAttr` parameter `#builtin.int<4>`).
    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            element_type = parser.parse_type()
            parser.parse_punctuation(",")
            pos = parser.pos
            depth = parser.parse_integer(allow_boolean=False)
            if depth < 1:
                parser.raise_error(
                    f"!fpga.stream: depth must be >= 1, got {depth}", pos, parser.pos
                )
        return (element_type, IntAttr(depth))

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_attribute(self.element_type)
            printer.print_string(f", {self.depth.data}")

    def verify(self) -> None:
        if not isinstance(self.element_type, TypeAttribute):
            raise VerifyException(
                f"!fpga.stream: element type must be a type, got {self.element_type}"
            )
        if self.depth.data < 1:
            raise VerifyException(
                f"!fpga.stream: depth must be >= 1, got {self.depth.data}"
            )


@irdl_op_definition
class StreamCreateOp(IRDLOperation):
    """
    Create a stream, named `name` in the generated code when given;
    `elements`, when given, is the number of elements put into it in all."""

    name = "fpga.stream_create"

    stream_name = opt_prop_def(StringAttr, prop_name="name")
    elements = opt_prop_def(IntegerAttr.constr(value=AtLeast(1), type=eq(i64)))
    stream = result_def(StreamType)

    def __init__(
        self,
        stream_type: StreamType,
        name: str | None = None,
        elements: int | None = None,
    ):
        properties: dict[str, Attribute] = {}
        if name is not None:
            properties["name"] = StringAttr(name)
        if elements is not None:
            properties["elements"] = IntegerAttr(elements, i64)
        super().__init__(result_types=[stream_type], properties=properties)

    @property
    def element_count(self) -> int | None:
        """`elements`, if given."""
        return None if self.elements is None else self.elements.value.data

    # Custom syntax: the declarative format would read the attribute
    # dictionary of `fpga.stream_create {tag} : ...` as the optional name.
    @classmethod
    def parse(cls, parser: Parser) -> StreamCreateOp:
        name = parser.parse_optional_str_literal()
        elements = None
        if parser.parse_optional_keyword("elements") is not None:
            elements = parser.parse_integer(
                allow_boolean=False, context_msg=" as the element count"
            )
            if elements > _I64_MAX:
                parser.raise_error(f"integer {elements} does not fit in 64 bits")
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        op = cls(_parse_stream_type(parser), name, elements)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        if self.stream_name is not None:
            printer.print_string(" ")
            printer.print_string_literal(self.stream_name.data)
        if self.element_count is not None:
            printer.print_string(f" elements {self.element_count}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.stream.type)


def _verify_element(stream: SSAValue, value_type: Attribute, what: str) -> None:
    stream_type = stream.type
    assert isinstance(stream_type, StreamType)
    if value_type != stream_type.element_type:
        raise VerifyException(
            f"{what} type {value_type} does not match the element type "
            f"{stream_type.element_type} of {stream_type}"
        )


ELEMENT = "element"  # the put's or get's element of the buffer
POSITION = "position"  # a relay's put's or get's place in the stream
ORDER_KINDS = (ELEMENT, POSITION)
_Order = tuple[str, AffineMap] | None


def _order_properties(order: _Order) -> dict[str, Attribute]:
    if order is None:
        return {}
    kind, amap = order
    assert kind in ORDER_KINDS
    return {kind: AffineMapAttr(amap)}


def _order_of(
    element: AffineMapAttr | None, position: AffineMapAttr | None
) -> tuple[str, AffineMap] | None:
    if element is not None:
        return ELEMENT, element.data
    if position is not None:
        return POSITION, position.data
    return None


def _verify_order(op: StreamPutOp | StreamGetOp) -> None:
    if op.element is not None and op.position is not None:
        raise VerifyException("has both an element and a position")
    order = op.order()
    wanted = 0 if order is None else order[1].num_dims + order[1].num_symbols
    if len(op.indices) != wanted:
        raise VerifyException(f"has {len(op.indices)} indices; its map takes {wanted}")
    if order is not None and order[0] == POSITION and len(order[1].results) != 1:
        raise VerifyException("a position has one result")


def _parse_tail(
    parser: Parser,
) -> tuple[_Order, Sequence[SSAValue], dict[str, Attribute], StreamType]:
    """`[element|position [...]] {attrs} : !fpga.stream<...>`."""
    order, indices = None, ()
    for kind in ORDER_KINDS:
        if parser.parse_optional_keyword(kind) is not None:
            amap, indices = parse_subscript(parser)
            order = (kind, amap)
            break
    attributes = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    return order, indices, attributes, _parse_stream_type(parser)


def _print_tail(printer: Printer, op: StreamPutOp | StreamGetOp) -> None:
    if (order := op.order()) is not None:
        printer.print_string(f" {order[0]} ")
        print_subscript(printer, order[1], op.indices)
    printer.print_op_attributes(op.attributes)
    printer.print_string(" : ")
    printer.print_attribute(op.stream.type)


# Stream put and get have custom syntax: the `element`/`position` subscript
# interleaves SSA names with an affine expression (`[%i, %j + 1]`), which the
# declarative format cannot express.
@irdl_op_definition
class StreamPutOp(IRDLOperation):
    """Push `value` into `stream` (blocking when it is full)."""

    name = "fpga.stream_put"

    stream = operand_def(StreamType)
    value = operand_def()
    indices = var_operand_def(IndexType)
    element = opt_prop_def(AffineMapAttr)
    position = opt_prop_def(AffineMapAttr)

    def __init__(
        self,
        stream: SSAValue | Operation,
        value: SSAValue | Operation,
        order: tuple[str, AffineMap] | None = None,
        indices: Sequence[SSAValue] = (),
    ):
        super().__init__(
            operands=[stream, value, indices], properties=_order_properties(order)
        )

    def order(self) -> tuple[str, AffineMap] | None:
        """(`element` or `position`, its map over `indices`), or None."""
        return _order_of(self.element, self.position)

    def verify_(self) -> None:
        _verify_element(self.stream, self.value.type, "value")
        _verify_order(self)

    @classmethod
    def parse(cls, parser: Parser) -> StreamPutOp:
        stream = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        value = parser.parse_unresolved_operand()
        order, indices, attributes, stream_type = _parse_tail(parser)
        op = cls(
            parser.resolve_operand(stream, stream_type),
            parser.resolve_operand(value, stream_type.element_type),
            order,
            indices,
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.stream)
        printer.print_string(", ")
        printer.print_operand(self.value)
        _print_tail(printer, self)


@irdl_op_definition
class StreamGetOp(IRDLOperation):
    """Pop the next element of `stream` (blocking when it is empty)."""

    name = "fpga.stream_get"

    stream = operand_def(StreamType)
    indices = var_operand_def(IndexType)
    result = result_def()
    element = opt_prop_def(AffineMapAttr)
    position = opt_prop_def(AffineMapAttr)

    def __init__(
        self,
        stream: SSAValue | Operation,
        order: tuple[str, AffineMap] | None = None,
        indices: Sequence[SSAValue] = (),
    ):
        stream = SSAValue.get(stream)
        assert isinstance(stream.type, StreamType)
        super().__init__(
            operands=[stream, indices],
            result_types=[stream.type.element_type],
            properties=_order_properties(order),
        )

    def order(self) -> tuple[str, AffineMap] | None:
        """(`element` or `position`, its map over `indices`), or None."""
        return _order_of(self.element, self.position)

    def verify_(self) -> None:
        _verify_element(self.stream, self.result.type, "result")
        _verify_order(self)

    @classmethod
    def parse(cls, parser: Parser) -> StreamGetOp:
        stream = parser.parse_unresolved_operand()
        order, indices, attributes, stream_type = _parse_tail(parser)
        op = cls(parser.resolve_operand(stream, stream_type), order, indices)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.stream)
        _print_tail(printer, self)


def _parse_stream_type(parser: Parser) -> StreamType:
    pos = parser.pos
    stream_type = parser.parse_type()
    if not isinstance(stream_type, StreamType):
        parser.raise_error(f"expected !fpga.stream type, got {stream_type}", pos)
    return stream_type


@irdl_attr_definition
class PartitionAttr(MemRefLayoutAttr, ParametrizedAttribute):
    """
    How each dimension of a memref is partitioned: `none`, `cyclic N`,
    `block N` (N banks) or `complete` (registers); keeps row-major addresses."""

    name = "fpga.partition"

    kinds: ArrayAttr[PartitionKindAttr]
    factors: ArrayAttr[IntAttr]

    def __init__(self, entries: Sequence[tuple[str, int]]):
        super().__init__(*_partition_parameters(entries))

    @property
    def entries(self) -> tuple[tuple[str, int], ...]:
        """`(kind, factor)` per dimension (factor 0 for `none` and `complete`)."""
        return tuple(
            (kind.data.value, factor.data)
            for kind, factor in zip(self.kinds, self.factors, strict=True)
        )

    @property
    def rank(self) -> int:
        return len(self.kinds)

    def get_affine_map(self) -> AffineMap:
        return AffineMap.identity(self.rank)

    def get_offset(self) -> int | None:
        return 0

    # Custom syntax: one `kind [factor]` entry per dimension
    # (`<[cyclic 4, none]>`), the factor only for the kinds that take one.
    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        start = parser.pos
        with parser.in_angle_brackets():
            entries = parser.parse_comma_separated_list(
                parser.Delimiter.SQUARE, lambda: _parse_partition_entry(parser)
            )
        if (error := partition_error(entries)) is not None:
            parser.raise_error(f"#fpga.partition: {error}", start, parser.pos)
        return _partition_parameters(entries)

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string("<[")
        printer.print_list(
            self.entries,
            lambda e: printer.print_string(f"{e[0]} {e[1]}" if e[1] else e[0]),
        )
        printer.print_string("]>")

    def verify(self) -> None:
        if len(self.kinds) != len(self.factors):
            raise VerifyException("#fpga.partition: expected as many factors as kinds")
        if (error := partition_error(self.entries)) is not None:
            raise VerifyException(f"#fpga.partition: {error}")


def _partition_parameters(
    entries: Sequence[tuple[str, int]],
) -> tuple[ArrayAttr[PartitionKindAttr], ArrayAttr[IntAttr]]:
    if any(kind not in PARTITION_KINDS for kind, _ in entries):
        raise VerifyException(f"#fpga.partition: {partition_error(entries)}")
    return (
        ArrayAttr(PartitionKindAttr(PartitionKind(kind)) for kind, _ in entries),
        ArrayAttr(IntAttr(factor) for _, factor in entries),
    )


def partition_error(entries: Sequence[tuple[str, int]]) -> str | None:
    """Why `entries` is not a valid partition, if it is not."""
    if not entries:
        return "expected at least one entry"
    for dim, (kind, factor) in enumerate(entries, start=1):
        if kind not in PARTITION_KINDS:
            return (
                f"unknown kind '{kind}' in dimension {dim}; expected one of "
                f"{', '.join(PARTITION_KINDS)}"
            )
        if kind in _FACTORED and factor < 1:
            return f"{kind} factor must be >= 1 in dimension {dim}, got {factor}"
        if kind not in _FACTORED and factor != 0:
            return f"{kind} takes no factor in dimension {dim}"
    if all(kind == NONE for kind, _ in entries):
        return "no dimension is partitioned; drop the layout"
    return None


def _parse_partition_entry(parser: AttrParser) -> tuple[str, int]:
    pos = parser.pos
    kind = parser.parse_optional_identifier()
    if kind is None or kind not in PARTITION_KINDS:
        parser.raise_error(
            f"expected a partition kind ({', '.join(PARTITION_KINDS)})", pos
        )
    if kind not in _FACTORED:
        return kind, 0
    pos = parser.pos
    factor = parser.parse_integer(
        allow_boolean=False, context_msg=f" as {kind} partition factor"
    )
    if factor > _I64_MAX:
        parser.raise_error(f"integer {factor} does not fit in 64 bits", pos, parser.pos)
    return kind, factor


_I64_MAX = 2**63 - 1


def partition_of(memref: MemRefType) -> PartitionAttr | None:
    """The partition of `memref`, if it has one."""
    layout = memref.layout
    return layout if isinstance(layout, PartitionAttr) else None


def partition_memref(
    memref: MemRefType, kind: str, dim: int, factor: int = 0
) -> MemRefType:
    """
    `memref` partitioned along `dim` (1-based; 0: every dimension), as the
    `partition` primitive does; `kind` `none` removes a partition. `memref`
    has no layout or a `PartitionAttr`."""
    rank = memref.get_num_dims()
    current = partition_of(memref)
    entries = list(current.entries) if current else [(NONE, 0)] * rank
    for d in range(rank) if dim == 0 else (dim - 1,):
        entries[d] = (kind, factor if kind in _FACTORED else 0)
    layout: PartitionAttr | NoneAttr = NoneAttr()
    if any(k != NONE for k, _ in entries):
        layout = PartitionAttr(entries)
    return MemRefType(memref.element_type, memref.shape, layout, memref.memory_space)


def partition_rank_error(memref: MemRefType) -> str | None:
    """Why the partition of `memref` does not fit its rank, if it does not."""
    layout = partition_of(memref)
    if layout is None or layout.rank == memref.get_num_dims():
        return None
    return (
        f"{memref}: the partition has {layout.rank} "
        f"{'entry' if layout.rank == 1 else 'entries'} but the memref has "
        f"rank {memref.get_num_dims()}"
    )


# Hints: discardable attributes on loops, functions, allocs and parameters,
# each with one name and one check (`FPGA_ATTRIBUTES`) of its value.
HINT_PREFIX = "fpga."
PIPELINE_II = "fpga.pipeline_ii"
"""i64 >= 1 on a loop: pipeline it with this initiation interval."""
REWIND = "fpga.rewind"
"""unit, with `fpga.pipeline_ii`: rewinding pipeline."""
UNROLL = "fpga.unroll"
"""i64 >= 0 on a loop: unroll by this factor (0: fully)."""
PARALLEL = "fpga.parallel"
"""unit on a loop: its iterations are independent."""
DATAFLOW = "fpga.dataflow"
"""unit on a function or a loop: a dataflow region."""
INLINE = "fpga.inline"
"""unit on a function: inline it into its callers."""
BIND_STORAGE = "fpga.bind_storage"
"""`{impl = "bram", type = "ram_2p"}` on an alloc or parameter: its memory."""
INTERFACE = "fpga.interface"
"""`{mode = "m_axi", bundle = "g0"}` (bundle optional) on a top's port."""
TOP = "fpga.top"
"""unit on a function: the kernel's top (its `return` is `s_axilite`)."""
# The upstream-MLIR export spells the hints `hls.*` (`hints-to-attributes`):
# no dialect owns that prefix, so MLIR tools keep them as discardable.
HLS_PREFIX = "hls."
HLS_STREAM_DEPTH = "hls.stream_depth"
"""On the `memref.alloc` of a lowered stream, or in the `arg_attrs` of a
lowered stream parameter: the depth (i64) the stream had."""
HLS_PARTITION = "hls.partition"
"""The partition of a buffer (alloc, global, argument, result) whose layout
`strip-layouts` removed: `[{dim = D, kind = "cyclic", factor = N}, ...]`."""


def hls_name(name: str) -> str:
    """`fpga.pipeline_ii` -> `hls.pipeline_ii`."""
    return HLS_PREFIX + name.removeprefix(HINT_PREFIX)


def _int_hint(minimum: int) -> Callable[[Attribute], str | None]:
    def check(attr: Attribute) -> str | None:
        if not isa(attr, IntegerAttr[I64]):
            return f"expects an i64 integer, got {attr}"
        value = attr.value.data
        return None if value >= minimum else f"must be >= {minimum}, got {value}"

    return check


def _unit_hint(attr: Attribute) -> str | None:
    return (
        None if isinstance(attr, UnitAttr) else f"expects a unit attribute, got {attr}"
    )


def hint_fields(
    attr: Attribute, required: set[str], allowed: set[str]
) -> dict[str, str]:
    """The string fields of dictionary `attr`, if it has the right keys."""
    if not isinstance(attr, DictionaryAttr) or not required <= attr.data.keys():
        return {}
    fields = {k: v.data for k, v in attr.data.items() if isinstance(v, StringAttr)}
    return fields if fields.keys() == attr.data.keys() <= allowed else {}


def _storage_hint(attr: Attribute) -> str | None:
    fields = hint_fields(attr, {"impl", "type"}, {"impl", "type"})
    if not fields:
        return (
            f"expects {{impl = <{'|'.join(STORAGE_IMPLS)}>, "
            f"type = <{'|'.join(STORAGE_TYPES)}>}}, got {attr}"
        )
    return _choice("impl", fields["impl"], STORAGE_IMPLS) or _choice(
        "type", fields["type"], STORAGE_TYPES
    )


def _interface_hint(attr: Attribute) -> str | None:
    fields = hint_fields(attr, {"mode"}, {"mode", "bundle"})
    if not fields:
        return (
            f"expects {{mode = <{'|'.join(INTERFACE_MODES)}>"
            f"[, bundle = <identifier>]}}, got {attr}"
        )
    bundle = fields.get("bundle", "bundle")
    if not bundle.isidentifier():
        return f"has bundle '{bundle}', which is not a C identifier"
    return _choice("mode", fields["mode"], INTERFACE_MODES)


def _choice(field: str, value: str, choices: tuple[str, ...]) -> str | None:
    if value in choices:
        return None
    return f"has unknown {field} '{value}'; expected one of {', '.join(choices)}"


FPGA_ATTRIBUTES: dict[str, Callable[[Attribute], str | None]] = {
    PIPELINE_II: _int_hint(1),
    REWIND: _unit_hint,
    UNROLL: _int_hint(0),
    PARALLEL: _unit_hint,
    DATAFLOW: _unit_hint,
    INLINE: _unit_hint,
    BIND_STORAGE: _storage_hint,
    INTERFACE: _interface_hint,
    TOP: _unit_hint,
}
"""Every known `fpga.*` discardable attribute, with a check of its value
(returning what is wrong, or `None`)."""


def valid_hint(name: str, attr: Attribute | None) -> Attribute | None:
    """
    `attr`, the value of hint `name`, if it is valid (readers take a
    malformed hint as absent: the verifier reports it)."""
    return attr if attr is not None and FPGA_ATTRIBUTES[name](attr) is None else None


def checked_hint(name: str, attr: Attribute, what: str) -> Attribute:
    """
    `attr` as the value of hint `name`; raises `VerifyException`, saying
    `what` is wrong, if it is not a valid one."""
    if (problem := FPGA_ATTRIBUTES[name](attr)) is not None:
        raise VerifyException(f"{what} {problem}")
    return attr


def verify_fpga_attributes(op: Operation) -> None:
    """Check the `fpga.*` attributes of `op` and of its `arg_attrs`/`res_attrs`."""
    for key in ("arg_attrs", "res_attrs"):
        entries = op.properties.get(key)
        if not isinstance(entries, ArrayAttr):
            continue
        for entry in cast(ArrayAttr[Attribute], entries):
            if isinstance(entry, DictionaryAttr):
                _verify_hints(entry.data)
    _verify_hints(op.attributes)
    if REWIND in op.attributes and PIPELINE_II not in op.attributes:
        raise VerifyException(f"attribute '{REWIND}' requires '{PIPELINE_II}'")


def _verify_hints(attributes: Mapping[str, Attribute]) -> None:
    for name, attr in attributes.items():
        if not name.startswith(HINT_PREFIX):
            continue
        check = FPGA_ATTRIBUTES.get(name)
        if check is None:
            raise VerifyException(
                f"unknown attribute '{name}'; known fpga attributes: "
                f"{', '.join(sorted(FPGA_ATTRIBUTES))}"
            )
        if (problem := check(attr)) is not None:
            raise VerifyException(f"attribute '{name}' {problem}")


def _memref_types(attr: Attribute) -> Iterator[MemRefType]:
    if isinstance(attr, MemRefType):
        yield attr
    if isinstance(attr, ArrayAttr):
        for element in cast(ArrayAttr[Attribute], attr):
            yield from _memref_types(element)
    elif isinstance(attr, ParametrizedAttribute):
        for param in attr.parameters:
            yield from _memref_types(param)


@cache
def _type_error(type_attr: Attribute) -> str | None:
    for memref in _memref_types(type_attr):
        if (error := partition_rank_error(memref)) is not None:
            return error
    return None


def _types_of(op: Operation) -> Iterator[Attribute]:
    yield from op.result_types
    for region in op.regions:
        for block in region.blocks:
            yield from block.arg_types
    for attr in (*op.properties.values(), *op.attributes.values()):
        if isinstance(attr, TypeAttribute):
            yield attr


def verify_partition_layouts(op: Operation) -> None:
    """
    Check that every partitioned memref type that `op` defines (results,
    block arguments, type attributes such as a function type) has one
    partition entry per dimension."""
    for type_attr in _types_of(op):
        if isinstance(type_attr, NoneAttr | IntegerType):
            continue
        if (error := _type_error(type_attr)) is not None:
            raise VerifyException(error)


def verify_fpga(op: Operation) -> None:
    """
    The checks of this dialect that xDSL's op verifiers do not run: `fpga.*`
    attribute kinds and partition layout ranks. Raises `VerifyException`."""
    verify_fpga_attributes(op)
    verify_partition_layouts(op)


FPGA = Dialect(
    "fpga",
    [StreamCreateOp, StreamPutOp, StreamGetOp],
    [
        StreamType,
        PartitionAttr,
        PartitionKindAttr,
        StorageImplAttr,
        StorageTypeAttr,
        InterfaceModeAttr,
    ],
)
