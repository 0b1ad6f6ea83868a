"""
The arguments of `sched` primitives: their IRDL constraints, the kinds of
their values, and how each kind is written, printed and read from YAML.

A primitive op (`dialects/sched.py`) declares each argument as an IRDL
property with one of the constraints below; `op_arguments` reads them back
from the op definition, and the op's syntax, its `arguments()` and its
`from_arguments()` follow from each argument's `Kind`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import cast

from typing_extensions import TypeVar
from xdsl.dialects.builtin import (
    I64,
    ArrayAttr,
    ArrayOfConstraint,
    IntegerAttr,
    StringAttr,
    UnitAttr,
    i64,
)
from xdsl.ir import Attribute
from xdsl.irdl import (
    AtLeast,
    AttrConstraint,
    IntConstraint,
    IRDLOperation,
    OptionalDef,
    RangeOf,
    VerificationContext,
)
from xdsl.irdl.constraints import RangeLengthConstraint
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.hints import isa

_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1


# ----- constraints -----


@dataclass(frozen=True)
class Minimum(AtLeast):
    """`AtLeast`, worded as the rest of allo-xdsl's messages."""

    def verify(self, i: int, constraint_context: VerificationContext) -> None:
        if i < self.bound:
            raise VerifyException(f"must be >= {self.bound}, got {i}")


@dataclass(frozen=True)
class NonEmptyString(AttrConstraint[StringAttr]):
    """A `StringAttr` that is not empty: a loop, buffer or bundle name."""

    def verify(self, attr: Attribute, constraint_context: VerificationContext) -> None:
        if not isinstance(attr, StringAttr):
            raise VerifyException(f"expected a string, got {attr}")
        if not attr.data:
            raise VerifyException("must not be empty")

    def get_bases(self) -> set[type[Attribute]]:
        return {StringAttr}

    def mapping_type_vars(
        self, type_var_mapping: Mapping[TypeVar, AttrConstraint | IntConstraint]
    ) -> NonEmptyString:
        return self


@dataclass(frozen=True)
class OneOf(AttrConstraint[StringAttr]):
    """
    A `StringAttr` among `choices`, written as a bare keyword.

    HOOK(hints): the partition kinds, storage impls/types and interface modes
    are owned by `dialects/fpga.py`, which is turning them into
    `EnumAttribute`s; once it has, the properties using `OneOf` take those
    enum attributes instead (and `OneOf` goes)."""

    choices: tuple[str, ...]

    def verify(self, attr: Attribute, constraint_context: VerificationContext) -> None:
        if not isinstance(attr, StringAttr):
            raise VerifyException(f"expected a keyword, got {attr}")
        if attr.data not in self.choices:
            raise VerifyException(
                f"must be one of {', '.join(self.choices)}, got {attr.data!r}"
            )

    def get_bases(self) -> set[type[Attribute]]:
        return {StringAttr}

    def mapping_type_vars(
        self, type_var_mapping: Mapping[TypeVar, AttrConstraint | IntConstraint]
    ) -> OneOf:
        return self


NAME = NonEmptyString()


def int_at_least(bound: int) -> AttrConstraint[IntegerAttr]:
    """An i64 integer >= `bound`."""
    return IntegerAttr.constr(type=I64, value=Minimum(bound))


def names(at_least: int = 1) -> ArrayOfConstraint[StringAttr]:
    """A list of at least `at_least` names (none twice: `PrimitiveOp.check`)."""
    return ArrayOfConstraint(RangeOf(NAME).of_length(Minimum(at_least)))


def ints_at_least(bound: int) -> ArrayOfConstraint[IntegerAttr]:
    """A non-empty list of i64 integers, each >= `bound`."""
    return ArrayOfConstraint(RangeOf(int_at_least(bound)).of_length(Minimum(1)))


def i64_attr(value: int) -> IntegerAttr:
    return IntegerAttr(value, i64)


