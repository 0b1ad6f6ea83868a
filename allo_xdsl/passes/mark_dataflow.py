"""The `dataflow` primitive: make a function or a loop a dataflow region."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.ir import Operation

from allo_xdsl.analysis.hints import is_inline, set_dataflow
from allo_xdsl.analysis.lookup import find_loop
from allo_xdsl.analysis.origins import record_hint_origin
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class MarkDataflowPass(PrimitivePass):
    """
    Make function `func`, or its loop `loop` when given, a dataflow region,
    as Allo's `dataflow`: its processes (calls and loop bands) run
    concurrently, connected by streams and buffers. Sets the unit attribute
    `fpga.dataflow` on the function or the loop; the HLS C++ target prints
    `#pragma HLS dataflow` at the top of its body. Marking it again changes
    nothing.

    Rejects: a function without a body, an unknown loop, and a function
    marked inline (`fpga.inline`): inlining it into its callers would
    dissolve its dataflow region.
    """

    name = "mark-dataflow"

    loop: str = ""

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        name = fn.sym_name.data
        if fn.is_declaration:
            raise AlloError(
                f"cannot make '{name}' a dataflow region: it has no body", fn
            )
        if is_inline(fn):
            raise AlloError(
                f"cannot make '{name}' a dataflow region: it is marked inline, "
                "and inlining it would dissolve the region",
                fn,
            )
        target: Operation = find_loop(fn, self.loop) if self.loop else fn
        set_dataflow(target)
        record_hint_origin(target, "dataflow")
