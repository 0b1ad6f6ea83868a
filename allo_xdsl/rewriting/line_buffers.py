"""
The line and window buffers of `reuse_at`: the loop widened to every
position of the reused axis, the shift-register code that moves the reuse
buffer by one position and loads the new slice, the guard that runs the
original body once per original iteration, and the fusion of an earlier
buffer's shift loop into the loop of the next (line buffer + window)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, MemRefType
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.ir.affine import (
    AffineConstraintExpr,
    AffineConstraintKind,
    AffineExpr,
    AffineSet,
)

from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    LinearForm,
    affine_access,
    forms_map,
)
from allo_xdsl.analysis.loops import body_ops, constant_bounds, induction_var
from allo_xdsl.analysis.reuse_pattern import ReusePattern
from allo_xdsl.dialects.affine_ext import IfOp
from allo_xdsl.rewriting.loops import (
    const_bound,
    hls_safe_name,
    name_loop,
    new_loop,
    retarget_access,
    substitute_value,
)


def widen_with_reuse_buffer(
    loop: affine.ForOp,
    pattern: ReusePattern,
    buffer: SSAValue,
    target: SSAValue,
    positions: tuple[int, int],
    name: str,
) -> affine.ForOp:
    """
    Replace `loop` by the widened loop: shift, load, then the guarded
    original body reading `buffer`. Returns the new loop."""
    iv = induction_var(loop)
    axis, stride = pattern.axis, pattern.stride
    for load in pattern.loads:
        retarget_access(load, buffer, _buffer_subscripts(pattern, load, iv))
    widened = new_loop(
        const_bound(positions[0]),
        const_bound(positions[1] + 1),
        iv_name=iv.name_hint,
    )
    widened.attributes.update(loop.attributes)
    widened.location = loop.location
    position = induction_var(widened)
    # The original iteration x runs once its last element has arrived, at
    # position s * x + high.
    high = pattern.high[axis]
    shifted = AffineExpr.dimension(0) - high
    guard = _guard(position, high, stride, loop)
    for op in body_ops(loop):
        op.detach()
        _append(guard.then_region.block, op)
    substitute_value(iv, shifted // stride if stride > 1 else shifted, [position])
    body = widened.body.block
    for op in _shift_code(pattern, buffer, target, position, name, loop):
        body.add_op(op)
    body.add_op(guard)
    body.add_op(affine.YieldOp.get())
    block = loop.parent_block()
    assert block is not None
    block.insert_op_before(widened, loop)
    loop.detach()
    loop.erase()
    return widened


def _buffer_subscripts(
    pattern: ReusePattern, load: AffineAccess, iv: SSAValue
) -> list[LinearForm]:
    """Where `load` finds its element in the reuse buffer."""
    subscripts: list[LinearForm] = []
    for dim in [*pattern.kept_before, pattern.axis]:
        form = load.subscripts[dim]
        assert form is not None
        offset = form.minus(pattern.base.get(dim, LinearForm()))
        terms = {v: c for v, c in offset.terms.items() if v is not iv}
        subscripts.append(LinearForm(terms, offset.constant - pattern.low[dim]))
    for form in load.subscripts[pattern.axis + 1 :]:
        assert form is not None
        subscripts.append(form)
    return subscripts


def _shift_code(
    pattern: ReusePattern,
    buffer: SSAValue,
    target: SSAValue,
    position: SSAValue,
    name: str,
    loop: affine.ForOp,
) -> list[Operation]:
    """
    Shift the reuse buffer by one along the axis and load the slice of
    `target` at `position` into its last row, in loops over the other
    buffer dimensions."""
    target_type = target.type
    assert isinstance(target_type, MemRefType)
    shape = target_type.get_shape()
    axis, kept = pattern.axis, pattern.kept_before
    after = list(range(axis + 1, len(shape)))
    # (dimension of target, dimension of the buffer, extent), outer first
    levels = [(d, len(kept) + 1 + k, shape[d]) for k, d in enumerate(after)]
    levels += [(d, kept.index(d), pattern.span(d)) for d in kept]
    loops: list[affine.ForOp] = []
    indices: dict[int, SSAValue] = {}
    for dim, buffer_dim, extent in levels:
        label = f"{name}.d{buffer_dim}"
        shift_loop = new_loop(
            const_bound(0), const_bound(extent), iv_name=hls_safe_name(label)
        )
        name_loop(shift_loop, label)
        shift_loop.location = loop.location
        indices[dim] = induction_var(shift_loop)
        if loops:
            loops[-1].body.block.add_op(shift_loop)
        loops.append(shift_loop)
    ops: list[Operation] = []

    def at(row: int) -> list[LinearForm]:
        forms = [LinearForm.of_value(indices[d]) for d in kept]
        forms.append(LinearForm.of_constant(row))
        forms += [LinearForm.of_value(indices[d]) for d in after]
        return forms

    for row in range(pattern.distance):
        amap, inputs = forms_map(at(row + 1))
        value = affine.LoadOp(buffer, inputs, AffineMapAttr(amap))
        amap, inputs = forms_map(at(row))
        ops += [
            value,
            affine.StoreOp(value.result, buffer, inputs, AffineMapAttr(amap)),
        ]
    source: list[LinearForm] = []
    for dim in range(len(shape)):
        if dim < axis:
            fixed = pattern.base[dim].plus(LinearForm.of_constant(pattern.low[dim]))
            source.append(
                fixed.plus(LinearForm.of_value(indices[dim])) if dim in kept else fixed
            )
        elif dim == axis:
            source.append(LinearForm.of_value(position))
        else:
            source.append(LinearForm.of_value(indices[dim]))
    amap, inputs = forms_map(source)
    value = affine.LoadOp(target, inputs, AffineMapAttr(amap))
    amap, inputs = forms_map(at(pattern.distance))
    ops += [value, affine.StoreOp(value.result, buffer, inputs, AffineMapAttr(amap))]
    for op in ops:
        op.location = loop.location
    if not loops:
        return ops
    loops[-1].body.block.add_ops(ops)
    for shift_loop in loops:
        shift_loop.body.block.add_op(affine.YieldOp.get())
    return [loops[0]]


def _guard(
    position: SSAValue, high: int, stride: int, loop: affine.ForOp
) -> affine.IfOp:
    """
    `if (p - first >= 0 [and (p - first) mod s == 0])` where `first`
    is the position of the first original iteration."""
    bounds = constant_bounds(loop)
    assert bounds is not None
    start = stride * bounds.lower + high
    relative = AffineExpr.dimension(0) - start
    zero = AffineExpr.constant(0)
    constraints = [AffineConstraintExpr(AffineConstraintKind.ge, relative, zero)]
    if stride > 1:
        constraints.append(
            AffineConstraintExpr(AffineConstraintKind.eq, relative % stride, zero)
        )
    condition = AffineSetAttr(AffineSet(1, 0, tuple(constraints)))
    then_block = Block()
    then_block.add_op(affine.YieldOp.get())
    guard = IfOp(condition, [position], Region(then_block))
    guard.location = loop.location
    return guard


# --- fusing the shift loop of an earlier reuse buffer ---------------------------


def fuse_previous_shift(loop: affine.ForOp, source: SSAValue) -> None:
    """
    Fuse the shift loop of the reuse buffer `source` into `loop`.

    After a line buffer at `y` and a window buffer at `x`, the line buffer's
    shift loop over the columns runs right before `if (y >= 2) { for x ... }`
    and over the same range as the widened `x`. Running its iteration `x`
    at the start of iteration `x` gives Allo's structure
    `for x { shift column x; if (y >= 2) { shift window; ... } }`. That is
    legal when the shift loop writes only `source`, one column per
    iteration, and `x` only reads `source` in its own column and writes no
    buffer the shift loop reads."""
    guard = loop.parent_op()
    if not isinstance(guard, affine.IfOp) or guard.res or guard.else_region.blocks:
        return
    if _body_ops_of(guard.then_region.block) != [loop]:
        return
    shift = guard.prev_op
    if not isinstance(shift, affine.ForOp) or shift.inits:
        return
    if constant_bounds(shift) != constant_bounds(loop):
        return
    shift_accesses = _accesses(shift)
    loop_accesses = _accesses(loop)
    if shift_accesses is None or loop_accesses is None:
        return
    if {a.buffer for a in shift_accesses if a.is_write} != {source}:
        return
    column = _column(shift_accesses, source, induction_var(shift))
    if column is None or _column(loop_accesses, source, induction_var(loop)) != column:
        return
    read = {a.buffer for a in shift_accesses}
    if any(a.is_write and a.buffer in read for a in loop_accesses):
        return
    _fuse(shift, guard, loop)


def _body_ops_of(block: Block) -> list[Operation]:
    """The ops of `block` but its `affine.yield`."""
    return [op for op in block.ops if not isinstance(op, affine.YieldOp)]


def _accesses(root: Operation) -> list[AffineAccess] | None:
    """
    The affine accesses inside `root`; None when some other op uses a
    memref."""
    found: list[AffineAccess] = []
    for op in root.walk():
        access = affine_access(op)
        if access is None:
            if any(isinstance(v.type, MemRefType) for v in op.operands):
                return None
            continue
        found.append(access)
    return found


def _column(
    accesses: Sequence[AffineAccess], buffer: SSAValue, iv: SSAValue
) -> int | None:
    """The dimension that every access to `buffer` indexes by exactly `iv`."""
    column: int | None = None
    index = LinearForm.of_value(iv)
    for access in accesses:
        if access.buffer is not buffer:
            continue
        dims = [
            d
            for d, s in enumerate(access.subscripts)
            if s is not None and s.same_as(index)
        ]
        if not dims or (column is not None and column not in dims):
            return None
        column = dims[0] if column is None else column
    return column


def _fuse(shift: affine.ForOp, guard: affine.IfOp, loop: affine.ForOp) -> None:
    body = loop.body.block
    rest = body_ops(loop)
    for op in body_ops(shift):
        op.detach()
        body.insert_op_before(op, rest[0])
    induction_var(shift).replace_all_uses_with(induction_var(loop))
    then_block = Block()
    then_block.add_op(affine.YieldOp.get())
    inner_guard = IfOp(guard.condition, list(guard.args), Region(then_block))
    inner_guard.location = guard.location
    for op in rest:
        op.detach()
        _append(then_block, op)
    _append(body, inner_guard)
    loop.detach()
    block = guard.parent_block()
    assert block is not None
    block.insert_op_before(loop, guard)
    for op in (guard, shift):
        op.detach()
        op.erase()


def _append(block: Block, op: Operation) -> None:
    """Add `op` to `block`, before its terminator."""
    last = block.last_op
    assert last is not None
    block.insert_op_before(op, last)
