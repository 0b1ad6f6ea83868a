"""
The arguments of `sched` primitives: their IRDL constraints, the kinds of
their values, and how each kind is written, printed and read from YAML.

A primitive op (`dialects/sched.py`) declares each argument as an IRDL
property with one of the constraints below; `op_arguments` reads them back
from the op definition, and the op's syntax, its `arguments()` and its
`from_arguments()` follow from each argument's `Kind`. An enumerated
argument is an `EnumAttribute` owned by `fpga` (`StorageImplAttr`, ...),
constrained to a subset of its values when only some may be requested; it
is written as a bare keyword and read from YAML as a string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

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
from xdsl.dialects.utils import EnumAttribute
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


def keyword_choices(constr: AttrConstraint) -> tuple[EnumAttribute[Any], ...]:
    """
    The values an enumerated argument accepts, in the order of its enum;
    `()` when `constr` is not an enum attribute's constraint."""
    base = _single_base(constr)
    if base is None or not issubclass(base, EnumAttribute):
        return ()
    enum = cast(type[EnumAttribute[Any]], base)
    every = (enum(member) for member in enum.enum_type)
    return tuple(attr for attr in every if _satisfies(constr, attr))


def _satisfies(constr: AttrConstraint, attr: Attribute) -> bool:
    try:
        constr.verify(attr, VerificationContext())
    except VerifyException:
        return False
    return True


def keyword(attr: Attribute) -> str:
    """The keyword of an enumerated argument's value (`cyclic`)."""
    assert isinstance(attr, EnumAttribute)
    return cast(EnumAttribute[Any], attr).data.value


def kind_of(constr: AttrConstraint) -> Kind:
    if keyword_choices(constr):
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


def parse_value(parser: Parser, argument: Argument) -> Attribute:
    arg = argument.name
    context = f" for argument '{arg}'"
    match argument.kind:
        case Kind.NAME:
            return StringAttr(parser.parse_str_literal(context))
        case Kind.CHOICE:
            pos = parser.pos
            word = parser.parse_optional_keyword_in(argument.keywords)
            if word is None:
                parser.raise_error(f"argument '{arg}' expects {argument.expects}", pos)
            return argument.choice(word)
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
            printer.print_string(keyword(attr))
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
    if isinstance(attr, EnumAttribute):
        return keyword(cast(EnumAttribute[Any], attr))
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


def from_python(argument: Argument, value: object) -> Attribute | None:
    """
    The property holding a YAML value that `accepts(argument.kind,
    value)`; `None` to hold nothing (a false flag). Raises `ValueError` on an
    integer outside 64 bits or a keyword the argument does not accept."""
    if argument.kind is Kind.CHOICE:
        assert isinstance(value, str)
        if value not in argument.keywords:
            raise ValueError(f"must be {argument.expects}, got {value!r}")
        return argument.choice(value)
    return _from_plain(argument.kind, value)


def _from_plain(kind: Kind, value: object) -> Attribute | None:
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
    return ArrayAttr(a for v in items if (a := _from_plain(_item(kind), v)) is not None)


@dataclass(frozen=True)
class Argument:
    """One argument of a primitive, read from its IRDL property definition."""

    name: str
    kind: Kind
    constr: AttrConstraint
    default: Attribute | None
    required: bool
    choices: tuple[EnumAttribute[Any], ...] = ()
    """The values of an enumerated argument (`Kind.CHOICE`)."""

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(keyword(choice) for choice in self.choices)

    def choice(self, word: str) -> EnumAttribute[Any]:
        """The value of an enumerated argument written `word`, one of `keywords`."""
        return self.choices[self.keywords.index(word)]

    @property
    def expects(self) -> str:
        if self.kind is Kind.CHOICE:
            return f"one of {', '.join(self.keywords)}"
        return self.kind.value

    def check_choice(self, attr: Attribute) -> None:
        """
        Raise `ArgumentError` unless `attr` is a value this enumerated
        argument accepts: the message names the keyword it got, or the
        attribute when it is no value of the argument's enum."""
        if attr in self.choices:
            return
        got = repr(keyword(attr)) if type(attr) is type(self.choices[0]) else attr
        raise ArgumentError(self.name, f"must be {self.expects}, got {got}")


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
                keyword_choices(prop.constr),
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
