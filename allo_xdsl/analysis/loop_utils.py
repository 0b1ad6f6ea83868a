"""Shared helpers about affine loops: bounds, trip counts, nest structure."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine
from xdsl.ir import SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineExpr, AffineMap


def constant_bound(affine_map: AffineMap) -> int | None:
    """The value of a single-result map whose result is a constant."""
    if len(affine_map.results) != 1:
        return None
    result = affine_map.results[0]
    return result.value if isinstance(result, AffineConstantExpr) else None


def loop_step(loop: affine.ForOp) -> int:
    return loop.step.value.data


def _over_operands(
    expr: AffineExpr,
    num_dims: int,
    operands: Sequence[SSAValue],
    union: list[SSAValue],
) -> AffineExpr:
    """`expr`, a map result over `operands` (dims then symbols), rewritten over
    the dims of `union`, extended with any operand it lacks."""
    positions: list[AffineExpr] = []
    for value in operands:
        if value not in union:
            union.append(value)
        positions.append(AffineExpr.dimension(union.index(value)))
    return expr.replace_dims_and_symbols(positions[:num_dims], positions[num_dims:])


def bound_differences(loop: affine.ForOp) -> list[int | None]:
    """For each upper-bound result, `ub - lb` when it is a constant (the lower
    bound being single-result), else None."""
    lb_map = loop.lowerBoundMap.data
    ub_map = loop.upperBoundMap.data
    if len(lb_map.results) != 1:
        return [None] * len(ub_map.results)
    union: list[SSAValue] = []
    lower = _over_operands(
        lb_map.results[0], lb_map.num_dims, loop.lowerBoundOperands, union
    )
    differences: list[int | None] = []
    for upper_result in ub_map.results:
        upper = _over_operands(
            upper_result, ub_map.num_dims, loop.upperBoundOperands, union
        )
        difference = upper - lower
        if difference.is_pure_affine():
            difference = difference.simplify(len(union), 0)
        differences.append(
            difference.value if isinstance(difference, AffineConstantExpr) else None
        )
    return differences


def _trips(difference: int, step: int) -> int:
    return max(0, -(-difference // step))


def constant_trip_count(loop: affine.ForOp) -> int | None:
    """The number of iterations of `loop` when it does not depend on any
    value (`0 to 8`, or `%x to %x + 4`), else None."""
    differences = bound_differences(loop)
    if not differences or any(d is None for d in differences):
        return None
    return min(_trips(d, loop_step(loop)) for d in differences if d is not None)


def max_trip_count(loop: affine.ForOp) -> int | None:
    """An upper bound on the iterations of `loop` when one of its upper bounds
    is a constant distance from its lower bound (`%x to min(%x + 4, 10)`)."""
    known = [d for d in bound_differences(loop) if d is not None]
    if not known:
        return None
    return min(_trips(d, loop_step(loop)) for d in known)
