"""
The QoR model: loops, functions, dataflow regions and resources, on the
scheduled IR that `-t hls-cpp` prints.

Loops (worst-case trip counts: a bound over the enclosing ranges):
- pipelined: II = max(requested, memory-port II, recurrence II, callee
  interval); latency = depth + II x (iterations - 1) + the pipeline
  overhead; loops inside are fully unrolled (Vitis does so) and their
  copies run in parallel unless a value is carried from one copy to the
  next (a chain, at the cores' default latency);
- recurrence II: a value stored and loaded again `distance` iterations
  later (the dependence analysis) or an iteration argument, over the chain's
  latency with every core at its shortest latency (Vitis picks the core
  latency to meet the II) plus the memory's read and write latency;
- memory II: per bank, the accesses of one iteration (all unrolled copies,
  the same address read twice counted once) over the bank's ports;
- unrolled by N (not pipelined): N copies per iteration, ports permitting;
- otherwise: (iteration latency + overhead) x trips.

Vitis's defaults the model applies to code without pragmas:
- an innermost loop with a constant trip count above
  `defaults.auto_pipeline_trip` (64) is pipelined at II=1 (`auto`);
- a loop whose body is one pipelined loop that stays a loop (constant trip
  counts) is flattened with it: one pipeline of the product of the trip
  counts (loop_flatten), the outer loop's recurrences at distance x inner
  trips;
- a local array without a partition whose ports limit a pipeline is
  partitioned as needed (throughput-driven array partitioning): registers
  from then on; local arrays of at most `defaults.complete_threshold`
  elements are registers;
- loop-invariant values of a pipeline are computed once before it (LICM),
  and the unrolled copies of one value are one (CSE), for DSP counts.

Functions: the body's schedule, loops and calls in sequence; a dataflow
region (function or loop) runs its processes (loops and calls) overlapped:
linked by a FIFO they overlap, linked by a plain array (ping-pong) the
consumer starts when the producer ends; the interval is the slowest
process's latency. A call costs the callee's latency plus a handshake
(none when inlined).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import ceil, prod

from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, BlockArgument, Operation, SSAValue

from allo_xdsl.analysis import hints
from allo_xdsl.analysis.dependence import Dependence, accesses_in, pair_dependences
from allo_xdsl.analysis.lookup import loop_name
from allo_xdsl.qor.dataflow import dataflow_region
from allo_xdsl.qor.device import Device
from allo_xdsl.qor.memory import REGISTERS, Buffer, buffer_of
from allo_xdsl.qor.pipeline import (
    Recurrence,
    body_of,
    copies_of,
    memory_pressure,
    recurrences,
    stream_ii,
)
from allo_xdsl.qor.pressure import PortPressure
from allo_xdsl.qor.report import FunctionReport, LoopReport, Resources
from allo_xdsl.qor.resources import function_resources
from allo_xdsl.qor.schedule import LOOPS, BlockTimer
from allo_xdsl.qor.trips import is_constant_trip, max_trips


@dataclass(frozen=True)
class PipelineFacts:
    """Why a pipelined loop runs at its II."""

    ii: int
    target: int
    limit: str
    reason: str | None
    depth: int
    recurrence: Recurrence | None
    pressure: PortPressure | None
    call: str | None


class Model:
    """Estimates one module; `functions` holds the reports."""

    def __init__(self, module: ModuleOp, device: Device):
        self.device = device
        self.module = module
        self.top = top_function(module)
        self.funcs = {
            op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)
        }
        self.callers: dict[str, list[func.CallOp]] = {}
        for fn in self.funcs.values():
            for op in fn.walk():
                if isinstance(op, func.CallOp):
                    self.callers.setdefault(op.callee.string_value(), []).append(op)
        self.functions: dict[str, FunctionReport] = {}
        self.facts: dict[Operation, PipelineFacts] = {}
        self.loop_reports: dict[Operation, LoopReport] = {}
        self._buffers: dict[SSAValue, Buffer] = {}
        self._in_registers: set[SSAValue] = set()
        self._deps: dict[Operation, list[Dependence]] = {}
        self._loops: list[LoopReport] = []
        self._parents: list[str] = []
        self._active: set[str] = set()

    def buffer(self, value: SSAValue) -> Buffer:
        """
        How `value` is held; a parameter of a function other than the top
        is the buffer its (first) caller passes."""
        if value in self._buffers:
            return self._buffers[value]
        passed = self._passed(value)
        if passed is not None:
            buffer = replace(self.buffer(passed), name=self._own_name(value))
        else:
            buffer = buffer_of(value, self.device)
            if self._auto_partitionable(value, buffer):
                buffer = replace(buffer, automatic=True)
                small = self.device.defaults["complete_threshold"]
                if value in self._in_registers or prod(buffer.shape) <= small:
                    complete = tuple(("complete", 0) for _ in buffer.shape)
                    buffer = replace(
                        buffer, impl=REGISTERS, port_kind=None, partition=complete
                    )
        self._buffers[value] = buffer
        return buffer

    def root(self, value: SSAValue) -> SSAValue:
        """The buffer `value` is, through the calls that pass it."""
        while (passed := self._passed(value)) is not None:
            value = passed
        return value

    def _passed(self, value: SSAValue) -> SSAValue | None:
        if not isinstance(value, BlockArgument):
            return None
        fn = value.block.parent_op()
        if not isinstance(fn, func.FuncOp) or fn.sym_name.data == self.top:
            return None
        for call in self.callers.get(fn.sym_name.data, []):
            if value.index < len(call.operands):
                return call.operands[value.index]
        return None

    @staticmethod
    def _own_name(value: SSAValue) -> str:
        return value.name_hint or "?"

    def partition_automatically(self, value: SSAValue) -> None:
        """
        Vitis spreads an unpartitioned local array whose ports limit a
        pipeline over registers (complete partition on the accessed
        dimension); the model takes it as registers from here on."""
        self._in_registers.add(self.root(value))
        self._buffers.clear()

    def _auto_partitionable(self, value: SSAValue, buffer: Buffer) -> bool:
        """
        Vitis partitions a local array without a partition pragma by
        itself to reach a pipeline's II; not a port of the top function."""
        if buffer.impl not in ("bram", "lutram") or buffer.banks > 1:
            return False
        if hints.storage(value) is not None:
            return False
        if isinstance(value, BlockArgument):
            fn = value.block.parent_op()
            return isinstance(fn, func.FuncOp) and fn.sym_name.data != self.top
        return True

    def dependences(self, loop: Operation) -> list[Dependence]:
        """
        The read-after-write dependences inside `loop` (a store, then a
        load of the same buffer), with their direction over `loop`."""
        if loop in self._deps:
            return self._deps[loop]
        found: list[Dependence] = []
        if isinstance(loop, affine.ForOp):
            accesses = accesses_in(loop)
            for i, first in enumerate(accesses):
                for second in accesses[i + 1 :]:
                    if first.buffer is not second.buffer:
                        continue
                    if first.is_write == second.is_write:
                        continue
                    found += pair_dependences([loop], first, second)
        self._deps[loop] = found
        return found

    def overhead(self, what: str) -> int:
        return self.device.overheads[what]

    # --- functions ------------------------------------------------------------

    def function(self, fn: func.FuncOp) -> FunctionReport:
        name = fn.sym_name.data
        if name in self.functions:
            return self.functions[name]
        if name in self._active or not fn.body.blocks:
            # Recursion (hls-cpp rejects it) or a declaration: nothing known.
            return FunctionReport(name, 0, 1, Resources())
        self._active.add(name)
        saved = self._loops, self._parents
        self._loops, self._parents = [], []
        block = fn.body.blocks[0]
        if hints.is_dataflow(fn):
            latency, interval = self.dataflow(block)
        else:
            latency = ceil(BlockTimer(self, False).block(block) - 1e-9)
            interval = latency + 1
        report = FunctionReport(
            name,
            latency,
            interval,
            function_resources(fn, self),
            self._loops,
            hints.is_dataflow(fn),
            hints.is_inline(fn),
        )
        self._loops, self._parents = saved
        self._active.discard(name)
        self.functions[name] = report
        return report

    def call_latency(self, call: func.CallOp) -> float:
        callee = self.funcs.get(call.callee.string_value())
        if callee is None:
            return 1.0
        report = self.function(callee)
        extra = 0 if report.inline else self.overhead("call")
        return float(report.latency + extra)

    def callee_interval(self, call: func.CallOp) -> int:
        callee = self.funcs.get(call.callee.string_value())
        if callee is None:
            return 1
        report = self.function(callee)
        return 1 if report.inline else report.interval

    # --- dataflow -------------------------------------------------------------

    def dataflow(self, block: Block) -> tuple[int, int]:
        """(latency, interval) of a dataflow region."""
        return dataflow_region(self, block)

    # --- loops ----------------------------------------------------------------

    def _name(self, loop: Operation) -> str:
        name = loop_name(loop) if isinstance(loop, affine.ForOp) else None
        return name or f"loop{len(self._loops)}"

    def _report(self, loop: Operation, **fields: object) -> LoopReport:
        name = self._name(loop)
        report = LoopReport(
            name=name,
            label="l_" + name,
            parent=self._parents[-1] if self._parents else None,
            **fields,  # type: ignore[arg-type]
        )
        self._loops.append(report)
        self.loop_reports[loop] = report
        return report

    def auto_pipelined(self, loop: Operation) -> bool:
        """
        Vitis pipelines an innermost loop with a constant trip count above
        its threshold when nothing says otherwise."""
        if hints.pipeline(loop) is not None or hints.unroll(loop) is not None:
            return False
        if any(
            isinstance(op, (*LOOPS, func.CallOp))
            for op in loop.walk()
            if op is not loop
        ):
            return False
        trips = max_trips(loop)
        return (
            is_constant_trip(loop)
            and trips is not None
            and trips > self.device.defaults["auto_pipeline_trip"]
        )

    def pipeline_of(self, loop: Operation) -> tuple[int, bool] | None:
        """(requested II, auto) when `loop` runs as a pipeline."""
        p = hints.pipeline(loop)
        if p is not None:
            return p.ii, False
        return (1, True) if self.auto_pipelined(loop) else None

    def loop_latency(self, loop: Operation) -> float:
        """Cycles of one execution of `loop`, run in sequence; reports it."""
        trips = max_trips(loop)
        trips = 1 if trips is None else trips
        factor = hints.unroll(loop)
        full = factor is not None and (factor == 0 or factor >= trips)
        if full and trips > 0:
            # No loop remains: the copies are a region of the enclosing body
            # (pipelined or not, no loop entry or exit), sharing its ports.
            return self.unrolled_latency(loop, frozenset(), ports=True)
        own = factor if factor and factor > 1 else 1
        iterations = ceil(trips / own)
        piped = self.pipeline_of(loop)
        if piped is not None:
            return self._pipelined(loop, trips, iterations, own, piped)
        flat = None if own > 1 else self._flattened(loop, iterations)
        if flat is not None:
            return flat
        report = self._report(
            loop,
            trip_count=trips,
            pipelined=False,
            ii_target=None,
            ii=None,
            ii_limit=None,
            ii_reason=None,
            depth=0,
            latency=0,
            unroll=factor,
        )
        self._parents.append(report.name)
        if hints.is_dataflow(loop):
            first, interval = self.dataflow(body_of(loop))
            total = first + max(0, iterations - 1) * interval
            body = first
        else:
            if own > 1:
                body = self.unrolled_latency(loop, frozenset(), own, sequential=True)
            else:
                body = BlockTimer(self, False).block(body_of(loop))
            body = ceil(body - 1e-9) + self.overhead("loop_iteration")
            total = iterations * body
        self._parents.pop()
        report.depth = int(body)
        report.latency = int(total)
        return float(total)

    def _flattened(self, loop: Operation, iterations: int) -> float | None:
        """
        The latency of `loop` flattened with the pipelined loop that is
        its only content, when Vitis would flatten them."""
        if hints.is_dataflow(loop) or not is_constant_trip(loop):
            return None
        inner_ops = [op for op in body_of(loop).ops if op is not body_of(loop).last_op]
        if len(inner_ops) != 1 or not isinstance(inner_ops[0], LOOPS):
            return None
        inner = inner_ops[0]
        if not is_constant_trip(inner):
            return None
        self._parents.append(self._name(loop))
        mark = len(self._loops)
        self.loop_latency(inner)
        self._parents.pop()
        inner_report = self.loop_reports.get(inner)
        if (
            inner_report is None
            or not inner_report.pipelined
            or inner_report.ii is None
        ):
            del self._loops[mark:]
            self._loops_drop(inner)
            return None
        inner_trips = inner_report.trip_count or 1
        if not inner_report.flattened:
            inner_trips = ceil(inner_trips / max(1, hints.unroll(inner) or 1))
        total_trips = iterations * inner_trips
        ii, limit, reason = (
            inner_report.ii,
            inner_report.ii_limit,
            inner_report.ii_reason,
        )
        # A value the outer loop carries comes back inner_trips iterations
        # of the flattened pipeline later.
        for rec in recurrences(loop, self, True):
            needed = max(1, ceil(rec.latency / (rec.distance * inner_trips) - 1e-9))
            if needed > ii:
                ii, limit = needed, "recurrence"
                reason = recurrence_reason(rec, rec.distance * inner_trips)
                reason += " (flattened)"
                inner_facts = self.facts.get(inner)
                if inner_facts is not None and not inner_report.auto:
                    self.facts[loop] = replace(
                        inner_facts,
                        ii=ii,
                        limit=limit,
                        reason=reason,
                        recurrence=replace(rec, distance=rec.distance * inner_trips),
                    )
        latency = inner_report.depth + ii * (total_trips - 1)
        latency += self.overhead("pipeline")
        inner_report.flattened = True
        report = LoopReport(
            name=self._name(loop),
            label="l_" + self._name(loop),
            parent=self._parents[-1] if self._parents else None,
            trip_count=total_trips,
            pipelined=True,
            ii_target=inner_report.ii_target,
            ii=ii,
            ii_limit=limit,
            ii_reason=reason,
            depth=inner_report.depth,
            latency=latency,
            auto=inner_report.auto,
            flattened=True,
        )
        self._loops.insert(mark, report)
        self.loop_reports[loop] = report
        return float(latency)

    def _loops_drop(self, loop: Operation) -> None:
        self.loop_reports.pop(loop, None)

    def _pipelined(
        self,
        loop: Operation,
        trips: int,
        iterations: int,
        own: int,
        piped: tuple[int, bool],
    ) -> float:
        target, auto = piped
        facts = self.pipeline_facts(loop, target, own)
        latency = facts.depth + facts.ii * max(0, iterations - 1)
        latency += self.overhead("pipeline")
        self._report(
            loop,
            trip_count=trips,
            pipelined=True,
            ii_target=target,
            ii=facts.ii,
            ii_limit=facts.limit,
            ii_reason=facts.reason,
            depth=facts.depth,
            latency=latency,
            unroll=hints.unroll(loop),
            auto=auto,
        )
        return float(latency)

    def pipeline_facts(self, loop: Operation, target: int, own: int) -> PipelineFacts:
        """The II of pipelined `loop` and what limits it, and its depth."""
        if loop in self.facts:
            return self.facts[loop]
        candidates: list[tuple[int, str, str | None]] = [(target, "target", None)]
        pressures: list[PortPressure] = []
        for p in memory_pressure(loop, self, own):
            if p.buffer.automatic and p.dim is not None and p.value is not None:
                if p.ii > 1:
                    self.partition_automatically(p.value)
                continue
            pressures.append(p)
        worst_port = pressures[0] if pressures else None
        if worst_port is not None:
            b = worst_port.buffer
            reason = (
                f"'{b.name}': {worst_port.reads} reads and {worst_port.writes} "
                f"writes per iteration on a bank with {worst_port.ports.ports} ports"
            )
            candidates.append((worst_port.ii, "memory", reason))
        recs = recurrences(loop, self, True, own)
        worst_rec = max(recs, key=lambda r: r.ii, default=None)
        if worst_rec is not None:
            reason = recurrence_reason(worst_rec, worst_rec.distance)
            candidates.append((worst_rec.ii, "recurrence", reason))
        fifo_ii, fifo = stream_ii(loop, own)
        if fifo is not None:
            candidates.append((fifo_ii, "memory", f"FIFO '{fifo}': {fifo_ii} accesses"))
        call_name = None
        for op in loop.walk():
            if isinstance(op, func.CallOp):
                interval = self.callee_interval(op) * copies_of(op, loop, own).count
                call_name = op.callee.string_value()
                candidates.append((interval, "call", f"calls '@{call_name}'"))
        ii, limit, reason = max(candidates, key=lambda c: (c[0], c[1] != "target"))
        if ii == target:
            limit, reason = "target", None
        chain_ops = frozenset(op for r in recs for op in r.ops)
        if own > 1:
            depth_time = self.unrolled_latency(loop, chain_ops, own)
        else:
            depth_time = BlockTimer(self, True, chain_ops).block(body_of(loop))
        facts = PipelineFacts(
            ii,
            target,
            limit,
            reason,
            max(1, ceil(depth_time - 1e-9)),
            worst_rec,
            worst_port,
            call_name,
        )
        self.facts[loop] = facts
        return facts

    def unrolled_latency(
        self,
        loop: Operation,
        recurrence: frozenset[Operation],
        copies: int | None = None,
        sequential: bool = False,
        ports: bool = False,
    ) -> float:
        """
        Cycles of `copies` (default: all) unrolled copies of `loop`'s body:
        one copy, plus the chain of values carried from copy to copy, plus
        (`sequential` or `ports`: outside a pipeline, whose II accounts for
        them) the cycles the busiest bank needs beyond the first.
        `sequential`: nested loops stay loops (a partial unroll)."""
        if copies is None:
            copies = max_trips(loop) or 1
        if copies <= 0:
            return 0.0
        timer = BlockTimer(self, not sequential, recurrence)
        one = timer.block(body_of(loop))
        chains = recurrences(loop, self, False)
        step = max((r.latency / r.distance for r in chains), default=0.0)
        busy = 0.0
        if sequential or ports:
            pressure = memory_pressure(loop, self, copies)
            busy = float(max((p.ii for p in pressure), default=1) - 1)
        return one + (copies - 1) * step + busy


def recurrence_reason(rec: Recurrence, distance: int) -> str:
    """`C_buf: arith.addf chain of 4 cycles, distance 1`."""
    chain = " -> ".join(rec.through) or "memory"
    cycles = ceil(rec.latency - 1e-9)
    what = rec.what.strip("'")
    return f"{what}: {chain} chain of {cycles} cycles, distance {distance}"


def top_function(module: ModuleOp) -> str | None:
    """The function marked top, else the last one nobody calls."""
    fns = [op for op in module.ops if isinstance(op, func.FuncOp)]
    for fn in fns:
        if hints.is_top(fn):
            return fn.sym_name.data
    called = {
        op.callee.string_value()
        for fn in fns
        for op in fn.walk()
        if isinstance(op, func.CallOp)
    }
    roots = [fn.sym_name.data for fn in fns if fn.sym_name.data not in called]
    return roots[-1] if roots else (fns[-1].sym_name.data if fns else None)