class ArgumentError(VerifyException):
    """A primitive argument with a value out of its range."""

    def __init__(self, arg: str, problem: str):
        super().__init__(f"argument '{arg}' {problem}")
        self.arg = arg
        self.problem = problem


# ----- the kinds of argument values: syntax and Python values -----


class Kind(Enum):
    """
    What an argument's values are, read from its IRDL constraint; the
    value is how messages name it."""

    NAME = "a string"
    CHOICE = "a keyword"
    INT = "an integer"
    FLAG = "a boolean"
    NAMES = "a list of strings"
    INTS = "a list of integers"


def _single_base(constr: AttrConstraint) -> type[Attribute] | None:
    bases = constr.get_bases()
    return next(iter(bases)) if bases is not None and len(bases) == 1 else None


def list_constraints(constr: AttrConstraint) -> tuple[AttrConstraint, int]:
    """The constraint on each item of a list argument, and its least length."""
    assert isinstance(constr, ArrayOfConstraint)
    array = cast(ArrayOfConstraint[Attribute], constr)
    length = array.elem_range_constraint
    assert isinstance(length, RangeLengthConstraint)
    items = length.constraint
    assert isinstance(length.length, AtLeast)
    assert isinstance(items, RangeOf)
    return items.constr, length.length.bound


def kind_of(constr: AttrConstraint) -> Kind:
    if isinstance(constr, OneOf):
        return Kind.CHOICE
    base = _single_base(constr)
    if base is ArrayAttr:
        element = _single_base(list_constraints(constr)[0])
        return Kind.INTS if element is IntegerAttr else Kind.NAMES
    kinds: dict[type[Attribute] | None, Kind] = {
        StringAttr: Kind.NAME,
        IntegerAttr: Kind.INT,
        UnitAttr: Kind.FLAG,
    }
    return kinds[base]


def _parse_i64(parser: Parser, context: str) -> int:
    pos = parser.pos
    value = parser.parse_integer(allow_boolean=False, context_msg=context)
    if not _I64_MIN <= value <= _I64_MAX:
        parser.raise_error(f"integer {value} does not fit in 64 bits", pos, parser.pos)
    return value


def parse_value(
    parser: Parser, kind: Kind, constr: AttrConstraint, arg: str
) -> Attribute:
    context = f" for argument '{arg}'"
    match kind:
        case Kind.NAME:
            return StringAttr(parser.parse_str_literal(context))
        case Kind.CHOICE:
            assert isinstance(constr, OneOf)
            pos = parser.pos
            word = parser.parse_optional_keyword_in(constr.choices)
            if word is None:
                parser.raise_error(
                    f"argument '{arg}' expects one of {', '.join(constr.choices)}", pos
                )
            return StringAttr(word)
        case Kind.INT:
            return i64_attr(_parse_i64(parser, context))
        case Kind.FLAG:
            return UnitAttr()
        case Kind.NAMES:
            return ArrayAttr(
                StringAttr(s)
                for s in parser.parse_comma_separated_list(
                    Parser.Delimiter.SQUARE, parser.parse_str_literal
                )
            )
        case Kind.INTS:
            return ArrayAttr(
                i64_attr(v)
                for v in parser.parse_comma_separated_list(
                    Parser.Delimiter.SQUARE,
                    lambda: _parse_i64(parser, f" in argument '{arg}'"),
                )
            )


def print_value(printer: Printer, kind: Kind, attr: Attribute) -> None:
    match kind:
        case Kind.NAME:
            assert isinstance(attr, StringAttr)
            printer.print_string_literal(attr.data)
        case Kind.CHOICE:
            assert isinstance(attr, StringAttr)
            printer.print_string(attr.data)
        case Kind.INT:
            assert isinstance(attr, IntegerAttr)
            printer.print_int(attr.value.data)
        case Kind.FLAG:
            pass
        case Kind.NAMES | Kind.INTS:
            assert isa(attr, ArrayAttr[Attribute])
            with printer.in_square_brackets():
                printer.print_list(
                    attr.data, lambda a: print_value(printer, _item(kind), a)
                )


