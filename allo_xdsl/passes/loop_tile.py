"""
The `tile` primitive: split consecutive nested loops and move the outer
halves out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.ir import SSAValue

from allo_xdsl.analysis.dependence import dependences
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.loops import induction_var, loop_label, perfect_path
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.passes.loop_reorder import reorder_loops
from allo_xdsl.passes.loop_split import check_splittable, split_loop


@dataclass(frozen=True)
class LoopTilePass(PrimitivePass):
    """
    Tile the loops `loops` of function `func` by `factors`, as Allo's `tile`.

    The loops (any number, one factor each: `[a, b, c]`) must be consecutive
    in one perfect nest, each directly inside the previous one. Each is split
    by its factor (see `loop-split`, including `min` bounds for factors that
    do not divide), then the loops are ordered `a.outer, b.outer, c.outer,
    a.inner, b.inner, c.inner`. The band name stays on the outermost loop.
    Hardware hints follow the rule of `loop-split` (pipeline and unroll by a
    factor stay on the outer loop, a full unroll and parallel go on both,
    dataflow on the inner one) and then move with their loop, so `tile`
    after `pipeline` equals `tile` then `pipeline` of the `.outer` loop.

    Rejects: lists of different lengths or with repeated names, loops that
    are not consecutive in a perfect nest, any factor `loop-split` rejects,
    and a tiling that breaks a memory dependence (the moving of the outer
    loops is checked as a `reorder`). The function is left unchanged when it
    rejects.
    """

    name = "loop-tile"

    loops: tuple[str, ...]
    factors: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "loops", _as_tuple(self.loops))
        object.__setattr__(self, "factors", _as_tuple(self.factors))

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        what = f"tile {', '.join(self.loops)}"
        if len(self.loops) != len(self.factors):
            raise AlloError(
                f"cannot {what}: {len(self.loops)} loops but "
                f"{len(self.factors)} factors",
                fn,
            )
        if not self.loops:
            raise AlloError("cannot tile: no loop given", fn)
        repeated = sorted({n for n in self.loops if self.loops.count(n) > 1})
        if repeated:
            raise AlloError(
                f"cannot {what}: loop '{repeated[0]}' is named more than once", fn
            )
        loops = [find_loop(fn, n) for n in self.loops]
        check_consecutive(loops, what)
        check_rectangular(loops, what)
        for loop, factor in zip(loops, self.factors, strict=True):
            check_splittable(loop, factor, "tile")
        if fully_permutable(loops):
            tile_loops(loops, self.factors, what, check=False)
            return
        # Split and reorder a copy, so that a rejected reorder leaves `fn` as
        # it was.
        work = fn.clone()
        work_loops = [find_loop(work, n) for n in self.loops]
        tile_loops(work_loops, self.factors, what)
        old_body = fn.body.detach_block(0)
        work.body.move_blocks(fn.body)
        old_body.erase(safe_erase=False)


def _as_tuple(value: object) -> tuple:
    if isinstance(value, str | int):
        return (value,)
    assert isinstance(value, Sequence)
    return tuple(value)


def check_consecutive(loops: Sequence[affine.ForOp], what: str) -> None:
    path = perfect_path(loops[0], loops[-1])
    if path is None or path != list(loops):
        names = ", ".join(f"'{loop_label(loop)}'" for loop in loops)
        raise AlloError(
            f"cannot {what}: loops {names} must be consecutive and perfectly "
            "nested, each directly and alone inside the previous one",
            loops[0],
        )


def check_rectangular(loops: Sequence[affine.ForOp], what: str) -> None:
    """Tiles are rectangular: no loop's bounds may read another tiled loop."""
    ivs: dict[SSAValue, affine.ForOp] = {induction_var(lp): lp for lp in loops}
    for loop in loops:
        for operand in (*loop.lowerBoundOperands, *loop.upperBoundOperands):
            if operand in ivs:
                raise AlloError(
                    f"cannot {what}: the bounds of loop '{loop_label(loop)}' "
                    f"depend on loop '{loop_label(ivs[operand])}'",
                    loop,
                )


def fully_permutable(loops: Sequence[affine.ForOp]) -> bool:
    """
    Whether every dependence not carried outside `loops` goes forward or
    stays in every one of them: then any tiling of them keeps it (a
    sufficient condition, cheaper than checking the tiled nest)."""
    return all(
        all(d in ("<", "=") for d in dependence.directions)
        for dependence in dependences(loops)
    )


def tile_loops(
    loops: Sequence[affine.ForOp],
    factors: Sequence[int],
    what: str,
    check: bool = True,
) -> tuple[list[affine.ForOp], list[affine.ForOp]]:
    """
    Split each loop and reorder (checking dependences unless told not
    to); returns the (outer, inner) loops."""
    outers: list[affine.ForOp] = []
    inners: list[affine.ForOp] = []
    for loop, factor in zip(loops, factors, strict=True):
        outer, inner = split_loop(loop, factor)
        outers.append(outer)
        inners.append(inner)
    reorder_loops([*outers, *inners], what, check=check)
    return outers, inners
