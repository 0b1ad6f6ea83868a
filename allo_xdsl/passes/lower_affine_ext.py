"""The `lower-affine-ext` pass: affine to scf, arith and memref, as MLIR's
`lower-affine` does, where xDSL's `lower-affine` falls short."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import affine, arith, memref, scf
from xdsl.dialects.builtin import IndexType, IntegerAttr, ModuleOp
from xdsl.ir import Operation, Region, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)
from xdsl.ir.affine.affine_set import AffineConstraintKind
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.affine_ext import MaxOp


@dataclass(frozen=True)
class LowerAffineExtPass(ModulePass):
    """
    Lower every affine op to `scf`, `arith` and `memref`, with MLIR's
    semantics. xDSL 0.74's `lower-affine` lowers loops with constant bounds
    only, drops loop attributes, lowers `mod` to `remsi` (negative for a
    negative left side, where affine `mod` is not), and has no lowering for
    `affine.if`, `affine.min` or `affine.max`; this pass covers all of them:

    - `affine.for` -> `scf.for`: bounds evaluated from their maps and
      operands, `max` of lower-bound results and `min` of upper-bound results
      (as `arith.cmpi` + `arith.select`, which CIRCT's handshake flow
      lowers), `iter_args` kept, and every discardable attribute (hints,
      `loop_name`, `op_name`) carried over;
    - `affine.if` -> `scf.if` on the conjunction of its constraints (attributes
      carried over); `affine.yield` -> `scf.yield`;
    - `affine.load`/`store` -> `memref.load`/`store`; `affine.apply`, `min`,
      `max` -> `arith`;
    - `floordiv`, `ceildiv` and `mod` by a positive constant expand to
      `arith.divsi`/`remsi` with sign corrections, as MLIR's lowering does.

    No options. Rejects division or modulo by anything but a positive
    constant, `affine.parallel`, and the affine vector ops.
    """

    name = "lower-affine-ext"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in list(op.walk()):
            if inner.dialect_name() == "affine":
                _lower(inner)


def _lower(op: Operation) -> None:
    if isinstance(op, affine.ForOp):
        _lower_for(op)
    elif isinstance(op, affine.IfOp):
        _lower_if(op)
    elif isinstance(op, affine.YieldOp):
        _replace(op, [scf.YieldOp(*op.arguments)])
    elif isinstance(op, affine.LoadOp):
        ops, indices = _map_values(op, op.map.data if op.map else None, op.indices)
        _replace(op, [*ops, memref.LoadOp.get(op.memref, indices)])
    elif isinstance(op, affine.StoreOp):
        ops, indices = _map_values(op, op.map.data if op.map else None, op.indices)
        _replace(op, [*ops, memref.StoreOp.get(op.value, op.memref, indices)])
    elif isinstance(op, affine.ApplyOp):
        ops, values = _map_values(op, op.map.data, op.mapOperands)
        _replace(op, ops, values)
    elif isinstance(op, affine.MinOp):
        ops, values = _map_values(op, op.map.data, op.operands)
        _replace_reduced(op, ops, values, "slt")
    elif isinstance(op, MaxOp):
        ops, values = _map_values(op, op.map.data, op.arguments)
        _replace_reduced(op, ops, values, "sgt")
    else:
        raise AlloError(f"lower-affine-ext: '{op.name}' is not supported", op)


def _replace(
    op: Operation,
    new_ops: Sequence[Operation],
    values: Sequence[SSAValue] | None = None,
) -> None:
    names = [r.name_hint for r in op.results]
    for new in new_ops:
        new.location = op.location
    Rewriter.replace_op(op, list(new_ops), values)
    # Only the values that replace results keep their names.
    for new in new_ops:
        for r in new.results:
            r.name_hint = None
    final = values if values is not None else (new_ops[-1].results if new_ops else [])
    for value, name in zip(final, names, strict=True):
        value.name_hint = name


def _replace_reduced(
    op: Operation, ops: list[Operation], values: Sequence[SSAValue], predicate: str
) -> None:
    value = _reduce(ops, values, predicate)
    _replace(op, ops, [value])


def _reduce(
    ops: list[Operation], values: Sequence[SSAValue], predicate: str
) -> SSAValue:
    """The min (`slt`) or max (`sgt`) of `values`, by compare and select."""
    result = values[0]
    for value in values[1:]:
        cmp = arith.CmpiOp(value, result, predicate)
        select = arith.SelectOp(cmp, value, result)
        ops += [cmp, select]
        result = select.result
    return result


def _map_values(
    op: Operation, m: AffineMap | None, operands: Sequence[SSAValue]
) -> tuple[list[Operation], list[SSAValue]]:
    """The ops computing every result of `m` on `operands` (dims then
    symbols), and the results; no map means the operands themselves."""
    if m is None:
        return [], list(operands)
    ops: list[Operation] = []
    dims, syms = operands[: m.num_dims], operands[m.num_dims :]
    values = [_expr(op, e, dims, syms, ops) for e in m.results]
    return ops, values


def _constant(value: int, ops: list[Operation]) -> SSAValue:
    c = arith.ConstantOp(IntegerAttr.from_index_int_value(value))
    ops.append(c)
    return c.result


def _expr(
    op: Operation,
    e: AffineExpr,
    dims: Sequence[SSAValue],
    syms: Sequence[SSAValue],
    ops: list[Operation],
) -> SSAValue:
    if isinstance(e, AffineConstantExpr):
        return _constant(e.value, ops)
    if isinstance(e, AffineDimExpr):
        return dims[e.position]
    if isinstance(e, AffineSymExpr):
        return syms[e.position]
    assert isinstance(e, AffineBinaryOpExpr)
    lhs = _expr(op, e.lhs, dims, syms, ops)
    if e.kind in (AffineBinaryOpKind.Add, AffineBinaryOpKind.Mul):
        rhs = _expr(op, e.rhs, dims, syms, ops)
        cls = arith.AddiOp if e.kind == AffineBinaryOpKind.Add else arith.MuliOp
        new = cls(lhs, rhs)
        ops.append(new)
        return new.result
    if not isinstance(e.rhs, AffineConstantExpr) or e.rhs.value <= 0:
        raise AlloError(
            f"lower-affine-ext: '{e}' divides by '{e.rhs}'; only division and "
            "modulo by a positive constant can be lowered",
            op,
        )
    rhs = _constant(e.rhs.value, ops)
    if e.kind == AffineBinaryOpKind.Mod:
        return _mod(lhs, rhs, ops)
    if e.kind == AffineBinaryOpKind.FloorDiv:
        return _floordiv(lhs, rhs, ops)
    return _ceildiv(lhs, rhs, ops)


def _emit(ops: list[Operation], new: Operation) -> SSAValue:
    ops.append(new)
    return new.results[0]


def _mod(lhs: SSAValue, rhs: SSAValue, ops: list[Operation]) -> SSAValue:
    # a mod b = (a rem b) + b when the remainder is negative.
    zero = _constant(0, ops)
    rem = _emit(ops, arith.RemSIOp(lhs, rhs))
    negative = _emit(ops, arith.CmpiOp(rem, zero, "slt"))
    corrected = _emit(ops, arith.AddiOp(rem, rhs))
    return _emit(ops, arith.SelectOp(negative, corrected, rem))


def _floordiv(lhs: SSAValue, rhs: SSAValue, ops: list[Operation]) -> SSAValue:
    # a floordiv b = a < 0 ? -1 - ((-1 - a) / b) : a / b, for b > 0.
    zero = _constant(0, ops)
    minus_one = _constant(-1, ops)
    negative = _emit(ops, arith.CmpiOp(lhs, zero, "slt"))
    flipped = _emit(ops, arith.SubiOp(minus_one, lhs))
    dividend = _emit(ops, arith.SelectOp(negative, flipped, lhs))
    quotient = _emit(ops, arith.DivSIOp(dividend, rhs))
    unflipped = _emit(ops, arith.SubiOp(minus_one, quotient))
    return _emit(ops, arith.SelectOp(negative, unflipped, quotient))


def _ceildiv(lhs: SSAValue, rhs: SSAValue, ops: list[Operation]) -> SSAValue:
    # a ceildiv b = a <= 0 ? -((-a) / b) : ((a - 1) / b) + 1, for b > 0.
    zero = _constant(0, ops)
    one = _constant(1, ops)
    non_positive = _emit(ops, arith.CmpiOp(lhs, zero, "sle"))
    negated = _emit(ops, arith.SubiOp(zero, lhs))
    decremented = _emit(ops, arith.SubiOp(lhs, one))
    dividend = _emit(ops, arith.SelectOp(non_positive, negated, decremented))
    quotient = _emit(ops, arith.DivSIOp(dividend, rhs))
    negated_quotient = _emit(ops, arith.SubiOp(zero, quotient))
    incremented = _emit(ops, arith.AddiOp(quotient, one))
    return _emit(ops, arith.SelectOp(non_positive, negated_quotient, incremented))


def _bound(
    op: Operation, m: AffineMap, operands: Sequence[SSAValue], predicate: str
) -> tuple[list[Operation], SSAValue]:
    ops, values = _map_values(op, m, operands)
    return ops, _reduce(ops, values, predicate)


def _lower_for(op: affine.ForOp) -> None:
    lb_ops, lb = _bound(op, op.lowerBoundMap.data, op.lowerBoundOperands, "sgt")
    ub_ops, ub = _bound(op, op.upperBoundMap.data, op.upperBoundOperands, "slt")
    step = arith.ConstantOp(IntegerAttr(op.step.value.data, IndexType()))
    body = Rewriter.move_region_contents_to_new_regions(op.body)
    loop = scf.ForOp(lb, ub, step, op.inits, body)
    loop.attributes |= op.attributes
    _replace(op, [*lb_ops, *ub_ops, step, loop])


def _lower_if(op: affine.IfOp) -> None:
    condition = op.condition.data
    ops: list[Operation] = []
    dims = op.args[: condition.num_dims]
    syms = op.args[condition.num_dims :]
    tests: list[SSAValue] = []
    for constraint in condition.constraints:
        value = _expr(op, constraint.lhs - constraint.rhs, dims, syms, ops)
        zero = _constant(0, ops)
        predicate = {
            AffineConstraintKind.ge: "sge",
            AffineConstraintKind.le: "sle",
            AffineConstraintKind.eq: "eq",
        }[constraint.kind]
        tests.append(_emit(ops, arith.CmpiOp(value, zero, predicate)))
    if not tests:
        tests.append(_emit(ops, arith.ConstantOp.from_int_and_width(1, 1)))
    cond = tests[0]
    for test in tests[1:]:
        cond = _emit(ops, arith.AndIOp(cond, test))
    then_region = Rewriter.move_region_contents_to_new_regions(op.then_region)
    else_region = Rewriter.move_region_contents_to_new_regions(op.else_region)
    if not else_region.blocks:
        else_region = Region()
    new_if = scf.IfOp(cond, op.result_types, then_region, else_region)
    new_if.attributes |= op.attributes
    _replace(op, [*ops, new_if])
