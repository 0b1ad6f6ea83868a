"""The `reuse_at` primitive: a line or window buffer with shift registers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AffineSetAttr,
    MemRefType,
    StringAttr,
)
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
    defined_inside,
    form_range,
    forms_map,
    inner_ranges,
    program_position,
)
from allo_xdsl.analysis.dependence import accesses_in
from allo_xdsl.analysis.lookup import (
    buffers_of,
    find_buffer,
    find_loop,
    outermost_loop,
    value_name,
)
from allo_xdsl.analysis.loops import (
    body_ops,
    constant_bounds,
    induction_var,
    is_inside,
    loop_label,
)
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.affine_ext import IfOp
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.loops import (
    const_bound,
    hls_safe_name,
    name_loop,
    new_loop,
    retarget_access,
    substitute_value,
)


@dataclass(frozen=True)
class ReuseAtPass(PrimitivePass):
    """
    Read buffer `buffer` of function `func` through a reuse buffer at loop
    `loop`, as Allo's `reuse_at`: each iteration of the loop shifts the
    buffer by one position and loads one new slice of `buffer`, so that
    stencils with constant offsets read each element of `buffer` once.

    Inside `loop` (`x`), every load of `buffer` must read one dimension (the
    axis) at `s * x + c`, with the same stride `s` for all loads and `c` a
    constant or a sum of indices of loops inside `x` with constant bounds;
    the other dimensions must not depend on `x`. The reuse buffer, named
    `buffer_name` (YAML `name`; default `<buffer>_reuse_<loop>`), is
    allocated before the loop nest. Its shape is: the dimensions before the
    axis whose subscripts span more than one position in an iteration of
    `x`, then the reuse distance (largest minus smallest offset `c`) + 1,
    then the full extents of the dimensions after the axis. `x` is widened
    to run over every position of the axis that the loads read; each
    iteration first shifts the buffer and loads the new slice (in loops
    named `<name>.d<k>` over buffer dimension k), then, guarded by an
    `affine.if` so that it runs once per original iteration, the original
    body reads the buffer instead of `buffer`.

    Applied to a buffer that an earlier `reuse_at` created (a line buffer
    [3, W]), it gives a window buffer ([3, 3]); when the earlier shift loop
    runs right before the guard that holds `x`, over the same range, it is
    fused into `x` (Allo's line buffer + window structure).

    Rejects: a buffer that is not a static memref, a loop without constant
    bounds, with a step other than 1 or with loop-carried values, a buffer
    that is written or used other than by `affine.load` inside the loop, no
    load that depends on the loop, loads along different dimensions or with
    different strides, a subscript that is not affine in the loop indices,
    a non-constant offset along the axis, loads whose other dimensions
    differ by a non-constant offset, inner loops without constant bounds,
    a pattern where consecutive iterations share no element (nothing to
    reuse), and a name that another buffer of the function has.
    """

    name = "reuse-at"

    buffer: str
    loop: str
    buffer_name: str | None = None

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        target = find_buffer(fn, self.buffer)
        loop = find_loop(fn, self.loop)
        reuse_at(fn, target, loop, self.buffer_name)


@dataclass
class _Pattern:
    """How the loads of a buffer in a loop use it."""

    loads: list[AffineAccess]
    axis: int
    stride: int
    base: dict[int, LinearForm] = field(default_factory=dict[int, LinearForm])
    """Per dimension before the axis: the part of the subscripts that does
    not change inside an iteration of the loop."""
    low: dict[int, int] = field(default_factory=dict[int, int])
    """Per dimension up to the axis: the smallest offset."""
    high: dict[int, int] = field(default_factory=dict[int, int])
    """Per dimension up to the axis: the largest offset."""

    @property
    def distance(self) -> int:
        return self.high[self.axis] - self.low[self.axis]

    def span(self, dim: int) -> int:
        return self.high[dim] - self.low[dim] + 1

    @property
    def kept_before(self) -> list[int]:
        """The dimensions before the axis that the reuse buffer keeps."""
        return [d for d in range(self.axis) if self.span(d) > 1]


def reuse_at(
    fn: func.FuncOp, target: SSAValue, loop: affine.ForOp, name: str | None
) -> SSAValue:
    """Build the reuse buffer of `target` at `loop`; returns it."""
    source = value_name(target) or "?"
    what = f"cannot reuse '{source}' at loop '{loop_label(loop)}'"
    memref_type = target.type
    if not isinstance(memref_type, MemRefType) or any(
        d < 0 for d in memref_type.get_shape()
    ):
        raise AlloError(f"{what}: it is not a memref with a static shape", loop)
    if defined_inside(target, loop):
        raise AlloError(f"{what}: it is allocated inside the loop", loop)
    name = _buffer_name(fn, name, source, loop, what)
    bounds = _check_loop(loop, what)
    pattern = _analyse(_loads_in(target, loop, what), loop, what)
    shape = memref_type.get_shape()
    first = pattern.stride * bounds[0] + pattern.low[pattern.axis]
    last = pattern.stride * bounds[1] + pattern.high[pattern.axis]
    if first < 0 or last >= shape[pattern.axis]:
        raise AlloError(
            f"{what}: the loads read positions {first} to {last} of dimension "
            f"{pattern.axis + 1}, outside its extent {shape[pattern.axis]}",
            loop,
        )
    buffer_shape = [pattern.span(d) for d in pattern.kept_before]
    buffer_shape += [pattern.distance + 1, *shape[pattern.axis + 1 :]]
    alloc = memref.AllocOp.get(memref_type.element_type, shape=buffer_shape)
    alloc.attributes["name"] = StringAttr(name)
    if SSAValue.is_valid_name(name):
        alloc.memref.name_hint = name
    alloc.location = loop.location
    outer = outermost_loop(loop)
    outer_block = outer.parent_block()
    assert outer_block is not None
    outer_block.insert_op_before(alloc, outer)
    widened = _rewrite(loop, pattern, alloc.memref, target, (first, last), name)
    _fuse_previous_shift(widened, target)
    return alloc.memref


def _check_loop(loop: affine.ForOp, what: str) -> tuple[int, int]:
    """The first and last iterations of `loop`."""
    if loop.inits:
        raise AlloError(f"{what}: the loop carries values (iter_args)", loop)
    bounds = constant_bounds(loop)
    if bounds is None:
        raise AlloError(f"{what}: the loop bounds are not constants", loop)
    if bounds.step != 1:
        raise AlloError(f"{what}: the loop has step {bounds.step}, not 1", loop)
    if bounds.trip_count < 1:
        raise AlloError(f"{what}: the loop runs no iteration", loop)
    return bounds.lower, bounds.upper - 1


def _loads_in(target: SSAValue, loop: affine.ForOp, what: str) -> list[AffineAccess]:
    loads: list[AffineAccess] = []
    for use in target.uses:
        op = use.operation
        if not is_inside(op, loop):
            continue
        access = affine_access(op)
        if access is None:
            raise AlloError(
                f"{what}: '{op.name}' uses it inside the loop; only affine.load "
                "can read a reused buffer",
                op,
            )
        if access.is_write:
            raise AlloError(
                f"{what}: it is written inside the loop ({access.describe()})", op
            )
        loads.append(access)
    if not loads:
        raise AlloError(f"{what}: the loop does not read it", loop)
    for access in accesses_in(loop):
        if access.is_write and access.buffer is target:
            raise AlloError(
                f"{what}: it is written inside the loop ({access.describe()})",
                access.op,
            )
    loads.sort(key=lambda a: program_position(a.op, loop))
    return loads


def _analyse(loads: list[AffineAccess], loop: affine.ForOp, what: str) -> _Pattern:
    iv = induction_var(loop)
    ranges = inner_ranges(loop)
    axis: int | None = None
    stride = 0
    for load in loads:
        for form in load.subscripts:
            if form is None:
                raise AlloError(
                    f"{what}: a subscript of {load.describe()} is not a sum of "
                    "loop indices and constants",
                    load.op,
                )
            for value in form.terms:
                if value is iv or value in ranges:
                    continue
                if defined_inside(value, loop):
                    raise AlloError(
                        f"{what}: {load.describe()} reads a subscript computed "
                        "inside the loop",
                        load.op,
                    )
        dims = [d for d, f in enumerate(load.subscripts) if f and f.coefficient(iv)]
        if not dims:
            raise AlloError(
                f"{what}: {load.describe()} does not depend on the loop", load.op
            )
        if len(dims) > 1:
            raise AlloError(
                f"{what}: {load.describe()} depends on the loop in several dimensions",
                load.op,
            )
        form = load.subscripts[dims[0]]
        assert form is not None
        if axis is None:
            axis, stride = dims[0], form.coefficient(iv)
        elif dims[0] != axis:
            raise AlloError(
                f"{what}: {loads[0].describe()} and {load.describe()} follow the "
                "loop along different dimensions",
                load.op,
            )
        elif form.coefficient(iv) != stride:
            raise AlloError(
                f"{what}: {loads[0].describe()} and {load.describe()} have "
                "different strides",
                load.op,
            )
    assert axis is not None
    if stride < 1:
        raise AlloError(
            f"{what}: {loads[0].describe()} runs backwards along the loop",
            loads[0].op,
        )
    pattern = _Pattern(loads, axis, stride)
    for dim in range(axis + 1):
        _offsets(pattern, dim, iv, ranges, what)
    if pattern.distance == 0 or stride > pattern.distance:
        raise AlloError(
            f"{what}: consecutive iterations read disjoint elements along "
            f"dimension {axis + 1} (offsets {pattern.low[axis]} to "
            f"{pattern.high[axis]}, stride {stride}), so there is nothing to reuse",
            loop,
        )
    return pattern


def _offsets(
    pattern: _Pattern,
    dim: int,
    iv: SSAValue,
    ranges: dict[SSAValue, tuple[int, int] | None],
    what: str,
) -> None:
    """Split the subscripts of dimension `dim` (up to the axis) into a part
    that is fixed in an iteration and an offset, and find the offsets'
    range."""
    first: AffineAccess | None = None
    for load in pattern.loads:
        form = load.subscripts[dim]
        assert form is not None
        inner, base = form.split(v for v in ranges if v in form.terms)
        offset = inner.plus(LinearForm.of_constant(base.constant))
        base = LinearForm({v: c for v, c in base.terms.items() if v is not iv})
        if dim == pattern.axis and base.terms:
            raise AlloError(
                f"{what}: {load.describe()} has a non-constant offset "
                f"({base.describe()}) along the loop",
                load.op,
            )
        if dim in pattern.base and not pattern.base[dim].same_as(base):
            assert first is not None
            raise AlloError(
                f"{what}: {first.describe()} and {load.describe()} differ by a "
                f"non-constant offset in dimension {dim + 1}",
                load.op,
            )
        pattern.base[dim] = base
        first = first or load
        for value in inner.terms:
            if ranges[value] is None:
                raise AlloError(
                    f"{what}: {load.describe()} uses the index of a loop "
                    "without constant bounds",
                    load.op,
                )
        known = {v: r for v, r in ranges.items() if r is not None}
        span = form_range(offset, known)
        assert span is not None
        pattern.low[dim] = min(pattern.low.get(dim, span[0]), span[0])
        pattern.high[dim] = max(pattern.high.get(dim, span[1]), span[1])


def _buffer_name(
    fn: func.FuncOp, name: str | None, source: str, loop: affine.ForOp, what: str
) -> str:
    existing = buffers_of(fn)
    if name is not None:
        if name in existing:
            raise AlloError(
                f"{what}: function '{fn.sym_name.data}' already has a buffer "
                f"named '{name}'",
                loop,
            )
        return name
    base = f"{source}_reuse_{hls_safe_name(loop_label(loop))}"
    name, k = base, 1
    while name in existing:
        name, k = f"{base}_{k}", k + 1
    return name


# --- the rewrite ---------------------------------------------------------------


def _rewrite(
    loop: affine.ForOp,
    pattern: _Pattern,
    buffer: SSAValue,
    target: SSAValue,
    positions: tuple[int, int],
    name: str,
) -> affine.ForOp:
    """Replace `loop` by the widened loop: shift, load, then the guarded
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
    pattern: _Pattern, load: AffineAccess, iv: SSAValue
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
    pattern: _Pattern,
    buffer: SSAValue,
    target: SSAValue,
    position: SSAValue,
    name: str,
    loop: affine.ForOp,
) -> list[Operation]:
    """Shift the reuse buffer by one along the axis and load the slice of
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
    """`if (p - first >= 0 [and (p - first) mod s == 0])` where `first`
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


def _fuse_previous_shift(loop: affine.ForOp, source: SSAValue) -> None:
    """Fuse the shift loop of the reuse buffer `source` into `loop`.

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
    if body_ops_of(guard.then_region.block) != [loop]:
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


def body_ops_of(block: Block) -> list[Operation]:
    return [op for op in block.ops if not isinstance(op, affine.YieldOp)]


def _accesses(root: Operation) -> list[AffineAccess] | None:
    """The affine accesses inside `root`; None when some other op uses a
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
