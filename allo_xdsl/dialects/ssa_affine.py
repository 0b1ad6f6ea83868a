"""
Custom syntax shared by dialects: an affine subscript over SSA values,
`[%i, %j * 2 + 1]`, as `affine.load` spells its indices.

xDSL's own printer for it is private, so this module keeps one that prints
what MLIR prints (parentheses only where the precedence needs them).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)
from xdsl.parser import Parser
from xdsl.printer import Printer

# Binding strength of the affine operators, as MLIR prints them.
_PRECEDENCE = {AffineBinaryOpKind.Add: 10}


def parse_subscript(parser: Parser) -> tuple[AffineMap, Sequence[SSAValue]]:
    """`[%i, %j + 1]`: a map whose dimensions are the SSA values returned."""
    amap, indices = parser.parse_affine_map_of_ssa_ids()
    # The parser reads SSA ids as symbols: make them dimensions.
    n = amap.num_dims + amap.num_symbols
    dims = [AffineExpr.dimension(k) for k in range(n)]
    results = tuple(
        e.replace_dims_and_symbols(dims[: amap.num_dims], dims[amap.num_dims :])
        for e in amap.results
    )
    return AffineMap(n, 0, results), indices


def print_subscript(
    printer: Printer, amap: AffineMap, indices: Sequence[SSAValue]
) -> None:
    """`[%i, %j + 1]`: the results of `amap` over the SSA values `indices`."""
    with printer.in_square_brackets():
        printer.print_list(amap.results, lambda e: _print_expr(printer, e, indices))


def _print_expr(
    printer: Printer, expr: AffineExpr, indices: Sequence[SSAValue], min_prec: int = 0
) -> None:
    if isinstance(expr, AffineConstantExpr):
        printer.print_string(str(expr.value))
    elif isinstance(expr, AffineDimExpr | AffineSymExpr):
        printer.print_ssa_value(indices[expr.position])
    else:
        assert isinstance(expr, AffineBinaryOpExpr)
        prec = _PRECEDENCE.get(expr.kind, 20)
        printer.print_string("(" if prec < min_prec else "")
        _print_expr(printer, expr.lhs, indices, prec)
        printer.print_string(f" {expr.kind.get_token()} ")
        right = prec if expr.kind == AffineBinaryOpKind.Add else prec + 1
        _print_expr(printer, expr.rhs, indices, right)
        printer.print_string(")" if prec < min_prec else "")
