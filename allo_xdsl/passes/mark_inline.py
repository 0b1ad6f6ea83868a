"""The `inline` primitive: inline a function into its callers."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func

from allo_xdsl.analysis.hints import is_dataflow, is_top, set_inline
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class MarkInlinePass(PrimitivePass):
    """
    Mark function `func` to be inlined into its callers, as Allo's
    `inline`: sets the unit attribute `fpga.inline`, and the HLS C++ target
    prints `#pragma HLS inline` in its body (the IR keeps the call, so the
    function can still be customized and simulated on its own). Takes no
    other option.

    Rejects: a function without a body, the top function (`fpga.top`: it
    has no caller), and a function that is a dataflow region
    (`fpga.dataflow`), which inlining would dissolve.
    """

    name = "mark-inline"

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        what = f"cannot inline '{fn.sym_name.data}'"
        if fn.is_declaration:
            raise AlloError(f"{what}: it has no body", fn)
        if is_top(fn):
            raise AlloError(f"{what}: it is the top function", fn)
        if is_dataflow(fn):
            raise AlloError(
                f"{what}: it is a dataflow region, which inlining would dissolve",
                fn,
            )
        set_inline(fn)
