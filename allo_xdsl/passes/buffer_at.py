"""The `buffer_at` primitive: accumulate into a local buffer inside a loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import AffineMapAttr, StringAttr
from xdsl.ir import BlockArgument, Operation, SSAValue

from allo_xdsl.analysis.affine_forms import AffineAccess, LinearForm, forms_map
from allo_xdsl.analysis.buffer_block import BufferBlock, buffer_block
from allo_xdsl.analysis.hints import set_pipeline
from allo_xdsl.analysis.lookup import (
    buffers_of,
    find_buffer,
    find_loop,
    loop_name,
    loops_of,
    value_name,
)
from allo_xdsl.analysis.loops import (
    body_ops,
    constant_bounds,
    induction_var,
    is_inside,
    loop_label,
    perfect_child,
)
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import memref_of
from allo_xdsl.rewriting.loops import (
    const_bound,
    hls_safe_name,
    name_loop,
    new_loop,
    retarget_access,
)


@dataclass(frozen=True)
class BufferAtPass(PrimitivePass):
    """
    Accumulate buffer `buffer` of function `func` in a local buffer inside
    loop `loop`, as Allo's `buffer_at` (interleaved accumulation).

    In one iteration of `loop`, the accesses to `buffer` must cover a fixed
    block of it: each subscript is a part that does not change in the
    iteration (built from `loop`'s index, enclosing indices and values
    defined outside `loop`), the same for every access, plus an offset
    built from the indices of loops inside `loop` with constant bounds. The
    local buffer `<buffer>_buf` holds the dimensions whose offsets span more
    than one position (one element when none does). At the start of each
    iteration, an init loop nest (`<j>_init`, `<j>` being the inner loop
    indexing that dimension) loads the current values of `buffer`, so that
    in-out buffers keep their meaning; it is left out when the first
    statement touching `buffer` in the iteration is a loop nest that
    overwrites the whole block before reading it. The body then reads and
    writes the local buffer, and a write-back nest (`<j>_back`) stores it
    into `buffer` at the end of the iteration, unless the loop only reads
    `buffer` (then nothing is written back). As in Allo, the innermost
    init and write-back loops are pipelined with II=1.

    Rejects: a buffer that is not a static memref, a loop without inner
    loops (the innermost loop), an access to the buffer in the loop other
    than `affine.load`/`affine.store`, a subscript that is not affine in
    the loop indices or that reads a value computed inside the loop,
    accesses whose fixed parts differ, and offsets over loops without
    constant bounds.
    """

    name = "buffer-at"

    buffer: str
    loop: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        buffer_at(fn, find_buffer(fn, self.buffer), find_loop(fn, self.loop))


def buffer_at(fn: func.FuncOp, target: SSAValue, loop: affine.ForOp) -> SSAValue:
    """Accumulate `target` in a local buffer inside `loop`; returns it."""
    source = value_name(target) or "?"
    what = f"cannot buffer '{source}' at loop '{loop_label(loop)}'"
    memref_type = memref_of(fn, target, what)
    block = buffer_block(target, loop, what)
    kept = block.kept
    shape = [block.span(d) for d in kept] or [1]
    name = _fresh(f"{source}_buf", set(buffers_of(fn)))
    alloc = memref.AllocOp.get(memref_type.element_type, shape=shape)
    alloc.attributes["name"] = StringAttr(name)
    alloc.memref.name_hint = name if SSAValue.is_valid_name(name) else None
    alloc.location = loop.location
    overwritten = _overwritten_first(loop, block)
    labels = [_dim_name(block, d, name, k) for k, d in enumerate(kept)]
    for access in block.accesses:
        local = [block.offset(access, d).minus(_constant(block.low[d])) for d in kept]
        retarget_access(access, alloc.memref, local or [_constant(0)])
    taken = {loop_name(other) for other in loops_of(fn)}
    body = loop.body.block
    first = body.first_op
    assert first is not None
    body.insert_op_before(alloc, first)
    if not overwritten:
        init = _copy_nest(block, alloc.memref, target, labels, "init", loop, taken)
        body.insert_ops_before(init, first)
    # A band that only reads the buffer has nothing to write back (storing
    # would also turn an input port into an in-out one).
    if not any(access.is_write for access in block.accesses):
        return alloc.memref
    back = _copy_nest(block, alloc.memref, target, labels, "back", loop, taken)
    last = body.last_op
    assert last is not None
    body.insert_ops_before(back, last)
    return alloc.memref


def _constant(value: int) -> LinearForm:
    return LinearForm.of_constant(value)


def _fresh(name: str, taken: set[str | None]) -> str:
    fresh, k = name, 1
    while fresh in taken:
        fresh, k = f"{name}_{k}", k + 1
    return fresh


# --- proving that the block is overwritten before it is read -----------------


def _overwritten_first(loop: affine.ForOp, block: BufferBlock) -> bool:
    """
    Whether the first statement of `loop`'s body that touches the buffer
    writes every element of the block before any of them is read: a single
    store when the block is one element, else a perfect nest whose
    innermost body stores first, reads only the element it stored, and
    whose loops run over exactly the block."""
    ops = {access.op for access in block.accesses}
    first = next(
        (
            op
            for op in body_ops(loop)
            if op in ops or any(is_inside(a, op) for a in ops)
        ),
        None,
    )
    if first is None:
        return False
    if not isinstance(first, affine.ForOp):
        return first in ops and not block.kept and isinstance(first, affine.StoreOp)
    path = [first]
    while (child := perfect_child(path[-1])) is not None:
        path.append(child)
    innermost = path[-1].body.block
    inside = [a for a in block.accesses if is_inside(a.op, first)]
    if any(a.op.parent_block() is not innermost for a in inside):
        return False
    inside.sort(key=lambda a: innermost.get_operation_index(a.op))
    store = inside[0]
    if not store.is_write or any(a.is_write for a in inside[1:]):
        return False
    for load in inside[1:]:
        if not all(
            s is not None and t is not None and s.same_as(t)
            for s, t in zip(load.subscripts, store.subscripts, strict=True)
        ):
            return False
    return _covers(block, store, path)


def _covers(
    block: BufferBlock, store: AffineAccess, path: Sequence[affine.ForOp]
) -> bool:
    """
    Whether `store`, run over the loops of `path`, writes every element of
    the block."""
    ivs: dict[SSAValue, affine.ForOp] = {induction_var(lp): lp for lp in path}
    used: set[affine.ForOp] = set()
    for dim in block.kept:
        offset = block.offset(store, dim)
        if len(offset.terms) != 1:
            return False
        ((value, coef),) = offset.terms.items()
        loop = ivs.get(value)
        bounds = constant_bounds(loop) if loop is not None else None
        if loop is None or bounds is None or coef != 1 or loop in used:
            return False
        used.add(loop)
        if bounds.step != 1:
            return False
        first = bounds.lower + offset.constant
        last = bounds.upper - 1 + offset.constant
        if (first, last) != (block.low[dim], block.high[dim]):
            return False
    return all(
        (b := constant_bounds(loop)) is not None and b.trip_count >= 1 for loop in path
    )


# --- the init and write-back nests --------------------------------------------


def _copy_nest(
    block: BufferBlock,
    local: SSAValue,
    target: SSAValue,
    labels: Sequence[str],
    kind: str,
    loop: affine.ForOp,
    taken: set[str | None],
) -> list[Operation]:
    """
    `local = target[block]` (`init`) or `target[block] = local` (`back`),
    in loops named `<label>_<kind>`."""
    kept = block.kept
    loops: list[affine.ForOp] = []
    for label, dim in zip(labels, kept, strict=True):
        label = _fresh(f"{label}_{kind}", taken)
        taken.add(label)
        copy_loop = new_loop(
            const_bound(0), const_bound(block.span(dim)), iv_name=hls_safe_name(label)
        )
        name_loop(copy_loop, label)
        copy_loop.location = loop.location
        if loops:
            loops[-1].body.block.add_op(copy_loop)
        loops.append(copy_loop)
    index = {d: induction_var(c) for d, c in zip(kept, loops, strict=True)}
    local_forms = [LinearForm.of_value(index[d]) for d in kept] or [_constant(0)]
    target_forms = [
        block.base[d]
        .plus(_constant(block.low[d]))
        .plus(LinearForm.of_value(index[d]) if d in index else LinearForm())
        for d in range(len(block.base))
    ]
    source, sink = (target, local) if kind == "init" else (local, target)
    source_forms, sink_forms = (
        (target_forms, local_forms) if kind == "init" else (local_forms, target_forms)
    )
    amap, inputs = forms_map(source_forms)
    value = affine.LoadOp(source, inputs, AffineMapAttr(amap))
    amap, inputs = forms_map(sink_forms)
    store = affine.StoreOp(value.result, sink, inputs, AffineMapAttr(amap))
    for op in (value, store):
        op.location = loop.location
    if not loops:
        return [value, store]
    loops[-1].body.block.add_ops([value, store])
    for copy_loop in loops:
        copy_loop.body.block.add_op(affine.YieldOp.get())
    set_pipeline(loops[-1], 1)
    return [loops[0]]


def _dim_name(block: BufferBlock, dim: int, local: str, position: int) -> str:
    """
    The name of the inner loop that indexes dimension `dim` in every
    access, else `<local>_d<position>`."""
    names: set[str | None] = set()
    for access in block.accesses:
        offset = block.offset(access, dim)
        if len(offset.terms) != 1:
            names.add(None)
            continue
        ((value, coef),) = offset.terms.items()
        parent = value.block.parent_op() if isinstance(value, BlockArgument) else None
        if isinstance(parent, affine.ForOp) and coef == 1:
            names.add(hls_safe_name(loop_label(parent)))
        else:
            names.add(None)
    (only,) = names if len(names) == 1 else (None,)
    if only is not None:
        return only
    return f"{hls_safe_name(local)}_d{position}"
