"""
The `lower-scf-parallel` pass: `scf.parallel` to loop nests marked
parallel."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, scf
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation
from xdsl.passes import ModulePass

from allo_xdsl.analysis.hints import set_parallel
from allo_xdsl.analysis.loops import index_constant
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.rewriting.loops import const_bound, new_loop


@dataclass(frozen=True)
class LowerScfParallelPass(ModulePass):
    """
    Turn each `scf.parallel` into a perfect nest of loops, one per induction
    variable in order, each marked `fpga.parallel`: `affine.for` when the
    lower bound, upper bound and step of every variable are constants (so
    that schedules can name and transform them), `scf.for` otherwise. No
    options.

    Rejects an `scf.parallel` with reductions (`init (...)`).
    """

    name = "lower-scf-parallel"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for parallel in [o for o in op.walk() if isinstance(o, scf.ParallelOp)]:
            lower_parallel(parallel)


def lower_parallel(parallel: scf.ParallelOp) -> None:
    if parallel.initVals or parallel.res:
        raise AlloError(
            "'scf.parallel' with reductions (init) is not supported: write the "
            "reduction as an 'scf.for' with iter_args",
            parallel,
        )
    bounds = list(
        zip(parallel.lowerBound, parallel.upperBound, parallel.step, strict=True)
    )
    constants = [[index_constant(v) for v in b] for b in bounds]
    is_affine = all(c is not None for row in constants for c in row)
    body = parallel.body.block
    loops: list[Operation] = []
    for k, iv in enumerate(body.args):
        if is_affine:
            low, high, step = (c for c in constants[k] if c is not None)
            loop: Operation = new_loop(
                const_bound(low), const_bound(high), step, iv_name=iv.name_hint
            )
        else:
            loop = scf.ForOp(*bounds[k], [], Block(arg_types=[iv.type]))
            loop.regions[0].block.args[0].name_hint = iv.name_hint
        set_parallel(loop)
        loop.attributes |= parallel.attributes
        loop.location = parallel.location
        if loops:
            _body(loops[-1]).add_ops([loop, _yield(loops[-1])])
        loops.append(loop)
    for iv, loop in zip(body.args, loops, strict=True):
        iv.replace_all_uses_with(_body(loop).args[0])
    innermost = _body(loops[-1])
    for inner in list(body.ops):
        inner.detach()
        if isinstance(inner, scf.ReduceOp):
            inner.erase()
            continue
        innermost.add_op(inner)
    innermost.add_op(_yield(loops[-1]))
    block = parallel.parent_block()
    assert block is not None
    block.insert_op_before(loops[0], parallel)
    parallel.detach()
    parallel.erase()


def _body(loop: Operation) -> Block:
    return loop.regions[0].block


def _yield(loop: Operation) -> Operation:
    if isinstance(loop, affine.ForOp):
        return affine.YieldOp.get()
    return scf.YieldOp()
