"""The `parallel` primitive: mark a loop as parallel."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import UnitAttr

from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.passes.common import PrimitivePass

PARALLEL = "fpga.parallel"


@dataclass(frozen=True)
class LoopParallelPass(PrimitivePass):
    """
    Mark loop `loop` of function `func` as parallel by setting its
    `fpga.parallel` attribute; the IR is unchanged. Rejects only a loop name
    that does not exist.
    """

    name = "loop-parallel"
    primitive = "parallel"

    loop: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        find_loop(fn, self.loop).attributes[PARALLEL] = UnitAttr()
