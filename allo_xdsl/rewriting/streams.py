"""
The rewrite of `to` (buffer-to-stream): the alloc becomes
`fpga.stream_create`, stores become puts and loads gets (each recording the
element it moves), the stream type spreads over the buffer's alias class,
and a fork gets its splitter band."""

from __future__ import annotations

from collections.abc import Hashable

from xdsl.dialects import affine, memref
from xdsl.dialects.builtin import AffineMapAttr, ModuleOp, StringAttr
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.analysis.access_order import AccessOp, is_store
from allo_xdsl.analysis.affine_expr import all_dims_map
from allo_xdsl.analysis.hints import set_pipeline
from allo_xdsl.analysis.lookup import BAND_NAME
from allo_xdsl.analysis.loops import induction_var
from allo_xdsl.analysis.stream_processes import Process
from allo_xdsl.dialects.fpga import (
    ELEMENT,
    POSITION,
    StreamCreateOp,
    StreamGetOp,
    StreamPutOp,
    StreamType,
)
from allo_xdsl.rewriting.class_properties import set_class_property
from allo_xdsl.rewriting.loops import const_bound, hls_safe_name, name_loop, new_loop
from allo_xdsl.rewriting.stream_kind import DEPTH, STREAM


class StreamRewrite:
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
        processes: list[Process],
        producer: Process,
        forked: list[Process],
        deallocs: list[Operation],
        pass_name: str,
    ) -> None:
        main = self._create(self.name)
        streams: dict[Process, SSAValue] = {p: main for p in processes}
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
    """
    `op` on `stream`, which may still have the memref type (a callee
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
