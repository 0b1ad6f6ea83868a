"""Accumulators for `quantize` (a rewrite of passes/quantize.py, kept apart
so that the pass stays small; the pass's types are imported for checking
only, so no import runs up the layers): the `iter_args` values and the one-element
local buffers that carry a sum into the quantized buffer are retyped with
it, so that a MAC accumulates in the new type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xdsl.dialects import affine, memref
from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Attribute, Operation
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.dialects.allo import CastOp

if TYPE_CHECKING:
    from allo_xdsl.passes.quantize import _Quantizer, _Retyper  # pyright: ignore[reportPrivateUsage]

_Load = affine.LoadOp | memref.LoadOp
_Store = affine.StoreOp | memref.StoreOp


# ----- accumulators: loop-carried values that only feed the buffer -----


def retype_accumulators(q: _Quantizer, target: Attribute) -> dict[Operation, set[int]]:
    """Retype to `target` every `iter_args` value of type `q.old` whose loop
    result only feeds stores into the buffer (directly, or through the
    yield of an enclosing retyped accumulator): its init is cast in, its
    uses in the body see it cast back (the retyped arithmetic reads it
    directly), and its stores take it as it is. Returns the yields whose
    operands must now be of type `target` (`close_accumulators` makes them
    so), by operand position."""
    sinks: dict[Operation, set[int]] = {}
    # outer loops first: an inner accumulator feeds an outer one's yield
    for loop in [op for op in q.fn.walk() if isinstance(op, affine.ForOp)]:
        yield_op = loop.body.block.last_op
        assert yield_op is not None
        for k, result in enumerate(list(loop.results)):
            uses = list(result.uses)
            if result.type != q.old or not uses:
                continue
            if not all(
                u.operation in q.store_casts or u.index in sinks.get(u.operation, ())
                for u in uses
            ):
                continue
            _retype_accumulator(q, loop, k, target)
            sinks.setdefault(yield_op, set()).add(k)
    return sinks


def _retype_accumulator(
    q: _Quantizer, loop: affine.ForOp, k: int, target: Attribute
) -> None:
    result = Rewriter.replace_value_with_new_type(loop.results[k], target)
    for use in list(result.uses):
        cast = use.operation
        if isinstance(cast, CastOp) and cast in q.store_casts and target == q.new:
            store = q.store_casts.pop(cast)
            store.operands[0] = result
            Rewriter.erase_op(cast)
    init_index = len(loop.operands) - len(loop.results) + k
    init = loop.operands[init_index]
    from allo_xdsl.passes.quantize import _cast_source  # pyright: ignore[reportPrivateUsage]

    source = _cast_source(init, target)
    if source.type != target:
        cast_in = CastOp(init, target)
        Rewriter.insert_op(cast_in, InsertPoint.before(loop))
        source = cast_in.result
    loop.operands[init_index] = source
    body = loop.body.block
    acc = Rewriter.replace_value_with_new_type(body.args[k + 1], target)
    back = CastOp(acc, q.old)
    Rewriter.insert_op(back, InsertPoint.at_start(body))
    acc.replace_uses_with_if(back.result, lambda use: use.operation is not back)
    q.load_casts.add(back)  # erased if the retyped arithmetic bypasses it


def close_accumulators(retyper: _Retyper) -> None:
    """Give each retyped accumulator's yield its value in the new type: the
    retyped op that computes it, else a cast. Runs once the cone is known
    (no-op for a yield already closed)."""
    target = retyper.compute_type
    for yield_op, positions in retyper.sinks.items():
        for k in positions:
            value = yield_op.operands[k]
            if value.type == target:
                continue
            if value.owner in retyper.cone and value not in retyper.new_values:
                continue  # rebuilt later: closed by the second call
            new = retyper.new_values.get(value)
            if new is None or new.type != target:
                cast = CastOp(new or value, target)
                Rewriter.insert_op(cast, InsertPoint.before(yield_op))
                new = cast.result
            yield_op.operands[k] = new


def retype_scalar_accumulators(q: _Quantizer) -> None:
    """Quantize to `q.new` every one-element local buffer of type `q.old`
    (a scalar accumulator, as Allo's frontend makes) that is only loaded
    and stored, and a load of which only feeds stores into the buffer; the
    stores then take its value without a round trip through the old type."""
    if q.new == q.old:
        return
    for op in list(q.fn.walk()):
        if not isinstance(op, memref.AllocOp | memref.AllocaOp):
            continue
        t = op.memref.type
        if not isinstance(t, MemRefType) or t.element_type != q.old:
            continue
        if op.memref is q.buffer or any(d != 1 for d in t.get_shape()):
            continue
        uses = [u.operation for u in op.memref.uses]
        if not all(isinstance(u, _Load | _Store) for u in uses):
            continue
        feeding = [
            u
            for u in uses
            if isinstance(u, _Load)
            and u.results[0].uses
            and all(x.operation in q.store_casts for x in u.results[0].uses)
        ]
        if not feeding:
            continue
        from allo_xdsl.passes.quantize import _Quantizer  # pyright: ignore[reportPrivateUsage]

        _Quantizer(q.fn, op.memref, q.old, q.new).run()
        _skip_round_trips(q)


def _skip_round_trips(q: _Quantizer) -> None:
    """A store cast of a value cast from the new type stores that value."""
    for cast, store in list(q.store_casts.items()):
        inner = cast.input.owner
        if not isinstance(inner, CastOp) or inner.input.type != q.new:
            continue
        store.operands[0] = inner.input
        del q.store_casts[cast]
        Rewriter.erase_op(cast)
        if not inner.result.uses:
            Rewriter.erase_op(inner)
