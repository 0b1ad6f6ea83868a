"""
`arith` and `math` ops as C++ expressions over already-named operands.

Every operand is an atom (a variable or a literal), so the expressions need
no defensive parentheses around operands. Integers follow MLIR semantics:
signless values are read as signed or unsigned as the op says, `i1` is
`bool` with `true` standing for -1 when read as signed, results wrap to the
result width on assignment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    Float32Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
)
from xdsl.ir import Attribute, Operation, SSAValue

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.targets.hls_types import (
    STANDARD_WIDTHS,
    CppTypes,
    int_width,
    is_float,
    is_unsigned,
)

HELPERS: dict[str, str] = {
    "allo_bit_cast": """\
template <typename To, typename From>
static inline To allo_bit_cast(From x) {
  To y;
  std::memcpy(&y, &x, sizeof(y));
  return y;
}""",
    "allo_minimumf": """\
template <typename T>
static inline T allo_minimumf(T a, T b) {
  if (a != a || b != b) return a + b;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}""",
    "allo_maximumf": """\
template <typename T>
static inline T allo_maximumf(T a, T b) {
  if (a != a || b != b) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}""",
}
"""Small functions emitted once at the top of a unit that uses them."""

HELPER_HEADERS = {
    "allo_bit_cast": "cstring",
    "allo_minimumf": "cmath",
    "allo_maximumf": "cmath",
}


class ScalarContext(Protocol):
    """What the expressions need from the function emitter."""

    types: CppTypes

    def expr(self, value: SSAValue) -> str: ...

    def need(self, header: str) -> None: ...

    def need_helper(self, helper: str) -> None: ...


Emitter = Callable[[ScalarContext, Operation], str]

_INFIX = {
    "arith.addi": "+",
    "arith.subi": "-",
    "arith.muli": "*",
    "arith.andi": "&",
    "arith.ori": "|",
    "arith.xori": "^",
    "arith.addf": "+",
    "arith.subf": "-",
    "arith.mulf": "*",
    "arith.divf": "/",
    "arith.shli": "<<",
    "arith.shrsi": ">>",
    "arith.divsi": "/",
    "arith.remsi": "%",
}
# Ops whose operands are read as unsigned.
_UNSIGNED_INFIX = {"arith.divui": "/", "arith.remui": "%", "arith.shrui": ">>"}
# On `i1`, addition and subtraction are xor, multiplication is and.
_BOOL_INFIX = {"arith.addi": "^", "arith.subi": "^", "arith.muli": "&"}

_CMPI = {
    "eq": ("==", None),
    "ne": ("!=", None),
    "slt": ("<", True),
    "sle": ("<=", True),
    "sgt": (">", True),
    "sge": (">=", True),
    "ult": ("<", False),
    "ule": ("<=", False),
    "ugt": (">", False),
    "uge": (">=", False),
}

_MATH_UNARY = {
    "math.absf": "fabs",
    "math.sqrt": "sqrt",
    "math.cbrt": "cbrt",
    "math.exp": "exp",
    "math.exp2": "exp2",
    "math.expm1": "expm1",
    "math.log": "log",
    "math.log2": "log2",
    "math.log10": "log10",
    "math.log1p": "log1p",
    "math.sin": "sin",
    "math.cos": "cos",
    "math.tan": "tan",
    "math.asin": "asin",
    "math.acos": "acos",
    "math.atan": "atan",
    "math.sinh": "sinh",
    "math.cosh": "cosh",
    "math.tanh": "tanh",
    "math.asinh": "asinh",
    "math.acosh": "acosh",
    "math.atanh": "atanh",
    "math.erf": "erf",
    "math.floor": "floor",
    "math.ceil": "ceil",
    "math.round": "round",
    "math.roundeven": "nearbyint",
    "math.trunc": "trunc",
}
_MATH_BINARY = {
    "math.powf": "pow",
    "math.atan2": "atan2",
    "math.copysign": "copysign",
    "arith.minnumf": "fmin",
    "arith.maxnumf": "fmax",
    "arith.remf": "fmod",
}


def scalar_expression(ctx: ScalarContext, op: Operation) -> str | None:
    """
    The C++ expression computing the single result of `op`, or None when
    `op` is not an `arith`/`math` op this module knows."""
    emit = _EMITTERS.get(op.name)
    if emit is None:
        return None
    return emit(ctx, op)


def signed_view(ctx: ScalarContext, value: SSAValue) -> str:
    """`value` read as a signed integer."""
    t = value.type
    text = ctx.expr(value)
    if int_width(t) == 1:
        return f"-(int){text}"
    if isinstance(t, IntegerType) and is_unsigned(t):
        return f"({ctx.types.signed(t)}){text}"
    return text


def unsigned_view(ctx: ScalarContext, value: SSAValue) -> str:
    """`value` read as an unsigned integer."""
    t = value.type
    text = ctx.expr(value)
    if int_width(t) == 1 or is_unsigned(t):
        return text
    return f"({ctx.types.unsigned(t)}){text}"


def _result_type(ctx: ScalarContext, op: Operation) -> str:
    return ctx.types.scalar(op.results[0].type, op)


def _infix(ctx: ScalarContext, op: Operation) -> str:
    lhs, rhs = op.operands
    symbol = _INFIX[op.name]
    if not is_float(lhs.type) and int_width(lhs.type) == 1:
        symbol = _BOOL_INFIX.get(op.name, symbol)
    if op.name in ("arith.divsi", "arith.remsi", "arith.shrsi"):
        return f"{signed_view(ctx, lhs)} {symbol} {signed_view(ctx, rhs)}"
    return f"{ctx.expr(lhs)} {symbol} {ctx.expr(rhs)}"


def _unsigned_infix(ctx: ScalarContext, op: Operation) -> str:
    lhs, rhs = op.operands
    symbol = _UNSIGNED_INFIX[op.name]
    return f"{unsigned_view(ctx, lhs)} {symbol} {unsigned_view(ctx, rhs)}"


def _floordivsi(ctx: ScalarContext, op: Operation) -> str:
    a, b = (signed_view(ctx, v) for v in op.operands)
    return f"{a} / {b} - ({a} % {b} != 0 && ({a} < 0) != ({b} < 0))"


def _ceildivsi(ctx: ScalarContext, op: Operation) -> str:
    a, b = (signed_view(ctx, v) for v in op.operands)
    return f"{a} / {b} + ({a} % {b} != 0 && ({a} < 0) == ({b} < 0))"


def _ceildivui(ctx: ScalarContext, op: Operation) -> str:
    a, b = (unsigned_view(ctx, v) for v in op.operands)
    return f"{a} / {b} + ({a} % {b} != 0)"


def _minmax_int(ctx: ScalarContext, op: Operation) -> str:
    lhs, rhs = op.operands
    view = signed_view if op.name in ("arith.minsi", "arith.maxsi") else unsigned_view
    less = "<" if op.name in ("arith.minsi", "arith.minui") else ">"
    a, b = view(ctx, lhs), view(ctx, rhs)
    return f"{a} {less} {b} ? {ctx.expr(lhs)} : {ctx.expr(rhs)}"


def _minmax_float(ctx: ScalarContext, op: Operation) -> str:
    helper = "allo_minimumf" if op.name == "arith.minimumf" else "allo_maximumf"
    ctx.need_helper(helper)
    lhs, rhs = op.operands
    return f"{helper}({ctx.expr(lhs)}, {ctx.expr(rhs)})"


def _cmpi(ctx: ScalarContext, op: Operation) -> str:
    assert isinstance(op, arith.CmpiOp)
    predicate = arith.CMPI_COMPARISON_OPERATIONS[op.predicate.value.data]
    symbol, signed = _CMPI[predicate]
    if signed is None:
        return f"{ctx.expr(op.lhs)} {symbol} {ctx.expr(op.rhs)}"
    view = signed_view if signed else unsigned_view
    return f"{view(ctx, op.lhs)} {symbol} {view(ctx, op.rhs)}"


def _cmpf(ctx: ScalarContext, op: Operation) -> str:
    assert isinstance(op, arith.CmpfOp)
    predicate = arith.CMPF_COMPARISON_OPERATIONS[op.predicate.value.data]
    a, b = ctx.expr(op.lhs), ctx.expr(op.rhs)
    ordered = {"oeq": "==", "ogt": ">", "oge": ">=", "olt": "<", "ole": "<="}
    if predicate in ordered:
        return f"{a} {ordered[predicate]} {b}"
    # C++ comparisons other than != are false on NaN, like the ordered ones;
    # an unordered predicate is the negation of the opposite ordered one.
    negated = {"ugt": "<=", "uge": "<", "ult": ">=", "ule": ">"}
    if predicate in negated:
        return f"!({a} {negated[predicate]} {b})"
    if predicate in ("ord", "uno"):
        ctx.need("cmath")
        if predicate == "ord":
            return f"!std::isnan({a}) && !std::isnan({b})"
        return f"std::isnan({a}) || std::isnan({b})"
    formulas = {
        "one": f"{a} < {b} || {a} > {b}",
        "ueq": f"!({a} < {b} || {a} > {b})",
        "une": f"{a} != {b}",
        "false": "false",
        "true": "true",
    }
    return formulas[predicate]


def _select(ctx: ScalarContext, op: Operation) -> str:
    cond, a, b = op.operands
    return f"{ctx.expr(cond)} ? {ctx.expr(a)} : {ctx.expr(b)}"


def _negf(ctx: ScalarContext, op: Operation) -> str:
    return negate(ctx.expr(op.operands[0]))


def group(text: str) -> str:
    """
    `text` as an operand of a cast: casts and unary minus of an atom bind
    as tightly as the cast itself."""
    if text.replace("_", "").replace(".", "").isalnum() or text.startswith("("):
        return text if not text.startswith("-") else f"({text})"
    return f"({text})"


def negate(text: str) -> str:
    """`-text`; a negative literal is parenthesized so `-` `-` is no `--`."""
    return f"-({text})" if text.startswith("-") else f"-{text}"


def _constant(ctx: ScalarContext, op: Operation) -> str:
    assert isinstance(op, arith.ConstantOp)
    value = op.value
    t = op.result.type
    if isinstance(value, IntegerAttr) and isinstance(t, IntegerType | IndexType):
        return ctx.types.int_literal(value.value.data, t, op)
    if isinstance(value, FloatAttr) and is_float(t):
        return ctx.types.float_literal(value.value.data, t)
    ctx.types.scalar(t, op)  # names the unsupported type, if that is the cause
    raise AlloError(f"hls-cpp: unsupported constant {value}", op)


def _int_cast(ctx: ScalarContext, op: Operation) -> str:
    """extsi, extui, trunci, index_cast, index_castui."""
    source = op.operands[0]
    target = op.results[0].type
    ctype = _result_type(ctx, op)
    if int_width(target) == 1:
        return f"({ctx.expr(source)} & 1) != 0"
    if op.name in ("arith.extui", "arith.index_castui"):
        return f"({ctype}){group(unsigned_view(ctx, source))}"
    return f"({ctype}){group(signed_view(ctx, source))}"


def _int_to_float(ctx: ScalarContext, op: Operation) -> str:
    source = op.operands[0]
    view = signed_view if op.name == "arith.sitofp" else unsigned_view
    return f"({_result_type(ctx, op)}){group(view(ctx, source))}"


def _float_to_int(ctx: ScalarContext, op: Operation) -> str:
    target = op.results[0].type
    ctype = _result_type(ctx, op)
    source = ctx.expr(op.operands[0])
    if int_width(target) == 1:
        return f"{source} != 0"
    # Convert to a standard integer of the op's signedness first: the result
    # type's own signedness may differ (fptoui to a signless i32), and
    # ap_int's constructor from a floating-point value turns small negative
    # values into 1 where C's conversion truncates toward zero.
    width = int_width(target)
    via_width = next((w for w in STANDARD_WIDTHS if w >= width), None)
    if via_width is None:
        ctx.types.headers.add("cmath")
        return f"({ctype})std::trunc({source})"
    via = ctx.types.integer(via_width, op.name == "arith.fptosi")
    if via == ctype:
        return f"({ctype}){source}"
    return f"({ctype})({via}){source}"


def _float_cast(ctx: ScalarContext, op: Operation) -> str:
    return f"({_result_type(ctx, op)}){ctx.expr(op.operands[0])}"


def _bitcast(ctx: ScalarContext, op: Operation) -> str:
    source = op.operands[0]
    target = op.results[0].type
    ctype = _result_type(ctx, op)
    if is_float(source.type) == is_float(target):
        return f"({ctype}){ctx.expr(source)}"
    ctx.need_helper("allo_bit_cast")
    return f"allo_bit_cast<{ctype}>({ctx.expr(source)})"


def _math_unary(ctx: ScalarContext, op: Operation) -> str:
    _require_float(op)
    ctx.need("cmath")
    return f"std::{_MATH_UNARY[op.name]}({ctx.expr(op.operands[0])})"


def _math_binary(ctx: ScalarContext, op: Operation) -> str:
    _require_float(op)
    ctx.need("cmath")
    lhs, rhs = op.operands
    return f"std::{_MATH_BINARY[op.name]}({ctx.expr(lhs)}, {ctx.expr(rhs)})"


def _fma(ctx: ScalarContext, op: Operation) -> str:
    _require_float(op)
    ctx.need("cmath")
    a, b, c = (ctx.expr(v) for v in op.operands)
    return f"std::fma({a}, {b}, {c})"


def _rsqrt(ctx: ScalarContext, op: Operation) -> str:
    _require_float(op)
    ctx.need("cmath")
    one = "1.0f" if isinstance(op.results[0].type, Float32Type) else "1.0"
    return f"{one} / std::sqrt({ctx.expr(op.operands[0])})"


def _fpowi(ctx: ScalarContext, op: Operation) -> str:
    _require_float(op)
    ctx.need("cmath")
    base, exponent = op.operands
    ctype = _result_type(ctx, op)
    return f"std::pow({ctx.expr(base)}, ({ctype}){signed_view(ctx, exponent)})"


def _absi(ctx: ScalarContext, op: Operation) -> str:
    value = op.operands[0]
    text = ctx.expr(value)
    return f"{signed_view(ctx, value)} < 0 ? {negate(text)} : {text}"


def _require_float(op: Operation) -> None:
    bad: Attribute | None = next(
        (v.type for v in op.operands if not is_float(v.type)), None
    )
    if bad is not None and op.name != "math.fpowi":
        raise AlloError(f"hls-cpp: '{op.name}' on {bad} is not supported", op)


_EMITTERS: dict[str, Emitter] = {
    **dict.fromkeys(_INFIX, _infix),
    **dict.fromkeys(_UNSIGNED_INFIX, _unsigned_infix),
    **dict.fromkeys(_MATH_UNARY, _math_unary),
    **dict.fromkeys(_MATH_BINARY, _math_binary),
    "arith.constant": _constant,
    "arith.floordivsi": _floordivsi,
    "arith.ceildivsi": _ceildivsi,
    "arith.ceildivui": _ceildivui,
    **dict.fromkeys(
        ("arith.minsi", "arith.maxsi", "arith.minui", "arith.maxui"), _minmax_int
    ),
    "arith.minimumf": _minmax_float,
    "arith.maximumf": _minmax_float,
    "arith.cmpi": _cmpi,
    "arith.cmpf": _cmpf,
    "arith.select": _select,
    "arith.negf": _negf,
    **dict.fromkeys(
        (
            "arith.extsi",
            "arith.extui",
            "arith.trunci",
            "arith.index_cast",
            "arith.index_castui",
        ),
        _int_cast,
    ),
    "arith.sitofp": _int_to_float,
    "arith.uitofp": _int_to_float,
    "arith.fptosi": _float_to_int,
    "arith.fptoui": _float_to_int,
    "arith.extf": _float_cast,
    "arith.truncf": _float_cast,
    "arith.bitcast": _bitcast,
    "math.fma": _fma,
    "math.rsqrt": _rsqrt,
    "math.fpowi": _fpowi,
    "math.absi": _absi,
}
