"""
What bounds the II of a pipelined loop: loop-carried dependences (through
memory, from the project's dependence analysis, or through iteration
arguments) over the latency of their chain, and memory ports per bank given
the unrolled copies, the partitions and the storage."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from xdsl.dialects import affine, memref, scf
from xdsl.ir import Block, Operation, SSAValue

from allo_xdsl.analysis import hints
from allo_xdsl.analysis.affine_expr import compile_set
from allo_xdsl.analysis.dependence import Access, Dependence, accesses_in
from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.analysis.loops import index_constant, loop_step
from allo_xdsl.dialects.fpga import StreamGetOp, StreamPutOp
from allo_xdsl.qor.banks import Copies
from allo_xdsl.qor.memory import REGISTERS, read_latency
from allo_xdsl.qor.pressure import PortPressure, port_pressure
from allo_xdsl.qor.schedule import Estimator, external_operands, longest_path
from allo_xdsl.qor.trips import index_value, max_trips, value_range

_MAX_DISTANCE = 16


@dataclass(frozen=True)
class Recurrence:
    """A value carried from one iteration to a later one."""

    what: str
    """The buffer or the iteration argument."""
    through: tuple[str, ...]
    """Names of the ops on the chain (`arith.addf`)."""
    latency: float
    distance: int
    ops: tuple[Operation, ...]
    in_memory: bool
    registers: bool = False
    """Carried in registers (nothing to gain from partitioning)."""

    @property
    def ii(self) -> int:
        return max(1, ceil(self.latency / self.distance - 1e-9))


def body_of(loop: Operation) -> Block:
    assert isinstance(loop, affine.ForOp | scf.ForOp)
    return loop.body.block


def iv_of(loop: Operation) -> SSAValue:
    return body_of(loop).args[0]


def iv_values(loop: Operation, count: int | None = None) -> tuple[int, ...]:
    """The induction variable's values over the loop (the first `count`)."""
    r = value_range(iv_of(loop)) or (0, 0)
    step = loop_step(loop) if isinstance(loop, affine.ForOp) else 1
    values = range(r[0], r[1] + 1, max(1, step))
    return tuple(values[:count] if count is not None else values)


def _carried(deps: list[Dependence]) -> list[Dependence]:
    return [
        d
        for d in deps
        if d.directions
        and d.directions[0] == "<"
        and d.source.is_write
        and not d.sink.is_write
        and d.source.subscripts is not None
        and d.sink.subscripts is not None
    ]


def _address(access: Access, env: dict[SSAValue, int]) -> tuple[int, ...]:
    assert access.subscripts is not None
    dims = [index_value(v, env) for v in access.inputs]
    try:
        return access.subscripts.eval(dims, [])
    except (ZeroDivisionError, IndexError):
        return ()


def distance(dep: Dependence, loop: Operation) -> int:
    """
    The smallest number of iterations of `loop` between the store and the
    load it feeds (1 when it cannot be told)."""
    iv = iv_of(loop)
    values = iv_values(loop, _MAX_DISTANCE + 8)
    for delta in range(1, _MAX_DISTANCE + 1):
        for t in range(min(4, max(0, len(values) - delta))):
            stored = _address(dep.source, {iv: values[t]})
            loaded = _address(dep.sink, {iv: values[t + delta]})
            if stored and stored == loaded:
                return delta
    return 1


def _names(ops: list[Operation]) -> tuple[str, ...]:
    skip = ("affine.store", "memref.store", "affine.load", "memref.load")
    skip += ("affine.yield", "scf.yield")
    names = [op.name for op in ops if op.name not in skip]
    return tuple(dict.fromkeys(names))


def recurrences(
    loop: Operation, est: Estimator, minimum: bool, copies: int = 1
) -> list[Recurrence]:
    """
    Values `loop` carries from an iteration to a later one, with the
    latency of their chain: memory (store, then a load of the same address
    `distance` iterations later) and iteration arguments. `minimum`: cores
    at their shortest latency (a pipeline's recurrence); else their default
    latency with memory forwarded (a chain of unrolled copies). With
    `copies` unrolled per iteration, a chain of distance d < copies runs
    copies/d times in an iteration."""
    found: list[Recurrence] = []
    for dep in _carried(est.dependences(loop)):
        path = longest_path(
            dep.sink.op.results, dep.source.op, est, minimum, not minimum
        )
        if path is None:
            continue
        buffer = est.buffer(dep.buffer)
        latency = path[0] + (read_latency(buffer, est.device) if minimum else 0)
        if minimum:
            latency *= chained_copies(dep, loop, est)
        d = distance(dep, loop)
        if d < copies:
            latency *= copies // d
            d = 1
        else:
            d = d // copies
        found.append(
            Recurrence(
                f"'{value_name(dep.buffer) or '?'}'",
                _names(path[1]),
                latency,
                d,
                tuple(path[1]),
                True,
                buffer.impl == REGISTERS,
            )
        )
    body = body_of(loop)
    terminator = body.last_op
    if terminator is not None:
        for k, arg in enumerate(body.args[1:]):
            path = longest_path([arg], terminator, est, minimum, not minimum)
            if path is None or k >= len(terminator.operands):
                continue
            chain = [op for op in path[1] if op is not terminator]
            latency = path[0] * copies
            name = value_name(arg) or f"iteration argument {k}"
            found.append(
                Recurrence(f"'{name}'", _names(chain), latency, 1, tuple(chain), False)
            )
    return found


