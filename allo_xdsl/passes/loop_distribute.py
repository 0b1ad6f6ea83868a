"""The `distribute` primitive: split a loop into one copy per loop of its body."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import StringAttr

from allo_xdsl.analysis.distribution import distribution
from allo_xdsl.analysis.lookup import BAND_NAME, find_loop, outermost_loop
from allo_xdsl.analysis.loops import body_ops, loop_label
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.loops import hls_safe_name, name_loop


@dataclass(frozen=True)
class LoopDistributePass(PrimitivePass):
    """
    Distribute (fission) loop `loop` of function `func`: one copy of the
    loop per group of its body, in program order.

    Each loop of the body starts a group; an op that is not a loop goes
    with the groups that use its results (an op without users, e.g. a
    store, with the last loop whose results it reads, else the next loop,
    else the last one), and a side-effect-free op that several groups use
    is recomputed in each. `for i { S; for j {..};
    for k {..} }` becomes `for i.0 { S; for j {..} }` then `for i.1 { for
    k {..} }`: copy `n` is named `<loop>.<n>` and, when the loop is
    outermost, its band `<band>.<n>`; the loops inside keep their names
    (unique, as they were). Every copy keeps the loop's bounds, location and
    attributes (hardware hints included). Legal when no dependence goes from
    a later group at an iteration to an earlier group at a later iteration
    (`analysis.distribution`): the copies run one after the other.

    Rejects: a loop with fewer than two loops in its body, loop-carried
    values (iter_args), an op with side effects that several groups use, a
    result of a loop of the body used in another group, and a backward
    loop-carried dependence (the error is at the access that would run too
    early and names the buffer).
    """

    name = "loop-distribute"

    loop: str

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        distribute_loop(find_loop(fn, self.loop))


def distribute_loop(loop: affine.ForOp) -> list[affine.ForOp]:
    """Distribute `loop` (see `LoopDistributePass`); returns the copies."""
    plan = distribution(loop)
    name = loop_label(loop)
    band = loop.attributes.get(BAND_NAME) if outermost_loop(loop) is loop else None
    parent = loop.parent_block()
    assert parent is not None
    copies: list[affine.ForOp] = []
    for n, group in enumerate(plan.groups):
        copy = loop.clone()
        keep = set(group)
        # Users come after their definitions: erase from the end.
        for k, op in reversed(list(enumerate(body_ops(copy)))):
            if k not in keep:
                op.detach()
                op.erase()
        name_loop(copy, f"{name}.{n}")
        copy.body.block.args[0].name_hint = hls_safe_name(f"{name}.{n}")
        if isinstance(band, StringAttr):
            copy.attributes[BAND_NAME] = StringAttr(f"{band.data}.{n}")
        parent.insert_op_before(copy, loop)
        copies.append(copy)
    loop.detach()
    loop.erase()
    return copies
