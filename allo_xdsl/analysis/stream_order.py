"""Every stream still delivers each element where its consumer expects it.

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

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import affine, func
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.ir import Operation, SSAValue
from xdsl.traits import SymbolTable

from allo_xdsl.analysis.access_order import (
    Event,
    NotStatic,
    StreamOp,
    element_text,
    iteration_text,
    stream_event_at,
    stream_events,
)
from allo_xdsl.analysis.lookup import BAND_NAME, loop_name
from allo_xdsl.analysis.loop_utils import constant_trip_count
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
    """Reject `step`, just applied to function `func_name` (None: to any),
    if it broke the order of a stream (see the module docstring)."""
    checked: dict[SSAValue, list[tuple[int, ...]]] = {}
    for op in module.walk():
        if not isinstance(op, StreamCreateOp):
            continue
        reach = _reach(op.stream)
        if reach is None:
            continue
        if func_name is not None and func_name not in reach.functions:
            continue
        _Check(op, reach, step, checked).run()


@dataclass
class _Reach:
    """The puts and gets of a stream, here or in the callees it is passed
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
    def __init__(
        self,
        create: StreamCreateOp,
        reach: _Reach,
        step: str,
        checked: dict[SSAValue, list[tuple[int, ...]]],
    ):
        self.create = create
        self.stream = create.stream
        self.reach = reach
        self.step = step
        self.checked = checked
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

    def delivered(self) -> list[tuple[int, ...]]:
        """The elements the stream delivers, in order, after checking that
        its gets ask for them."""
        done = self.checked.get(self.stream)
        if done is not None:
            return done
        events = self._events()
        puts = [e for e in events if isinstance(e[0], StreamPutOp)]
        gets = [e for e in events if isinstance(e[0], StreamGetOp)]
        if not puts or not gets:
            self.checked[self.stream] = []
            return []
        wanted = self._put_elements(events, puts)
        self._check_side(events, gets, wanted, "reads")
        self._check_timing(events)
        self.checked[self.stream] = wanted
        return wanted

    def _events(self) -> list[Event]:
        try:
            return stream_events(list(self.block.ops), self.stream)
        except NotStatic as e:
            raise AlloError(
                f"'{self.step}' makes the order of stream '{self.name}' of "
                f"'{self.where}' unknown before running ({e.reason}); a "
                "stream's producer and consumer must keep a known order",
                e.op,
            ) from None

    def _put_elements(
        self, events: list[Event], puts: list[Event]
    ) -> list[tuple[int, ...]]:
        kind = _kind(puts[0][0])
        if kind == ELEMENT:
            return [index for _, index in puts]
        # A splitter: it writes the elements of the stream it reads.
        value = puts[0][0].operands[1]
        source = value.owner
        assert isinstance(source, StreamGetOp)
        origin = source.stream.owner
        wanted: list[tuple[int, ...]] = []
        if isinstance(origin, StreamCreateOp):
            reach = _reach(origin.stream)
            if reach is not None:
                check = _Check(origin, reach, self.step, self.checked)
                wanted = check.delivered()
                self.buffer = check.buffer
        positions = [(k,) for k in range(len(wanted))]
        self._check_side(events, puts, positions, "writes")
        return wanted

    def _check_side(
        self,
        events: list[Event],
        side: list[Event],
        wanted: Sequence[tuple[int, ...]],
        verb: str,
    ) -> None:
        """`side` (puts or gets) moves `wanted` (elements or positions)."""
        by_position = _kind(side[0][0]) == POSITION
        if by_position:
            wanted = [(k,) for k in range(len(wanted))]
        got = [index for _, index in side]
        k = next(
            (k for k, (a, b) in enumerate(zip(wanted, got, strict=False)) if a != b),
            min(len(wanted), len(got)),
        )
        if k == len(wanted) == len(got):
            return
        if k == len(got) or k == len(wanted):
            raise AlloError(
                f"'{self.step}' would break stream '{self.name}' of "
                f"'{self.where}': {self._label(side[0][0])} would move "
                f"{len(got)} elements, but {len(wanted)} are "
                f"{'read' if verb == 'writes' else 'written'}",
                side[min(k, len(side) - 1)][0],
            )
        op = side[k][0]
        loops, _ = stream_event_at(self.block.ops, self.stream, _index(events, op, k))
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

    def _other_side(self, events: list[Event], verb: str) -> str:
        kind = StreamPutOp if verb == "reads" else StreamGetOp
        k, op = next((k, e[0]) for k, e in enumerate(events) if isinstance(e[0], kind))
        loops, _ = stream_event_at(self.block.ops, self.stream, k)
        other = "writes" if verb == "reads" else "reads"
        return f"{self._label(op)} {other} it in loop order ({_loop_order(loops)})"

    def _check_timing(self, events: list[Event]) -> None:
        """No get before its put; a band that puts and gets stays within
        the depth."""
        stream_type = self.stream.type
        assert isinstance(stream_type, StreamType)
        depth = stream_type.depth.data
        roots = {id(op): self._root(op) for op, _ in events}
        mixed = _mixed_roots(events, roots)
        held = 0
        for k, (op, _) in enumerate(events):
            held += 1 if isinstance(op, StreamPutOp) else -1
            if held < 0:
                loops, _ = stream_event_at(self.block.ops, self.stream, k)
                raise AlloError(
                    f"'{self.step}' would make {self._label(op)} read stream "
                    f"'{self.name}' of '{self.where}' before it is written "
                    f"(at {iteration_text(loops)})",
                    op,
                )
            root = roots[id(op)]
            if held > depth and root is not None and root in mixed:
                loops, _ = stream_event_at(self.block.ops, self.stream, k)
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

    def _text(self, index: tuple[int, ...], by_position: bool) -> str:
        if by_position:
            return f"element #{index[0]}"
        return element_text(self.buffer, index)


def _kind(op: StreamOp) -> str:
    order = op.order()
    assert order is not None
    return order[0]


def _index(events: list[Event], op: Operation, k: int) -> int:
    """The event number of the k-th event of `op`'s side."""
    kind = type(op)
    seen = -1
    for n, (event, _) in enumerate(events):
        if type(event) is kind:
            seen += 1
            if seen == k:
                return n
    raise IndexError(k)


def _mixed_roots(
    events: list[Event], roots: dict[int, Operation | None]
) -> set[Operation]:
    putting: set[Operation] = set()
    getting: set[Operation] = set()
    for op, _ in events:
        root = roots[id(op)]
        if root is not None:
            (putting if isinstance(op, StreamPutOp) else getting).add(root)
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
                and PARALLEL in parent.attributes
                and constant_trip_count(parent) != 1
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
