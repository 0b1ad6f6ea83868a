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

Each primitive op stores its arguments as properties named as in YAML
(strings `StringAttr`, integers i64 `IntegerAttr`, booleans `UnitAttr`, lists
`ArrayAttr`). `PrimitiveOp.arguments()` and `PrimitiveOp.from_arguments()`
convert to and from plain Python values, the form the YAML loader reads.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Self

from xdsl.dialects.builtin import (
    I64,
    ArrayAttr,
    IntegerAttr,
    StringAttr,
    SymbolRefAttr,
    UnitAttr,
    i64,
)
from xdsl.ir import Attribute, Block, Dialect, Operation, Region
from xdsl.irdl import (
    IRDLOperation,
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
from xdsl.utils.mlir_lexer import MLIRToken, MLIRTokenKind

from allo_xdsl.dialects.allo import parse_type_spec
from allo_xdsl.dialects.fpga import (
    INTERFACE_MODES,
    REQUESTABLE_PARTITION_KINDS,
    STORAGE_IMPLS,
    STORAGE_TYPES,
)

_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1


class ArgumentError(Exception):
    """A primitive argument with a value out of its range."""

    def __init__(self, arg: str, problem: str):
        super().__init__(f"argument '{arg}' {problem}")
        self.arg = arg
        self.problem = problem


def _parse_i64(parser: Parser, context: str) -> int:
    pos = parser.pos
    value = parser.parse_integer(allow_boolean=False, context_msg=context)
    if not _I64_MIN <= value <= _I64_MAX:
        parser.raise_error(f"integer {value} does not fit in 64 bits", pos, parser.pos)
    return value


@dataclass(frozen=True)
class Arg(abc.ABC):
    """
    One argument of a primitive: its YAML name, the kind of its values, how it
    is stored, parsed and printed, and its range.

    A required argument has neither `optional` nor a `default`; an `optional`
    one is `None` when absent; one with a `default` takes it when absent.
    """

    name: str
    optional: bool = field(default=False, kw_only=True)
    default: object = field(default=None, kw_only=True)

    expects: ClassVar[str]
    """What its values are, for messages: `an integer`, `a string`, ..."""

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None

    @abc.abstractmethod
    def accepts(self, value: object) -> bool:
        """Whether `value` has the right Python type."""

    def problem(self, value: object) -> str | None:
        """Why a value of the right type is out of range, if it is."""
        return None

    @abc.abstractmethod
    def to_attr(self, value: object) -> Attribute | None:
        """The property storing `value` (`None`: store nothing)."""

    @abc.abstractmethod
    def from_attr(self, attr: Attribute) -> object:
        """The value stored in the property `attr`."""

    @abc.abstractmethod
    def parse(self, parser: Parser) -> object: ...

    @abc.abstractmethod
    def print(self, printer: Printer, value: object) -> None: ...

    def parse_optional(self, parser: Parser) -> object | None:
        """Parse a positional value that may be absent."""
        return self.parse(parser)


@dataclass(frozen=True)
class Str(Arg):
    """A name: a loop, a buffer, a bundle, ..."""

    expects = "a string"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def problem(self, value: object) -> str | None:
        return "must not be empty" if value == "" else None

    def to_attr(self, value: object) -> Attribute:
        assert isinstance(value, str)
        return StringAttr(value)

    def from_attr(self, attr: Attribute) -> str:
        assert isinstance(attr, StringAttr)
        return attr.data

    def parse(self, parser: Parser) -> str:
        return parser.parse_str_literal(f" for argument '{self.name}'")

    def parse_optional(self, parser: Parser) -> str | None:
        return parser.parse_optional_str_literal()

    def print(self, printer: Printer, value: object) -> None:
        assert isinstance(value, str)
        printer.print_string_literal(value)


@dataclass(frozen=True)
class Choice(Str):
    """A string among a fixed set, written as a bare keyword."""

    choices: tuple[str, ...] = ()

    @property
    def listed(self) -> str:
        return ", ".join(self.choices)

    def problem(self, value: object) -> str | None:
        if value in self.choices:
            return None
        return f"must be one of {self.listed}, got {value!r}"

    def parse(self, parser: Parser) -> str:
        pos = parser.pos
        word = parser.parse_optional_identifier()
        if word is None or word not in self.choices:
            parser.raise_error(
                f"argument '{self.name}' expects one of {self.listed}", pos
            )
        return word

    def print(self, printer: Printer, value: object) -> None:
        assert isinstance(value, str)
        printer.print_string(value)


@dataclass(frozen=True)
class Int(Arg):
    """An integer, at least `minimum` when one is given."""

    minimum: int | None = None

    expects = "an integer"

    def accepts(self, value: object) -> bool:
        # bool is an int in Python, never in YAML schedules
        return isinstance(value, int) and not isinstance(value, bool)

    def problem(self, value: object) -> str | None:
        assert isinstance(value, int)
        if self.minimum is not None and value < self.minimum:
            return f"must be >= {self.minimum}, got {value}"
        if not _I64_MIN <= value <= _I64_MAX:
            return f"must fit in 64 bits, got {value}"
        return None

    def to_attr(self, value: object) -> Attribute:
        assert isinstance(value, int)
        return IntegerAttr(value, i64)

    def from_attr(self, attr: Attribute) -> int:
        assert isinstance(attr, IntegerAttr)
        return attr.value.data

    def parse(self, parser: Parser) -> int:
        return _parse_i64(parser, f" for argument '{self.name}'")

    def print(self, printer: Printer, value: object) -> None:
        printer.print_string(str(value))


@dataclass(frozen=True)
class Flag(Arg):
    """A boolean, false unless its keyword is written."""

    default: object = field(default=False, kw_only=True)

    expects = "a boolean"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)

    def to_attr(self, value: object) -> Attribute | None:
        return UnitAttr() if value else None

    def from_attr(self, attr: Attribute) -> bool:
        return True

    def parse(self, parser: Parser) -> bool:
        return True

    def print(self, printer: Printer, value: object) -> None:
        pass


