"""
The order in which code reads or writes one buffer, element by element.

A stream delivers elements in the order they were put, so turning a buffer
into a stream needs the exact sequence of elements its producer writes and
its consumer reads. `access_sequence(ops, buffer)` runs the affine loops of
`ops` (bounds and subscripts only, nothing else) and lists every load and
store of `buffer` in program order, as row-major element numbers.

Only code whose accesses are known before it runs has a sequence: loops
with affine bounds over enclosing loops and constants, subscripts over
those loops, constants and `affine.apply`. An access under a condition, in
a loop of another kind or at a subscript computed at run time raises
`NotStatic`, saying why.

`stream_events(ops, stream)` lists the puts and gets of a stream the same
way, by the element each says it moves (`fpga.stream_put ... element [..]`,
or `position [k]`). It also follows the stream into the callees of calls
that take it and evaluates `affine.if` conditions, since the steps after
`to` leave such code (`compute_at`, unrolling with guards) that still has a
known order.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Attribute, Block, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import (
    AffineMap,
)
from xdsl.traits import SymbolTable

from allo_xdsl.analysis.affine_expr import (
    all_dims_map,
    compile_map,
    compile_set,
    format_expr,
    value_label,
)
from allo_xdsl.analysis.lookup import loop_name
from allo_xdsl.analysis.loops import index_constant
from allo_xdsl.diagnostics import op_location
from allo_xdsl.dialects.fpga import StreamGetOp, StreamPutOp

AccessOp = affine.LoadOp | affine.StoreOp | memref.LoadOp | memref.StoreOp

StreamOp = StreamPutOp | StreamGetOp

Found = tuple[AccessOp, tuple[int, ...]]
"""An access: the op and the element's subscripts."""


MAX_ACCESSES = 1 << 22
"""Longest sequence checked (about 40 MB of bookkeeping)."""


class NotStatic(Exception):
    """The accesses of some code cannot be listed before it runs."""

    def __init__(self, reason: str, op: Operation):
        super().__init__(reason)
        self.reason = reason
        self.op = op


@dataclass(frozen=True)
class Access:
    """
    One access: the op, the element's subscripts, and the loops around it
    with their values, outermost first."""

    op: AccessOp
    index: tuple[int, ...]
    loops: tuple[tuple[str, int], ...]

    @property
    def iteration(self) -> str:
        return iteration_text(self.loops)


def iteration_text(loops: Sequence[tuple[str, int]]) -> str:
    """`i = 0, j = 1`, or `outside any loop`."""
    if not loops:
        return "outside any loop"
    return ", ".join(f"{name} = {value}" for name, value in loops)


@dataclass
class AccessSequence:
    """
    The accesses of a buffer in program order, as row-major element
    numbers, and the ops that make them."""

    ops: list[AccessOp]
    elements: array[int]

    def __len__(self) -> int:
        return len(self.elements)


def is_access(op: Operation, buffer: SSAValue) -> bool:
    return isinstance(op, AccessOp) and op.memref == buffer


def _is_tracked(op: Operation, values: set[SSAValue], follow: bool) -> bool:
    if isinstance(op, AccessOp):
        return op.memref in values
    return follow and isinstance(op, StreamOp) and op.stream in values


def is_store(op: AccessOp) -> bool:
    return isinstance(op, affine.StoreOp | memref.StoreOp)


def access_sequence(ops: Iterable[Operation], buffer: SSAValue) -> AccessSequence:
    """
    Every load and store of `buffer` in `ops` and the code they hold, in
    the order they run. Raises `NotStatic`."""
    shape = _shape(buffer.type)
    strides = _row_major_strides(shape)
    found: dict[AccessOp, None] = {}
    elements = array("q")
    walker = _Walker(buffer)
    for op, index in walker.run(ops):
        if len(elements) >= MAX_ACCESSES:
            raise NotStatic(
                f"it is accessed more than {MAX_ACCESSES} times, too many to "
                "check the order of",
                op,
            )
        found.setdefault(op)
        number = 0
        for d, (i, extent, stride) in enumerate(
            zip(index, shape, strides, strict=True)
        ):
            if not 0 <= i < extent:
                raise NotStatic(
                    f"subscript {d + 1} is {i}, out of bounds 0..{extent - 1} "
                    f"(at {walker.iteration()})",
                    op,
                )
            number += i * stride
        elements.append(number)
    return AccessSequence(list(found), elements)


def access_at(ops: Iterable[Operation], buffer: SSAValue, position: int) -> Access:
    """
    Access number `position` (0-based) of `access_sequence(ops, buffer)`,
    with its iteration, for messages."""
    walker = _Walker(buffer)
    for k, (op, index) in enumerate(walker.run(ops)):
        if k == position:
            return Access(op, index, tuple(walker.loops))
    raise IndexError(position)


class Interner:
    """Small ids for subscript tuples, shared by the sequences compared."""

    def __init__(self) -> None:
        self.ids: dict[tuple[int, ...], int] = {}
        self.values: list[tuple[int, ...]] = []

    def id(self, value: tuple[int, ...]) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass
