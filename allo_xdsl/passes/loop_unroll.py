"""The `unroll` primitive: mark a loop to be unrolled."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func

from allo_xdsl.analysis.hints import set_unroll
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.loops import trip_count
from allo_xdsl.diagnostics import AlloError, reported_at
from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class LoopUnrollPass(PrimitivePass):
    """
    Mark loop `loop` of function `func` to be unrolled `factor` times, or
    fully when `factor` is 0, by setting its `fpga.unroll` attribute. The IR is
    not unrolled: the HLS emitter prints `#pragma HLS unroll [factor=N]`, and
    `materialize-unroll` unrolls in the IR for targets without pragmas.

    Rejects a negative factor and a factor larger than the loop's trip count
    when that count is a constant.
    """

    name = "loop-unroll"

    loop: str
    factor: int = 0

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        target = find_loop(fn, self.loop)
        check_unroll_factor(target, self.loop, self.factor)
        with reported_at(target, f"loop '{self.loop}': "):
            set_unroll(target, self.factor)


def check_unroll_factor(loop: affine.ForOp, name: str, factor: int) -> None:
    """
    Reject a factor larger than the trip count of `loop` (the hint's
    setter rejects a negative one)."""
    trips = trip_count(loop)
    if trips is not None and factor > trips:
        raise AlloError(
            f"unroll factor {factor} of loop '{name}' is larger than its trip "
            f"count {trips}",
            loop,
        )
