"""
On-chip copies of the array ports of the top function (Allo's `wrap_io`):
an `m_axi` port is external memory, which Vitis can neither partition nor
feed to pipelined or unrolled code at one access per cycle, so such a port
is copied once into a local buffer at entry and back at exit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import (
    AffineMapAttr,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StringAttr,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.traits import SymbolTable

from allo_xdsl.analysis.hints import is_parallel, pipeline, set_pipeline, unroll
from allo_xdsl.analysis.lookup import buffers_of, loop_name, loops_of, value_name
from allo_xdsl.analysis.loops import induction_var
from allo_xdsl.dialects.fpga import PartitionAttr, partition_of
from allo_xdsl.rewriting.buffer_types import set_buffer_type
from allo_xdsl.rewriting.loops import const_bound, hls_safe_name, name_loop, new_loop

_READS = (affine.LoadOp, memref.LoadOp)
_WRITES = (affine.StoreOp, memref.StoreOp)


@dataclass
class Use:
    """How a buffer is used, through the calls it is passed to."""

    reads: bool = False
    writes: bool = False
    hot: bool = False
    """Some access is inside pipelined, unrolled or parallel code."""


def port_use(module: ModuleOp, value: SSAValue) -> Use:
    """How `value` (a buffer) is read and written, following calls."""
    found = Use()
    _visit(module, value, False, found, set())
    return found


def _visit(
    module: ModuleOp, value: SSAValue, hot: bool, found: Use, seen: set[SSAValue]
) -> None:
    if value in seen:
        return
    seen.add(value)
    for use in value.uses:
        op = use.operation
        here = hot or _in_hot_code(op)
        if isinstance(op, _READS):
            found.reads = True
        elif isinstance(op, _WRITES) and use.index == 1:
            found.writes = True
        elif isinstance(op, func.CallOp):
            callee = SymbolTable.lookup_symbol(module, op.callee)
            if isinstance(callee, func.FuncOp) and not callee.is_declaration:
                _visit(module, callee.args[use.index], here, found, seen)
                continue
            found.reads = found.writes = True
        else:
            # any other use (a view, a copy, an unknown op): assume both
            found.reads = found.writes = True
        found.hot = found.hot or here


def _in_hot_code(op: Operation) -> bool:
    parent = op.parent_op()
    while parent is not None:
        if isinstance(parent, affine.ForOp | func.FuncOp) and (
            pipeline(parent) is not None
            or unroll(parent) is not None
            or is_parallel(parent)
        ):
            return True
        parent = parent.parent_op()
    return False


def needs_copy(t: Attribute, use: Use) -> bool:
    """Whether a port of type `t` used so needs an on-chip copy."""
    if not isinstance(t, MemRefType) or any(d < 0 for d in t.get_shape()):
        return False
    return partition_of(t) is not None or use.hot


def port_type(t: MemRefType) -> MemRefType:
    """`t` without its partition (the layout of the on-chip copy)."""
    return MemRefType(t.element_type, t.shape, NoneAttr(), t.memory_space)


def copy_port(fn: func.FuncOp, arg: BlockArgument, use: Use) -> SSAValue | None:
    """
    Give parameter `arg` of `fn` an on-chip copy `<name>_local` of its
    type (its partition included), loaded at entry if the function reads it
    and stored back before every return if it writes it; the parameter
    loses its partition. Returns the copy (None when the parameter is never
    accessed: it only loses its partition)."""
    t = arg.type
    assert isinstance(t, MemRefType)
    if not arg.uses:
        set_buffer_type(fn, arg, port_type(t))
        return None
    name = value_name(arg) or f"arg{arg.index}"
    local_name = _fresh(f"{name}_local", set(buffers_of(fn)))
    layout = partition_of(t)
    alloc = memref.AllocOp.get(
        t.element_type,
        shape=t.get_shape(),
        layout=layout if isinstance(layout, PartitionAttr) else NoneAttr(),
    )
    alloc.attributes["name"] = StringAttr(local_name)
    alloc.memref.name_hint = local_name if SSAValue.is_valid_name(local_name) else None
    alloc.location = fn.location
    arg.replace_all_uses_with(alloc.memref)
    port = set_buffer_type(fn, arg, port_type(t))
    taken = {loop_name(loop) for loop in loops_of(fn)}
    entry = fn.body.blocks[0]
    first = entry.first_op
    assert first is not None
    entry.insert_op_before(alloc, first)
    if use.reads:
        copy_in = _copy_nest(port, alloc.memref, t, f"{name}_in", taken)
        entry.insert_ops_before(copy_in, first)
    if use.writes:
        for ret in [op for op in fn.walk() if isinstance(op, func.ReturnOp)]:
            copy_out = _copy_nest(alloc.memref, port, t, f"{name}_out", taken)
            block = ret.parent_block()
            assert block is not None
            block.insert_ops_before(copy_out, ret)
    return alloc.memref


def _copy_nest(
    source: SSAValue,
    sink: SSAValue,
    t: MemRefType,
    label: str,
    taken: set[str | None],
) -> list[Operation]:
    """
    `sink = source`, element by element, in loops `<label><d>` whose
    innermost is pipelined with II=1."""
    loops: list[affine.ForOp] = []
    for d, size in enumerate(t.get_shape()):
        name = _fresh(hls_safe_name(f"{label}{d}"), taken)
        taken.add(name)
        loop = new_loop(const_bound(0), const_bound(size), iv_name=name)
        name_loop(loop, name)
        if loops:
            loops[-1].body.block.add_op(loop)
        loops.append(loop)
    indices: Sequence[SSAValue] = [induction_var(loop) for loop in loops]
    identity = AffineMapAttr(AffineMap.identity(len(indices)))
    value = affine.LoadOp(source, indices, identity)
    store = affine.StoreOp(value.result, sink, indices, identity)
    if not loops:
        return [value, store]
    loops[-1].body.block.add_ops([value, store])
    for loop in loops:
        loop.body.block.add_op(affine.YieldOp.get())
    set_pipeline(loops[-1], 1)
    return [loops[0]]


def _fresh(name: str, taken: set[str | None]) -> str:
    fresh, k = name, 1
    while fresh in taken:
        fresh, k = f"{name}_{k}", k + 1
    return fresh