class StreamEvents:
    """
    The puts and gets of a stream in the order they run: event k is op
    `ops[op_of[k]]` moving element `interner.values[element[k]]`."""

    ops: list[StreamOp]
    op_of: array[int]
    element: array[int]

    def __len__(self) -> int:
        return len(self.op_of)


def stream_events(
    ops: Iterable[Operation], stream: SSAValue, interner: Interner
) -> StreamEvents:
    """
    Every put and get of `stream` in `ops`, the code they hold and the
    callees they call with it, in the order they run, with the element each
    moves (or its position). Raises `NotStatic` (also for a put or get that
    does not say which element it moves)."""
    distinct: dict[Operation, int] = {}
    events = StreamEvents([], array("l"), array("q"))
    walker = _Walker(stream, follow=True)
    for op, index in walker.run(ops):
        if len(events) >= MAX_ACCESSES:
            raise NotStatic(
                f"it is accessed more than {MAX_ACCESSES} times, too many to "
                "check the order of",
                op,
            )
        k = distinct.get(op)
        if k is None:
            assert isinstance(op, StreamOp)
            k = distinct[op] = len(events.ops)
            events.ops.append(op)
        events.op_of.append(k)
        events.element.append(interner.id(index))
    return events


def stream_event_at(
    ops: Iterable[Operation], stream: SSAValue, position: int
) -> tuple[tuple[tuple[str, int], ...], list[Operation]]:
    """
    The loops (names and values) around event number `position` of
    `stream_events(ops, stream)`, and the calls it is under, for messages."""
    walker = _Walker(stream, follow=True)
    for k, _ in enumerate(walker.run(ops)):
        if k == position:
            return tuple(walker.loops), list(walker.calls)
    raise IndexError(position)


def element_text(buffer_name: str, index: Sequence[int]) -> str:
    return f"{buffer_name}[{', '.join(str(i) for i in index)}]"


def subscript_text(buffer_name: str, op: AccessOp) -> str:
    """The access as written, over loop names: `B[i + 1, j]`."""
    if isinstance(op, memref.LoadOp | memref.StoreOp):
        texts = [value_label(v) for v in op.indices]
    else:
        amap = op.map
        assert amap is not None
        names = [value_label(v) for v in op.indices]
        texts = [format_expr(e, names) for e in all_dims_map(amap.data).results]
    return f"{buffer_name}[{', '.join(texts)}]"


def element_of(number: int, shape: Sequence[int]) -> tuple[int, ...]:
    """The subscripts of row-major element `number`."""
    index: list[int] = []
    for extent in reversed(shape):
        index.append(number % extent if extent else 0)
        number = number // extent if extent else 0
    return tuple(reversed(index))


def _shape(t: Attribute) -> tuple[int, ...]:
    assert isinstance(t, MemRefType)
    return tuple(t.get_shape())


def _row_major_strides(shape: Sequence[int]) -> tuple[int, ...]:
    strides: list[int] = []
    running = 1
    for extent in reversed(shape):
        strides.append(running)
        running *= extent
    return tuple(reversed(strides))


def _holders(buffer: SSAValue) -> set[Operation]:
    """Every op that holds (in its regions) a use of `buffer`."""
    holders: set[Operation] = set()
    for use in buffer.uses:
        parent = use.operation.parent_op()
        while parent is not None and parent not in holders:
            holders.add(parent)
            parent = parent.parent_op()
    return holders