@dataclass(frozen=True)
class StrList(Arg):
    """A list of names, `length` long or at least `min_length` long, without
    duplicates."""

    length: int | None = None
    min_length: int = 1

    expects = "a list of strings"

    def accepts(self, value: object) -> bool:
        return isinstance(value, list | tuple) and all(
            isinstance(v, str) for v in value
        )

    def problem(self, value: object) -> str | None:
        assert isinstance(value, list | tuple)
        if self.length is not None and len(value) != self.length:
            return f"must list exactly {self.length} names, got {len(value)}"
        if len(value) < self.min_length:
            return f"must list at least {self.min_length} names, got {len(value)}"
        if "" in value:
            return "must not contain an empty name"
        seen: set[str] = set()
        for name in value:
            if name in seen:
                return f"must not name '{name}' twice"
            seen.add(name)
        return None

    def to_attr(self, value: object) -> Attribute:
        assert isinstance(value, list | tuple)
        return ArrayAttr(StringAttr(v) for v in value)

    def from_attr(self, attr: Attribute) -> list[str]:
        assert isinstance(attr, ArrayAttr)
        return [a.data for a in attr if isinstance(a, StringAttr)]

    def parse(self, parser: Parser) -> list[str]:
        return parser.parse_comma_separated_list(
            Parser.Delimiter.SQUARE, parser.parse_str_literal
        )

    def print(self, printer: Printer, value: object) -> None:
        assert isinstance(value, list | tuple)
        with printer.in_square_brackets():
            printer.print_list(value, printer.print_string_literal)


