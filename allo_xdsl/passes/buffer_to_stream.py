"""The `to` primitive: the buffer between a producer and a consumer becomes a
FIFO stream."""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import (
    AffineMapAttr,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StringAttr,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.access_order import (
    AccessOp,
    AccessSequence,
    NotStatic,
    access_at,
    access_sequence,
    element_of,
    element_text,
    is_store,
    subscript_text,
)
from allo_xdsl.analysis.alias_classes import AliasClasses, Member, ParamSlot, where
from allo_xdsl.analysis.hints import set_pipeline, storage
from allo_xdsl.analysis.lookup import BAND_NAME, find_buffer
from allo_xdsl.analysis.loop_utils import (
    all_dims_map,
    const_bound,
    hls_safe_name,
    induction_var,
    name_loop,
    new_loop,
)
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.dialects.fpga import (
    BIND_STORAGE,
    ELEMENT,
    POSITION,
    StreamCreateOp,
    StreamGetOp,
    StreamPutOp,
    StreamType,
    partition_of,
)
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import memref_of
from allo_xdsl.rewriting.class_properties import set_class_property
from allo_xdsl.rewriting.stream_kind import DEPTH, STREAM


@dataclass(frozen=True)
class BufferToStreamPass(PrimitivePass):
    """
    Turn the local buffer `buffer` of function `func` into a FIFO stream
    (`!fpga.stream<T, depth>`), as Allo's `to`: its producer puts every
    element into the stream and its consumer gets them back, in the same
    order. `depth` 0 (the default) is the buffer's element count.

    The producer and the consumer are *processes* of `func`: ops of the block
    that allocates the buffer, each a call or a loop band (a call's process
    is its callee's body). The alloc becomes `fpga.stream_create` (with
    `elements`, the number of elements the producer writes), stores
    become `fpga.stream_put`, loads `fpga.stream_get`; a callee's parameter
    becomes a stream, which changes its signature (at its only call site,
    see below).

    Each put and get records the element it moves (`fpga.stream_put %T,
    %v element [%i, %j]`, the store's or load's subscript; a splitter's ops
    move the k-th element: `position [%k]`). Every later step is checked
    against them (`allo_xdsl.analysis.stream_order`, run by every primitive
    pass): one that would make the consumer read the stream in another order
    than the producer writes it (`reorder`, `tile`, a `parallel` loop, ...)
    is refused, naming the stream and both orders; apply such steps before
    `to`.

    A fork (several consumers) is an explicit duplication: name every
    consumer in `consumers` (callee names or band names). Each consumer
    then reads a stream of its own, `<buffer>_<consumer>`, and a splitter
    band `<buffer>_fork`, inserted right after the producer, copies every
    element of the producer's stream into each of them. Naming the one
    consumer of an unforked buffer is allowed and only checked.

    Rejects, with the reason: a buffer that is a parameter, is partitioned
    (a stream is never array-partitioned), has a storage binding or is used
    other than by loads, stores, calls and dealloc; no producer or no
    consumer; two producers; two consumers not named in `consumers` (or
    named ones that are not consumers); a process that both writes and
    reads it (an accumulation: accumulate in a local buffer or scalar first);
    a consumer placed before the producer; a producer that writes an
    element twice; a consumer that reads an element twice, reads one the
    producer never writes, reads one before the producer writes it (out of
    order) or leaves elements unread; accesses whose order cannot be known
    before running (under a condition, at a run-time subscript); a callee
    that passes the buffer on to another call, and a callee called
    elsewhere with another buffer at that parameter (its signature would no
    longer match that call: give that call site its own instance).
    """

    name = "buffer-to-stream"
    primitive: ClassVar[str] = "to"

    buffer: str
    depth: int = 0
    consumers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        consumers = self.consumers
        if isinstance(consumers, str):
            consumers = (consumers,)
        object.__setattr__(self, "consumers", tuple(consumers))

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        what = f"cannot stream '{self.buffer}'"
        value = find_buffer(fn, self.buffer)
        alloc = _local_alloc(fn, value, what)
        memref_type = memref_of(fn, value, what)
        self._check_options(what, alloc)
        _check_plain_memory(memref_type, alloc, what)
        processes, deallocs = _processes(fn, value, alloc, what)
        producer, consumers = self._roles(processes, alloc, what)
        produced = _sequence(producer, what)
        for consumer in consumers:
            _check_order(producer, produced, consumer, self.buffer, what)
        module = _module_of(fn)
        _check_aliases(module, value, processes, what)
        depth = self.depth or max(1, _elements(memref_type))
        stream_type = StreamType(memref_type.element_type, depth)
        forked = consumers if len(consumers) > 1 else []
        rewrite = _Rewrite(module, self.buffer, stream_type, alloc, len(produced))
        rewrite.run(processes, producer, forked, deallocs, self.name)

    def _check_options(self, what: str, alloc: Operation) -> None:
        if self.depth < 0:
            raise AlloError(
                f"{what}: depth must be >= 1 (or 0 for the element count), "
                f"got {self.depth}",
                alloc,
            )
        for name in self.consumers:
            if self.consumers.count(name) > 1:
                raise AlloError(f"{what}: consumer '{name}' is named twice", alloc)

    def _roles(
        self, processes: list[_Process], alloc: Operation, what: str
    ) -> tuple[_Process, list[_Process]]:
        writers = [p for p in processes if p.writes]
        readers = [p for p in processes if p.reads]
        if not writers:
            raise AlloError(f"{what}: nothing writes it (no producer)", alloc)
        if not readers:
            raise AlloError(f"{what}: nothing reads it (no consumer)", alloc)
        if len(writers) > 1:
            raise AlloError(
                f"{what}: it has {_count(len(writers))} producers, "
                f"{_listed(writers)}; a stream has one producer",
                writers[1].root,
            )
        producer = writers[0]
        readers = self._named_consumers(readers, what)
        for reader in readers:
            if reader.root.is_before_in_block(producer.root):
                raise AlloError(
                    f"{what}: the consumer {reader.label} runs before the "
                    f"producer {producer.label}",
                    reader.root,
                )
        return producer, readers

    def _named_consumers(self, readers: list[_Process], what: str) -> list[_Process]:
        if not self.consumers:
            if len(readers) > 1:
                raise AlloError(
                    f"{what}: it has {_count(len(readers))} consumers, "
                    f"{_listed(readers)}; a stream has one consumer: to fork "
                    "it, name them all in 'consumers' (one stream each)",
                    readers[1].root,
                )
            return readers
        by_name: dict[str, _Process] = {}
        for reader in readers:
            if reader.name in by_name:
                raise AlloError(
                    f"{what}: two consumers are named '{reader.name}' "
                    f"({_listed([by_name[reader.name], reader])}); a fork "
                    "needs consumers with different names",
                    reader.root,
                )
            by_name[reader.name] = reader
        for name in self.consumers:
            if name not in by_name:
                raise AlloError(
                    f"{what}: "
                    + did_you_mean("consumer", name, by_name)
                    + " (consumers are named by callee or band)",
                    readers[0].root,
                )
        for reader in readers:
            if reader.name not in self.consumers:
                raise AlloError(
                    f"{what}: {reader.label} also reads it; name it in 'consumers' too",
                    reader.root,
                )
        return [by_name[name] for name in self.consumers]


@dataclass(eq=False)
class _Process:
    """One op of the allocating block that uses the buffer: a call (its
    callee's body accesses the bound parameter) or a band, or a single
    access."""

    root: Operation
    buffer: SSAValue
    """The buffer as the process sees it: the callee parameter for a call."""
    call: func.CallOp | None = None
    callee: func.FuncOp | None = None
    operand: int = 0
    accesses: list[AccessOp] = field(default_factory=list[AccessOp])

    @property
    def reads(self) -> bool:
        return any(not is_store(a) for a in self.accesses)

    @property
    def writes(self) -> bool:
        return any(is_store(a) for a in self.accesses)

    @property
    def name(self) -> str:
        if self.callee is not None:
            return self.callee.sym_name.data
        band = self.root.attributes.get(BAND_NAME)
        if isinstance(band, StringAttr):
            return band.data
        return self.root.name

    @property
    def label(self) -> str:
        if self.callee is not None:
            return f"'@{self.name}' (called at {where(self.root)})"
        if isinstance(self.root, affine.ForOp):
            return f"band '{self.name}' (at {where(self.root)})"
        return f"'{self.root.name}' at {where(self.root)}"

    @property
    def ops(self) -> Sequence[Operation]:
        """The code to run to list the accesses."""
        if self.callee is not None:
            return list(self.callee.body.block.ops)
        return [self.root]


def _local_alloc(fn: func.FuncOp, value: SSAValue, what: str) -> Operation:
    if isinstance(value, BlockArgument):
        raise AlloError(
            f"{what}: it is a parameter of '{fn.sym_name.data}'; apply 'to' "
            "in the function that allocates the buffer, where its producer "
            "and consumer are called",
            fn,
        )
    owner = value.owner
    assert isinstance(owner, Operation)
    if isinstance(value.type, StreamType):
        raise AlloError(f"{what}: it is already a stream", owner)
    if not isinstance(owner, memref.AllocOp | memref.AllocaOp):
        raise AlloError(f"{what}: it is not allocated by memref.alloc", owner)
    return owner


def _check_plain_memory(t: MemRefType[Attribute], op: Operation, what: str) -> None:
    partition = partition_of(t)
    if partition is not None:
        raise AlloError(
            f"{what}: it is array-partitioned ({t}); a stream is never also "
            "partitioned: drop one of 'partition' and 'to'",
            op,
        )
    if not isinstance(t.layout, NoneAttr):
        raise AlloError(f"{what}: it has the layout {t.layout}", op)
    if storage(op) is not None:
        raise AlloError(
            f"{what}: it has a storage binding ({BIND_STORAGE}); a stream is a "
            "FIFO, not a RAM",
            op,
        )


def _processes(
    fn: func.FuncOp, value: SSAValue, alloc: Operation, what: str
) -> tuple[list[_Process], list[Operation]]:
    block = alloc.parent_block()
    assert block is not None
    by_root: dict[Operation, _Process] = {}
    deallocs: list[Operation] = []
    for use in value.uses:
        op = use.operation
        root = _root_in(op, block)
        if isinstance(op, memref.DeallocOp) and root is op:
            deallocs.append(op)
            continue
        process = by_root.get(root)
        if isinstance(op, func.CallOp) and root is op:
            if process is not None:
                raise AlloError(
                    f"{what}: it is passed twice to '@{op.callee.string_value()}'",
                    op,
                )
            by_root[root] = _call_process(fn, op, use.index, what)
            continue
        if not isinstance(op, AccessOp) or op.memref != value:
            raise AlloError(f"{what}: '{op.name}' uses it at {where(op)}", op)
        if process is None:
            process = by_root[root] = _Process(root, value)
        process.accesses.append(op)
    processes = sorted(by_root.values(), key=lambda p: _position(block, p.root))
    for process in processes:
        if process.callee is None:
            _in_program_order(process.accesses, process.root)
        _check_single_role(process, what)
    return processes, deallocs


def _root_in(op: Operation, block: Block) -> Operation:
    root = op
    while root.parent_block() is not block:
        parent = root.parent_op()
        assert parent is not None
        root = parent
    return root


def _position(block: Block, op: Operation) -> int:
    for k, candidate in enumerate(block.ops):
        if candidate is op:
            return k
    raise AssertionError("op not in block")


def _call_process(
    fn: func.FuncOp, call: func.CallOp, operand: int, what: str
) -> _Process:
    name = call.callee.string_value()
    module = _module_of(fn)
    callee = next(
        (
            f
            for f in module.ops
            if isinstance(f, func.FuncOp) and f.sym_name.data == name
        ),
        None,
    )
    if callee is None or callee.is_declaration:
        raise AlloError(f"{what}: it is passed to '@{name}', which has no body", call)
    # The parameter has the operand's type (the module verifies), so its
    # layout is already checked.
    param = callee.body.block.args[operand]
    if storage(callee.body.block.args[operand]) is not None:
        raise AlloError(
            f"{what}: '@{name}' binds the storage of its parameter "
            f"#{operand}; a stream is a FIFO, not a RAM",
            call,
        )
    process = _Process(call, param, call, callee, operand)
    for use in param.uses:
        op = use.operation
        if isinstance(op, func.CallOp):
            raise AlloError(
                f"{what}: '@{name}' passes it on to "
                f"'@{op.callee.string_value()}' at {where(op)}; only a "
                "function that reads or writes it itself can take a stream",
                call,
            )
        if not isinstance(op, AccessOp) or op.memref != param:
            raise AlloError(
                f"{what}: '{op.name}' uses it in '@{name}' at {where(op)}", call
            )
        process.accesses.append(op)
    _in_program_order(process.accesses, callee)
    return process


def _in_program_order(ops: list[AccessOp], root: Operation) -> None:
    """Sort `ops` (all inside `root`) as they appear in the code."""
    rank = {op: k for k, op in enumerate(root.walk())}
    ops.sort(key=lambda op: rank[op])


def _check_single_role(process: _Process, what: str) -> None:
    if not (process.reads and process.writes):
        return
    read = next(a for a in process.accesses if not is_store(a))
    if process.callee is None:
        where_read, at = "", read
    else:
        where_read, at = f" at {where(read)}", process.root
    raise AlloError(
        f"{what}: {process.label} both writes it and reads it back"
        f"{where_read}; a stream connects a producer to another process: "
        "accumulate in a local buffer or a scalar and write each element once",
        at,
    )


def _sequence(process: _Process, what: str) -> AccessSequence:
    try:
        return access_sequence(process.ops, process.buffer)
    except NotStatic as e:
        raise AlloError(
            f"{what}: the order of its accesses in {process.label} is not "
            f"known before running: {e.reason}",
            e.op,
        ) from None


def _check_order(
    producer: _Process,
    produced: AccessSequence,
    consumer: _Process,
    buffer: str,
    what: str,
) -> None:
    """The consumer reads exactly the producer's elements, once each, in
    the order they were written."""
    t = producer.buffer.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    position = array("q", [-1]) * max(1, _elements(t))
    for k, element in enumerate(produced.elements):
        if position[element] >= 0:
            access = access_at(producer.ops, producer.buffer, k)
            raise AlloError(
                f"{what}: the producer {producer.label} writes "
                f"{subscript_text(buffer, access.op)} twice: "
                f"{element_text(buffer, access.index)} again at "
                f"{access.iteration}",
                access.op,
            )
        position[element] = k
    consumed = _sequence(consumer, what)
    wanted, got = produced.elements, consumed.elements
    k = next(
        (k for k, (a, b) in enumerate(zip(wanted, got, strict=False)) if a != b),
        min(len(wanted), len(got)),
    )
    if k == len(wanted) == len(got):
        return
    if k == len(got):
        missing = element_text(buffer, element_of(wanted[k], shape))
        rest = len(wanted) - k - 1
        more = f" and {rest} more" if rest else ""
        raise AlloError(
            f"{what}: the consumer {consumer.label} does not read every "
            f"element the producer writes: {missing}{more} would stay in the "
            "stream",
            consumer.root,
        )
    access = access_at(consumer.ops, consumer.buffer, k)
    read = subscript_text(buffer, access.op)
    element = element_text(buffer, access.index)
    written_at = position[got[k]]
    if 0 <= written_at < k:
        problem = f"reads {read} twice: {element} again at {access.iteration}"
    elif written_at < 0:
        problem = (
            f"reads {read}, which the producer never writes ({element} at "
            f"{access.iteration})"
        )
    else:
        delivered = element_text(buffer, element_of(wanted[k], shape))
        problem = (
            f"reads {read} before the producer writes it: at "
            f"{access.iteration} it reads {element}, but the stream delivers "
            f"{delivered} first"
        )
    raise AlloError(
        f"{what}: the consumer {consumer.label} {problem}; a consumer reads "
        "every element once, in the order the producer writes them",
        access.op,
    )


def _module_of(op: Operation) -> ModuleOp:
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, ModuleOp):
        parent = parent.parent_op()
    assert parent is not None
    return parent


