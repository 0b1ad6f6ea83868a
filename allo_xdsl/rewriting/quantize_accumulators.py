"""
Accumulators for `quantize` (see rewriting/quantize_buffer.py, which
runs them): the `iter_args` values and the one-element local buffers that
carry a sum into the quantized buffer are retyped with it, so that a MAC
accumulates in the new type. Also what stands for a value in the retyped
arithmetic (`cast_source`). The quantizer is seen through the protocols
below, so that this module needs nothing from the one that runs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import IntegerType, MemRefType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from allo_xdsl.dialects.allo import CastOp, FixedPointType, is_float

_Load = affine.LoadOp | memref.LoadOp
_Store = affine.StoreOp | memref.StoreOp


class _Quantizer(Protocol):
    """A buffer being quantized, with the casts at its loads and stores."""

    fn: func.FuncOp
    buffer: SSAValue
    old: Attribute
    new: Attribute
    load_casts: set[CastOp]
    store_casts: dict[CastOp, _Store]


class _Retyper(Protocol):
    """The arithmetic being recomputed in the new type."""

    @property
    def compute_type(self) -> Attribute: ...

    cone: list[Operation]
    new_values: dict[SSAValue, SSAValue]
    sinks: dict[Operation, set[int]]


# ----- accumulators: loop-carried values that only feed the buffer -----


def retype_accumulators(q: _Quantizer, target: Attribute) -> dict[Operation, set[int]]:
    """
    Retype to `target` every `iter_args` value of type `q.old` whose loop
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
    source = cast_source(init, target)
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
    """
    Give each retyped accumulator's yield its value in the new type: the
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


def retype_scalar_accumulators(
    q: _Quantizer, quantize: Callable[[SSAValue], None]
) -> None:
    """
    Quantize to `q.new`, with `quantize`, every one-element local buffer
    of type `q.old` (a scalar accumulator, as Allo's frontend makes) that is
    only loaded and stored, and a load of which only feeds stores into the
    buffer; the stores then take its value without a round trip through the
    old type."""
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
        quantize(op.memref)
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


def cast_source(value: SSAValue, target: Attribute) -> SSAValue:
    """
    What stands for `value` in arithmetic of type `target`: the operand of
    the `allo.cast` that defines `value` when that operand has type `target`
    (a load of the quantized buffer, cast back) or when the cast loses
    nothing; else `value`."""
    owner = value.owner
    if not isinstance(owner, CastOp):
        return value
    source = owner.input
    if source.type == target or _exact(source.type, value.type):
        return source
    return value


def _exact(source: Attribute, target: Attribute) -> bool:
    """Whether every value of `source` converts exactly to `target`."""
    if isinstance(source, FixedPointType):
        if is_float(target):
            return source.width.data <= _mantissa_bits(target)
        if isinstance(target, FixedPointType):
            return (
                target.frac.data >= source.frac.data
                and target.int_bits - (not target.signed)
                >= source.int_bits - (not source.signed)
                and (target.signed or not source.signed)
            )
        return False
    if isinstance(source, IntegerType):
        if is_float(target):
            return source.width.data <= _mantissa_bits(target)
        return False
    return False


def _mantissa_bits(t: Attribute) -> int:
    """Bits of integer precision of a float type (sign excluded)."""
    return {16: 11, 32: 24, 64: 53}.get(t.bitwidth, 8)  # pyright: ignore[reportAttributeAccessIssue]