@dataclass(frozen=True)
class IntList(Arg):
    """A list of integers, `length` long or at least `min_length` long, each
    at least `minimum`."""

    length: int | None = None
    min_length: int = 1
    minimum: int | None = None

    expects = "a list of integers"

    def accepts(self, value: object) -> bool:
        return isinstance(value, list | tuple) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        )

    def problem(self, value: object) -> str | None:
        assert isinstance(value, list | tuple)
        if self.length is not None and len(value) != self.length:
            return f"must list exactly {self.length} integers, got {len(value)}"
        if not value:
            return "must not be empty"
        if len(value) < self.min_length:
            return f"must list at least {self.min_length} integers, got {len(value)}"
        for v in value:
            if self.minimum is not None and v < self.minimum:
                return f"must hold integers >= {self.minimum}, got {v}"
            if not _I64_MIN <= v <= _I64_MAX:
                return f"must hold 64-bit integers, got {v}"
        return None

    def to_attr(self, value: object) -> Attribute:
        assert isinstance(value, list | tuple)
        return ArrayAttr(IntegerAttr(v, i64) for v in value)

    def from_attr(self, attr: Attribute) -> list[int]:
        assert isinstance(attr, ArrayAttr)
        return [a.value.data for a in attr if isinstance(a, IntegerAttr)]

    def parse(self, parser: Parser) -> list[int]:
        return parser.parse_comma_separated_list(
            Parser.Delimiter.SQUARE,
            lambda: _parse_i64(parser, f" in argument '{self.name}'"),
        )

    def print(self, printer: Printer, value: object) -> None:
        assert isinstance(value, list | tuple)
        with printer.in_square_brackets():
            printer.print_list(value, lambda v: printer.print_string(str(v)))


def _is_keyword(token: MLIRToken) -> bool:
    """Whether `token` starts an argument (`factor 8`) rather than what follows
    the op: the next op (`sched.x`, `"sched.x"`, `%r = ...`), `}` or `loc(`."""
    return (
        token.kind == MLIRTokenKind.BARE_IDENT
        and "." not in token.text
        and token.text != "loc"
    )


class _PrimitiveName(property):
    """`PrimitiveOp.primitive`: the op name without `sched.` (IRDL forbids
    lowercase class constants on ops, so this is a class-level property)."""

    def __get__(  # pyright: ignore[reportIncompatibleMethodOverride]
        self, obj: Operation | None, owner: type[Operation] | None = None
    ) -> str:
        cls = owner if owner is not None else type(obj)
        assert issubclass(cls, Operation)
        return cls.name.removeprefix("sched.")


