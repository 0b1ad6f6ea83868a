"""Affine expressions as C++ integer expressions.

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
    AffineDimExpr,
    AffineExpr,
    AffineSymExpr,
)
from xdsl.ir.affine.affine_set import AffineConstraintKind, AffineSet

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


class AffinePrinter:
    """Prints expressions over the given dimension and symbol operands."""

    def __init__(self, dims: Sequence[Operand], symbols: Sequence[Operand] = ()):
        self.dims = tuple(dims)
        self.symbols = tuple(symbols)

    def print(self, expr: AffineExpr) -> str:
        return self._print(expr).text

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
        if isinstance(expr, AffineConstantExpr):
            return expr.value >= 0
        if isinstance(expr, AffineDimExpr):
            return self.dims[expr.position].nonneg
        if isinstance(expr, AffineSymExpr):
            return self.symbols[expr.position].nonneg
        assert isinstance(expr, AffineBinaryOpExpr)
        if expr.kind == AffineBinaryOpKind.Mod:
            return _positive_constant(expr.rhs) is not None
        if expr.kind in (AffineBinaryOpKind.FloorDiv, AffineBinaryOpKind.CeilDiv):
            return self.nonneg(expr.lhs) and _positive_constant(expr.rhs) is not None
        return self.nonneg(expr.lhs) and self.nonneg(expr.rhs)

    def _print(self, expr: AffineExpr) -> _Text:
        if isinstance(expr, AffineConstantExpr):
            return _Text(str(expr.value), _UNARY if expr.value < 0 else _ATOM)
        if isinstance(expr, AffineDimExpr):
            return _operand(self.dims[expr.position])
        if isinstance(expr, AffineSymExpr):
            return _operand(self.symbols[expr.position])
        assert isinstance(expr, AffineBinaryOpExpr)
        if expr.kind == AffineBinaryOpKind.Add:
            return self._add(expr.lhs, expr.rhs)
        if expr.kind == AffineBinaryOpKind.Mul:
            return self._mul(expr.lhs, expr.rhs)
        return self._division(expr)

    def _add(self, lhs: AffineExpr, rhs: AffineExpr) -> _Text:
        if isinstance(rhs, AffineConstantExpr) and rhs.value == 0:
            return self._print(lhs)
        left = self._print(lhs).at_least(_ADD)
        negated = _negated(rhs)
        if negated is None:
            return _Text(f"{left} + {self._print(rhs).at_least(_MUL)}", _ADD)
        return _Text(f"{left} - {self._print(negated).at_least(_MUL)}", _ADD)

    def _mul(self, lhs: AffineExpr, rhs: AffineExpr) -> _Text:
        if isinstance(rhs, AffineConstantExpr) and rhs.value == -1:
            return _Text(f"-{self._print(lhs).at_least(_UNARY)}", _UNARY)
        if isinstance(rhs, AffineConstantExpr) and rhs.value == 1:
            return self._print(lhs)
        left = self._print(lhs).at_least(_MUL)
        right = self._print(rhs).at_least(_UNARY)
        return _Text(f"{left} * {right}", _MUL)

    def _division(self, expr: AffineBinaryOpExpr) -> _Text:
        divisor = _positive_constant(expr.rhs)
        if divisor is None:
            raise NonConstantDivisor(str(expr))
        if divisor == 1:
            if expr.kind == AffineBinaryOpKind.Mod:
                return _Text("0", _ATOM)
            return self._print(expr.lhs)
        x = self._print(expr.lhs)
        nonneg = self.nonneg(expr.lhs)
        c = divisor
        if expr.kind == AffineBinaryOpKind.Mod:
            if nonneg:
                return _Text(f"{x.at_least(_MUL)} % {c}", _MUL)
            return _Text(f"({x.at_least(_MUL)} % {c} + {c}) % {c}", _MUL)
        if expr.kind == AffineBinaryOpKind.FloorDiv:
            if nonneg:
                return _Text(f"{x.at_least(_MUL)} / {c}", _MUL)
            a = x.at_least(_ATOM)
            return _Text(f"({a} < 0 ? ({a} + 1) / {c} - 1 : {a} / {c})", _ATOM)
        if nonneg:
            return _Text(f"({x.at_least(_ADD)} + {c - 1}) / {c}", _MUL)
        a = x.at_least(_ATOM)
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
    """`e` when `expr` is `-e` written as a negative constant or a product
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
