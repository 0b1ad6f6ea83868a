"""
Legality of `reuse_at`: how the loads of a buffer in a loop follow the
loop (one axis, one stride, constant offsets), read off the IR without
changing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from xdsl.dialects import affine
from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Attribute, SSAValue

from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    LinearForm,
    ValueForm,
    defined_inside,
    inner_ranges,
)
from allo_xdsl.analysis.dependence import accesses_in
from allo_xdsl.analysis.loop_accesses import buffer_accesses_in, offset_range
from allo_xdsl.analysis.loops import constant_bounds, induction_var
from allo_xdsl.diagnostics import AlloError


@dataclass
class ReusePattern:
    """How the loads of a buffer in a loop use it."""

    loads: list[AffineAccess]
    axis: int
    stride: int
    base: dict[int, ValueForm] = field(default_factory=dict[int, ValueForm])
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


def reuse_site(
    target: SSAValue, loop: affine.ForOp, what: str
) -> tuple[ReusePattern, tuple[int, int]]:
    """
    How the loads of `target` (a static memref) follow `loop`, and the
    first and last positions of the axis that the widened loop reads; an
    AlloError `what: ...` when `reuse_at` cannot build a reuse buffer there
    (see `ReuseAtPass`'s Rejects)."""
    if defined_inside(target, loop):
        raise AlloError(f"{what}: it is allocated inside the loop", loop)
    bounds = reuse_loop_bounds(loop, what)
    pattern = analyse_reuse(reused_loads(target, loop, what), loop, what)
    memref_type = target.type
    assert isinstance(memref_type, MemRefType)
    extent = cast(MemRefType[Attribute], memref_type).get_shape()[pattern.axis]
    first = pattern.stride * bounds[0] + pattern.low[pattern.axis]
    last = pattern.stride * bounds[1] + pattern.high[pattern.axis]
    if first < 0 or last >= extent:
        raise AlloError(
            f"{what}: the loads read positions {first} to {last} of dimension "
            f"{pattern.axis + 1}, outside its extent {extent}",
            loop,
        )
    return pattern, (first, last)


def reuse_loop_bounds(loop: affine.ForOp, what: str) -> tuple[int, int]:
    """
    The first and last iterations of `loop`, which a reuse buffer widens:
    constant bounds, step 1, no carried values."""
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


def reused_loads(target: SSAValue, loop: affine.ForOp, what: str) -> list[AffineAccess]:
    """
    The loads of `target` in `loop`, in program order; nothing else may
    use or write it there."""
    loads = buffer_accesses_in(
        target, loop, what, "only affine.load can read a reused buffer"
    )
    for access in loads:
        if access.is_write:
            raise AlloError(
                f"{what}: it is written inside the loop ({access.describe()})",
                access.op,
            )
    if not loads:
        raise AlloError(f"{what}: the loop does not read it", loop)
    for access in accesses_in(loop):
        if access.is_write and access.buffer is target:
            raise AlloError(
                f"{what}: it is written inside the loop ({access.describe()})",
                access.op,
            )
    return loads


def analyse_reuse(
    loads: list[AffineAccess], loop: affine.ForOp, what: str
) -> ReusePattern:
    """
    How `loads` (the loads of one buffer in `loop`) follow the loop: the
    axis, the stride and the range of offsets per dimension."""
    iv = induction_var(loop)
    ranges = inner_ranges(loop)
    axis: int | None = None
    stride = 0
    for load in loads:
        _check_subscripts(load, iv, ranges, loop, what)
        dim, load_stride = _loop_dimension(load, iv, what)
        if axis is None:
            axis, stride = dim, load_stride
        elif dim != axis:
            raise AlloError(
                f"{what}: {loads[0].describe()} and {load.describe()} follow the "
                "loop along different dimensions",
                load.op,
            )
        elif load_stride != stride:
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
    pattern = ReusePattern(loads, axis, stride)
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


def _check_subscripts(
    load: AffineAccess,
    iv: SSAValue,
    ranges: dict[SSAValue, tuple[int, int] | None],
    loop: affine.ForOp,
    what: str,
) -> None:
    """
    Every subscript of `load` is affine in the indices of `loop` and of
    the loops inside it, and in values defined outside it."""
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


def _loop_dimension(load: AffineAccess, iv: SSAValue, what: str) -> tuple[int, int]:
    """
    The one dimension of `load` whose subscript depends on `iv`, and its
    coefficient there."""
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
    return dims[0], form.coefficient(iv)


def _offsets(
    pattern: ReusePattern,
    dim: int,
    iv: SSAValue,
    ranges: dict[SSAValue, tuple[int, int] | None],
    what: str,
) -> None:
    """
    Split the subscripts of dimension `dim` (up to the axis) into a part
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
        span = offset_range(offset, ranges, load, what)
        pattern.low[dim] = min(pattern.low.get(dim, span[0]), span[0])
        pattern.high[dim] = max(pattern.high.get(dim, span[1]), span[1])