def chained_copies(dep: Dependence, loop: Operation, est: Estimator) -> int:
    """
    How many times the chain of `dep` (carried by `loop`) runs within one
    iteration of the pipeline: the loops unrolled inside it (below the
    innermost pipelined loop around the store, or below `loop` itself)
    that carry the same buffer chain it through their copies, `trips /
    distance` links each (a 32-way unrolled reduction: 32 adds before the
    value comes back)."""
    unrolled = _inner_loops(dep.source.op, loop)
    piped = next((k for k, inner in enumerate(unrolled) if hints.pipeline(inner)), None)
    if piped is not None:
        unrolled = unrolled[:piped]
    links = 1
    for inner in unrolled:
        carried = _carried(est.dependences(inner))
        carried = [d for d in carried if d.buffer is dep.buffer]
        if carried:
            trips = max_trips(inner) or 1
            links *= ceil(trips / min(distance(d, inner) for d in carried))
    return links


def _inner_loops(op: Operation, loop: Operation) -> list[Operation]:
    out: list[Operation] = []
    parent = op.parent_op()
    while parent is not None and parent is not loop:
        if isinstance(parent, affine.ForOp | scf.ForOp):
            out.append(parent)
        parent = parent.parent_op()
    return out


def copies_of(op: Operation, loop: Operation, own: int) -> Copies:
    """
    The copies of `op` in one iteration of pipelined `loop`: `own`
    copies of the loop's body (its unroll factor) times every loop between
    `op` and `loop`, fully unrolled."""
    ivs: list[SSAValue] = []
    values: list[tuple[int, ...]] = []
    if own > 1:
        ivs.append(iv_of(loop))
        values.append(iv_values(loop, own))
    for inner in _inner_loops(op, loop):
        ivs.append(iv_of(inner))
        values.append(iv_values(inner) or (0,))
    return Copies(tuple(ivs), _live(op, loop, ivs, values, 1 if own > 1 else 0))


def _live(
    op: Operation,
    loop: Operation,
    ivs: list[SSAValue],
    values: list[tuple[int, ...]],
    first: int,
) -> tuple[tuple[int, ...], ...]:
    """
    The values of the copies in which `op` runs: an `affine.if` around it
    (inside `loop`) whose condition reads one fully unrolled induction
    variable alone (`ivs[first:]`) is a constant in each copy, and Vitis
    drops the copies it rules out. Any other if is built whole (both
    branches, in every copy)."""
    unrolled = ivs[first:]
    child, parent = op, op.parent_op()
    while parent is not None and parent is not loop:
        if isinstance(parent, affine.IfOp):
            iv = _guard_iv(parent, unrolled)
            if iv is not None:
                k = ivs.index(iv)
                test = compile_set(parent.condition.data)
                then = child.parent_region() is parent.then_region
                values[k] = tuple(
                    v
                    for v in values[k]
                    if test(*(index_value(a, {iv: v}) for a in parent.args)) == then
                )
        child, parent = parent, parent.parent_op()
    return tuple(values)


def _guard_iv(guard: affine.IfOp, ivs: list[SSAValue]) -> SSAValue | None:
    """
    The one induction variable of `ivs` the condition of `guard` reads,
    when it reads nothing else but constants."""
    found: set[SSAValue] = set()
    for arg in guard.args:
        used = _index_ivs(arg, ivs)
        if used is None:
            return None
        found |= used
    return found.pop() if len(found) == 1 else None


def _index_ivs(value: SSAValue, ivs: list[SSAValue]) -> set[SSAValue] | None:
    """
    The `ivs` an index reads through `affine.apply`, or None when it reads
    anything but them and constants."""
    if value in ivs:
        return {value}
    if index_constant(value) is not None:
        return set()
    owner = value.owner
    if not isinstance(owner, affine.ApplyOp):
        return None
    found: set[SSAValue] = set()
    for operand in owner.mapOperands:
        used = _index_ivs(operand, ivs)
        if used is None:
            return None
        found |= used
    return found