class PrimitiveOp(IRDLOperation, abc.ABC):
    """
    The base of every primitive op. `ARGS` lists its arguments in YAML order;
    the first one is written positionally.
    """

    primitive = _PrimitiveName()
    """The YAML name of the primitive, e.g. `split`, `compute_at`."""

    ARGS: ClassVar[tuple[Arg, ...]] = ()

    traits = lazy_traits_def(lambda: (HasParent(ScheduleOp),))

    @classmethod
    def arg_names(cls) -> tuple[str, ...]:
        return tuple(arg.name for arg in cls.ARGS)

    def arguments(self) -> dict[str, object]:
        """The arguments as plain Python values, keyed by YAML name; `None`
        for an absent optional argument."""
        return {arg.name: self._value(arg) for arg in self.ARGS}

    def _value(self, arg: Arg) -> object:
        attr = self.properties.get(arg.name)
        if attr is None:
            return arg.default
        return arg.from_attr(attr)

    @classmethod
    def from_arguments(cls, args: Mapping[str, object]) -> Self:
        """Build the op from YAML-like values, filling defaults.

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
        values = {
            arg.name: cls._checked_value(arg, args.get(arg.name)) for arg in cls.ARGS
        }
        try:
            cls.check_arguments(values)
        except ArgumentError as e:
            raise ValueError(
                f"argument '{e.arg}' of '{cls.primitive}' {e.problem}"
            ) from None
        properties: dict[str, Attribute] = {}
        for arg in cls.ARGS:
            value = values[arg.name]
            if value is not None and (attr := arg.to_attr(value)) is not None:
                properties[arg.name] = attr
        return cls.create(properties=properties)

    @classmethod
    def _checked_value(cls, arg: Arg, value: object) -> object:
        if value is None:
            if arg.required:
                raise ValueError(
                    f"missing argument '{arg.name}' of '{cls.primitive}' "
                    f"({arg.expects})"
                )
            return arg.default
        if not arg.accepts(value):
            raise ValueError(
                f"argument '{arg.name}' of '{cls.primitive}' expects "
                f"{arg.expects}, got {value!r}"
            )
        return value

    @classmethod
    def check_arguments(cls, values: Mapping[str, object]) -> None:
        """Raise `ArgumentError` if a value is out of range; `values` holds
        every argument, with the right type. Primitives with constraints
        across arguments extend this."""
        for arg in cls.ARGS:
            value = values[arg.name]
            if value is None:
                continue
            if (problem := arg.problem(value)) is not None:
                raise ArgumentError(arg.name, problem)

    def verify_(self) -> None:
        try:
            self.check_arguments(self.arguments())
        except ArgumentError as e:
            raise VerifyException(str(e)) from None

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        start = parser.pos
        values: dict[str, object] = {}
        if cls.ARGS:
            first = cls.ARGS[0]
            value = (
                first.parse(parser) if first.required else first.parse_optional(parser)
            )
            if value is not None:
                values[first.name] = value
        keywords = {arg.name: arg for arg in cls.ARGS[1:]}
        while _is_keyword(parser._current_token):  # pyright: ignore[reportPrivateUsage]
            pos = parser.pos
            word = parser.parse_identifier()
            if word not in keywords:
                parser.raise_error(
                    f"unknown argument '{word}' of '{cls.name}'; expected: "
                    f"{', '.join(keywords) or '(none)'}",
                    pos,
                )
            if word in values:
                parser.raise_error(f"argument '{word}' given twice", pos)
            values[word] = keywords[word].parse(parser)
        for arg in cls.ARGS:
            if arg.required and arg.name not in values:
                parser.raise_error(
                    f"missing argument '{arg.name}' of '{cls.name}' ({arg.expects})",
                    start,
                )
        attributes = parser.parse_optional_attr_dict()
        properties: dict[str, Attribute] = {}
        for arg in cls.ARGS:
            value = values.get(arg.name, arg.default)
            if value is not None and (attr := arg.to_attr(value)) is not None:
                properties[arg.name] = attr
        return cls.create(properties=properties, attributes=attributes)

    def print(self, printer: Printer) -> None:
        for index, arg in enumerate(self.ARGS):
            value = self._value(arg)
            if value is None:
                continue
            if index == 0:
                printer.print_string(" ")
                arg.print(printer, value)
                continue
            if value == arg.default:
                continue
            printer.print_string(f" {arg.name}")
            if not isinstance(arg, Flag):
                printer.print_string(" ")
                arg.print(printer, value)
        printer.print_op_attributes(self.attributes)


_LOOP = Str("loop")
_BUFFER = Str("buffer")


@irdl_op_definition
class SplitOp(PrimitiveOp):
    """Split `loop` into `loop.outer` and `loop.inner`, the inner one running
    `factor` iterations."""

    name = "sched.split"
    ARGS: ClassVar[tuple[Arg, ...]] = (_LOOP, Int("factor", minimum=1))

    loop = prop_def(StringAttr)
    factor = prop_def(IntegerAttr[I64])


@irdl_op_definition
class TileOp(PrimitiveOp):
    """Split each of `loops` (any number, consecutive in a perfect nest) by
    its factor and order them: every outer loop, then every inner loop."""

    name = "sched.tile"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        StrList("loops"),
        IntList("factors", minimum=1),
    )

    loops = prop_def(ArrayAttr[StringAttr])
    factors = prop_def(ArrayAttr[IntegerAttr[I64]])

    @classmethod
    def check_arguments(cls, values: Mapping[str, object]) -> None:
        super().check_arguments(values)
        loops, factors = values["loops"], values["factors"]
        assert isinstance(loops, list | tuple) and isinstance(factors, list | tuple)
        if len(factors) != len(loops):
            raise ArgumentError(
                "factors",
                f"must list one integer per loop ({len(loops)}), got {len(factors)}",
            )


@irdl_op_definition
class ReorderOp(PrimitiveOp):
    """Permute the named loops of a perfect nest into the order given."""

    name = "sched.reorder"
    ARGS: ClassVar[tuple[Arg, ...]] = (StrList("loops", min_length=2),)

    loops = prop_def(ArrayAttr[StringAttr])


@irdl_op_definition
class FuseOp(PrimitiveOp):
    """Coalesce consecutive perfectly nested loops into one."""

    name = "sched.fuse"
    ARGS: ClassVar[tuple[Arg, ...]] = (StrList("loops", min_length=2),)

    loops = prop_def(ArrayAttr[StringAttr])


@irdl_op_definition
class UnrollOp(PrimitiveOp):
    """Unroll `loop` by `factor` (0: fully)."""

    name = "sched.unroll"
    ARGS: ClassVar[tuple[Arg, ...]] = (_LOOP, Int("factor", minimum=0, default=0))

    loop = prop_def(StringAttr)
    factor = opt_prop_def(IntegerAttr[I64])


@irdl_op_definition
class PipelineOp(PrimitiveOp):
    """Pipeline `loop` with initiation interval `ii`, optionally `rewind`."""

    name = "sched.pipeline"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        _LOOP,
        Int("ii", minimum=1, default=1),
        Flag("rewind"),
    )

    loop = prop_def(StringAttr)
    ii = opt_prop_def(IntegerAttr[I64])
    rewind = opt_prop_def(UnitAttr)


@irdl_op_definition
class ParallelOp(PrimitiveOp):
    """Mark `loop` parallel."""

    name = "sched.parallel"
    ARGS: ClassVar[tuple[Arg, ...]] = (_LOOP,)

    loop = prop_def(StringAttr)


@irdl_op_definition
class ComputeAtOp(PrimitiveOp):
    """Compute the `producer` band inside `loop` of the `consumer` band."""

    name = "sched.compute_at"
    ARGS: ClassVar[tuple[Arg, ...]] = (Str("producer"), Str("consumer"), _LOOP)

    producer = prop_def(StringAttr)
    consumer = prop_def(StringAttr)
    loop = prop_def(StringAttr)


@irdl_op_definition
class PartitionOp(PrimitiveOp):
    """Partition `buffer` along `dim` (1-based; 0, the default: every
    dimension); `cyclic` and `block` split it into `factor` banks, `complete`
    (the default kind, as in Allo) into registers."""

    name = "sched.partition"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        _BUFFER,
        Choice("kind", choices=REQUESTABLE_PARTITION_KINDS, default="complete"),
        Int("dim", minimum=0, default=0),
        Int("factor", minimum=0, default=0),
    )

    buffer = prop_def(StringAttr)
    kind = opt_prop_def(StringAttr)
    dim = opt_prop_def(IntegerAttr[I64])
    factor = opt_prop_def(IntegerAttr[I64])

    @classmethod
    def check_arguments(cls, values: Mapping[str, object]) -> None:
        super().check_arguments(values)
        kind, factor = values["kind"], values["factor"]
        assert isinstance(factor, int)
        if kind == "complete" and factor != 0:
            raise ArgumentError(
                "factor",
                f"must be absent for a complete partition, got {factor} (complete "
                "is the default kind; a factor needs kind cyclic or block)",
            )
        if kind != "complete" and factor < 1:
            raise ArgumentError(
                "factor", f"must be >= 1 for a {kind} partition, got {factor}"
            )


@irdl_op_definition
class ReuseAtOp(PrimitiveOp):
    """Create a reuse (line or window) buffer of `buffer` at `loop`, named
    `name` when given."""

    name = "sched.reuse_at"
    ARGS: ClassVar[tuple[Arg, ...]] = (_BUFFER, _LOOP, Str("name", optional=True))

    buffer = prop_def(StringAttr)
    loop = prop_def(StringAttr)
    name_ = opt_prop_def(StringAttr, prop_name="name")


@irdl_op_definition
class BufferAtOp(PrimitiveOp):
    """Accumulate `buffer` in a local buffer inside `loop`."""

    name = "sched.buffer_at"
    ARGS: ClassVar[tuple[Arg, ...]] = (_BUFFER, _LOOP)

    buffer = prop_def(StringAttr)
    loop = prop_def(StringAttr)


@irdl_op_definition
class ReshapeOp(PrimitiveOp):
    """Give `buffer` a new `shape` with the same elements in the same order."""

    name = "sched.reshape"
    ARGS: ClassVar[tuple[Arg, ...]] = (_BUFFER, IntList("shape", minimum=1))

    buffer = prop_def(StringAttr)
    shape = prop_def(ArrayAttr[IntegerAttr[I64]])


@irdl_op_definition
class ToOp(PrimitiveOp):
    """Turn `buffer` into a FIFO stream of `depth` elements between its
    producer and its consumer; naming several `consumers` forks it, one
    stream each."""

    name = "sched.to"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        _BUFFER,
        Int("depth", minimum=1, optional=True),
        StrList("consumers", optional=True),
    )

    buffer = prop_def(StringAttr)
    depth = opt_prop_def(IntegerAttr[I64])
    consumers = opt_prop_def(ArrayAttr[StringAttr])


@irdl_op_definition
class DataflowOp(PrimitiveOp):
    """Make `loop`, or the whole function, a dataflow region."""

    name = "sched.dataflow"
    ARGS: ClassVar[tuple[Arg, ...]] = (Str("loop", optional=True),)

    loop = opt_prop_def(StringAttr)


@irdl_op_definition
class InlineOp(PrimitiveOp):
    """Inline the function into its callers."""

    name = "sched.inline"


@irdl_op_definition
class BindStorageOp(PrimitiveOp):
    """Bind `buffer` to a memory `impl` of port `type`."""

    name = "sched.bind_storage"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        _BUFFER,
        Choice("impl", choices=STORAGE_IMPLS),
        Choice("type", choices=STORAGE_TYPES),
    )

    buffer = prop_def(StringAttr)
    impl = prop_def(StringAttr)
    type_ = prop_def(StringAttr, prop_name="type")


@irdl_op_definition
class InterfaceOp(PrimitiveOp):
    """Give the top function's argument `buffer` an interface `mode`, on
    `bundle` when given."""

    name = "sched.interface"
    ARGS: ClassVar[tuple[Arg, ...]] = (
        _BUFFER,
        Choice("mode", choices=INTERFACE_MODES),
        Str("bundle", optional=True),
    )

    buffer = prop_def(StringAttr)
    mode = prop_def(StringAttr)
    bundle = opt_prop_def(StringAttr)


@dataclass(frozen=True)
class TypeSpec(Str):
    """A type written as in a schedule: `fixed<16,8>`, `i12`, ..."""

    def problem(self, value: object) -> str | None:
        assert isinstance(value, str)
        try:
            parse_type_spec(value)
        except ValueError as e:
            return f"is not a valid type: {e}"
        return None


@irdl_op_definition
class QuantizeOp(PrimitiveOp):
    """Change the element type of `buffer` to `type`, casting at its uses."""

    name = "sched.quantize"
    ARGS: ClassVar[tuple[Arg, ...]] = (_BUFFER, TypeSpec("type"))

    buffer = prop_def(StringAttr)
    type_ = prop_def(StringAttr, prop_name="type")


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


PRIMITIVE_OPS: dict[str, type[PrimitiveOp]] = {
    op.primitive: op
    for op in (
        SplitOp,
        TileOp,
        ReorderOp,
        FuseOp,
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
    )
}
"""Every primitive op, by primitive (YAML) name."""


Sched = Dialect(
    "sched",
    [ScheduleOp, *PRIMITIVE_OPS.values()],
    [],
)
