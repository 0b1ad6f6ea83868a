"""
Every stream still delivers each element where its consumer expects it.

`to` (buffer-to-stream) turns a buffer into a FIFO only when the consumer
reads every element once, in the order the producer writes them. A FIFO has
no addresses: the k-th get receives the k-th put, whatever element the code
around it meant. So any later step that changes the order of either side
(`reorder`, `tile`, `split` then `reorder`, `compute_at`, a parallel loop,
...) would silently deliver elements to the wrong iterations.

The order is therefore a constraint every later step must keep, checked in
one place: `check_stream_orders` runs after every customization primitive
(`PrimitivePass.apply`, so both the YAML/`sched` steps and the standalone
passes) and after `materialize-unroll`. It needs no help from the passes:
`to` writes on each put and get the subscript of the element it moved
(`fpga.stream_put %T, %v element [%i, %j]`); a loop rewrite updates that
subscript as it updates any other use of a loop index, so the subscript
always says which element the op means. The check runs the loops
(`access_order.stream_events`, the analysis `to` itself uses) and requires,
for every stream whose puts or gets the step's function holds or that it
creates:

- the gets ask for exactly the elements the puts deliver, in the same
  order (`position [k]` ops, a fork's splitter, must move the k-th element
  at their k-th run; a stream written by a splitter delivers the elements
  of the stream the splitter reads);
- no get runs before its put (in program order, as C simulation runs a
  dataflow region), and a band that both puts and gets never holds more
  elements than the stream's depth (it would wait forever on itself);
- no put or get is inside a loop marked `fpga.parallel` (its iterations may
  run in any order) unless that loop runs once.

A step that breaks one of them is rejected with an `AlloError` at the op
that would go wrong, naming the step, the stream and both orders. The IR is
then already changed (the error ends the compilation). Streams whose puts
and gets do not all carry their element (written by hand) are not checked.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.ir import Operation, SSAValue
from xdsl.traits import SymbolTable

from allo_xdsl.analysis.access_order import (
    Interner,
    NotStatic,
    StreamEvents,
    StreamOp,
    element_text,
    iteration_text,
    stream_event_at,
    stream_events,
)
from allo_xdsl.analysis.hints import is_parallel
from allo_xdsl.analysis.lookup import BAND_NAME, loop_name
from allo_xdsl.analysis.loops import trip_count
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import (
    ELEMENT,
    PARALLEL,
    POSITION,
    StreamCreateOp,
    StreamGetOp,
    StreamPutOp,
    StreamType,
)


def check_stream_orders(module: ModuleOp, func_name: str | None, step: str) -> None:
    """
    Reject `step`, just applied to function `func_name` (None: to any),
    if it broke the order of a stream (see the module docstring)."""
    if func_name is not None and not _has_streams(module, func_name):
        return
    shared = _Shared(step)
    for op in module.walk():
        if not isinstance(op, StreamCreateOp):
            continue
        reach = _reach(op.stream)
        if reach is None:
            continue
        if func_name is not None and func_name not in reach.functions:
            continue
        _Check(op, reach, shared).run()


def _has_streams(module: ModuleOp, func_name: str) -> bool:
    """
    Whether a stream can reach function `func_name`: it creates one, or
    takes one as a parameter (a stream passed to a call becomes a stream
    parameter of the callee). Most steps touch no stream, and this looks at
    one function instead of walking the whole module after every step."""
    fn = SymbolTable.lookup_symbol(module, func_name)
    if not isinstance(fn, func.FuncOp):
        return True  # let the full check decide
    if any(isinstance(t, StreamType) for t in fn.function_type.inputs.data):
        return True
    return any(isinstance(op, StreamCreateOp) for op in fn.walk())


@dataclass
class _Shared:
    """
    What the checks of one step share: the step, the subscript ids and
    the element sequence of every stream already checked."""

    step: str
    interner: Interner = field(default_factory=Interner)
    delivered: dict[SSAValue, tuple[array[int], str]] = field(
        default_factory=dict[SSAValue, tuple["array[int]", str]]
    )


@dataclass
class _Reach:
    """
    The puts and gets of a stream, here or in the callees it is passed
    to, with the calls each is under, and the functions they are in."""

    ops: list[tuple[StreamOp, tuple[func.CallOp, ...]]]
    functions: set[str]


def _reach(stream: SSAValue) -> _Reach | None:
    """None when a put or get does not say which element it moves."""
    reach = _Reach([], set())
    pending: list[tuple[SSAValue, tuple[func.CallOp, ...]]] = [(stream, ())]
    while pending:
        value, calls = pending.pop()
        for use in value.uses:
            user = use.operation
            if isinstance(user, StreamPutOp | StreamGetOp):
                if user.order() is None:
                    return None
                reach.ops.append((user, calls))
                reach.functions.add(_function_name(user))
            elif isinstance(user, func.CallOp):
                callee = SymbolTable.lookup_symbol(user, user.callee)
                if isinstance(callee, func.FuncOp) and not callee.is_declaration:
                    param = callee.body.block.args[use.index]
                    pending.append((param, (*calls, user)))
    return reach


def _function_name(op: Operation) -> str:
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        parent = parent.parent_op()
    return parent.sym_name.data if isinstance(parent, func.FuncOp) else "?"


class _Check:
    """The order check of one stream."""

    def __init__(self, create: StreamCreateOp, reach: _Reach, shared: _Shared):
        self.create = create
        self.stream = create.stream
        self.reach = reach
        self.shared = shared
        self.step = shared.step
        block = create.parent_block()
        assert block is not None
        self.block = block
        self.name = _stream_name(create)
        self.buffer = self.name
        """The buffer whose elements it moves (a fork's, for a fork's streams)."""
        self.where = _function_name(create)

    def run(self) -> None:
        for op, calls in self.reach.ops:
            _check_not_parallel(op, calls, self.step, self.name)
        self.delivered()

    def delivered(self) -> array[int]:
        """
        The elements the stream delivers, in order (as ids), after
        checking that its gets ask for them."""
        done = self.shared.delivered.get(self.stream)
        if done is not None:
            self.buffer = done[1]
            return done[0]
        events = self._events()
        if not events.ops:
            self.shared.delivered[self.stream] = (array("q"), self.buffer)
            return array("q")
        is_put = [isinstance(op, StreamPutOp) for op in events.ops]
        puts = _side(events, is_put, True)
        gets = _side(events, is_put, False)
        wanted = array("q")
        if puts and gets:
            wanted = self._put_elements(events, puts)
            self._check_side(events, gets, wanted, "reads")
            self._check_timing(events, is_put)
        self.shared.delivered[self.stream] = (wanted, self.buffer)
        return wanted

    def _events(self) -> StreamEvents:
        try:
            return stream_events(self.block.ops, self.stream, self.shared.interner)
        except NotStatic as e:
            raise AlloError(
                f"'{self.step}' makes the order of stream '{self.name}' of "
                f"'{self.where}' unknown before running ({e.reason}); a "
                "stream's producer and consumer must keep a known order",
                e.op,
            ) from None

    def _put_elements(self, events: StreamEvents, puts: _Side) -> array[int]:
        if _kind(puts.first) == ELEMENT:
            return puts.elements
        # A splitter: it writes the elements of the stream it reads.
        source = puts.first.operands[1].owner
        assert isinstance(source, StreamGetOp)
        origin = source.stream.owner
        wanted = array("q")
        if isinstance(origin, StreamCreateOp):
            reach = _reach(origin.stream)
            if reach is not None:
                check = _Check(origin, reach, self.shared)
                wanted = check.delivered()
                self.buffer = check.buffer
        self._check_side(events, puts, wanted, "writes")
        return wanted

    def _check_side(
        self, events: StreamEvents, side: _Side, wanted: array[int], verb: str
    ) -> None:
        """
        `side` (puts or gets) moves the `wanted` elements (or, by
        position, as many elements in order)."""
        by_position = _kind(side.first) == POSITION
        if by_position:
            intern = self.shared.interner.id
            wanted = array("q", (intern((k,)) for k in range(len(wanted))))
        got = side.elements
        if got == wanted:
            return
        k = next(
            (k for k, (a, b) in enumerate(zip(wanted, got, strict=False)) if a != b),
            min(len(wanted), len(got)),
        )
        if k == len(got) or k == len(wanted):
            raise AlloError(
                f"'{self.step}' would break stream '{self.name}' of "
                f"'{self.where}': {self._label(side.first)} would move "
                f"{len(got)} elements, but {len(wanted)} are "
                f"{'read' if verb == 'writes' else 'written'}",
                side.first,
            )
        event = side.events[k]
        op = events.ops[events.op_of[event]]
        loops, _ = stream_event_at(self.block.ops, self.stream, event)
        moves = self._text(got[k], by_position)
        expected = self._text(wanted[k], by_position)
        other = self._other_side(events, verb)
        raise AlloError(
            f"'{self.step}' would break stream '{self.name}' of "
            f"'{self.where}': {self._label(op)} would {verb[:-1]} it in "
            f"loop order ({_loop_order(loops)}), but {other}: at "
            f"{iteration_text(loops)} it {verb} {moves} where the stream "
            f"{'delivers' if verb == 'reads' else 'expects'} {expected}; a "
            "stream is read in the order it is written, element by element: "
            f"apply '{self.step}' before 'to', or not at all",
            op,
        )

    def _other_side(self, events: StreamEvents, verb: str) -> str:
        puts = verb == "reads"
        k = next(
            k
            for k, o in enumerate(events.op_of)
            if isinstance(events.ops[o], StreamPutOp) == puts
        )
        loops, _ = stream_event_at(self.block.ops, self.stream, k)
        other = "writes" if verb == "reads" else "reads"
        label = self._label(events.ops[events.op_of[k]])
        return f"{label} {other} it in loop order ({_loop_order(loops)})"

    def _check_timing(self, events: StreamEvents, is_put: list[bool]) -> None:
        """
        No get before its put; a band that puts and gets stays within
        the depth."""
        stream_type = self.stream.type
        assert isinstance(stream_type, StreamType)
        depth = stream_type.depth.data
        roots = [self._root(op) for op in events.ops]
        mixed = _mixed_roots(roots, is_put)
        held = 0
        for k, o in enumerate(events.op_of):
            held += 1 if is_put[o] else -1
            if held >= 0 and (held <= depth or roots[o] not in mixed):
                continue
            op = events.ops[o]
            loops, _ = stream_event_at(self.block.ops, self.stream, k)
            if held < 0:
                raise AlloError(
                    f"'{self.step}' would make {self._label(op)} read stream "
                    f"'{self.name}' of '{self.where}' before it is written "
                    f"(at {iteration_text(loops)})",
                    op,
                )
            raise AlloError(
                f"'{self.step}' would make {self._label(op)} write "
                f"{held} elements into stream '{self.name}' of "
                f"'{self.where}' (depth {depth}) before reading them (at "
                f"{iteration_text(loops)}): it would wait forever on "
                "itself; give 'to' a larger depth",
                op,
            )

    def _root(self, op: Operation) -> Operation | None:
        """The op of the stream's block that holds `op`, if `op` is in it."""
        root = op
        while root.parent_block() is not self.block:
            parent = root.parent_op()
            if parent is None:
                return None
            root = parent
        return root

    def _label(self, op: Operation) -> str:
        root = self._root(op)
        if root is None:
            return f"'@{_function_name(op)}'"
        band = root.attributes.get(BAND_NAME)
        if isinstance(band, StringAttr):
            return f"band '{band.data}'"
        if isinstance(root, func.CallOp):
            return f"'@{root.callee.string_value()}'"
        return f"'{root.name}'"

    def _text(self, element: int, by_position: bool) -> str:
        index = self.shared.interner.values[element]
        if by_position:
            return f"element #{index[0]}"
        return element_text(self.buffer, index)