def memory_pressure(loop: Operation, est: Estimator, own: int) -> list[PortPressure]:
    """The busiest bank of each buffer in one iteration of `loop`."""
    pairs = [(a, copies_of(a.op, loop, own)) for a in accesses_in(loop)]
    pairs = [(a, copies) for a, copies in pairs if copies.count > 0]
    return port_pressure(pairs, est.device, est.buffer)


def stream_ii(loop: Operation, own: int) -> tuple[int, str | None]:
    """
    The II the FIFO accesses of one iteration need (one read and one write
    per FIFO per cycle), and the busiest stream."""
    counts: dict[tuple[SSAValue, bool], int] = {}
    for op in loop.walk():
        if isinstance(op, StreamGetOp | StreamPutOp):
            key = (op.operands[0], isinstance(op, StreamPutOp))
            counts[key] = counts.get(key, 0) + copies_of(op, loop, own).count
    if not counts:
        return 1, None
    (stream, _), worst = max(counts.items(), key=lambda kv: kv[1])
    return worst, value_name(stream)


_PURE_PREFIXES = ("arith.", "math.", "allo.", "affine.apply")


def invariant_ops(loop: Operation) -> set[Operation]:
    """
    Ops of pipelined `loop` that compute the same value in every
    iteration: pure arithmetic on such values and loads of buffers the loop
    does not write at such addresses. Ivs of loops inside `loop` are
    constants of each unrolled copy. Vitis (LLVM's LICM) computes them once,
    before the loop."""
    written = {a.buffer for a in accesses_in(loop) if a.is_write}
    body = body_of(loop)
    variant: set[SSAValue] = set(body.args)
    found: set[Operation] = set()
    for op in loop.walk():
        if op is loop:
            continue
        if isinstance(op, affine.ForOp | scf.ForOp):
            variant.update(op.results)
            variant.update(op.body.block.args[1:])
            continue
        inputs = [v for v in op.operands if v not in variant]
        if len(inputs) != len(op.operands) or op.regions:
            variant.update(op.results)
            continue
        is_load = op.name in ("affine.load", "memref.load")
        if is_load and op.operands[0] in written:
            variant.update(op.results)
            continue
        if is_load or (op.name.startswith(_PURE_PREFIXES) and op.results):
            found.add(op)
        else:
            variant.update(op.results)
    return found


def distinct_copies(op: Operation, loop: Operation, own: int) -> int:
    """
    How many different copies of `op` one iteration of pipelined `loop`
    computes: copies whose operands do not depend on an unrolled induction
    variable are the same value, merged (CSE after unrolling). A load of a
    buffer stored to inside an unrolled loop (a window shifted copy by copy)
    and a FIFO read differ per copy whatever their address; the result of an
    if depends on what its branches use."""
    copies = copies_of(op, loop, own)
    if copies.count <= 1:
        return copies.count
    written = {iv: _stored_buffers(iv.owner.parent_op()) for iv in copies.ivs}
    used = _ivs_used(op, written, {})
    count = 1
    for iv, values in zip(copies.ivs, copies.values, strict=True):
        if iv in used:
            count *= len(values)
    return count


def _stored_buffers(loop: Operation | None) -> set[SSAValue]:
    if loop is None:
        return set()
    return {
        op.operands[1]
        for op in loop.walk()
        if isinstance(op, affine.StoreOp | memref.StoreOp)
    }


def _ivs_used(
    op: Operation,
    written: dict[SSAValue, set[SSAValue]],
    memo: dict[SSAValue, frozenset[SSAValue]],
) -> frozenset[SSAValue]:
    if isinstance(op, StreamGetOp):
        return frozenset(written)
    found: set[SSAValue] = set()
    if isinstance(op, affine.LoadOp | memref.LoadOp):
        found.update(iv for iv, stored in written.items() if op.operands[0] in stored)
    operands = external_operands(op) if op.regions else op.operands
    for operand in operands:
        found |= _value_ivs(operand, written, memo)
    return frozenset(found)


def _value_ivs(
    value: SSAValue,
    written: dict[SSAValue, set[SSAValue]],
    memo: dict[SSAValue, frozenset[SSAValue]],
) -> frozenset[SSAValue]:
    if value in memo:
        return memo[value]
    memo[value] = frozenset()
    if value in written:
        result = frozenset([value])
    elif isinstance(value.owner, Operation):
        result = _ivs_used(value.owner, written, memo)
    else:
        # An iteration argument of an unrolled loop changes with its iv.
        loop = value.owner.parent_op()
        result = frozenset(
            iv for iv in written if loop is not None and iv.owner is value.owner
        )
    memo[value] = result
    return result
