"""
`memref` for the interpreter.

xDSL 0.74 allocates with `memref.alloc` only and indexes through
`ShapedArray.load`/`store` (no bounds check per dimension). Here buffers
are `Buffer`s: `alloc` and `alloca` of any supported element type, bounds
checked `load`/`store`, `copy`, `dim`, `cast`, `expand_shape` and
`collapse_shape` (views of the same bytes) and `get_global` (one buffer per
global and run, so writes persist as in MLIR).
"""

from __future__ import annotations

from typing import Any

from xdsl.dialects import builtin, memref
from xdsl.interpreter import Interpreter, InterpreterFunctions, register_impls
from xdsl.traits import SymbolTable

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.sim.interp_affine import compile_access, memref_shape
from allo_xdsl.sim.interp_compile import Compiled, compiled_impl
from allo_xdsl.sim.interp_values import Buffer
from allo_xdsl.sim.result import numpy_dtype


def _memref_type(t: Any, op: Any) -> builtin.MemRefType[Any]:
    if not isinstance(t, builtin.MemRefType):
        raise AlloError(f"the interpreter expected a memref, not {t}", op)
    return t  # pyright: ignore[reportUnknownVariableType]


def _new_buffer(op: memref.AllocOp | memref.AllocaOp) -> Compiled:
    if op.dynamic_sizes or op.symbol_operands:
        raise AlloError("the interpreter cannot allocate dynamic shapes", op)
    t = _memref_type(op.memref.type, op)
    # MLIR leaves new memory undefined; zeros make runs reproducible.
    return lambda: (Buffer.zeros(t),)


def _copy(source: Buffer, target: Buffer) -> tuple[()]:
    if source.shape != target.shape:
        raise AlloError(f"memref.copy from shape {source.shape} to {target.shape}")
    target.flat[:] = source.flat
    return ()


@register_impls
class AlloMemRefFunctions(InterpreterFunctions):
    """Compilers for `memref` ops (they replace xDSL's `MemRefFunctions`)."""

    @compiled_impl(memref.AllocOp)
    def compile_alloc(self, interpreter: Interpreter, op: memref.AllocOp) -> Compiled:
        return _new_buffer(op)

    @compiled_impl(memref.AllocaOp)
    def compile_alloca(self, interpreter: Interpreter, op: memref.AllocaOp) -> Compiled:
        return _new_buffer(op)

    @compiled_impl(memref.DeallocOp)
    def compile_dealloc(
        self, interpreter: Interpreter, op: memref.DeallocOp
    ) -> Compiled:
        return lambda m: ()

    @compiled_impl(memref.LoadOp)
    def compile_load(self, interpreter: Interpreter, op: memref.LoadOp) -> Compiled:
        return compile_access(None, memref_shape(op.memref.type, op), store=False)

    @compiled_impl(memref.StoreOp)
    def compile_store(self, interpreter: Interpreter, op: memref.StoreOp) -> Compiled:
        return compile_access(None, memref_shape(op.memref.type, op), store=True)

    @compiled_impl(memref.CopyOp)
    def compile_copy(self, interpreter: Interpreter, op: memref.CopyOp) -> Compiled:
        return _copy

    @compiled_impl(memref.DimOp)
    def compile_dim(self, interpreter: Interpreter, op: memref.DimOp) -> Compiled:
        return lambda m, i: (m.shape[i],)

    @compiled_impl(memref.CastOp)
    def compile_cast(self, interpreter: Interpreter, op: memref.CastOp) -> Compiled:
        return lambda m: (m,)

    @compiled_impl(memref.ExpandShapeOp)
    def compile_expand_shape(
        self, interpreter: Interpreter, op: memref.ExpandShapeOp
    ) -> Compiled:
        shape = memref_shape(op.result.type, op)
        return lambda m, *sizes: (m.reshaped(shape),)

    @compiled_impl(memref.CollapseShapeOp)
    def compile_collapse_shape(
        self, interpreter: Interpreter, op: memref.CollapseShapeOp
    ) -> Compiled:
        shape = memref_shape(op.result.type, op)
        return lambda m: (m.reshaped(shape),)

    @compiled_impl(memref.GetGlobalOp)
    def compile_get_global(
        self, interpreter: Interpreter, op: memref.GetGlobalOp
    ) -> Compiled:
        name = op.name_.string_value()
        global_op = SymbolTable.lookup_symbol(op, op.name_)
        if not isinstance(global_op, memref.GlobalOp):
            raise AlloError(f"unknown global '@{name}'", op)
        buffers: dict[str, Buffer] = interpreter.get_data(
            AlloMemRefFunctions, "globals", dict
        )
        t = _memref_type(global_op.type, global_op)

        def get_global() -> tuple[Buffer]:
            if name not in buffers:
                buffers[name] = _global_buffer(global_op, t)
            return (buffers[name],)

        return get_global


def _global_buffer(global_op: memref.GlobalOp, t: builtin.MemRefType[Any]) -> Buffer:
    buffer = Buffer.zeros(t)
    initial = global_op.initial_value
    if isinstance(initial, builtin.DenseIntOrFPElementsAttr):
        values = initial.get_values()
        view = buffer.numpy_view(numpy_dtype(t)).reshape(-1)
        view[...] = values if len(values) == view.size else values[0]
    elif not isinstance(initial, builtin.UnitAttr):
        raise AlloError(
            f"the interpreter cannot initialize a global with {initial}", global_op
        )
    return buffer
