"""
The accesses of one buffer inside a loop, for the primitives that
rewrite them (`buffer_at`, `reuse_at`): every use must be an affine load or
store, so that its subscripts are known as linear forms."""

from __future__ import annotations

from xdsl.dialects import affine
from xdsl.ir import SSAValue

from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    ValueForm,
    affine_access,
    form_range,
    program_position,
)
from allo_xdsl.analysis.loops import is_inside
from allo_xdsl.diagnostics import AlloError


def buffer_accesses_in(
    target: SSAValue, loop: affine.ForOp, what: str, allowed: str
) -> list[AffineAccess]:
    """
    The affine loads and stores of `target` inside `loop`, in program
    order. Any other use inside the loop is an error `what: ...; allowed`
    (`allowed` says which accesses the primitive takes)."""
    accesses: list[AffineAccess] = []
    for use in target.uses:
        op = use.operation
        if not is_inside(op, loop):
            continue
        access = affine_access(op)
        if access is None:
            raise AlloError(
                f"{what}: '{op.name}' uses it inside the loop; {allowed}", op
            )
        accesses.append(access)
    accesses.sort(key=lambda a: program_position(a.op, loop))
    return accesses


def offset_range(
    offset: ValueForm,
    ranges: dict[SSAValue, tuple[int, int] | None],
    access: AffineAccess,
    what: str,
) -> tuple[int, int]:
    """
    The smallest and largest value of `offset`, a subscript's part over
    the indices of inner loops (`ranges`, from `inner_ranges`) of `access`;
    each of those loops must have constant bounds."""
    if any(ranges[v] is None for v in offset.terms):
        raise AlloError(
            f"{what}: {access.describe()} uses the index of a loop without "
            "constant bounds",
            access.op,
        )
    known = {v: r for v, r in ranges.items() if r is not None}
    span = form_range(offset, known)
    assert span is not None
    return span
