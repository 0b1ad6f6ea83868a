"""
The `lower-streams` pass: every FIFO stream becomes a buffer with a write
counter and a read counter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, arith, func, memref
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AnyFloat,
    ArrayAttr,
    DictionaryAttr,
    FunctionType,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    StringAttr,
    i64,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.alias_classes import where
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.allo import FixedPointType
from allo_xdsl.dialects.fpga import (
    HLS_STREAM_DEPTH,
    StreamCreateOp,
    StreamGetOp,
    StreamPutOp,
    StreamType,
)

COUNT = i64
"""The type of a count: not `index`, because CIRCT's handshake flow (pycde
0.12.1) aborts on a memory of `index` elements."""

COUNTER = MemRefType(COUNT, [1])
"""A counter cell: a memref, so that calls share it."""

_CELL = AffineMap.constant_map(0)
"""The subscript of a counter cell: `() -> (0)`."""

_Slot = tuple[str, int]
"""A function parameter: function name and position."""

_Known = dict[_Slot, tuple[int, func.CallOp]]
"""Element counts found so far: slot -> the count and the call that tells it."""


@dataclass(frozen=True)
class _Fifo:
    """What a stream becomes: its buffer and its two counters."""

    buffer: SSAValue
    written: SSAValue
    read: SSAValue

    @property
    def values(self) -> tuple[SSAValue, SSAValue, SSAValue]:
        return (self.buffer, self.written, self.read)


@dataclass(frozen=True)
class LowerStreamsPass(ModulePass):
    """
    Turn every `!fpga.stream<T, depth>` back into memory, for targets that
    have no FIFOs (the circt export). A stream of N elements becomes a
    buffer `memref<N x T>` and two counters of type `memref<1xi64>`: the
    number of elements put so far (`<name>_wr`) and got so far
    (`<name>_rd`). `fpga.stream_put %s, %v` stores `%v` at the write
    counter and increments it; `fpga.stream_get %s` loads the element at the
    read counter and increments it.

    The buffer holds every element ever put, not `depth` of them, and the
    counters never wrap. So in sequential execution (a producer runs before
    its consumer, which is what `to` proves legal) each get returns the
    element that a FIFO would return. N is `elements` of
    `fpga.stream_create`, which `to` records. `fpga.stream_create` becomes
    the three `memref.alloc`s, with both counters set to 0 and
    `hls.stream_depth` (the depth) on the buffer's alloc.

    A stream parameter becomes three parameters (buffer, write counter,
    read counter) at its position, in the function type and at every call.
    It has the N of the streams its callers pass, and its arguments keep
    `hls.stream_depth`.

    No options. Rejects a `fpga.stream_create` without `elements`; a stream
    of non-scalar elements; a stream parameter that no call passes a stream
    to (a function nothing calls: no buffer exists for it), or that calls
    pass streams of different element counts; a stream that is returned, is
    a block argument other than a function parameter, or is used by
    anything other than put, get and `func.call`.
    """

    name = "lower-streams"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        _check_stream_values(op)
        funcs = {f.sym_name.data: f for f in op.walk() if isinstance(f, func.FuncOp)}
        changed = {name: f for name, f in funcs.items() if _stream_params(f)}
        sizes = _parameter_sizes(op, changed)
        fifos: dict[SSAValue, _Fifo] = {}
        creates = [o for o in op.walk() if isinstance(o, StreamCreateOp)]
        for create in creates:
            fifos[create.stream] = _lower_create(create)
        for fn in changed.values():
            fifos |= _lower_signature(fn, sizes)
        for inner in list(op.walk()):
            if isinstance(inner, StreamPutOp):
                _lower_put(inner, fifos[inner.stream])
            elif isinstance(inner, StreamGetOp):
                _lower_get(inner, fifos[inner.stream])
            elif isinstance(inner, func.CallOp):
                _lower_call(inner, fifos)
        for create in creates:
            Rewriter.erase_op(create)
        for fn in changed.values():
            _erase_stream_params(fn)


# ----- checks (before anything changes) -----


def _stream_params(fn: func.FuncOp) -> list[int]:
    return [
        k for k, t in enumerate(fn.function_type.inputs) if isinstance(t, StreamType)
    ]


def _check_stream_values(module: ModuleOp) -> None:
    """
    Streams are made by `fpga.stream_create` or are function parameters,
    and only puts, gets and calls use them."""
    for op in module.walk():
        if isinstance(op, StreamCreateOp):
            _check_create(op)
        elif isinstance(op, func.FuncOp):
            _check_function(op)
        elif isinstance(op, func.CallOp):
            _check_no_stream(op, op.results, "returns")
        elif not isinstance(op, StreamPutOp | StreamGetOp):
            _check_no_stream(op, op.operands, "uses")
            _check_no_stream(op, op.results, "makes")
            for region in op.regions:
                for block in region.blocks:
                    _check_no_stream(op, block.args, "has a block argument that is")


def _check_create(op: StreamCreateOp) -> None:
    stream_type = op.stream.type
    assert isinstance(stream_type, StreamType)
    _check_element(stream_type, op)
    if op.element_count is None:
        raise AlloError(
            f"'{op.name}' has no element count ('elements N'): lower-streams sizes "
            "the buffer that replaces a stream by the number of elements put "
            "into it (the 'to' primitive records it)",
            op,
        )


def _check_element(stream_type: StreamType, op: Operation) -> None:
    element = stream_type.element_type
    if isinstance(element, IntegerType | IndexType | AnyFloat | FixedPointType):
        return
    raise AlloError(
        f"{stream_type} in '{op.name}' carries {element}: lower-streams makes "
        "buffers of integers, floats and fixed point only",
        op,
    )


def _check_function(fn: func.FuncOp) -> None:
    fn_type = fn.function_type
    if any(isinstance(t, StreamType) for t in fn_type.outputs):
        raise AlloError(
            f"'@{fn.sym_name.data}' returns a stream: lower-streams lowers "
            "streams made by fpga.stream_create and passed as parameters only",
            fn,
        )
    for t in fn_type.inputs:
        if isinstance(t, StreamType):
            _check_element(t, fn)
    for block in list(fn.body.blocks)[1:]:
        _check_no_stream(fn, block.args, "has a block argument that is")


def _check_no_stream(op: Operation, values: Sequence[SSAValue], verb: str) -> None:
    for value in values:
        if isinstance(value.type, StreamType):
            raise AlloError(
                f"'{op.name}' {verb} a stream ({value.type}): lower-streams "
                "lowers only fpga.stream_create, fpga.stream_put, "
                "fpga.stream_get and streams passed to func.call",
                op,
            )


def _parameter_sizes(
    module: ModuleOp, changed: dict[str, func.FuncOp]
) -> dict[_Slot, int]:
    """
    The element count of every stream parameter: that of the streams its
    callers pass, found from the streams that functions create, through
    any number of calls."""
    calls = [c for c in module.walk() if isinstance(c, func.CallOp)]
    known: _Known = {}
    grown = True
    while grown:
        grown = False
        for call in calls:
            callee = call.callee.string_value()
            for k, arg in enumerate(call.arguments):
                size = _size_of(arg, known)
                if size is None:
                    continue
                seen = known.get((callee, k))
                if seen is None:
                    known[(callee, k)] = (size, call)
                    grown = True
                elif seen[0] != size:
                    raise AlloError(
                        f"'@{callee}' is passed a stream of {size} elements "
                        f"at parameter #{k} here, but one of {seen[0]} at "
                        f"{where(seen[1])}: lower-streams gives the parameter "
                        "one buffer type; give each call its own instance of "
                        "the function (a schedule key FUNCTION@N)",
                        call,
                    )
    for name, fn in changed.items():
        for k in _stream_params(fn):
            if (name, k) not in known:
                raise AlloError(
                    f"'@{name}' takes a stream at parameter #{k}, but no call "
                    "passes it one: lower-streams turns a stream into a buffer "
                    "where fpga.stream_create makes it and sizes stream "
                    "parameters by their callers",
                    fn,
                )
    return {slot: size for slot, (size, _) in known.items()}


def _size_of(value: SSAValue, known: _Known) -> int | None:
    if not isinstance(value.type, StreamType):
        return None
    owner = value.owner
    if isinstance(owner, StreamCreateOp):
        return owner.element_count
    assert isinstance(value, BlockArgument)
    fn = value.block.parent_op()
    assert isinstance(fn, func.FuncOp)
    found = known.get((fn.sym_name.data, value.index))
    return None if found is None else found[0]


# ----- the rewrite -----


def _buffer_type(stream_type: Attribute, size: int) -> MemRefType:
    assert isinstance(stream_type, StreamType)
    return MemRefType(stream_type.element_type, [size])


def _depth(stream_type: Attribute) -> IntegerAttr:
    assert isinstance(stream_type, StreamType)
    return IntegerAttr(stream_type.depth.data, i64)


def _lower_create(create: StreamCreateOp) -> _Fifo:
    size = create.element_count
    assert size is not None
    name = create.stream_name.data if create.stream_name else create.stream.name_hint
    buffer = memref.AllocOp([], [], _buffer_type(create.stream.type, size))
    buffer.attributes[HLS_STREAM_DEPTH] = _depth(create.stream.type)
    if name is not None:
        buffer.attributes["name"] = StringAttr(name)
    written = memref.AllocOp([], [], COUNTER)
    read = memref.AllocOp([], [], COUNTER)
    zero = arith.ConstantOp(IntegerAttr(0, COUNT))
    zero.result.name_hint = "zero"
    ops: list[Operation] = [buffer, written, read, zero]
    ops += [_store_counter(zero.result, c.memref) for c in (written, read)]
    for op in ops:
        op.location = create.location
    Rewriter.insert_op(ops, InsertPoint.before(create))
    fifo = _Fifo(buffer.memref, written.memref, read.memref)
    _name(fifo, create.stream.name_hint or name)
    return fifo


def _name(fifo: _Fifo, base: str | None) -> None:
    if base is None or not SSAValue.is_valid_name(base):
        return
    for value, suffix in zip(fifo.values, ("", "_wr", "_rd"), strict=True):
        value.name_hint = base + suffix


def _lower_signature(fn: func.FuncOp, sizes: dict[_Slot, int]) -> dict[SSAValue, _Fifo]:
    """
    Each stream parameter gains its buffer and counters as the three
    parameters at its position (the stream itself, after them, goes once
    nothing uses it)."""
    name = fn.sym_name.data
    params = _stream_params(fn)
    old_inputs = fn.function_type.inputs.data
    old_attrs = fn.arg_attrs.data if fn.arg_attrs is not None else None
    inputs: list[Attribute] = []
    attrs: list[DictionaryAttr] = []
    for k, t in enumerate(old_inputs):
        entry = old_attrs[k] if old_attrs is not None else DictionaryAttr({})
        if not isinstance(t, StreamType):
            inputs.append(t)
            attrs.append(entry)
            continue
        inputs += [_buffer_type(t, sizes[(name, k)]), COUNTER, COUNTER]
        depth = {HLS_STREAM_DEPTH: _depth(t)}
        attrs += [DictionaryAttr(dict(entry.data) | depth), *[DictionaryAttr({})] * 2]
    fn.function_type = FunctionType.from_lists(inputs, fn.function_type.outputs.data)
    fn.arg_attrs = ArrayAttr(attrs)
    if fn.is_declaration:
        return {}
    block = fn.body.blocks.first
    assert block is not None
    fifos: dict[SSAValue, _Fifo] = {}
    # From the last one, so that the parameters before `k` keep their index.
    for k in reversed(params):
        stream = block.args[k]
        types = (_buffer_type(stream.type, sizes[(name, k)]), COUNTER, COUNTER)
        fifo = _Fifo(*(block.insert_arg(t, k + n) for n, t in enumerate(types)))
        _name(fifo, stream.name_hint)
        fifos[stream] = fifo
    return fifos


def _erase_stream_params(fn: func.FuncOp) -> None:
    if fn.is_declaration:
        return
    block = fn.body.blocks.first
    assert block is not None
    for arg in reversed(block.args):
        if isinstance(arg.type, StreamType):
            block.erase_arg(arg)


def _lower_call(call: func.CallOp, fifos: dict[SSAValue, _Fifo]) -> None:
    if not any(isinstance(a.type, StreamType) for a in call.arguments):
        return
    operands: list[SSAValue] = []
    for arg in call.arguments:
        operands += fifos[arg].values if arg in fifos else (arg,)
    new = func.CallOp(call.callee, operands, call.result_types)
    new.attributes |= call.attributes
    new.location = call.location
    Rewriter.replace_op(call, new)


def _lower_put(put: StreamPutOp, fifo: _Fifo) -> None:
    read, position, bump = _counter(fifo.written, "wr")
    store = memref.StoreOp.get(put.value, fifo.buffer, [position.result])
    _replace(put, [*read, store, *bump], [])


def _lower_get(get: StreamGetOp, fifo: _Fifo) -> None:
    read, position, bump = _counter(fifo.read, "rd")
    load = memref.LoadOp.get(fifo.buffer, [position.result])
    load.res.name_hint = get.result.name_hint
    _replace(get, [*read, load, *bump], [load.res])


def _counter(
    counter: SSAValue, role: str
) -> tuple[list[Operation], arith.IndexCastOp, list[Operation]]:
    """
    The ops that read `counter`, the position they give, and the ops
    that then increment it."""
    load = affine.LoadOp(counter, [], AffineMapAttr(_CELL), COUNT)
    position = arith.IndexCastOp(load.result, IndexType())
    one = arith.ConstantOp(IntegerAttr(1, COUNT))
    bumped = arith.AddiOp(load.result, one.result)
    # Named here, or `Rewriter.replace_op` names them all after the get.
    base = counter.name_hint or role
    load.result.name_hint = f"{base}_count"
    position.result.name_hint = f"{base}_at"
    one.result.name_hint = "one"
    bumped.result.name_hint = f"{base}_next"
    store = _store_counter(bumped.result, counter)
    return [load, position], position, [one, bumped, store]


def _replace(op: Operation, ops: list[Operation], results: list[SSAValue]) -> None:
    for new in ops:
        new.location = op.location
    Rewriter.replace_op(op, ops, results)


def _store_counter(value: SSAValue, counter: SSAValue) -> affine.StoreOp:
    return affine.StoreOp(value, counter, [], AffineMapAttr(_CELL))