def _item(kind: Kind) -> Kind:
    return Kind.INT if kind is Kind.INTS else Kind.NAME


def to_python(kind: Kind, attr: Attribute | None) -> object:
    """
    The plain Python value of a property (`None`: an absent optional
    argument; `False`: an absent flag)."""
    if kind is Kind.FLAG:
        return attr is not None
    if attr is None:
        return None
    if isinstance(attr, StringAttr):
        return attr.data
    if isinstance(attr, IntegerAttr):
        return attr.value.data
    assert isa(attr, ArrayAttr[Attribute])
    return [to_python(_item(kind), a) for a in attr.data]


def _is_int(value: object) -> bool:
    # bool is an int in Python, never in YAML schedules
    return isinstance(value, int) and not isinstance(value, bool)


def accepts(kind: Kind, value: object) -> bool:
    """Whether a YAML value has the Python type of `kind`."""
    match kind:
        case Kind.NAME | Kind.CHOICE:
            return isinstance(value, str)
        case Kind.INT:
            return _is_int(value)
        case Kind.FLAG:
            return isinstance(value, bool)
        case Kind.NAMES | Kind.INTS:
            if not isinstance(value, list | tuple):
                return False
            items = cast(Sequence[object], value)
            return all(accepts(_item(kind), v) for v in items)


def from_python(kind: Kind, value: object) -> Attribute | None:
    """
    The property holding a YAML value that `accepts(kind, value)`; `None`
    to hold nothing (a false flag). Raises `ValueError` on an integer outside
    64 bits."""
    if isinstance(value, bool):
        return UnitAttr() if value else None
    if isinstance(value, str):
        return StringAttr(value)
    if isinstance(value, int):
        if not _I64_MIN <= value <= _I64_MAX:
            raise ValueError(f"must fit in 64 bits, got {value}")
        return i64_attr(value)
    assert isinstance(value, list | tuple)
    items = cast(Sequence[object], value)
    for v in items:
        if isinstance(v, int) and not _I64_MIN <= v <= _I64_MAX:
            raise ValueError(f"must hold 64-bit integers, got {v}")
    return ArrayAttr(a for v in items if (a := from_python(_item(kind), v)) is not None)


@dataclass(frozen=True)
class Argument:
    """One argument of a primitive, read from its IRDL property definition."""

    name: str
    kind: Kind
    constr: AttrConstraint
    default: Attribute | None
    required: bool

    @property
    def expects(self) -> str:
        if isinstance(self.constr, OneOf):
            return f"one of {', '.join(self.constr.choices)}"
        return self.kind.value


_ARGUMENTS: dict[type[IRDLOperation], tuple[Argument, ...]] = {}


def op_arguments(cls: type[IRDLOperation]) -> tuple[Argument, ...]:
    """
    The arguments of a primitive op, in YAML order (its properties, in the
    order they are declared)."""
    if cls not in _ARGUMENTS:
        _ARGUMENTS[cls] = tuple(
            Argument(
                name,
                kind_of(prop.constr),
                prop.constr,
                prop.default_value,
                not isinstance(prop, OptionalDef) and prop.default_value is None,
            )
            for name, prop in cls.get_irdl_definition().properties.items()
        )
    return _ARGUMENTS[cls]


def peek_word(parser: Parser) -> str | None:
    """
    The bare identifier the parser is at, if any, without consuming it.
    (xDSL has no public token peek; this reads the input text at the
    parser's public position.)"""
    text = parser.lexer.input.content
    match = re.compile(r"[A-Za-z_][\w$.]*").match(text, parser.pos)
    return match.group() if match else None


def names_an_argument(word: str | None) -> bool:
    """
    Whether a bare word after a primitive's arguments would be an argument
    (`fator 8`) rather than what follows the op: the next op (`sched.x`;
    `"sched.x"` and `}` are no words) or `loc(`."""
    return word is not None and "." not in word and word != "loc"
