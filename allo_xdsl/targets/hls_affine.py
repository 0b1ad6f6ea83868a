"""
Affine expressions as C++ integer expressions.

MLIR's `floordiv` rounds toward negative infinity, `ceildiv` toward positive
infinity and `mod` is never negative, while C++ `/` and `%` truncate toward
zero. Where an operand is known to be non-negative (a constant, or a loop
induction variable whose lower bound is non-negative) the plain C++ operator
is used; elsewhere the emitted expression corrects the rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineExpr,
)
from xdsl.ir.affine.affine_set import AffineConstraintKind, AffineSet

from allo_xdsl.analysis.affine_expr import ExprFolder

# Precedence of the C++ text produced for an expression.
_ADD = 1
_MUL = 2
_UNARY = 3
_ATOM = 4


class NonConstantDivisor(Exception):
    """A semi-affine division or modulo by a non-constant: not supported."""


@dataclass(frozen=True)
class Operand:
    """A dimension or symbol operand: its C++ text and whether it is >= 0."""

    text: str
    nonneg: bool = False


@dataclass(frozen=True)
class _Text:
    text: str
    prec: int

    def at_least(self, prec: int) -> str:
        return self.text if self.prec >= prec else f"({self.text})"


class _NonNegative(ExprFolder[bool]):
    """Whether an expression is >= 0 for every value of its operands."""

    def __init__(self, dims: Sequence[Operand], symbols: Sequence[Operand]):
        self.dims = dims
        self.symbols = symbols

    def constant(self, value: int) -> bool:
        return value >= 0

    def dim(self, position: int) -> bool:
        return self.dims[position].nonneg

    def symbol(self, position: int) -> bool:
        return self.symbols[position].nonneg

    def add(self, lhs: bool, rhs: bool, node: AffineBinaryOpExpr) -> bool:
        return lhs and rhs

    def mul(self, lhs: bool, rhs: bool, node: AffineBinaryOpExpr) -> bool:
        return lhs and rhs

    def divide(self, lhs: bool, rhs: bool, node: AffineBinaryOpExpr) -> bool:
        positive = _positive_constant(node.rhs) is not None
        if node.kind == AffineBinaryOpKind.Mod:
            return positive
        return lhs and positive


class AffinePrinter(ExprFolder[_Text]):
    """Prints expressions over the given dimension and symbol operands."""

    def __init__(self, dims: Sequence[Operand], symbols: Sequence[Operand] = ()):
        self.dims = tuple(dims)
        self.symbols = tuple(symbols)
        self._nonneg = _NonNegative(self.dims, self.symbols)

    def print(self, expr: AffineExpr) -> str:
        return self.fold(expr).text

    def print_condition(self, condition: AffineSet) -> str:
        """`e0 >= 0 && e1 == 0` for an integer set (`true` when empty)."""
        parts: list[str] = []
        for constraint in condition.constraints:
            op = "==" if constraint.kind == AffineConstraintKind.eq else ">="
            lhs, rhs = constraint.lhs, constraint.rhs
            if constraint.kind == AffineConstraintKind.le:
                lhs, rhs = rhs, lhs
            parts.append(f"{self.print(lhs)} {op} {self.print(rhs)}")
        return " && ".join(parts) if parts else "true"

    def nonneg(self, expr: AffineExpr) -> bool:
        """Whether `expr` is >= 0 for every value of its operands."""
        return self._nonneg.fold(expr)

    def constant(self, value: int) -> _Text:
        return _Text(str(value), _UNARY if value < 0 else _ATOM)

    def dim(self, position: int) -> _Text:
        return _operand(self.dims[position])

    def symbol(self, position: int) -> _Text:
        return _operand(self.symbols[position])

    def add(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        if isinstance(node.rhs, AffineConstantExpr) and node.rhs.value == 0:
            return lhs
        left = lhs.at_least(_ADD)
        negated = _negated(node.rhs)
        if negated is None:
            return _Text(f"{left} + {rhs.at_least(_MUL)}", _ADD)
        return _Text(f"{left} - {self.fold(negated).at_least(_MUL)}", _ADD)

    def mul(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        if isinstance(node.rhs, AffineConstantExpr) and node.rhs.value == -1:
            return _Text(f"-{lhs.at_least(_UNARY)}", _UNARY)
        if isinstance(node.rhs, AffineConstantExpr) and node.rhs.value == 1:
            return lhs
        return _Text(f"{lhs.at_least(_MUL)} * {rhs.at_least(_UNARY)}", _MUL)

    def divide(self, lhs: _Text, rhs: _Text, node: AffineBinaryOpExpr) -> _Text:
        c = _positive_constant(node.rhs)
        if c is None:
            raise NonConstantDivisor(str(node))
        if c == 1:
            return _Text("0", _ATOM) if node.kind == AffineBinaryOpKind.Mod else lhs
        nonneg = self.nonneg(node.lhs)
        if node.kind == AffineBinaryOpKind.Mod:
            if nonneg:
                return _Text(f"{lhs.at_least(_MUL)} % {c}", _MUL)
            return _Text(f"({lhs.at_least(_MUL)} % {c} + {c}) % {c}", _MUL)
        if node.kind == AffineBinaryOpKind.FloorDiv:
            if nonneg:
                return _Text(f"{lhs.at_least(_MUL)} / {c}", _MUL)
            a = lhs.at_least(_ATOM)
            return _Text(f"({a} < 0 ? ({a} + 1) / {c} - 1 : {a} / {c})", _ATOM)
        if nonneg:
            return _Text(f"({lhs.at_least(_ADD)} + {c - 1}) / {c}", _MUL)
        a = lhs.at_least(_ATOM)
        return _Text(f"({a} > 0 ? ({a} - 1) / {c} + 1 : {a} / {c})", _ATOM)


def _operand(operand: Operand) -> _Text:
    prec = _UNARY if operand.text.startswith("-") else _ATOM
    if not operand.text.replace("_", "").isalnum():
        prec = min(prec, _ADD)
    return _Text(operand.text, prec)


def _positive_constant(expr: AffineExpr) -> int | None:
    if isinstance(expr, AffineConstantExpr) and expr.value > 0:
        return expr.value
    return None


def _negated(expr: AffineExpr) -> AffineExpr | None:
    """
    `e` when `expr` is `-e` written as a negative constant or a product
    with a negative constant, so that `a + b * -2` prints as `a - b * 2`."""
    if isinstance(expr, AffineConstantExpr) and expr.value < 0:
        return AffineExpr.constant(-expr.value)
    if (
        isinstance(expr, AffineBinaryOpExpr)
        and expr.kind == AffineBinaryOpKind.Mul
        and isinstance(expr.rhs, AffineConstantExpr)
        and expr.rhs.value < 0
    ):
        if expr.rhs.value == -1:
            return expr.lhs
        return AffineBinaryOpExpr(
            AffineBinaryOpKind.Mul, expr.lhs, AffineExpr.constant(-expr.rhs.value)
        )
    return None
