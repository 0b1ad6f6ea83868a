"""Check that every dataflow region is in Vitis's canonical form."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.dataflow_form import check_canonical, dataflow_regions


@dataclass(frozen=True)
class CheckDataflowPass(ModulePass):
    """
    Check every dataflow region (a function or loop marked by `dataflow`)
    against Vitis's canonical form (UG1399): its body holds only processes
    (calls and loops) between declarations, every buffer or stream it
    allocates has one writing process and one reading process (following
    calls), and no process reads a buffer that it writes and another
    process also accesses. Changes nothing. Run it on the scheduled IR
    (e.g. last in a pipeline's `passes`), where Vitis sees the regions.

    Rejects: a memory access or a nested region other than a loop between
    the processes, a buffer written by two processes (the usual fix: fold
    its zero-init band into its producer), a buffer read by two processes,
    and a process that reads what it writes; each error names the buffer
    and the processes.
    """

    name = "check-dataflow"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for region, body in list(dataflow_regions(op)):
            check_canonical(op, region, body)
