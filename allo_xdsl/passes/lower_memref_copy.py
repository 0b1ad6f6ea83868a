"""The `lower-memref-copy` pass: `memref.copy` to an `affine.for` nest."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, memref
from xdsl.dialects.builtin import AffineMapAttr, MemRefType, ModuleOp
from xdsl.ir import Block, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.rewriting.loops import const_bound, new_loop


@dataclass(frozen=True)
class LowerMemrefCopyPass(ModulePass):
    """
    Replace each `memref.copy %src, %dst` of statically shaped memrefs by a
    perfect `affine.for` nest that loads each element of `src` and stores it
    into `dst` (row-major order). Source or target may be views
    (`memref.subview`, `expand_shape`, `collapse_shape`): the accesses go
    through them, and `fold-memref-views` folds them into the underlying
    buffer. The loops' variables are named `copy_dK`. No options.

    Rejects a copy of memrefs with dynamic dimensions.
    """

    name = "lower-memref-copy"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for copy in [o for o in op.walk() if isinstance(o, memref.CopyOp)]:
            lower_copy(copy)


def lower_copy(copy: memref.CopyOp) -> None:
    t = copy.source.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    if any(d < 0 for d in shape) or any(
        d < 0
        for d in copy.destination.type.get_shape()  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    ):
        raise AlloError(
            f"'memref.copy' of memrefs with dynamic dimensions ({t}) is not supported",
            copy,
        )
    block = copy.parent_block()
    assert block is not None
    ivs: list[SSAValue] = []
    where: Block = block
    outer = None
    for k, extent in enumerate(shape):
        loop = new_loop(const_bound(0), const_bound(extent), iv_name=f"copy_d{k}")
        loop.location = copy.location
        if outer is None:
            outer = loop
            block.insert_op_before(loop, copy)
        else:
            where.add_ops([loop])
        where = loop.body.block
        ivs.append(where.args[0])
    identity = AffineMapAttr(AffineMap.identity(len(shape)))
    load = affine.LoadOp(copy.source, ivs, identity, t.element_type)
    store = affine.StoreOp(load.result, copy.destination, ivs, identity)
    for new in (load, store):
        new.location = copy.location
    if outer is None:
        block.insert_ops_before([load, store], copy)
    else:
        where.add_ops([load, store])
        _close(outer)
    copy.detach()
    copy.erase()


def _close(loop: affine.ForOp) -> None:
    """Add the yields of a nest built without them."""
    body = loop.body.block
    inner = body.first_op
    if isinstance(inner, affine.ForOp) and inner is body.last_op:
        _close(inner)
    body.add_op(affine.YieldOp.get())
