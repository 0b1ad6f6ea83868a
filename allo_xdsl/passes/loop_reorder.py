"""The `reorder` primitive: permute the loops of a perfect nest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import StringAttr
from xdsl.ir import SSAValue

from allo_xdsl.analysis.dependence import dependences, permutation_violation
from allo_xdsl.analysis.lookup import BAND_NAME, find_loop
from allo_xdsl.analysis.loops import (
    body_ops,
    enclosing_loops,
    induction_var,
    is_inside,
    loop_label,
    loop_step,
    lower_bound,
    upper_bound,
)
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.loops import new_loop


@dataclass(frozen=True)
class LoopReorderPass(PrimitivePass):
    """
    Reorder the loops `loops` of function `func`, as Allo's `reorder`.

    The named loops must lie in one perfect nest (from the outermost named
    loop to the innermost one, each loop's body is only the next loop). They
    take the positions the named loops held, in the order given; loops of
    the nest that are not named keep their positions. Each loop keeps its
    name and hints; the band name (`op_name`) stays on the outermost loop.

    Rejects: unknown or repeated names, loops that are not one perfect nest,
    loops with loop-carried values (`iter_args`), an order that puts a loop
    before a loop its bounds depend on (e.g. `i.inner` with a `min` bound on
    `i.outer`), and an order that breaks a memory dependence (the error
    names the loops, the accesses and the direction vector).
    """

    name = "loop-reorder"

    loops: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.loops, str):
            object.__setattr__(self, "loops", (self.loops,))
        else:
            object.__setattr__(self, "loops", tuple(self.loops))

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        repeated = sorted({n for n in self.loops if self.loops.count(n) > 1})
        if repeated:
            raise AlloError(
                f"cannot reorder: loop '{repeated[0]}' is named more than once", fn
            )
        reorder_loops([find_loop(fn, n) for n in self.loops])


def nest_path(loops: Sequence[affine.ForOp], what: str) -> list[affine.ForOp]:
    """
    The perfect nest from the outermost to the innermost of `loops`,
    which must all be on it."""
    by_depth = sorted(loops, key=lambda loop: len(enclosing_loops(loop)))
    for outer, inner in pairwise(by_depth):
        if not is_inside(inner, outer):
            raise AlloError(
                f"cannot {what}: loops '{loop_label(outer)}' and "
                f"'{loop_label(inner)}' are not in one loop nest",
                inner,
            )
    path = [by_depth[0]]
    while path[-1] is not by_depth[-1]:
        current = path[-1]
        ops = body_ops(current)
        inner_loops = [op for op in ops if isinstance(op, affine.ForOp)]
        if len(ops) != 1 or len(inner_loops) != 1:
            other = next(
                (op for op in ops if not isinstance(op, affine.ForOp)), ops[-1]
            )
            raise AlloError(
                f"cannot {what}: the loops are not perfectly nested; the body of "
                f"loop '{loop_label(current)}' holds '{other.name}' besides "
                "the next loop",
                other,
            )
        path.append(inner_loops[0])
    for loop in path:
        if loop.inits:
            raise AlloError(
                f"cannot {what}: loop '{loop_label(loop)}' carries values "
                "(iter_args) across iterations",
                loop,
            )
    return path


def reorder_loops(
    loops: Sequence[affine.ForOp], what: str = "reorder", check: bool = True
) -> None:
    """
    Give the named `loops` (in their new order) the positions they hold in
    their perfect nest, after checking bounds and (unless the caller has
    proved them kept) dependences."""
    if len(loops) < 2:
        return
    path = nest_path(loops, what)
    positions = sorted(path.index(loop) for loop in loops)
    new_path = list(path)
    for position, loop in zip(positions, loops, strict=True):
        new_path[position] = loop
    if new_path == path:
        return
    check_bounds_order(new_path, what)
    if check:
        check_dependences(path, new_path, what)
    rebuild_nest(path, new_path)


def check_bounds_order(new_path: Sequence[affine.ForOp], what: str) -> None:
    ivs: dict[SSAValue, affine.ForOp] = {induction_var(loop): loop for loop in new_path}
    for position, loop in enumerate(new_path):
        operands = [*loop.lowerBoundOperands, *loop.upperBoundOperands]
        for operand in operands:
            outer = ivs.get(operand)
            if outer is not None and new_path.index(outer) > position:
                raise AlloError(
                    f"cannot {what}: the bounds of loop '{loop_label(loop)}' "
                    f"depend on loop '{loop_label(outer)}', which must stay "
                    "outside it",
                    loop,
                )


def check_dependences(
    path: Sequence[affine.ForOp], new_path: Sequence[affine.ForOp], what: str
) -> None:
    order = [path.index(loop) for loop in new_path]
    for dependence in dependences(path):
        if len(dependence.loops) != len(path):
            continue
        violation = permutation_violation(dependence, order)
        if violation is None:
            continue
        moved, carrier = violation
        swap = f"'{loop_label(path[moved])}' before '{loop_label(path[carrier])}'"
        prefix = (
            f"cannot reorder {swap}"
            if what == "reorder"
            else f"cannot {what}: it would reorder {swap}"
        )
        raise AlloError(f"{prefix}: {dependence.describe()}", path[carrier])


def rebuild_nest(
    path: Sequence[affine.ForOp], new_path: Sequence[affine.ForOp]
) -> None:
    """Replace the perfect nest `path` by its loops in `new_path` order."""
    mapping: dict[SSAValue, SSAValue] = {}
    new_loops: list[affine.ForOp] = []
    for loop in new_path:
        lower_map, lower_operands = lower_bound(loop)
        upper_map, upper_operands = upper_bound(loop)
        built = new_loop(
            (lower_map, tuple(mapping.get(v, v) for v in lower_operands)),
            (upper_map, tuple(mapping.get(v, v) for v in upper_operands)),
            loop_step(loop),
            iv_name=induction_var(loop).name_hint,
        )
        built.attributes.update(
            {k: v for k, v in loop.attributes.items() if k != BAND_NAME}
        )
        built.location = loop.location
        mapping[induction_var(loop)] = induction_var(built)
        if new_loops:
            new_loops[-1].body.block.add_op(built)
        new_loops.append(built)
    for outer in new_loops[:-1]:
        outer.body.block.add_op(affine.YieldOp.get())
    band = path[0].attributes.get(BAND_NAME)
    if isinstance(band, StringAttr):
        new_loops[0].attributes[BAND_NAME] = band
    innermost = new_loops[-1].body.block
    for op in list(path[-1].body.block.ops):
        op.detach()
        innermost.add_op(op)
    for old, new in mapping.items():
        old.replace_all_uses_with(new)
    parent = path[0].parent_block()
    assert parent is not None
    parent.insert_op_before(new_loops[0], path[0])
    path[0].detach()
    path[0].erase()
