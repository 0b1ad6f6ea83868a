"""
List scheduling of a block: every op starts when its operands are ready
(ASAP), chained integer logic costs fractions of a cycle, cores and memories
whole cycles. In a sequential region loops and calls run one after another;
in a pipelined body nested loops are unrolled copies (their latency comes
from the estimator). Also: the longest dependence path between two ops, for
recurrences and chains."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import floor
from typing import Protocol

from xdsl.dialects import affine, func, memref, scf
from xdsl.ir import Block, Operation, SSAValue

from allo_xdsl.analysis.dependence import Dependence
from allo_xdsl.dialects.fpga import StreamGetOp, StreamPutOp
from allo_xdsl.qor.device import Device
from allo_xdsl.qor.memory import Buffer, read_latency, write_latency
from allo_xdsl.qor.ops import Cost, op_cost

LOOPS = (affine.ForOp, scf.ForOp)
IFS = (affine.IfOp, scf.IfOp)
LOADS = (affine.LoadOp, memref.LoadOp)
STORES = (affine.StoreOp, memref.StoreOp)


class Estimator(Protocol):
    device: Device

    def buffer(self, value: SSAValue) -> Buffer: ...

    def dependences(self, loop: Operation) -> list[Dependence]:
        """Read-after-write dependences inside `loop`, over `loop`."""
        ...

    def loop_latency(self, loop: Operation) -> float:
        """A loop run in sequence (reported)."""
        ...

    def unrolled_latency(
        self, loop: Operation, recurrence: frozenset[Operation]
    ) -> float:
        """A loop fully unrolled into a pipelined body."""
        ...

    def call_latency(self, call: func.CallOp) -> float: ...


def memory_buffer(op: Operation) -> SSAValue | None:
    if isinstance(op, LOADS):
        return op.operands[0]
    if isinstance(op, STORES):
        return op.operands[1]
    return None


def op_latency(
    op: Operation,
    est: Estimator,
    recurrence: frozenset[Operation],
    forward: bool = False,
) -> float:
    """
    Latency of a scalar op or memory access; `recurrence` ops take their
    shortest core; `forward` makes memory free (values forwarded in
    registers between unrolled copies)."""
    buffer = memory_buffer(op)
    if buffer is not None:
        if forward:
            return 0.0
        b = est.buffer(buffer)
        return float(read_latency(b, est.device) if isinstance(op, LOADS) else 0)
    if isinstance(op, StreamGetOp):
        return 1.0
    if isinstance(op, StreamPutOp):
        return 0.0
    cost: Cost = op_cost(op, est.device)
    return cost.min_latency if op in recurrence else cost.latency


def _start(time: float, latency: float) -> float:
    # A core or a memory registers its inputs: it starts in the cycle where
    # its chained inputs settle.
    return floor(time + 1e-9) if latency >= 1 else time


def external_operands(op: Operation) -> tuple[SSAValue, ...]:
    """
    Values used inside `op`'s regions (or by `op`) that are defined
    outside it."""
    inside: set[SSAValue] = set()
    used: list[SSAValue] = list(op.operands)
    for inner in op.walk():
        if inner is op:
            continue
        inside.update(inner.results)
        for region in inner.regions:
            for block in region.blocks:
                inside.update(block.args)
        used.extend(inner.operands)
    for region in op.regions:
        for block in region.blocks:
            inside.update(block.args)
    return tuple(dict.fromkeys(v for v in used if v not in inside))


class BlockTimer:
    """Schedules blocks; `pipelined` for the body of a pipelined loop."""

    def __init__(
        self,
        est: Estimator,
        pipelined: bool,
        recurrence: frozenset[Operation] = frozenset(),
    ):
        self.est = est
        self.pipelined = pipelined
        self.recurrence = recurrence
        self.ready: dict[SSAValue, float] = {}

    def at(self, values: Iterable[SSAValue], floor_time: float) -> float:
        return max([floor_time, *(self.ready.get(v, 0.0) for v in values)])

    def block(self, block: Block, begin: float = 0.0) -> float:
        """The time `block` ends when it begins at `begin`."""
        end = begin
        barrier = begin
        stored: dict[SSAValue, float] = {}
        for op in block.ops:
            if isinstance(op, (*LOOPS, func.CallOp)):
                if self.pipelined:
                    start = self.at(external_operands(op), begin)
                    latency = (
                        self.est.call_latency(op)
                        if isinstance(op, func.CallOp)
                        else self.est.unrolled_latency(op, self.recurrence)
                    )
                else:
                    start = max(end, barrier)
                    latency = (
                        self.est.call_latency(op)
                        if isinstance(op, func.CallOp)
                        else self.est.loop_latency(op)
                    )
                finish = start + latency
                if not self.pipelined:
                    barrier = finish
            elif isinstance(op, IFS):
                start = self.at(external_operands(op), barrier)
                finish = max(
                    [start]
                    + [self._branch(r.blocks[0], start) for r in op.regions if r.blocks]
                )
                if not self.pipelined and _holds_loop(op):
                    # A loop in a branch is a state of its own, as outside.
                    barrier = max(barrier, finish)
            else:
                latency = op_latency(op, self.est, self.recurrence)
                start = self.at(op.operands, barrier)
                buffer = memory_buffer(op)
                if buffer is not None and isinstance(op, LOADS) and not self.pipelined:
                    start = max(start, stored.get(buffer, 0.0))
                start = _start(start, latency)
                finish = start + latency
                if buffer is not None and isinstance(op, STORES):
                    b = self.est.buffer(buffer)
                    finish = start + write_latency(b, self.est.device)
                    stored[buffer] = finish
            for result in op.results:
                self.ready[result] = finish
            end = max(end, finish)
        return end

    def _branch(self, block: Block, start: float) -> float:
        return self.block(block, start)


def _holds_loop(op: Operation) -> bool:
    return any(isinstance(inner, (*LOOPS, func.CallOp)) for inner in op.walk())


def longest_path(
    sources: Sequence[SSAValue],
    sink: Operation,
    est: Estimator,
    minimum: bool,
    forward: bool,
) -> tuple[float, list[Operation]] | None:
    """
    The longest latency of a def-use path from `sources` to `sink`
    (including `sink`'s own latency) and its ops, or None when `sink` does
    not depend on them. `minimum`: every core at its shortest latency (a
    recurrence); `forward`: memory accesses are free. Paths follow SSA uses
    into nested regions and out of an if through its yields (either branch
    may run); a loop's yields are not followed."""
    memo: dict[Operation, tuple[float, list[Operation]] | None] = {}

    def best_from(values: Sequence[SSAValue]) -> tuple[float, list[Operation]] | None:
        best: tuple[float, list[Operation]] | None = None
        for value in values:
            for use in value.uses:
                user = use.operation
                own = _own(user, est, minimum, forward)
                if user is sink:
                    candidate = (own, [user])
                else:
                    rest = reach(user)
                    if rest is None:
                        continue
                    candidate = (own + rest[0], [user, *rest[1]])
                if best is None or candidate[0] > best[0]:
                    best = candidate
        return best

    def reach(op: Operation) -> tuple[float, list[Operation]] | None:
        if op in memo:
            return memo[op]
        memo[op] = None
        memo[op] = best_from(_produced(op))
        return memo[op]

    return best_from(sources)


def _produced(op: Operation) -> Sequence[SSAValue]:
    """
    The values `op` passes on: its results, or those of the if whose branch
    it yields from (the path goes on through the if)."""
    parent = op.parent_op()
    if isinstance(op, (affine.YieldOp, scf.YieldOp)) and isinstance(parent, IFS):
        return parent.results
    return op.results


def _own(op: Operation, est: Estimator, minimum: bool, forward: bool) -> float:
    if isinstance(op, STORES):
        if forward:
            return 0.0
        buffer = memory_buffer(op)
        assert buffer is not None
        return float(write_latency(est.buffer(buffer), est.device))
    if isinstance(op, (*LOOPS, *IFS, func.CallOp)):
        return 0.0
    cost = op_latency(op, est, frozenset(), forward)
    if minimum and memory_buffer(op) is None:
        return op_cost(op, est.device).min_latency
    return cost
