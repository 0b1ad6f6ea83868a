"""The `split` primitive: strip-mine a loop into an outer and an inner loop."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.ir import SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineExpr, AffineMap

from allo_xdsl.analysis.affine_forms import merge_inputs, simplify_expr
from allo_xdsl.analysis.hints import (
    is_dataflow,
    is_parallel,
    set_dataflow,
    set_parallel,
    set_unroll,
    unroll,
)
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.loops import (
    Bound,
    induction_var,
    loop_label,
    loop_step,
    max_trip_count,
    trip_count,
)
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.loops import (
    const_bound,
    hls_safe_name,
    name_loop,
    new_loop,
    substitute_value,
)


@dataclass(frozen=True)
class LoopSplitPass(PrimitivePass):
    """
    Split loop `loop` of function `func` by `factor`, as Allo's `split`.

    `for i in [lb, ub) step s` becomes `i.outer` over `[0, ceil(T / factor))`
    and `i.inner` over `[0, min(factor, T - factor * i.outer))`, T being the
    trip count, and the body reads `i = lb + s * (i.outer * factor +
    i.inner)`. When `factor` divides a constant T the inner bound is just
    `factor`; otherwise the `min` keeps the last chunk from running past the
    end. Bounds may depend on outer loops and values defined outside the
    loop. The band name (`op_name`) stays on `i.outer`; loop-carried values
    are threaded through both loops. Always legal.

    Hardware hints follow the loop, as in Allo: the outer loop keeps the
    loop's attributes, so `pipeline` (II, rewind) and `unroll` by a factor
    stay on `i.outer` (Vitis then unrolls `i.inner` inside the pipelined
    loop, so every original iteration is still pipelined). Three hints also
    or instead go to `i.inner`, where their meaning is kept: a full unroll
    (`fpga.unroll = 0`) goes on both loops, so the whole original loop stays
    unrolled; `parallel` goes on both (their iterations are independent when
    the original ones were); `dataflow`, a property of the loop's body,
    moves to `i.inner`, which now holds that body. The order of `split` and
    the hints so does not matter.

    Rejects: a factor below 1, a factor larger than the (maximal) trip count,
    a lower bound that is a `max` of several values, and an unroll factor
    larger than the trip count `i.outer` would have.
    """

    name = "loop-split"

    loop: str
    factor: int

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        split_loop(find_loop(fn, self.loop), self.factor)


def check_splittable(loop: affine.ForOp, factor: int, what: str = "split") -> None:
    name = loop_label(loop)
    if factor < 1:
        raise AlloError(
            f"cannot {what} loop '{name}': the factor must be at least 1, got {factor}",
            loop,
        )
    if len(loop.lowerBoundMap.data.results) != 1:
        raise AlloError(
            f"cannot {what} loop '{name}': its lower bound is a max of several values",
            loop,
        )
    trips = max_trip_count(loop)
    if trips is not None and factor > trips:
        raise AlloError(
            f"cannot {what} loop '{name}' by {factor}: the factor is larger than "
            f"its trip count {trips}",
            loop,
        )
    check_unroll_hint(loop, factor, what)


def check_unroll_hint(loop: affine.ForOp, factor: int, what: str) -> None:
    """
    An unroll factor moves to the outer loop, which must have that many
    iterations."""
    factor_hint = unroll(loop)
    trips = trip_count(loop)
    if factor_hint is None or trips is None:
        return
    outer_trips = -(-trips // factor)
    if factor_hint > outer_trips:
        raise AlloError(
            f"cannot {what} loop '{loop_label(loop)}' by {factor}: its unroll "
            f"factor {factor_hint}, which '{loop_label(loop)}.outer' would "
            f"keep, is larger than that loop's trip count {outer_trips}; split "
            "first, then unroll",
            loop,
        )


def move_hints(outer: affine.ForOp, inner: affine.ForOp) -> None:
    """
    `outer` has the split loop's attributes: give `inner` the hints that
    keep their meaning there (see `LoopSplitPass`)."""
    if unroll(outer) == 0:
        set_unroll(inner, 0)
    if is_parallel(outer):
        set_parallel(inner)
    if is_dataflow(outer):
        set_dataflow(inner)
        set_dataflow(outer, False)


def split_loop(loop: affine.ForOp, factor: int) -> tuple[affine.ForOp, affine.ForOp]:
    """Split `loop` (see `LoopSplitPass`); returns (outer, inner)."""
    check_splittable(loop, factor)
    name = loop_label(loop)
    step = loop_step(loop)
    lower_map = loop.lowerBoundMap.data
    upper_map = loop.upperBoundMap.data
    inputs, lower_dims = merge_inputs((), tuple(loop.lowerBoundOperands))
    inputs, upper_dims = merge_inputs(inputs, tuple(loop.upperBoundOperands))
    lower = lower_map.results[0].replace_dims_and_symbols(
        lower_dims[: lower_map.num_dims], lower_dims[lower_map.num_dims :]
    )
    n = len(inputs)
    spans = [
        simplify_expr(
            u.replace_dims_and_symbols(
                upper_dims[: upper_map.num_dims], upper_dims[upper_map.num_dims :]
            )
            - lower,
            n,
        )
        for u in upper_map.results
    ]
    trips = [
        simplify_expr(span.ceil_div(step), n) if step > 1 else span for span in spans
    ]

    outer_upper = _outer_upper(spans, trips, step, factor, inputs)
    outer = new_loop(
        const_bound(0),
        outer_upper,
        1,
        tuple(loop.inits),
        f"{hls_safe_name(name)}_outer",
    )
    inner = new_loop(
        const_bound(0),
        _inner_upper(trips, factor, outer, inputs),
        1,
        tuple(outer.body.block.args[1:]),
        f"{hls_safe_name(name)}_inner",
    )
    for old_arg, outer_arg in zip(
        loop.body.block.args, outer.body.block.args, strict=True
    ):
        if old_arg.name_hint and outer_arg.name_hint is None:
            outer_arg.name_hint = old_arg.name_hint
    outer.attributes.update(loop.attributes)
    name_loop(outer, f"{name}.outer")
    name_loop(inner, f"{name}.inner")
    move_hints(outer, inner)
    outer.location = inner.location = loop.location

    old_block = loop.body.block
    for op in list(old_block.ops):
        op.detach()
        inner.body.block.add_op(op)
    for old_arg, new_arg in zip(
        old_block.args[1:], inner.body.block.args[1:], strict=True
    ):
        old_arg.replace_all_uses_with(new_arg)
    index = (
        _shift(lower, 2)
        + (AffineExpr.dimension(0) * factor + AffineExpr.dimension(1)) * step
    )
    substitute_value(
        induction_var(loop),
        simplify_expr(index, n + 2),
        (induction_var(outer), induction_var(inner), *inputs),
    )

    outer.body.block.add_ops([inner, affine.YieldOp.get(*inner.results)])
    parent = loop.parent_block()
    assert parent is not None
    parent.insert_op_before(outer, loop)
    for old_result, new_result in zip(loop.results, outer.results, strict=True):
        old_result.replace_all_uses_with(new_result)
    loop.detach()
    loop.erase()
    return outer, inner


def _shift(expr: AffineExpr, by: int) -> AffineExpr:
    """`expr` with dimension k renamed k + by."""
    dims = [AffineExpr.dimension(d + by) for d in range(_max_dim(expr) + 1)]
    return expr.replace_dims_and_symbols(dims, ())


def _max_dim(expr: AffineExpr) -> int:
    used = expr.used_dims()
    return max(used) if used else -1


def _constant(expr: AffineExpr) -> int | None:
    return expr.value if isinstance(expr, AffineConstantExpr) else None


def _outer_upper(
    spans: list[AffineExpr],
    trips: list[AffineExpr],
    step: int,
    factor: int,
    inputs: tuple[SSAValue, ...],
) -> Bound:
    constants = [_constant(t) for t in trips]
    if all(c is not None for c in constants):
        count = min(c for c in constants if c is not None)
        return const_bound(-(-count // factor))
    n = len(inputs)
    results = tuple(simplify_expr(s.ceil_div(step * factor), n) for s in spans)
    return AffineMap(n, 0, results), inputs


def _inner_upper(
    trips: list[AffineExpr],
    factor: int,
    outer: affine.ForOp,
    inputs: tuple[SSAValue, ...],
) -> Bound:
    """
    `min(factor, T - factor * outer)`, or just `factor` when it divides a
    constant trip count."""
    constants = [_constant(t) for t in trips]
    if all(c is not None for c in constants):
        count = min(c for c in constants if c is not None)
        if count % factor == 0:
            return const_bound(factor)
        rest = AffineExpr.constant(count) - AffineExpr.dimension(0) * factor
        return (
            AffineMap(1, 0, (AffineExpr.constant(factor), simplify_expr(rest, 1))),
            (induction_var(outer),),
        )
    n = len(inputs) + 1
    results = [AffineExpr.constant(factor)]
    for trip in trips:
        rest = _shift(trip, 1) - AffineExpr.dimension(0) * factor
        results.append(simplify_expr(rest, n))
    return AffineMap(n, 0, tuple(results)), (induction_var(outer), *inputs)
