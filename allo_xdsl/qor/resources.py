"""
Resources of a function: DSPs for the cores its pipelines need at their
II (a core serves II operations of a pipelined iteration) and for the rest
(one core per kind, shared, times the unrolled copies); BRAM18K per bank of
every local buffer and FIFO (twice for ping-pong buffers between dataflow
processes); register bits of completely partitioned buffers; what the
callees use. LUT and FF are not modelled."""

from __future__ import annotations

from math import ceil, prod
from typing import TYPE_CHECKING

from xdsl.dialects import func, memref
from xdsl.ir import Operation

from allo_xdsl.analysis import hints
from allo_xdsl.dialects.fpga import StreamCreateOp
from allo_xdsl.qor.memory import REGISTERS, bram18k
from allo_xdsl.qor.ops import op_cost
from allo_xdsl.qor.pipeline import distinct_copies, invariant_ops
from allo_xdsl.qor.report import Resources
from allo_xdsl.qor.schedule import LOOPS
from allo_xdsl.qor.trips import max_trips

if TYPE_CHECKING:
    from allo_xdsl.qor.estimator import Model


def _pipelined_ancestor(op: Operation, model: Model) -> Operation | None:
    """The outermost enclosing loop that runs as a pipeline."""
    found = None
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, LOOPS) and parent in model.facts:
            found = parent
        parent = parent.parent_op()
    return found


def _sequential_copies(op: Operation) -> int:
    copies = 1
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        if isinstance(parent, LOOPS):
            factor = hints.unroll(parent)
            if factor == 0:
                factor = max_trips(parent) or 1
            copies *= factor or 1
        parent = parent.parent_op()
    return copies


def _dsp(fn: func.FuncOp, model: Model) -> int:
    device = model.device
    piped: dict[tuple[Operation, str], int] = {}
    shared: dict[str, int] = {}
    dsp_of: dict[str, int] = {}
    invariant: dict[Operation, set[Operation]] = {}
    for op in fn.walk():
        cost = op_cost(op, device)
        if cost.operator is None or cost.dsp == 0:
            continue
        dsp_of[cost.operator] = cost.dsp
        loop = _pipelined_ancestor(op, model)
        if loop is not None:
            if loop not in invariant:
                invariant[loop] = invariant_ops(loop)
            if op in invariant[loop]:
                # Hoisted before the pipeline: one shared core.
                shared[cost.operator] = max(shared.get(cost.operator, 0), 1)
                continue
        if loop is None:
            shared[cost.operator] = max(
                shared.get(cost.operator, 0), _sequential_copies(op)
            )
            continue
        factor = hints.unroll(loop)
        own = factor if factor and factor > 1 else 1
        key = (loop, cost.operator)
        piped[key] = piped.get(key, 0) + distinct_copies(op, loop, own)
    total = sum(dsp_of[core] * n for core, n in shared.items())
    for (loop, core), count in piped.items():
        total += dsp_of[core] * ceil(count / model.facts[loop].ii)
    return total


def _in_dataflow(op: Operation) -> bool:
    parent = op.parent_op()
    return parent is not None and hints.is_dataflow(parent)


def function_resources(fn: func.FuncOp, model: Model) -> Resources:
    used = Resources(dsp=_dsp(fn, model))
    device = model.device
    for op in fn.walk():
        if isinstance(op, memref.AllocOp | memref.AllocaOp | StreamCreateOp):
            buffer = model.buffer(op.results[0])
            if buffer.impl == REGISTERS:
                used.registers += prod(buffer.shape) * buffer.bits
                continue
            pingpong = (
                2 if _in_dataflow(op) and not isinstance(op, StreamCreateOp) else 1
            )
            if buffer.impl == "uram":
                used.uram += max(1, buffer.banks) * pingpong
            used.bram18k += bram18k(buffer, device, pingpong)
    seen: set[str] = set()
    for op in fn.walk():
        if not isinstance(op, func.CallOp):
            continue
        name = op.callee.string_value()
        callee = model.funcs.get(name)
        if callee is None:
            continue
        report = model.function(callee)
        if name in seen and not (report.inline or _in_dataflow(op)):
            continue
        seen.add(name)
        used.add(report.resources)
    return used
