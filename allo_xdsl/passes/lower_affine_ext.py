"""
The `lower-affine-ext` pass: affine to scf, arith and memref, as MLIR's
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
    AffineMap,
)
from xdsl.ir.affine.affine_set import AffineConstraintKind
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import Rewriter

from allo_xdsl.analysis.affine_expr import ExprFolder
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
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                [
                    LowerFor(),
                    LowerIf(),
                    LowerYield(),
                    LowerLoad(),
                    LowerStore(),
                    LowerApply(),
                    LowerMin(),
                    LowerMax(),
                    RejectOtherAffine(),
                ]
            )
        ).rewrite_module(op)


class LowerFor(RewritePattern):
    """`affine.for` -> `scf.for`, bounds computed, attributes kept."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.ForOp, rewriter: PatternRewriter):
        lb_ops, lb = _bound(op, op.lowerBoundMap.data, op.lowerBoundOperands, "sgt")
        ub_ops, ub = _bound(op, op.upperBoundMap.data, op.upperBoundOperands, "slt")
        step = arith.ConstantOp(IntegerAttr(op.step.value.data, IndexType()))
        body = Rewriter.move_region_contents_to_new_regions(op.body)
        loop = scf.ForOp(lb, ub, step, op.inits, body)
        loop.attributes |= op.attributes
        _replace(rewriter, op, [*lb_ops, *ub_ops, step, loop])


class LowerIf(RewritePattern):
    """`affine.if` -> `scf.if` on the conjunction of its constraints."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.IfOp, rewriter: PatternRewriter):
        ops: list[Operation] = []
        cond = _condition(op, ops)
        then_region = Rewriter.move_region_contents_to_new_regions(op.then_region)
        else_region = Rewriter.move_region_contents_to_new_regions(op.else_region)
        if not else_region.blocks:
            else_region = Region()
        new_if = scf.IfOp(cond, op.result_types, then_region, else_region)
        new_if.attributes |= op.attributes
        _replace(rewriter, op, [*ops, new_if])


class LowerYield(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.YieldOp, rewriter: PatternRewriter):
        _replace(rewriter, op, [scf.YieldOp(*op.arguments)])


class LowerLoad(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.LoadOp, rewriter: PatternRewriter):
        amap = op.map.data if op.map else None
        ops, indices = _map_values(op, amap, op.indices)
        _replace(rewriter, op, [*ops, memref.LoadOp.get(op.memref, indices)])


class LowerStore(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.StoreOp, rewriter: PatternRewriter):
        amap = op.map.data if op.map else None
        ops, indices = _map_values(op, amap, op.indices)
        new = memref.StoreOp.get(op.value, op.memref, indices)
        _replace(rewriter, op, [*ops, new])


class LowerApply(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.ApplyOp, rewriter: PatternRewriter):
        ops, values = _map_values(op, op.map.data, op.mapOperands)
        _replace(rewriter, op, ops, values)


class LowerMin(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: affine.MinOp, rewriter: PatternRewriter):
        ops, values = _map_values(op, op.map.data, op.operands)
        _replace(rewriter, op, ops, [_reduce(ops, values, "slt")])


class LowerMax(RewritePattern):
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: MaxOp, rewriter: PatternRewriter):
        ops, values = _map_values(op, op.map.data, op.arguments)
        _replace(rewriter, op, ops, [_reduce(ops, values, "sgt")])


class RejectOtherAffine(RewritePattern):
    """Any other affine op (the patterns above come first) is an error."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter):
        if op.dialect_name() == "affine":
            raise AlloError(f"lower-affine-ext: '{op.name}' is not supported", op)


def _replace(
    rewriter: PatternRewriter,
    op: Operation,
    new_ops: Sequence[Operation],
    values: Sequence[SSAValue] | None = None,
) -> None:
    names = [r.name_hint for r in op.results]
    for new in new_ops:
        new.location = op.location
    rewriter.replace(op, list(new_ops), values)
    # Only the values that replace results keep their names.
    for new in new_ops:
        for r in new.results:
            r.name_hint = None
    final = values if values is not None else (new_ops[-1].results if new_ops else [])
    for value, name in zip(final, names, strict=True):
        value.name_hint = name


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
    """
    The ops computing every result of `m` on `operands` (dims then
    symbols), and the results; no map means the operands themselves."""
    if m is None:
        return [], list(operands)
    ops: list[Operation] = []
    folder = _Arith(op, operands[: m.num_dims], operands[m.num_dims :], ops)
    return ops, folder.fold_all(m.results)


def _constant(value: int, ops: list[Operation]) -> SSAValue:
    c = arith.ConstantOp(IntegerAttr.from_index_int_value(value))
    ops.append(c)
    return c.result


def _emit(ops: list[Operation], new: Operation) -> SSAValue:
    ops.append(new)
    return new.results[0]


class _Arith(ExprFolder[SSAValue]):
    """The `arith` ops computing an expression, appended to `ops`."""

    def __init__(
        self,
        op: Operation,
        dims: Sequence[SSAValue],
        syms: Sequence[SSAValue],
        ops: list[Operation],
    ):
        self.op = op
        self.dims = dims
        self.syms = syms
        self.ops = ops

    def constant(self, value: int) -> SSAValue:
        return _constant(value, self.ops)

    def dim(self, position: int) -> SSAValue:
        return self.dims[position]

    def symbol(self, position: int) -> SSAValue:
        return self.syms[position]

    def add(self, lhs: SSAValue, rhs: SSAValue, node: AffineBinaryOpExpr) -> SSAValue:
        return _emit(self.ops, arith.AddiOp(lhs, rhs))

    def mul(self, lhs: SSAValue, rhs: SSAValue, node: AffineBinaryOpExpr) -> SSAValue:
        return _emit(self.ops, arith.MuliOp(lhs, rhs))

    def divide(
        self, lhs: SSAValue, rhs: SSAValue, node: AffineBinaryOpExpr
    ) -> SSAValue:
        if not isinstance(node.rhs, AffineConstantExpr) or node.rhs.value <= 0:
            raise AlloError(
                f"lower-affine-ext: '{node}' divides by '{node.rhs}'; only "
                "division and modulo by a positive constant can be lowered",
                self.op,
            )
        if node.kind == AffineBinaryOpKind.Mod:
            return _mod(lhs, rhs, self.ops)
        if node.kind == AffineBinaryOpKind.FloorDiv:
            return _floordiv(lhs, rhs, self.ops)
        return _ceildiv(lhs, rhs, self.ops)


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


_PREDICATES = {
    AffineConstraintKind.ge: "sge",
    AffineConstraintKind.le: "sle",
    AffineConstraintKind.eq: "eq",
}


def _condition(op: affine.IfOp, ops: list[Operation]) -> SSAValue:
    """The `i1` conjunction of the constraints of `op`'s condition."""
    condition = op.condition.data
    folder = _Arith(
        op, op.args[: condition.num_dims], op.args[condition.num_dims :], ops
    )
    tests: list[SSAValue] = []
    for constraint in condition.constraints:
        value = folder.fold(constraint.lhs - constraint.rhs)
        zero = _constant(0, ops)
        predicate = _PREDICATES[constraint.kind]
        tests.append(_emit(ops, arith.CmpiOp(value, zero, predicate)))
    if not tests:
        tests.append(_emit(ops, arith.ConstantOp.from_int_and_width(1, 1)))
    cond = tests[0]
    for test in tests[1:]:
        cond = _emit(ops, arith.AndIOp(cond, test))
    return cond