def _check_aliases(
    module: ModuleOp, value: SSAValue, processes: list[_Process], what: str
) -> None:
    """The stream type reaches the whole alias class of the buffer: it must
    hold only the buffer and the parameters of the callees that take it
    here (a callee called elsewhere with another buffer would need that
    buffer to become the same stream)."""
    expected: set[Member] = {value}
    for process in processes:
        if process.callee is not None:
            expected.add(ParamSlot(process.callee.sym_name.data, process.operand))
            expected.add(process.buffer)
    classes = AliasClasses.of(module)
    for member in classes.members(value):
        if member in expected:
            continue
        raise AlloError(
            f"{what}: it would also become a stream as "
            f"{classes.describe(member)}, which aliases it across calls "
            f"({classes.explain(value, member)}); give that call its own "
            "instance of the function (a schedule key FUNCTION@N)",
            classes.location_op(member),
        )


class _Rewrite:
    """Stores to puts, loads to gets, the alloc to `fpga.stream_create`."""

    def __init__(
        self,
        module: ModuleOp,
        name: str,
        stream_type: StreamType,
        alloc: Operation,
        count: int,
    ):
        self.module = module
        self.name = name
        self.stream_type = stream_type
        self.alloc = alloc
        self.count = count

    def run(
        self,
        processes: list[_Process],
        producer: _Process,
        forked: list[_Process],
        deallocs: list[Operation],
        pass_name: str,
    ) -> None:
        main = self._create(self.name)
        streams: dict[_Process, SSAValue] = {p: main for p in processes}
        for consumer in forked:
            streams[consumer] = self._create(f"{self.name}_{consumer.name}")
        for process in processes:
            target = process.buffer if process.callee else streams[process]
            for op in process.accesses:
                _replace_access(op, target)
        # The alloc and the callee parameters (and so the function types)
        # take the stream type together: they are one alias class.
        buffer = self.alloc.results[0]
        depth: dict[Hashable, Hashable] = {DEPTH: self.stream_type.depth.data}
        set_class_property(self.module, buffer, STREAM, depth, pass_name)
        self.alloc.results[0].replace_all_uses_with(main)
        for consumer in forked:
            if consumer.call is not None:
                consumer.call.operands[consumer.operand] = streams[consumer]
        if forked:
            splitter = self._splitter(main, [streams[c] for c in forked])
            Rewriter.insert_op(splitter, InsertPoint.after(producer.root))
        for dealloc in deallocs:
            Rewriter.erase_op(dealloc)
        Rewriter.erase_op(self.alloc)

    def _create(self, name: str) -> SSAValue:
        create = StreamCreateOp(self.stream_type, hls_safe_name(name), self.count)
        create.location = self.alloc.location
        stream = create.stream
        if SSAValue.is_valid_name(hls_safe_name(name)):
            stream.name_hint = hls_safe_name(name)
        Rewriter.insert_op(create, InsertPoint.before(self.alloc))
        return stream

    def _splitter(self, source: SSAValue, targets: list[SSAValue]) -> affine.ForOp:
        """A band copying every element of `source` into each target."""
        name = hls_safe_name(f"{self.name}_fork")
        loop = new_loop(const_bound(0), const_bound(self.count), iv_name="k")
        loop.location = self.alloc.location
        # Each op moves the k-th element of its stream.
        k = (induction_var(loop),)
        order = (POSITION, AffineMap.identity(1))
        get = StreamGetOp(source, order, k)
        body: list[Operation] = [get]
        body += [StreamPutOp(target, get.result, order, k) for target in targets]
        loop.body.block.add_ops([*body, affine.YieldOp.get()])
        name_loop(loop, name)
        loop.attributes[BAND_NAME] = StringAttr(name)
        set_pipeline(loop, 1)
        return loop