@dataclass
class _Side:
    """
    The puts (or the gets) of a stream: the event numbers and the
    elements they move."""

    first: StreamOp
    events: array[int]
    elements: array[int]

    def __bool__(self) -> bool:
        return len(self.events) > 0


def _side(events: StreamEvents, is_put: list[bool], puts: bool) -> _Side:
    side = _Side(events.ops[0], array("q"), array("q"))
    for k, (o, element) in enumerate(zip(events.op_of, events.element, strict=True)):
        if is_put[o] == puts:
            if not side.events:
                side.first = events.ops[o]
            side.events.append(k)
            side.elements.append(element)
    return side


def _kind(op: StreamOp) -> str:
    order = op.order()
    assert order is not None
    return order[0]


def _mixed_roots(roots: list[Operation | None], is_put: list[bool]) -> set[Operation]:
    """The ops of the stream's block that both put and get."""
    putting = {r for r, p in zip(roots, is_put, strict=True) if r is not None and p}
    getting = {r for r, p in zip(roots, is_put, strict=True) if r is not None and not p}
    return putting & getting


def _loop_order(loops: Sequence[tuple[str, int]]) -> str:
    return ", ".join(name for name, _ in loops)


def _stream_name(create: StreamCreateOp) -> str:
    if create.stream_name is not None:
        return create.stream_name.data
    return create.stream.name_hint or "?"


def _check_not_parallel(
    op: StreamOp, calls: tuple[func.CallOp, ...], step: str, name: str
) -> None:
    for start in (op, *calls):
        parent = start.parent_op()
        while parent is not None and not isinstance(parent, func.FuncOp):
            if (
                isinstance(parent, affine.ForOp)
                and is_parallel(parent)
                and trip_count(parent) != 1
            ):
                verb = "writes" if isinstance(op, StreamPutOp) else "reads"
                raise AlloError(
                    f"after '{step}', loop '{loop_name(parent)}' of "
                    f"'{_function_name(parent)}' is parallel ({PARALLEL}) and "
                    f"{verb} stream '{name}': its iterations may run in any "
                    "order, but a stream is read in the order it is written; "
                    "pipeline or unroll the loop instead",
                    parent,
                )
            parent = parent.parent_op()
