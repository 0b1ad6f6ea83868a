"""
The `to` primitive: the buffer between a producer and a consumer becomes a
FIFO stream."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.ir import Operation

from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.analysis.stream_processes import (
    Process,
    access_sequence_of,
    check_plain_memory,
    check_stream_aliases,
    check_stream_order,
    local_alloc,
    module_of,
    stream_processes,
)
from allo_xdsl.diagnostics import AlloError, did_you_mean
from allo_xdsl.dialects.fpga import StreamType
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import memref_of
from allo_xdsl.rewriting.streams import StreamRewrite


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
        alloc = local_alloc(fn, value, what)
        memref_type = memref_of(fn, value, what)
        self._check_options(what, alloc)
        check_plain_memory(memref_type, alloc, what)
        processes, deallocs = stream_processes(fn, value, alloc, what)
        producer, consumers = self._roles(processes, alloc, what)
        produced = access_sequence_of(producer, what)
        for consumer in consumers:
            check_stream_order(producer, produced, consumer, self.buffer, what)
        module = module_of(fn)
        check_stream_aliases(module, value, processes, what)
        depth = self.depth or max(1, memref_type.element_count())
        stream_type = StreamType(memref_type.element_type, depth)
        forked = consumers if len(consumers) > 1 else []
        rewrite = StreamRewrite(module, self.buffer, stream_type, alloc, len(produced))
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
        self, processes: list[Process], alloc: Operation, what: str
    ) -> tuple[Process, list[Process]]:
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

    def _named_consumers(self, readers: list[Process], what: str) -> list[Process]:
        if not self.consumers:
            if len(readers) > 1:
                raise AlloError(
                    f"{what}: it has {_count(len(readers))} consumers, "
                    f"{_listed(readers)}; a stream has one consumer: to fork "
                    "it, name them all in 'consumers' (one stream each)",
                    readers[1].root,
                )
            return readers
        by_name: dict[str, Process] = {}
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


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


def _listed(processes: list[Process]) -> str:
    labels = [p.label for p in processes]
    return ", ".join(labels[:-1]) + " and " + labels[-1]