class _Walker:
    """
    Runs the loops of some code, yielding `(op, subscripts)` for each
    access of `buffer`; `loops` holds the enclosing loops' names and values
    at each step. Each block is read once into a plan of its accesses and
    loops. With `follow`, stream puts and gets are accesses too, calls that
    take a tracked value run their callee (its parameter tracked) and
    `affine.if` conditions are evaluated; `calls` holds the calls run."""

    def __init__(self, buffer: SSAValue, follow: bool = False):
        self.buffer = buffer
        self.follow = follow
        self.values = {buffer}
        self.holders = _holders(buffer)
        self.env: dict[SSAValue, int] = {}
        self.loops: list[tuple[str, int]] = []
        self.calls: list[Operation] = []
        self.plans: dict[int, list[_Step]] = {}

    def iteration(self) -> str:
        return iteration_text(self.loops)

    def run(self, ops: Iterable[Operation]) -> Iterator[Found]:
        return self._run(self._plan(list(ops)))

    def _plan(self, ops: list[Operation]) -> list[_Step]:
        steps: list[_Step] = []
        for op in ops:
            if _is_tracked(op, self.values, self.follow):
                steps.append(_access_step(op))
            elif self.follow and isinstance(op, func.CallOp):
                step = self._call_step(op)
                if step is not None:
                    steps.append(step)
            elif op in self.holders:
                if isinstance(op, affine.ForOp):
                    steps.append(_Step(op, None, ()))
                elif self.follow and isinstance(op, affine.IfOp):
                    steps.append(_Step(op, None, tuple(op.args), kind="if"))
                else:
                    raise NotStatic(f"it is accessed under '{op.name}'", op)
        return steps

    def _call_step(self, call: func.CallOp) -> _Step | None:
        """
        Run the callee of `call` if it takes a tracked value, tracking
        its parameter."""
        taken = [k for k, v in enumerate(call.arguments) if v in self.values]
        if not taken:
            return None
        callee = SymbolTable.lookup_symbol(call, call.callee)
        if not isinstance(callee, func.FuncOp) or callee.is_declaration:
            raise NotStatic(f"it is passed to '{call.callee}', which has no body", call)
        for k in taken:
            param = callee.body.block.args[k]
            if param not in self.values:
                self.values.add(param)
                self.holders |= _holders(param)
        return _Step(call, None, (), kind="call")

    def _run(self, steps: list[_Step]) -> Iterator[Found]:
        for step in steps:
            if step.subscripts is not None:
                subscripts = step.subscripts(*self._values(step.operands, step.op))
                yield cast(AccessOp, step.op), subscripts
            elif step.kind == "loop":
                yield from self._loop(step.op)
            elif step.kind == "if":
                yield from self._if(step)
            else:
                yield from self._call(step.op)

    def _block(self, block: Block) -> list[_Step]:
        body = self.plans.get(id(block))
        if body is None:
            body = self.plans[id(block)] = self._plan(list(block.ops))
        return body

    def _if(self, step: _Step) -> Iterator[Found]:
        op = step.op
        assert isinstance(op, affine.IfOp)
        values = self._values(step.operands, op)
        region = op.then_region if compile_set(op.condition.data)(*values) else None
        region = region or op.else_region
        for block in region.blocks:
            yield from self._run(self._block(block))

    def _call(self, op: Operation) -> Iterator[Found]:
        assert isinstance(op, func.CallOp)
        callee = SymbolTable.lookup_symbol(op, op.callee)
        assert isinstance(callee, func.FuncOp)
        self.calls.append(op)
        try:
            yield from self._run(self._block(callee.body.block))
        finally:
            self.calls.pop()

    def _loop(self, op: Operation) -> Iterator[Found]:
        assert isinstance(op, affine.ForOp)
        lower = max(self._map(op.lowerBoundMap.data, op.lowerBoundOperands, op))
        upper = min(self._map(op.upperBoundMap.data, op.upperBoundOperands, op))
        step = op.step.value.data
        block = op.body.block
        iv = block.args[0]
        name = loop_name(op) or iv.name_hint or "?"
        body = self._block(block)
        depth = len(self.loops)
        self.loops.append((name, lower))
        try:
            for value in range(lower, upper, step):
                self.env[iv] = value
                self.loops[depth] = (name, value)
                yield from self._run(body)
        finally:
            self.loops.pop()
            self.env.pop(iv, None)

    def _map(
        self, amap: AffineMap, operands: Sequence[SSAValue], op: Operation
    ) -> tuple[int, ...]:
        return compile_map(amap)(*self._values(operands, op))

    def _values(self, values: Sequence[SSAValue], op: Operation) -> list[int]:
        env = self.env
        return [env[v] if v in env else self._value(v, op) for v in values]

    def _value(self, value: SSAValue, op: Operation) -> int:
        constant = index_constant(value)
        if constant is not None:
            return constant
        owner = value.owner
        if isinstance(owner, affine.ApplyOp):
            return self._map(owner.map.data, owner.mapOperands, op)[0]
        if isinstance(value, BlockArgument) and isinstance(
            value.block.parent_op(), affine.ForOp
        ):
            raise NotStatic(
                f"it is accessed inside a loop '{value_label(value)}' that "
                "is outside the code checked",
                op,
            )
        raise NotStatic(
            f"a subscript or bound depends on '{value_label(value)}', known "
            "only at run time",
            op,
        )


@dataclass(frozen=True)
class _Step:
    """
    An access (with its subscript function and its operands), or (with
    `subscripts` None) a loop, an `affine.if` (its operands) or a call."""

    op: Operation
    subscripts: Callable[..., tuple[int, ...]] | None
    operands: tuple[SSAValue, ...]
    kind: str = "loop"


def _access_step(op: Operation) -> _Step:
    if isinstance(op, StreamOp):
        order = op.order()
        if order is None:
            raise NotStatic(
                f"'{op.name}' at {op_location(op)} does not say which element it moves",
                op,
            )
        return _Step(op, compile_map(order[1]), tuple(op.indices))
    assert isinstance(op, AccessOp)
    if isinstance(op, memref.LoadOp | memref.StoreOp):
        return _Step(op, _identity, tuple(op.indices))
    amap = op.map
    assert amap is not None
    return _Step(op, compile_map(amap.data), tuple(op.indices))


def _identity(*values: int) -> tuple[int, ...]:
    return values
