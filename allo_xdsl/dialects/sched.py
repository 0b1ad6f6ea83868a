"""
The `sched` dialect: Allo's customization primitives as IR.

A schedule lists the primitives applied to one function, in order, so that it
can be printed, stored and replayed (`apply-schedules`):

```mlir
sched.schedule @gemm {
  sched.split "i" factor 8
  sched.tile ["i", "j"] factors [4, 4]
  sched.reorder ["k", "i", "j"]
  sched.fuse ["i", "j"]
  sched.distribute "i"
  sched.unroll "k" factor 4
  sched.pipeline "j" ii 2 rewind
  sched.parallel "i"
  sched.compute_at "B" consumer "C" loop "j"
  sched.partition "A" kind cyclic dim 2 factor 8
  sched.reuse_at "A" loop "i" name "A_line"
  sched.buffer_at "C" loop "j"
  sched.reshape "A" shape [4, 16]
  sched.to "B" depth 4 consumers ["c1", "c2"]
  sched.dataflow "i"
  sched.inline
  sched.bind_storage "A" impl bram type ram_2p
  sched.interface "A" mode m_axi bundle "gmem0"
  sched.quantize "A" type "fixed<16,8>"
}
```

The syntax of every primitive is the same:
- the first argument (the loop(s) or buffer it acts on) comes first, bare;
- every other argument is `NAME VALUE`, with NAME the YAML argument name, in
  any order (printed in the order of the YAML table);
- strings (loop, buffer and function-local names) are string literals, lists
  are `[...]`, integers are integer literals, enumerated values (`cyclic`,
  `bram`, `m_axi`, ...) are bare keywords, and a boolean is its bare NAME when
  true (`rewind`);
- an argument at its default value, or an absent optional one, is not printed;
- an attribute dictionary may follow.

Each primitive op declares its arguments as IRDL properties, named as in YAML
and in YAML order (strings `StringAttr`, integers i64 `IntegerAttr`, booleans
`UnitAttr`, lists `ArrayAttr`, enumerated values the `EnumAttribute`s of
`fpga`: `PartitionKindAttr`, `StorageImplAttr`, ...), with IRDL constraints
for their ranges and `default_value` for their defaults. The syntax above,
`PrimitiveOp.arguments()` and `PrimitiveOp.from_arguments()` (plain Python
values, the form the YAML loader reads) are derived from those definitions.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from typing import Self

from xdsl.dialects.builtin import (
    ArrayAttr,
    StringAttr,
    SymbolRefAttr,
    UnitAttr,
)
from xdsl.ir import Attribute, Block, Dialect, Operation, Region
from xdsl.irdl import (
    AnyOf,
    AttrConstraint,
    IRDLOperation,
    VerificationContext,
    irdl_op_definition,
    lazy_traits_def,
    opt_prop_def,
    prop_def,
    region_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import HasParent, NoTerminator
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.hints import isa

from allo_xdsl.dialects.fixed_point import parse_type_spec
from allo_xdsl.dialects.fpga import (
    REQUESTABLE_PARTITION_KINDS,
    InterfaceModeAttr,
    PartitionKind,
    PartitionKindAttr,
    StorageImplAttr,
    StorageTypeAttr,
)
from allo_xdsl.dialects.sched_arguments import (
    NAME,
    Argument,
    ArgumentError,
    Kind,
    accepts,
    from_python,
    i64_attr,
    int_at_least,
    ints_at_least,
    list_constraints,
    names,
    names_an_argument,
    op_arguments,
    parse_value,
    peek_word,
    print_value,
    to_python,
)

# ----- the primitive ops -----


class _PrimitiveName(property):
    """
    `PrimitiveOp.primitive`: the op name without `sched.` (IRDL forbids
    lowercase class constants on ops, so this is a class-level property)."""

    def __get__(  # pyright: ignore[reportIncompatibleMethodOverride]
        self, obj: Operation | None, owner: type[Operation] | None = None
    ) -> str:
        cls = owner if owner is not None else type(obj)
        assert issubclass(cls, Operation)
        return cls.name.removeprefix("sched.")


class PrimitiveOp(IRDLOperation, abc.ABC):
    """
    The base of every primitive op: its arguments are its properties, in
    YAML order; the first one is written positionally.
    """

    primitive = _PrimitiveName()
    """The YAML name of the primitive, e.g. `split`, `compute_at`."""

    traits = lazy_traits_def(lambda: (HasParent(ScheduleOp),))

    @classmethod
    def arg_names(cls) -> tuple[str, ...]:
        return tuple(arg.name for arg in op_arguments(cls))

    def arguments(self) -> dict[str, object]:
        """
        The arguments as plain Python values, keyed by YAML name; `None`
        for an absent optional argument."""
        return {
            arg.name: to_python(arg.kind, self.properties.get(arg.name, arg.default))
            for arg in op_arguments(type(self))
        }

    @classmethod
    def from_arguments(cls, args: Mapping[str, object]) -> Self:
        """
        Build the op from YAML-like values, filling defaults.

        Raises `ValueError` naming the argument for a missing, unknown,
        mistyped or out-of-range argument.
        """
        known = cls.arg_names()
        for name in args:
            if name not in known:
                raise ValueError(
                    f"unknown argument '{name}' of '{cls.primitive}'; "
                    f"expected: {', '.join(known) or '(none)'}"
                )
        properties: dict[str, Attribute] = {}
        for arg in op_arguments(cls):
            if (attr := cls._property(arg, args.get(arg.name))) is not None:
                properties[arg.name] = attr
        op = cls.create(properties=properties)
        try:
            op.check()
        except ArgumentError as e:
            raise ValueError(
                f"argument '{e.arg}' of '{cls.primitive}' {e.problem}"
            ) from None
        return op

    @classmethod
    def _property(cls, arg: Argument, value: object) -> Attribute | None:
        if value is None:
            if arg.required:
                raise ValueError(
                    f"missing argument '{arg.name}' of '{cls.primitive}' "
                    f"({arg.expects})"
                )
            return None
        if not accepts(arg.kind, value):
            raise ValueError(
                f"argument '{arg.name}' of '{cls.primitive}' expects "
                f"{arg.expects}, got {value!r}"
            )
        try:
            return from_python(arg, value)
        except ValueError as e:
            raise ValueError(
                f"argument '{arg.name}' of '{cls.primitive}' {e}"
            ) from None

    def check(self) -> None:
        """
        Raise `ArgumentError` naming the argument if one breaks its IRDL
        constraint, or a constraint across arguments (`check_arguments`)."""
        context = VerificationContext()
        for arg in op_arguments(type(self)):
            attr = self.properties.get(arg.name)
            if attr is None:
                continue
            if isa(attr, ArrayAttr[Attribute]) and arg.kind in (Kind.NAMES, Kind.INTS):
                self._check_items(arg, attr.data)
                continue
            if arg.kind is Kind.CHOICE:
                arg.check_choice(attr)  # worded with the keywords, not the attributes
                continue
            try:
                arg.constr.verify(attr, context)
            except VerifyException as e:
                raise ArgumentError(arg.name, str(e)) from None
        self.check_arguments()

    @staticmethod
    def _check_items(arg: Argument, items: Sequence[Attribute]) -> None:
        constr, at_least = list_constraints(arg.constr)
        if arg.kind is Kind.INTS and not items:
            raise ArgumentError(arg.name, "must not be empty")
        if len(items) < at_least:
            raise ArgumentError(
                arg.name, f"must list at least {at_least} names, got {len(items)}"
            )
        for index, item in enumerate(items):
            try:
                constr.verify(item, VerificationContext())
            except VerifyException as e:
                raise ArgumentError(arg.name, f"item {index + 1} {e}") from None
        if arg.kind is Kind.NAMES:
            seen: set[object] = set()
            for item in items:
                name = to_python(Kind.NAME, item)
                if name in seen:
                    raise ArgumentError(arg.name, f"must not name '{name}' twice")
                seen.add(name)

    def check_arguments(self) -> None:
        """
        Raise `ArgumentError` if a constraint across arguments fails;
        every property already meets its own. Primitives with such
        constraints override this."""

    def verify(self, verify_nested_ops: bool = True) -> None:
        # IRDL reports a failing property constraint without naming the
        # property: check first, naming the argument.
        self.check()
        super().verify(verify_nested_ops)

    # Custom syntax: YAML-like `NAME VALUE` arguments in any order (a
    # declarative assembly format fixes their order), whose errors name the
    # argument; derived from the IRDL properties, for every primitive.

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        start = parser.pos
        arguments = op_arguments(cls)
        by_name = {arg.name: arg for arg in arguments}
        values: dict[str, Attribute] = {}
        if arguments:
            first = arguments[0]
            if first.required:
                values[first.name] = parse_value(parser, first)
            elif (text := parser.parse_optional_str_literal()) is not None:
                # an optional first argument is a name (`sched.dataflow "i"`)
                values[first.name] = StringAttr(text)
        keywords = [arg.name for arg in arguments[1:]]
        while True:
            pos = parser.pos
            word = parser.parse_optional_keyword_in(keywords)
            if word is None:
                break
            if word in values:
                parser.raise_error(f"argument '{word}' given twice", pos)
            arg = by_name[word]
            values[word] = parse_value(parser, arg)
        word = peek_word(parser)
        if names_an_argument(word):
            parser.raise_error(
                f"unknown argument '{word}' of '{cls.name}'; expected: "
                f"{', '.join(keywords) or '(none)'}"
            )
        for arg in arguments:
            if arg.required and arg.name not in values:
                parser.raise_error(
                    f"missing argument '{arg.name}' of '{cls.name}' ({arg.expects})",
                    start,
                )
        attributes = parser.parse_optional_attr_dict()
        return cls.create(properties=values, attributes=attributes)

    def print(self, printer: Printer) -> None:
        for index, arg in enumerate(op_arguments(type(self))):
            attr = self.properties.get(arg.name)
            if attr is None:
                continue
            if index == 0:
                printer.print_string(" ")
                print_value(printer, arg.kind, attr)
                continue
            if attr == arg.default:
                continue
            printer.print_string(f" {arg.name}")
            if arg.kind is not Kind.FLAG:
                printer.print_string(" ")
                print_value(printer, arg.kind, attr)
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class SplitOp(PrimitiveOp):
    """
    Split `loop` into `loop.outer` and `loop.inner`, the inner one running
    `factor` iterations."""

    name = "sched.split"

    loop = prop_def(NAME)
    factor = prop_def(int_at_least(1))


@irdl_op_definition
class TileOp(PrimitiveOp):
    """
    Split each of `loops` (any number, consecutive in a perfect nest) by
    its factor and order them: every outer loop, then every inner loop."""

    name = "sched.tile"

    loops = prop_def(names())
    factors = prop_def(ints_at_least(1))

    def check_arguments(self) -> None:
        loops, factors = len(self.loops.data), len(self.factors.data)
        if factors != loops:
            raise ArgumentError(
                "factors", f"must list one integer per loop ({loops}), got {factors}"
            )


@irdl_op_definition
class ReorderOp(PrimitiveOp):
    """Permute the named loops of a perfect nest into the order given."""

    name = "sched.reorder"

    loops = prop_def(names(at_least=2))


@irdl_op_definition
class FuseOp(PrimitiveOp):
    """Coalesce consecutive perfectly nested loops into one."""

    name = "sched.fuse"

    loops = prop_def(names(at_least=2))


@irdl_op_definition
class DistributeOp(PrimitiveOp):
    """Split `loop` into one copy per loop of its body, in program order."""

    name = "sched.distribute"

    loop = prop_def(NAME)


@irdl_op_definition
class UnrollOp(PrimitiveOp):
    """Unroll `loop` by `factor` (0, the default: fully)."""

    name = "sched.unroll"

    loop = prop_def(NAME)
    factor = prop_def(int_at_least(0), default_value=i64_attr(0))


@irdl_op_definition
class PipelineOp(PrimitiveOp):
    """
    Pipeline `loop` with initiation interval `ii` (default 1), optionally
    `rewind`."""

    name = "sched.pipeline"

    loop = prop_def(NAME)
    ii = prop_def(int_at_least(1), default_value=i64_attr(1))
    rewind = opt_prop_def(UnitAttr)


@irdl_op_definition
class ParallelOp(PrimitiveOp):
    """Mark `loop` parallel."""

    name = "sched.parallel"

    loop = prop_def(NAME)


@irdl_op_definition
class ComputeAtOp(PrimitiveOp):
    """Compute the `producer` band inside `loop` of the `consumer` band."""

    name = "sched.compute_at"

    producer = prop_def(NAME)
    consumer = prop_def(NAME)
    loop = prop_def(NAME)


_REQUESTABLE_KIND: AttrConstraint[PartitionKindAttr] = AnyOf.get(
    *(PartitionKindAttr(PartitionKind(kind)) for kind in REQUESTABLE_PARTITION_KINDS)
)
"""The partition kinds a schedule may request (`none` only describes a
dimension of a layout)."""


@irdl_op_definition
class PartitionOp(PrimitiveOp):
    """
    Partition `buffer` along `dim` (1-based; 0, the default: every
    dimension); `cyclic` and `block` split it into `factor` banks, `complete`
    (the default kind, as in Allo) into registers."""

    name = "sched.partition"

    buffer = prop_def(NAME)
    kind = prop_def(
        _REQUESTABLE_KIND, default_value=PartitionKindAttr(PartitionKind.COMPLETE)
    )
    dim = prop_def(int_at_least(0), default_value=i64_attr(0))
    factor = prop_def(int_at_least(0), default_value=i64_attr(0))

    def check_arguments(self) -> None:
        kind, factor = self.kind.data.value, self.factor.value.data
        if kind == PartitionKind.COMPLETE and factor != 0:
            raise ArgumentError(
                "factor",
                f"must be absent for a complete partition, got {factor} (complete "
                "is the default kind; a factor needs kind cyclic or block)",
            )
        if kind != PartitionKind.COMPLETE and factor < 1:
            raise ArgumentError(
                "factor", f"must be >= 1 for a {kind} partition, got {factor}"
            )


@irdl_op_definition
class ReuseAtOp(PrimitiveOp):
    """
    Create a reuse (line or window) buffer of `buffer` at `loop`, named
    `name` when given."""

    name = "sched.reuse_at"

    buffer = prop_def(NAME)
    loop = prop_def(NAME)
    name_ = opt_prop_def(NAME, prop_name="name")


@irdl_op_definition
class BufferAtOp(PrimitiveOp):
    """Accumulate `buffer` in a local buffer inside `loop`."""

    name = "sched.buffer_at"

    buffer = prop_def(NAME)
    loop = prop_def(NAME)


@irdl_op_definition
class ReshapeOp(PrimitiveOp):
    """Give `buffer` a new `shape` with the same elements in the same order."""

    name = "sched.reshape"

    buffer = prop_def(NAME)
    shape = prop_def(ints_at_least(1))


@irdl_op_definition
class ToOp(PrimitiveOp):
    """
    Turn `buffer` into a FIFO stream of `depth` elements between its
    producer and its consumer; naming several `consumers` forks it, one
    stream each."""

    name = "sched.to"

    buffer = prop_def(NAME)
    depth = opt_prop_def(int_at_least(1))
    consumers = opt_prop_def(names())


@irdl_op_definition
class DataflowOp(PrimitiveOp):
    """Make `loop`, or the whole function, a dataflow region."""

    name = "sched.dataflow"

    loop = opt_prop_def(NAME)


@irdl_op_definition
class InlineOp(PrimitiveOp):
    """Inline the function into its callers."""

    name = "sched.inline"


@irdl_op_definition
class BindStorageOp(PrimitiveOp):
    """Bind `buffer` to a memory `impl` of port `type`."""

    name = "sched.bind_storage"

    buffer = prop_def(NAME)
    impl = prop_def(StorageImplAttr)
    type_ = prop_def(StorageTypeAttr, prop_name="type")


@irdl_op_definition
class InterfaceOp(PrimitiveOp):
    """
    Give the top function's argument `buffer` an interface `mode`, on
    `bundle` when given."""

    name = "sched.interface"

    buffer = prop_def(NAME)
    mode = prop_def(InterfaceModeAttr)
    bundle = opt_prop_def(NAME)


@irdl_op_definition
class QuantizeOp(PrimitiveOp):
    """
    Change the element type of `buffer` to `type` (written as in a
    schedule: `fixed<16,8>`, `i12`, ...), casting at its uses."""

    name = "sched.quantize"

    buffer = prop_def(NAME)
    type_ = prop_def(NAME, prop_name="type")

    def check_arguments(self) -> None:
        try:
            parse_type_spec(self.type_.data)
        except ValueError as e:
            raise ArgumentError("type", f"is not a valid type: {e}") from None


@irdl_op_definition
class ScheduleOp(IRDLOperation):
    """The primitives applied to the function `func`, in order."""

    name = "sched.schedule"

    func = prop_def(SymbolRefAttr | StringAttr)
    body = region_def("single_block")

    traits = traits_def(NoTerminator())

    def __init__(self, func_name: str, steps: Sequence[PrimitiveOp] = ()):
        super().__init__(
            properties={"func": SymbolRefAttr(func_name)},
            regions=[Region(Block(steps))],
        )

    @property
    def func_name(self) -> str:
        if isinstance(self.func, StringAttr):
            return self.func.data
        return self.func.root_reference.data

    @property
    def steps(self) -> Iterator[PrimitiveOp]:
        for op in self.body.block.ops:
            assert isinstance(op, PrimitiveOp)
            yield op

    def verify_(self) -> None:
        if isinstance(self.func, SymbolRefAttr) and self.func.nested_references:
            raise VerifyException(f"expected a function name, got {self.func}")
        if not self.func_name:
            raise VerifyException("the function name must not be empty")
        for op in self.body.block.ops:
            if not isinstance(op, PrimitiveOp):
                raise VerifyException(
                    f"expected only sched primitives in the body, got '{op.name}'"
                )

    # Custom syntax, not `$func attr-dict-with-keyword $body`: the body of an
    # empty schedule is one empty block, printed `{\n}`; the declarative
    # format's region directive reads `{}` as no block and prints an empty
    # block as `^bb0:`.

    @classmethod
    def parse(cls, parser: Parser) -> ScheduleOp:
        func: Attribute
        if (text := parser.parse_optional_str_literal()) is not None:
            func = StringAttr(text)
        else:
            func = SymbolRefAttr(parser.parse_symbol_name())
        attributes = parser.parse_optional_attr_dict_with_keyword()
        body = parser.parse_region()
        if not body.blocks:
            body.add_block(Block())
        op = cls.create(
            properties={"func": func},
            attributes=attributes.data if attributes is not None else {},
            regions=[body],
        )
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if isinstance(self.func, StringAttr):
            printer.print_string_literal(self.func.data)
        else:
            printer.print_attribute(self.func)
        if self.attributes:
            printer.print_string(" attributes ")
            printer.print_attr_dict(self.attributes)
        printer.print_string(" ")
        printer.print_region(
            self.body, print_entry_block_args=False, print_empty_block=False
        )


Sched = Dialect(
    "sched",
    [
        ScheduleOp,
        SplitOp,
        TileOp,
        ReorderOp,
        FuseOp,
        DistributeOp,
        UnrollOp,
        PipelineOp,
        ParallelOp,
        ComputeAtOp,
        PartitionOp,
        ReuseAtOp,
        BufferAtOp,
        ReshapeOp,
        ToOp,
        DataflowOp,
        InlineOp,
        BindStorageOp,
        InterfaceOp,
        QuantizeOp,
    ],
    [],
)
"""The dialect. Which pass applies each primitive op is in the table of
primitives, `allo_xdsl.passes.primitives`."""