def _replace_access(op: AccessOp, stream: SSAValue) -> None:
    """`op` on `stream`, which may still have the memref type (a callee
    parameter, retyped with its alias class afterwards). The put or get
    keeps the subscript as its `element`, for `stream_order`."""
    indices = tuple(op.indices)
    if isinstance(op, memref.LoadOp | memref.StoreOp):
        amap = AffineMap.identity(len(indices))
    else:
        assert op.map is not None
        amap = all_dims_map(op.map.data)
    order = (ELEMENT, amap)
    if is_store(op):
        assert isinstance(op, affine.StoreOp | memref.StoreOp)
        new: Operation = StreamPutOp(stream, op.value, order, indices)
    else:
        result = op.results[0]
        new = StreamGetOp.create(
            operands=[stream, *indices],
            result_types=[result.type],
            properties={ELEMENT: AffineMapAttr(amap)},
        )
        new.results[0].name_hint = result.name_hint
        result.replace_all_uses_with(new.results[0])
    new.location = op.location
    Rewriter.insert_op(new, InsertPoint.before(op))
    Rewriter.erase_op(op)


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


def _listed(processes: list[_Process]) -> str:
    labels = [p.label for p in processes]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _elements(t: MemRefType[Attribute]) -> int:
    count = 1
    for extent in t.get_shape():
        count *= extent
    return count
