"""
Dataflow regions: processes (the loops and calls of a region's block)
overlap; a consumer linked to its producer by a FIFO runs alongside it and
ends after it, one linked by a plain array (ping-pong buffer) starts when the
producer ends; the region's interval is its slowest process."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from xdsl.dialects import func
from xdsl.ir import Block, Operation, SSAValue

from allo_xdsl.analysis.dependence import accesses_in
from allo_xdsl.dialects.fpga import StreamGetOp, StreamPutOp
from allo_xdsl.qor.schedule import LOOPS, BlockTimer

if TYPE_CHECKING:
    from allo_xdsl.qor.estimator import Model


def dataflow_region(model: Model, block: Block) -> tuple[int, int]:
    """(latency, interval) of a dataflow region."""
    processes = [op for op in block.ops if isinstance(op, (*LOOPS, func.CallOp))]
    if not processes:
        cycles = ceil(BlockTimer(model, False).block(block) - 1e-9)
        return cycles, cycles + 1
    start: dict[Operation, float] = {}
    end: dict[Operation, float] = {}
    latency: dict[Operation, float] = {}
    writers: dict[SSAValue, Operation] = {}
    for p in processes:
        latency[p] = (
            model.call_latency(p)
            if isinstance(p, func.CallOp)
            else model.loop_latency(p)
        )
        reads, writes = effects(model, p)
        begin, finish = 0.0, 0.0
        for value in reads:
            producer = writers.get(value)
            if producer is None:
                continue
            if model.buffer(value).impl == "stream":
                begin = max(begin, start[producer])
                finish = max(finish, end[producer])
            else:
                begin = max(begin, end[producer])
        start[p] = begin
        end[p] = max(begin + latency[p], finish)
        for value in writes:
            writers[value] = p
    total = ceil(max(end.values()) - 1e-9) + model.overhead("dataflow")
    return total, ceil(max(latency.values()) - 1e-9)


def effects(model: Model, op: Operation) -> tuple[list[SSAValue], list[SSAValue]]:
    """Buffers and streams `op` reads and writes."""
    reads: list[SSAValue] = []
    writes: list[SSAValue] = []
    if isinstance(op, func.CallOp):
        callee = model.funcs.get(op.callee.string_value())
        if callee is None or not callee.body.blocks:
            return list(op.operands), list(op.operands)
        arg_reads, arg_writes = effects(model, callee)
        args = list(callee.body.blocks[0].args)
        for operand, arg in zip(op.operands, args, strict=False):
            if arg in arg_reads:
                reads.append(operand)
            if arg in arg_writes:
                writes.append(operand)
        return reads, writes
    for access in accesses_in(op):
        (writes if access.is_write else reads).append(access.buffer)
    for inner in op.walk():
        if isinstance(inner, StreamGetOp):
            reads.append(inner.operands[0])
        elif isinstance(inner, StreamPutOp):
            writes.append(inner.operands[0])
        elif isinstance(inner, func.CallOp) and inner is not op:
            r, w = effects(model, inner)
            reads += r
            writes += w
    return reads, writes
