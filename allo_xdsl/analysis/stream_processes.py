"""
Legality of `to` (buffer-to-stream): the processes that use a buffer
(calls and bands of the block that allocates it), each one's role
(producer or consumer), the order in which they write and read its
elements, and the alias class the stream type would reach. Reads the IR;
changes nothing."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType, ModuleOp, NoneAttr, StringAttr
from xdsl.ir import Attribute, Block, BlockArgument, Operation, SSAValue

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
from allo_xdsl.analysis.hints import storage
from allo_xdsl.analysis.lookup import BAND_NAME
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import BIND_STORAGE, StreamType, partition_of


@dataclass(eq=False)
class Process:
    """
    One op of the allocating block that uses the buffer: a call (its
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


def local_alloc(fn: func.FuncOp, value: SSAValue, what: str) -> Operation:
    """The `memref.alloc`/`alloca` of `value`, a local buffer of `fn`."""
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


def check_plain_memory(t: MemRefType[Attribute], op: Operation, what: str) -> None:
    """A stream replaces plain memory only: no partition, layout or binding."""
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


def stream_processes(
    fn: func.FuncOp, value: SSAValue, alloc: Operation, what: str
) -> tuple[list[Process], list[Operation]]:
    """
    The processes that use `value`, in program order, each with its
    accesses in program order; and the deallocs of `value`."""
    block = alloc.parent_block()
    assert block is not None
    by_root: dict[Operation, Process] = {}
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
            process = by_root[root] = Process(root, value)
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
) -> Process:
    name = call.callee.string_value()
    module = module_of(fn)
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
    if storage(param) is not None:
        raise AlloError(
            f"{what}: '@{name}' binds the storage of its parameter "
            f"#{operand}; a stream is a FIFO, not a RAM",
            call,
        )
    process = Process(call, param, call, callee, operand)
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


def _check_single_role(process: Process, what: str) -> None:
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


def access_sequence_of(process: Process, what: str) -> AccessSequence:
    """The elements `process` accesses, in the order it runs them."""
    try:
        return access_sequence(process.ops, process.buffer)
    except NotStatic as e:
        raise AlloError(
            f"{what}: the order of its accesses in {process.label} is not "
            f"known before running: {e.reason}",
            e.op,
        ) from None


def check_stream_order(
    producer: Process,
    produced: AccessSequence,
    consumer: Process,
    buffer: str,
    what: str,
) -> None:
    """
    The consumer reads exactly the producer's elements, once each, in
    the order they were written."""
    t = producer.buffer.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    position = array("q", [-1]) * max(1, t.element_count())
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
    consumed = access_sequence_of(consumer, what)
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


def module_of(op: Operation) -> ModuleOp:
    """The module that holds `op`."""
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, ModuleOp):
        parent = parent.parent_op()
    assert parent is not None
    return parent


def check_stream_aliases(
    module: ModuleOp, value: SSAValue, processes: list[Process], what: str
) -> None:
    """
    The stream type reaches the whole alias class of the buffer: it must
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
