"""The `reuse_at` primitive: a line or window buffer with shift registers."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import MemRefType, StringAttr
from xdsl.ir import SSAValue

from allo_xdsl.analysis.lookup import (
    buffers_of,
    find_buffer,
    find_loop,
    outermost_loop,
    value_name,
)
from allo_xdsl.analysis.loops import loop_label
from allo_xdsl.analysis.reuse_pattern import reuse_site
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.line_buffers import (
    fuse_previous_shift,
    widen_with_reuse_buffer,
)
from allo_xdsl.rewriting.loops import hls_safe_name


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
    name = _buffer_name(fn, name, source, loop, what)
    pattern, (first, last) = reuse_site(target, loop, what)
    shape = memref_type.get_shape()
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
    widened = widen_with_reuse_buffer(
        loop, pattern, alloc.memref, target, (first, last), name
    )
    fuse_previous_shift(widened, target)
    return alloc.memref


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
