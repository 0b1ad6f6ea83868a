"""The `parallel` primitive: mark a loop as parallel."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func

from allo_xdsl.analysis.dependence import dependences
from allo_xdsl.analysis.hints import set_parallel
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class LoopParallelPass(PrimitivePass):
    """
    Mark loop `loop` of function `func` as parallel (its iterations may run in
    any order, or at once) by setting its `fpga.parallel` attribute; the IR is
    unchanged.

    Rejects a loop that is not parallel: one that carries values
    (`iter_args`), or whose iterations depend on one another through memory
    (or may: the dependence test is conservative); the error names the
    dependence.
    """

    name = "loop-parallel"

    loop: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        target = find_loop(fn, self.loop)
        if target.inits:
            raise AlloError(
                f"loop '{self.loop}' is not parallel: it carries values (iter_args)",
                target,
            )
        for dependence in dependences([target]):
            if dependence.directions[0] != "=":
                raise AlloError(
                    f"loop '{self.loop}' is not parallel: {dependence.describe()}",
                    dependence.sink.op,
                )
        set_parallel(target)
