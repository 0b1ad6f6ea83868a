"""
Queries about affine loops: nest structure, bounds and trip counts.

One name per concept:
- `lower_bound`/`upper_bound`: a loop's bound as a (map, inputs) `Bound`;
- `constant_bounds`: both bounds as integers (`ConstantBounds`), when they
  are single constants;
- `trip_count`: the exact number of iterations when no value changes it
  (`0 to 8`, or `%x to %x + 4`); `ConstantBounds.trip_count` is the same
  number for constant bounds;
- `max_trip_count`: an upper bound on it (`%x to min(%x + 4, 10)`);
- `loop_range`: the first and last values of the induction variable.

Rewrites of loops (building them, changing their bounds, substituting an
induction variable) live in `allo_xdsl.rewriting.loops`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import affine, arith
from xdsl.dialects.builtin import IndexType, IntegerAttr
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineExpr, AffineMap

from allo_xdsl.analysis.lookup import loop_name
from allo_xdsl.dialects.fpga import HINT_PREFIX

"""Discardable loop attributes with this prefix are hardware hints."""

Bound = tuple[AffineMap, tuple[SSAValue, ...]]
"""A loop bound: a map (max of results for lower, min for upper) and its
inputs, all dimensions."""


# --- shape queries -----------------------------------------------------------


def induction_var(loop: affine.ForOp) -> BlockArgument:
    return loop.body.block.args[0]


def loop_step(loop: affine.ForOp) -> int:
    return loop.step.value.data


def loop_label(loop: affine.ForOp) -> str:
    return loop_name(loop) or "?"


def body_ops(loop: affine.ForOp) -> list[Operation]:
    """The ops of the loop body, without the terminator."""
    return [op for op in loop.body.block.ops if not isinstance(op, affine.YieldOp)]


def perfect_child(loop: affine.ForOp) -> affine.ForOp | None:
    """The loop that is alone in `loop`'s body (besides an empty yield)."""
    ops = body_ops(loop)
    if len(ops) != 1 or not isinstance(ops[0], affine.ForOp):
        return None
    if loop.inits or ops[0].results:
        return None
    return ops[0]


def perfect_path(outer: affine.ForOp, inner: affine.ForOp) -> list[affine.ForOp] | None:
    """
    The loops from `outer` down to `inner` when each one is alone in the
    body of the previous; None otherwise."""
    path = [outer]
    while path[-1] is not inner:
        child = perfect_child(path[-1])
        if child is None:
            return None
        path.append(child)
    return path


def enclosing_loops(op: Operation, stop: Operation | None = None) -> list[affine.ForOp]:
    """The affine loops around `op`, outermost first, up to (excluding) `stop`."""
    loops: list[affine.ForOp] = []
    parent = op.parent_op()
    while parent is not None and parent is not stop:
        if isinstance(parent, affine.ForOp):
            loops.append(parent)
        parent = parent.parent_op()
    return loops[::-1]


def is_inside(op: Operation, ancestor: Operation) -> bool:
    parent = op.parent_op()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent_op()
    return False


def loop_hints(loop: affine.ForOp) -> list[str]:
    """The hardware hint attributes (`fpga.*`) set on `loop`."""
    return sorted(k for k in loop.attributes if k.startswith(HINT_PREFIX))


def index_constant(value: SSAValue) -> int | None:
    """The value of an `arith.constant` of index type."""
    owner = value.owner
    if not isinstance(value.type, IndexType):
        return None
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


# --- bounds and trip counts --------------------------------------------------


def lower_bound(loop: affine.ForOp) -> Bound:
    return loop.lowerBoundMap.data, tuple(loop.lowerBoundOperands)


def upper_bound(loop: affine.ForOp) -> Bound:
    return loop.upperBoundMap.data, tuple(loop.upperBoundOperands)


def _trips(difference: int, step: int) -> int:
    """
    The iterations from a lower bound to an upper bound `difference`
    above it."""
    return max(0, -(-difference // step))


@dataclass(frozen=True)
class ConstantBounds:
    lower: int
    upper: int
    step: int

    @property
    def trip_count(self) -> int:
        return _trips(self.upper - self.lower, self.step)


def _constant(expr: AffineExpr) -> int | None:
    return expr.value if isinstance(expr, AffineConstantExpr) else None


def constant_bounds(loop: affine.ForOp) -> ConstantBounds | None:
    """The bounds of `loop` when both are single constants."""
    lower_map, upper_map = loop.lowerBoundMap.data, loop.upperBoundMap.data
    if len(lower_map.results) != 1:
        return None
    lower = _constant(lower_map.results[0])
    uppers = [_constant(e) for e in upper_map.results]
    if lower is None or any(u is None for u in uppers):
        return None
    upper = min(u for u in uppers if u is not None)
    return ConstantBounds(lower, upper, loop_step(loop))


def _over_operands(
    expr: AffineExpr,
    num_dims: int,
    operands: Sequence[SSAValue],
    union: list[SSAValue],
) -> AffineExpr:
    """
    `expr`, a map result over `operands` (dims then symbols), rewritten over
    the dims of `union`, extended with any operand it lacks."""
    positions: list[AffineExpr] = []
    for value in operands:
        if value not in union:
            union.append(value)
        positions.append(AffineExpr.dimension(union.index(value)))
    return expr.replace_dims_and_symbols(positions[:num_dims], positions[num_dims:])


def _bound_differences(loop: affine.ForOp) -> list[int | None]:
    """
    For each upper-bound result, `ub - lb` when it is a constant (the lower
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
        differences.append(_constant(difference))
    return differences


def trip_count(loop: affine.ForOp) -> int | None:
    """
    The number of iterations of `loop` when it does not depend on any
    value (`0 to 8`, or `%x to %x + 4`), else None."""
    differences = _bound_differences(loop)
    if not differences or any(d is None for d in differences):
        return None
    return min(_trips(d, loop_step(loop)) for d in differences if d is not None)


def max_trip_count(loop: affine.ForOp) -> int | None:
    """
    An upper bound on the iterations of `loop` when one of its upper bounds
    is a constant distance from its lower bound (`%x to min(%x + 4, 10)`)."""
    known = [d for d in _bound_differences(loop) if d is not None]
    if not known:
        return None
    return min(_trips(d, loop_step(loop)) for d in known)


def loop_range(loop: affine.ForOp) -> tuple[int, int] | None:
    """
    The first and last values of the induction variable of `loop` when
    its bounds are constants and it runs at least once."""
    bounds = constant_bounds(loop)
    if bounds is None or bounds.trip_count < 1:
        return None
    return bounds.lower, bounds.lower + bounds.step * (bounds.trip_count - 1)
