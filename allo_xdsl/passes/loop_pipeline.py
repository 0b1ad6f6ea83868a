"""The `pipeline` primitive: mark a loop to be pipelined."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func

from allo_xdsl.analysis.hints import set_pipeline
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.origins import record_hint_origin
from allo_xdsl.diagnostics import reported_at
from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class LoopPipelinePass(PrimitivePass):
    """
    Mark loop `loop` of function `func` to be pipelined with initiation
    interval `ii` (default 1), and with `rewind` (default false) to start the
    next execution of the loop without a pause. Sets `fpga.pipeline_ii` and,
    with `rewind`, `fpga.rewind` (a later pipeline of the same loop replaces
    both). The HLS emitter prints `#pragma HLS pipeline II=N [rewind]`.

    Rejects an `ii` below 1.
    """

    name = "loop-pipeline"

    loop: str
    ii: int = 1
    rewind: bool = False

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        target = find_loop(fn, self.loop)
        with reported_at(target, f"loop '{self.loop}': "):
            set_pipeline(target, self.ii, self.rewind)
        record_hint_origin(target, "pipeline")
