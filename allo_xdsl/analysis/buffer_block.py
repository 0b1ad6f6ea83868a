"""
Legality of `buffer_at`: the block of a buffer that one iteration of a loop
accesses (a part of each subscript fixed in the iteration, the same for
every access, plus an offset over inner loops with constant bounds), read
off the IR without changing it."""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects import affine
from xdsl.ir import SSAValue

from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    LinearForm,
    ValueForm,
    defined_inside,
    inner_ranges,
)
from allo_xdsl.analysis.lookup import loops_of
from allo_xdsl.analysis.loop_accesses import buffer_accesses_in, offset_range
from allo_xdsl.analysis.loops import induction_var
from allo_xdsl.diagnostics import AlloError


@dataclass
class BufferBlock:
    """The block of a buffer that one iteration of a loop accesses."""

    accesses: list[AffineAccess]
    base: list[ValueForm] = field(default_factory=list[ValueForm])
    """Per dimension, the part of the subscripts fixed in an iteration."""
    low: list[int] = field(default_factory=list[int])
    high: list[int] = field(default_factory=list[int])

    def span(self, dim: int) -> int:
        return self.high[dim] - self.low[dim] + 1

    @property
    def kept(self) -> list[int]:
        """The dimensions that the local buffer keeps."""
        return [d for d in range(len(self.base)) if self.span(d) > 1]

    def offset(self, access: AffineAccess, dim: int) -> ValueForm:
        form = access.subscripts[dim]
        assert form is not None
        return form.minus(self.base[dim])


def buffer_block(target: SSAValue, loop: affine.ForOp, what: str) -> BufferBlock:
    """
    The block of `target` that an iteration of `loop` accesses; an
    AlloError `what: ...` when `buffer_at` cannot buffer it there (the
    innermost loop, a buffer allocated inside the loop, an access other
    than affine load/store, a subscript that is not affine or reads a value
    computed inside the loop, fixed parts that differ between accesses,
    offsets over loops without constant bounds)."""
    if not [inner for inner in loops_of(loop) if inner is not loop]:
        raise AlloError(
            f"{what}: it is the innermost loop; buffer at a loop that holds the "
            "loops to accumulate in",
            loop,
        )
    if defined_inside(target, loop):
        raise AlloError(f"{what}: it is allocated inside the loop", loop)
    accesses = buffer_accesses_in(
        target, loop, what, "only affine.load and affine.store can be buffered"
    )
    if not accesses:
        raise AlloError(f"{what}: the loop does not access it", loop)
    ranges = inner_ranges(loop)
    rank = len(accesses[0].subscripts)
    block = BufferBlock(accesses)
    for dim in range(rank):
        for access in accesses:
            _add_subscript(block, dim, access, loop, ranges, what)
    return block


def _add_subscript(
    block: BufferBlock,
    dim: int,
    access: AffineAccess,
    loop: affine.ForOp,
    ranges: dict[SSAValue, tuple[int, int] | None],
    what: str,
) -> None:
    """
    Split the subscript of `access` in dimension `dim` into a base fixed
    in an iteration of `loop` (the same for all accesses) and an offset
    over the inner loops, and widen the block's range by the offset's."""
    first = block.accesses[0]
    form = access.subscripts[dim]
    if form is None:
        raise AlloError(
            f"{what}: a subscript of {access.describe()} is not a sum of "
            "loop indices and constants",
            access.op,
        )
    inner, base = form.split(v for v in form.terms if v in ranges)
    offset = inner.plus(LinearForm.of_constant(base.constant))
    base = ValueForm(base.terms)
    for value in base.terms:
        if value is not induction_var(loop) and defined_inside(value, loop):
            raise AlloError(
                f"{what}: {access.describe()} reads a subscript computed "
                "inside the loop",
                access.op,
            )
    if len(block.base) > dim and not block.base[dim].same_as(base):
        raise AlloError(
            f"{what}: {first.describe()} and {access.describe()} differ by "
            f"a non-constant offset in dimension {dim + 1}",
            access.op,
        )
    if len(block.base) == dim:
        block.base.append(base)
    span = offset_range(offset, ranges, access, what)
    if len(block.low) == dim:
        block.low.append(span[0])
        block.high.append(span[1])
    block.low[dim] = min(block.low[dim], span[0])
    block.high[dim] = max(block.high[dim], span[1])
