"""
Trip counts and index values: the worst-case trip count of a loop (its
bounds over the ranges of the enclosing induction variables), and the value
of an index for one unrolled copy."""

from __future__ import annotations

from collections.abc import Mapping

from xdsl.dialects import affine, scf
from xdsl.ir import BlockArgument, Operation, SSAValue

from allo_xdsl.analysis.affine_forms import expr_range
from allo_xdsl.analysis.loops import (
    index_constant,
    loop_step,
    max_trip_count,
    trip_count,
)

Range = tuple[int, int]
"""Inclusive range of an index value."""

_UNKNOWN: Range = (0, 0)


def value_range(value: SSAValue, depth: int = 0) -> Range | None:
    """The range an index value takes, when it can be bounded."""
    constant = index_constant(value)
    if constant is not None:
        return constant, constant
    if depth > 16:
        return None
    if isinstance(value, BlockArgument) and value.index == 0:
        loop = value.block.parent_op()
        if isinstance(loop, affine.ForOp):
            return _iv_range(loop, depth)
        if isinstance(loop, scf.ForOp):
            lo, hi = index_constant(loop.lb), index_constant(loop.ub)
            return None if lo is None or hi is None else (lo, max(lo, hi - 1))
        return None
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        inputs = [value_range(v, depth + 1) for v in owner.mapOperands]
        if any(r is None for r in inputs):
            return None
        amap = owner.map.data
        ranges = [r for r in inputs if r is not None]
        if amap.num_symbols:
            return None
        return expr_range(amap.results[0], ranges)
    return None


def _bound_range(loop: affine.ForOp, upper: bool, depth: int) -> Range | None:
    amap = loop.upperBoundMap.data if upper else loop.lowerBoundMap.data
    operands = loop.upperBoundOperands if upper else loop.lowerBoundOperands
    inputs = [value_range(v, depth + 1) for v in operands]
    if any(r is None for r in inputs) or amap.num_symbols:
        return None
    ranges = [r for r in inputs if r is not None]
    results = [expr_range(e, ranges) for e in amap.results]
    if any(r is None for r in results):
        return None
    known = [r for r in results if r is not None]
    if upper:  # min of the results
        return min(r[0] for r in known), min(r[1] for r in known)
    return max(r[0] for r in known), max(r[1] for r in known)


def _iv_range(loop: affine.ForOp, depth: int) -> Range | None:
    lower = _bound_range(loop, False, depth)
    upper = _bound_range(loop, True, depth)
    if lower is None or upper is None:
        return None
    return lower[0], max(lower[0], upper[1] - 1)


def max_trips(loop: Operation) -> int | None:
    """
    The largest trip count of `loop` over every execution, or None when
    it cannot be bounded."""
    if isinstance(loop, scf.ForOp):
        lo, hi = index_constant(loop.lb), index_constant(loop.ub)
        step = index_constant(loop.step)
        if lo is None or hi is None or not step:
            return None
        return max(0, -(-(hi - lo) // step))
    if not isinstance(loop, affine.ForOp):
        return None
    lower = _bound_range(loop, False, 0)
    upper = _bound_range(loop, True, 0)
    if lower is None or upper is None:
        return None
    step = loop_step(loop)
    best = max(0, -(-(upper[1] - lower[0]) // step))
    exact = max_trip_count(loop)
    return best if exact is None else min(best, exact)


def is_constant_trip(loop: Operation) -> bool:
    """Whether every execution of `loop` has the same trip count."""
    if isinstance(loop, affine.ForOp):
        return trip_count(loop) is not None
    if isinstance(loop, scf.ForOp):
        return max_trips(loop) is not None
    return False


def index_value(
    value: SSAValue,
    env: Mapping[SSAValue, int],
    memo: dict[SSAValue, int] | None = None,
) -> int:
    """
    The value of an index in one copy: ivs from `env`, other ivs at their
    lower bound, constants and `affine.apply` evaluated; 0 when unknown.
    `memo` keeps the values that do not depend on `env` between calls."""
    if value in env:
        return env[value]
    if memo is not None and value in memo:
        return memo[value]
    owner = value.owner
    if isinstance(owner, affine.ApplyOp):
        amap = owner.map.data
        dims = [index_value(v, env, memo) for v in owner.mapOperands]
        try:
            return amap.eval(dims[: amap.num_dims], dims[amap.num_dims :])[0]
        except (ZeroDivisionError, IndexError):
            return 0
    constant = index_constant(value)
    if constant is None and isinstance(value, BlockArgument) and value.index == 0:
        r = value_range(value)
        constant = r[0] if r is not None else 0
    result = constant if constant is not None else 0
    if memo is not None:
        memo[value] = result
    return result
