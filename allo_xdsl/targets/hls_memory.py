"""
Arrays, streams and calls of the HLS C++ function emitter: allocations
and their pragmas, loads, stores, copies and views, FIFO reads and writes,
calls and the copy-out of returned values."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine, cf, func, memref
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseArrayBase,
    IntegerType,
    MemRefType,
    StringAttr,
)
from xdsl.ir import Attribute, Operation, SSAValue

from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import StreamCreateOp, StreamGetOp, StreamPutOp
from allo_xdsl.targets.hls_emitter import Buffer, EmitterBase, emits
from allo_xdsl.targets.hls_types import stream_params


class MemoryEmitter(EmitterBase):
    """Arrays, streams and calls."""

    # ----- memory -----

    @emits("memref.alloc", "memref.alloca")
    def _alloc(self, op: Operation) -> None:
        result = op.results[0]
        t = result.type
        assert isinstance(t, MemRefType)
        if result in self.buffers:
            return
        name = self.fresh(result, "buf")
        self.line(f"{self.types.element(t, op)} {name}{self.dims(t, op)};")
        self.buffers[result] = Buffer(name)
        self._variable_pragmas(self.buffers[result], t, result)

    @emits("memref.get_global")
    def _get_global(self, op: Operation) -> None:
        assert isinstance(op, memref.GetGlobalOp)
        name = self.state.globals.get(op.name_.string_value())
        if name is None:
            raise AlloError(f"hls-cpp: unknown global '{op.name_}'", op)
        self.buffers[op.memref] = Buffer(name)
        self._variable_pragmas(self.buffers[op.memref], op.memref.type, op.memref)

    @emits("cf.assert")
    def _assert(self, op: Operation) -> None:
        # Checked in C simulation, not synthesized: Vitis HLS defines
        # __SYNTHESIS__ while it synthesizes.
        assert isinstance(op, cf.AssertOp)
        self.need("cassert")
        message = op.msg.data.replace("\\", "\\\\").replace('"', '\\"')
        self.line("#ifndef __SYNTHESIS__")
        self.line(f'assert({self.expr(op.arg)} && "{message}");')
        self.line("#endif")

    @emits("memref.dealloc")
    def _dealloc(self, op: Operation) -> None:
        pass

    @emits("affine.load")
    def _affine_load(self, op: Operation) -> None:
        assert isinstance(op, affine.LoadOp)
        indices, _ = self.affine_results(op.map.data, op.indices, op)
        access = self.buffer(op.memref, op).access(indices)
        self.define(op.result, access, op)

    @emits("affine.store")
    def _affine_store(self, op: Operation) -> None:
        assert isinstance(op, affine.StoreOp)
        indices, _ = self.affine_results(op.map.data, op.indices, op)
        access = self.buffer(op.memref, op).access(indices)
        self.line(f"{access} = {self.expr(op.value)};")

    @emits("memref.load")
    def _load(self, op: Operation) -> None:
        assert isinstance(op, memref.LoadOp)
        indices = [self.expr(i) for i in op.indices]
        access = self.buffer(op.memref, op).access(indices)
        self.define(op.res, access, op)

    @emits("memref.store")
    def _store(self, op: Operation) -> None:
        assert isinstance(op, memref.StoreOp)
        indices = [self.expr(i) for i in op.indices]
        access = self.buffer(op.memref, op).access(indices)
        self.line(f"{access} = {self.expr(op.value)};")

    @emits("memref.copy")
    def _copy(self, op: Operation) -> None:
        source, target = op.operands
        t = source.type
        if not isinstance(t, MemRefType) or target.type != t:
            raise AlloError("hls-cpp: memref.copy between different types", op)
        self.copy(self.buffer(source, op), self.buffer(target, op), t, op)

    def copy(
        self, source: Buffer, target: Buffer, t: MemRefType[Attribute], op: Operation
    ) -> None:
        self.dims(t, op)
        self.namer.push()
        indices: list[str] = []
        for extent in t.get_shape():
            index = self.namer.fresh(f"i{len(indices)}")
            self.line(f"for (int {index} = 0; {index} < {extent}; {index}++) {{")
            self.depth += 1
            indices.append(index)
        self.line(f"{target.access(indices)} = {source.access(indices)};")
        for _ in indices:
            self.depth -= 1
            self.line("}")
        self.namer.pop()

    @emits("memref.subview")
    def _subview(self, op: Operation) -> None:
        assert isinstance(op, memref.SubviewOp)
        source_type = op.source.type
        assert isinstance(source_type, MemRefType)
        result_type = op.result.type
        assert isinstance(result_type, MemRefType)
        if len(result_type.get_shape()) != len(source_type.get_shape()):
            raise AlloError(
                "hls-cpp: rank-reducing memref.subview is not supported", op
            )
        offsets = self._mixed(op.static_offsets, op.offsets)
        strides = self._mixed(op.static_strides, op.strides)
        parent = self.buffer(op.source, op)
        self.buffers[op.result] = Buffer(
            parent.name, parent, tuple(offsets), tuple(strides)
        )

    def _mixed(
        self, static: DenseArrayBase[IntegerType], dynamic: Sequence[SSAValue]
    ) -> list[str]:
        values = iter(dynamic)
        return [
            self.expr(next(values)) if v == DYNAMIC_INDEX else str(v)
            for v in static.get_values()
        ]

    # ----- streams -----

    @emits(StreamCreateOp.name)
    def _stream_create(self, op: Operation) -> None:
        stream = op.results[0]
        params = stream_params(stream.type)
        assert params is not None
        given = op.properties.get("name")
        hint = given.data if isinstance(given, StringAttr) else value_name(stream)
        name = self.namer.fresh(hint, "stream")
        self.line(f"{self.types.scalar(stream.type, op)} {name};")
        self.line(f"#pragma HLS stream variable={name} depth={params[1]}")
        self.values[stream] = name

    @emits(StreamPutOp.name)
    def _stream_put(self, op: Operation) -> None:
        # Operands past the value say which element it is (checks only).
        stream, value = op.operands[:2]
        self.line(f"{self.expr(stream)}.write({self.expr(value)});")

    @emits(StreamGetOp.name)
    def _stream_get(self, op: Operation) -> None:
        self.define(op.results[0], f"{self.expr(op.operands[0])}.read()", op)

    # ----- calls -----

    @emits("func.call")
    def _call(self, op: Operation) -> None:
        assert isinstance(op, func.CallOp)
        callee = op.callee.string_value()
        args: list[str] = []
        for value in op.arguments:
            if isinstance(value.type, MemRefType):
                buffer = self.buffer(value, op)
                if buffer.parent is not None:
                    raise AlloError(
                        "hls-cpp: passing a memref.subview to a call is not supported",
                        op,
                    )
                args.append(buffer.name)
            else:
                args.append(self.expr(value))
        for result in op.res:
            t = result.type
            if isinstance(t, MemRefType):
                if result not in self.buffers:
                    name = self.fresh(result, "buf")
                    self.line(f"{self.types.element(t, op)} {name}{self.dims(t, op)};")
                    self.buffers[result] = Buffer(name)
                    self._variable_pragmas(self.buffers[result], t)
                args.append(self.buffers[result].name)
            else:
                name = self.declare(result, op)
                self.values[result] = name
                args.append(f"&{name}")
        self.line(f"{self.state.cpp_names[callee]}({', '.join(args)});")

    @emits("func.return")
    def _return(self, op: Operation) -> None:
        for output, value in zip(self.outputs, op.operands, strict=True):
            if output.how == "scalar":
                self.line(f"*{output.name} = {self.expr(value)};")
            elif output.how == "copy":
                t = value.type
                assert isinstance(t, MemRefType)
                self.copy(self.buffer(value, op), Buffer(output.name), t, op)
