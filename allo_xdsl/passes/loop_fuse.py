"""The `fuse` primitive: coalesce consecutive nested loops into one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from math import prod

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import IntegerAttr, UnitAttr
from xdsl.ir.affine import AffineExpr

from allo_xdsl.analysis.affine_forms import simplify_expr
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.loops import (
    ConstantBounds,
    constant_bounds,
    induction_var,
    loop_hints,
    loop_label,
)
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.passes.loop_tile import check_consecutive
from allo_xdsl.rewriting.loops import (
    const_bound,
    hls_safe_name,
    name_loop,
    new_loop,
    substitute_value,
)


@dataclass(frozen=True)
class LoopFusePass(PrimitivePass):
    """
    Fuse (coalesce) the loops `loops` of function `func`, as Allo's `fuse`.

    The loops must be consecutive in one perfect nest and have constant
    bounds and steps. They become one loop `a_b_fused` from 0 to the product
    of their trip counts; the body recomputes each original index from the
    fused one (`a = lb_a + step_a * (f floordiv T_b)`, `b = lb_b + step_b *
    (f mod T_b)`). The fused loop runs the iterations in the original order,
    so fusing is always legal. It keeps the outermost loop's attributes (its
    band name included). Hardware hints follow the loops: the fused loop
    carries the hints (`fpga.*`) of the loops it replaces, which must agree
    (loops without hints agree with any), so the order of `fuse` and the
    hints does not matter.

    Rejects: fewer than two or repeated names, loops that are not
    consecutive in a perfect nest, non-constant bounds, loops without
    iterations, loop-carried values, and two loops that carry different
    hints (the error names both loops and their hints).
    """

    name = "loop-fuse"

    loops: tuple[str, ...]

    def __post_init__(self) -> None:
        value: object = self.loops
        loops = (value,) if isinstance(value, str) else tuple(self.loops)
        object.__setattr__(self, "loops", loops)

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        what = f"fuse {', '.join(self.loops)}"
        if len(self.loops) < 2:
            raise AlloError(f"cannot {what}: fuse needs at least two loops", fn)
        repeated = sorted({n for n in self.loops if self.loops.count(n) > 1})
        if repeated:
            raise AlloError(
                f"cannot {what}: loop '{repeated[0]}' is named more than once", fn
            )
        fuse_loops([find_loop(fn, n) for n in self.loops], what)


def fuse_loops(loops: Sequence[affine.ForOp], what: str = "fuse") -> affine.ForOp:
    """Coalesce the consecutive perfectly nested `loops`; returns the new loop."""
    bounds = check_fusable(loops, what)
    counts = [b.trip_count for b in bounds]
    fused = new_loop(
        const_bound(0),
        const_bound(prod(counts)),
        iv_name="_".join(hls_safe_name(loop_label(loop)) for loop in loops) + "_fused",
    )
    fused.attributes.update(loops[0].attributes)
    for loop in loops[1:]:
        fused.attributes.update({k: loop.attributes[k] for k in loop_hints(loop)})
    name_loop(fused, "_".join(loop_label(loop) for loop in loops) + "_fused")
    fused.location = loops[0].location
    block = fused.body.block
    for op in list(loops[-1].body.block.ops):
        op.detach()
        block.add_op(op)
    fused_iv = induction_var(fused)
    for k, (loop, bound) in enumerate(zip(loops, bounds, strict=True)):
        inner_count = prod(counts[k + 1 :])
        index = AffineExpr.dimension(0)
        if inner_count != 1:
            index = index // inner_count
        if k > 0:
            index = index % counts[k]
        expr = simplify_expr(index * bound.step + bound.lower, 1)
        substitute_value(induction_var(loop), expr, (fused_iv,))
    parent = loops[0].parent_block()
    assert parent is not None
    parent.insert_op_before(fused, loops[0])
    loops[0].detach()
    loops[0].erase()
    return fused


def check_fusable(loops: Sequence[affine.ForOp], what: str) -> list[ConstantBounds]:
    for loop in loops:
        if loop.inits:
            raise AlloError(
                f"cannot {what}: loop '{loop_label(loop)}' carries values "
                "(iter_args) across iterations",
                loop,
            )
    check_consecutive(loops, what)
    check_same_hints(loops, what)
    bounds: list[ConstantBounds] = []
    for loop in loops:
        bound = constant_bounds(loop)
        if bound is None:
            raise AlloError(
                f"cannot {what}: loop '{loop_label(loop)}' does not have constant "
                "bounds",
                loop,
            )
        if bound.trip_count == 0:
            raise AlloError(
                f"cannot {what}: loop '{loop_label(loop)}' has no iterations", loop
            )
        bounds.append(bound)
    return bounds


def check_same_hints(loops: Sequence[affine.ForOp], what: str) -> None:
    """
    The fused loop takes the loops' hints: those that carry any must
    carry the same ones."""
    hinted = [loop for loop in loops if loop_hints(loop)]
    for first, other in pairwise(hinted):
        if _hints_text(first) != _hints_text(other):
            raise AlloError(
                f"cannot {what}: loop '{loop_label(first)}' carries "
                f"{_hints_text(first)} and loop '{loop_label(other)}' carries "
                f"{_hints_text(other)}; the fused loop can keep only one set of "
                "hints",
                other,
            )


def _hints_text(loop: affine.ForOp) -> str:
    """`fpga.pipeline_ii = 1, fpga.rewind`, for messages and comparison."""
    parts: list[str] = []
    for key in loop_hints(loop):
        value = loop.attributes[key]
        if isinstance(value, IntegerAttr):
            parts.append(f"{key} = {value.value.data}")
        elif isinstance(value, UnitAttr):
            parts.append(key)
        else:
            parts.append(f"{key} = {value}")
    return ", ".join(parts)
