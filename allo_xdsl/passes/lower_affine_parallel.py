"""
The `lower-affine-parallel` pass: `affine.parallel` to `affine.for`
nests marked parallel."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation
from xdsl.ir.affine import AffineExpr, AffineMap
from xdsl.passes import ModulePass

from allo_xdsl.analysis.hints import set_parallel
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.rewriting.loops import new_loop


@dataclass(frozen=True)
class LowerAffineParallelPass(ModulePass):
    """
    Turn each `affine.parallel` into a perfect nest of `affine.for` loops,
    one per induction variable in order, each marked `fpga.parallel` (the
    annotation the `parallel` primitive sets). A bound with several
    expressions (`max(...)` lower, `min(...)` upper) keeps them all: an
    `affine.for` bound map takes their max or min the same way. The loops
    take the names of the variables, so `name-loops` names them as any
    other loop. No options.

    Rejects an `affine.parallel` with reductions (`reduce (...)`).
    """

    name = "lower-affine-parallel"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for parallel in [o for o in op.walk() if isinstance(o, affine.ParallelOp)]:
            lower_parallel(parallel)


def lower_parallel(parallel: affine.ParallelOp) -> None:
    if parallel.reductions.data or parallel.res:
        raise AlloError(
            "'affine.parallel' with reductions is not supported: write the "
            "reduction as an 'affine.for' with iter_args",
            parallel,
        )
    lower = parallel.lowerBoundsMap.data
    upper = parallel.upperBoundsMap.data
    n_lower = lower.num_dims + lower.num_symbols
    lower_operands = tuple(parallel.map_operands[:n_lower])
    upper_operands = tuple(parallel.map_operands[n_lower:])
    lower_groups = _split(lower, list(parallel.lowerBoundsGroups.get_values()))
    upper_groups = _split(upper, list(parallel.upperBoundsGroups.get_values()))
    body = parallel.body.block
    steps = [s.value.data for s in parallel.steps.data]
    loops: list[affine.ForOp] = []
    for k, iv in enumerate(body.args):
        loop = new_loop(
            (lower_groups[k], lower_operands),
            (upper_groups[k], upper_operands),
            steps[k],
            iv_name=iv.name_hint,
        )
        set_parallel(loop)
        loop.location = parallel.location
        loop.attributes |= parallel.attributes
        if loops:
            outer_body = loops[-1].body.block
            outer_body.add_op(loop)
            outer_body.add_op(affine.YieldOp.get())
        loops.append(loop)
    innermost: Block = loops[-1].body.block
    for iv, loop in zip(body.args, loops, strict=True):
        iv.replace_all_uses_with(loop.body.block.args[0])
    for inner in list(body.ops):
        inner.detach()
        innermost.add_op(inner)
    _replace(parallel, loops[0])


def _split(amap: AffineMap, groups: list[int]) -> list[AffineMap]:
    """
    One map per group of results, over the same operands, all of them
    dims: in `affine.parallel` bounds a bare SSA value is a dimension (an
    enclosing loop's index may bound an inner loop), and every valid symbol
    is also a valid dimension, so the `affine.for` bounds stay valid."""
    dims = amap.num_dims + amap.num_symbols
    all_dims = [AffineExpr.dimension(d) for d in range(dims)]
    maps: list[AffineMap] = []
    start = 0
    for size in groups:
        results = tuple(
            e.replace_dims_and_symbols(
                all_dims[: amap.num_dims], all_dims[amap.num_dims :]
            )
            for e in amap.results[start : start + size]
        )
        maps.append(AffineMap(dims, 0, results))
        start += size
    return maps


def _replace(old: Operation, new: Operation) -> None:
    block = old.parent_block()
    assert block is not None
    block.insert_op_before(new, old)
    old.detach()
    old.erase()
