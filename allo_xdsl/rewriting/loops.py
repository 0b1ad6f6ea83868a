"""
Building and rewriting affine loops: new loops and their bounds, loop
names, the substitution of an induction variable by an affine expression,
and moving an access to another buffer.

Maps built here take all their inputs as dimensions (no symbols), like the
maps the parser normalizes, so that every consumer sees one convention.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AffineSetAttr,
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    StringAttr,
    i32,
)
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.ir.affine import AffineConstraintExpr, AffineExpr, AffineMap, AffineSet

from allo_xdsl.analysis.affine_expr import all_dims_map
from allo_xdsl.analysis.affine_forms import (
    AffineAccess,
    ValueForm,
    forms_map,
    merge_inputs,
    simplify_expr,
)
from allo_xdsl.analysis.lookup import LOOP_NAME
from allo_xdsl.analysis.loops import Bound, lower_bound, upper_bound
from allo_xdsl.dialects.fpga import ORDER_KINDS

# --- substituting an index in maps and sets ---------------------------------


def substitute_input(
    exprs: Sequence[AffineExpr],
    num_inputs: int,
    inputs: Sequence[SSAValue],
    old: SSAValue,
    expr: AffineExpr,
    expr_inputs: Sequence[SSAValue],
) -> tuple[list[AffineExpr], tuple[SSAValue, ...]]:
    """
    Rewrite expressions over `inputs` (all dims) so that every input equal
    to `old` reads `expr` (over `expr_inputs`) instead."""
    kept = [v for v in inputs if v is not old]
    new_inputs, expr_dims = merge_inputs(kept, expr_inputs)
    replacement = expr.replace_dims_and_symbols(expr_dims, ())
    position = 0
    dims: list[AffineExpr] = []
    for value in inputs[:num_inputs]:
        if value is old:
            dims.append(replacement)
        else:
            dims.append(AffineExpr.dimension(position))
            position += 1
    n = len(new_inputs)
    return [simplify_expr(e.replace_dims_and_symbols(dims, ()), n) for e in exprs], (
        new_inputs
    )


def substitute_in_map(
    amap: AffineMap,
    inputs: Sequence[SSAValue],
    old: SSAValue,
    expr: AffineExpr,
    expr_inputs: Sequence[SSAValue],
) -> Bound:
    """`amap` over `inputs` with `old` replaced by `expr` over `expr_inputs`."""
    amap = all_dims_map(amap)
    results, new_inputs = substitute_input(
        amap.results, amap.num_dims, inputs, old, expr, expr_inputs
    )
    return AffineMap(len(new_inputs), 0, tuple(results)), new_inputs


def _substitute_in_set(
    aset: AffineSet,
    inputs: Sequence[SSAValue],
    old: SSAValue,
    expr: AffineExpr,
    expr_inputs: Sequence[SSAValue],
) -> tuple[AffineSet, tuple[SSAValue, ...]]:
    n = aset.num_dims + aset.num_symbols
    dims = [AffineExpr.dimension(d) for d in range(aset.num_dims)]
    syms = [AffineExpr.dimension(aset.num_dims + s) for s in range(aset.num_symbols)]
    sides = [
        side.replace_dims_and_symbols(dims, syms)
        for c in aset.constraints
        for side in (c.lhs, c.rhs)
    ]
    new_sides, new_inputs = substitute_input(sides, n, inputs, old, expr, expr_inputs)
    constraints = tuple(
        AffineConstraintExpr(c.kind, new_sides[2 * k], new_sides[2 * k + 1])
        for k, c in enumerate(aset.constraints)
    )
    return AffineSet(len(new_inputs), 0, constraints), new_inputs


# --- building and rewriting loops --------------------------------------------


def set_loop_bounds(loop: affine.ForOp, lower: Bound, upper: Bound) -> None:
    inits = tuple(loop.inits)
    loop.operands = [*lower[1], *upper[1], *inits]
    loop.properties["lowerBoundMap"] = AffineMapAttr(lower[0])
    loop.properties["upperBoundMap"] = AffineMapAttr(upper[0])
    loop.properties["operandSegmentSizes"] = DenseArrayBase.from_list(
        i32, [len(lower[1]), len(upper[1]), len(inits)]
    )


def const_bound(value: int) -> Bound:
    return AffineMap.constant_map(value), ()


def new_loop(
    lower: Bound,
    upper: Bound,
    step: int = 1,
    inits: Sequence[SSAValue] = (),
    iv_name: str | None = None,
) -> affine.ForOp:
    """
    An `affine.for` with an empty body (the caller fills it and adds the
    yield)."""
    types = [v.type for v in inits]
    block = Block(arg_types=[IndexType(), *types])
    if iv_name and SSAValue.is_valid_name(iv_name):
        block.args[0].name_hint = iv_name
    # `create` skips the generic IRDL argument checking of `from_region`,
    # which dominates the cost of building loops; the module is verified
    # after the passes anyway.
    return affine.ForOp.create(
        operands=[*lower[1], *upper[1], *inits],
        result_types=types,
        properties={
            "lowerBoundMap": AffineMapAttr(lower[0]),
            "upperBoundMap": AffineMapAttr(upper[0]),
            "step": IntegerAttr.from_index_int_value(step),
            "operandSegmentSizes": DenseArrayBase.from_list(
                i32, [len(lower[1]), len(upper[1]), len(inits)]
            ),
        },
        regions=[Region(block)],
    )


def name_loop(loop: affine.ForOp, name: str) -> None:
    loop.attributes[LOOP_NAME] = StringAttr(name)


def hls_safe_name(name: str) -> str:
    """An identifier made from a loop name (`i.outer` -> `i_outer`)."""
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name)


def substitute_value(
    old: SSAValue, expr: AffineExpr, expr_inputs: Sequence[SSAValue]
) -> None:
    """
    Replace every use of the index value `old` by `expr` over
    `expr_inputs` (dims). Affine users (load, store, apply, min, max, if, for
    bounds) get the expression folded into their maps; any other user reads an
    `affine.apply` inserted right before it, so that perfect nests stay
    perfect."""
    users: list[Operation] = []
    for use in list(old.uses):
        if use.operation not in users:
            users.append(use.operation)
    for user in users:
        _substitute_in_user(user, old, expr, expr_inputs)
    assert not old.uses


def _substitute_in_user(
    user: Operation, old: SSAValue, expr: AffineExpr, expr_inputs: Sequence[SSAValue]
) -> None:
    if isinstance(user, affine.ForOp):
        lower = lower_bound(user)
        upper = upper_bound(user)
        if old in lower[1]:
            lower = substitute_in_map(lower[0], lower[1], old, expr, expr_inputs)
        if old in upper[1]:
            upper = substitute_in_map(upper[0], upper[1], old, expr, expr_inputs)
        set_loop_bounds(user, lower, upper)
        if old in tuple(user.inits):
            _apply_for_other_uses(user, old, expr, expr_inputs)
        return
    key = _map_property(user)
    if key is not None:
        amap_attr = user.properties[key]
        assert isinstance(amap_attr, AffineMapAttr)
        amap = amap_attr.data
        k = amap.num_dims + amap.num_symbols
        prefix = list(user.operands[: len(user.operands) - k])
        inputs = tuple(user.operands[len(user.operands) - k :])
        if old in inputs:
            new_map, new_inputs = substitute_in_map(
                amap, inputs, old, expr, expr_inputs
            )
            user.operands = [*prefix, *new_inputs]
            user.properties[key] = AffineMapAttr(new_map)
        if old in prefix:
            _apply_for_other_uses(user, old, expr, expr_inputs)
        return
    if user.name.startswith("affine.") and "condition" in user.properties:
        cond = user.properties["condition"]
        assert isinstance(cond, AffineSetAttr)
        n = cond.data.num_dims + cond.data.num_symbols
        prefix = list(user.operands[: len(user.operands) - n])
        inputs = tuple(user.operands[len(user.operands) - n :])
        if old in inputs:
            new_set, new_inputs = _substitute_in_set(
                cond.data, inputs, old, expr, expr_inputs
            )
            user.operands = [*prefix, *new_inputs]
            user.properties["condition"] = AffineSetAttr(new_set)
        if old in prefix:
            _apply_for_other_uses(user, old, expr, expr_inputs)
        return
    _apply_for_other_uses(user, old, expr, expr_inputs)


def _map_property(user: Operation) -> str | None:
    """
    The property holding the affine map over `user`'s last operands: an
    affine op's `map`, or the element a stream put or get moves."""
    if user.name.startswith("affine."):
        return "map" if "map" in user.properties else None
    if user.name in ("fpga.stream_put", "fpga.stream_get"):
        return next((k for k in ORDER_KINDS if k in user.properties), None)
    return None


def _apply_for_other_uses(
    user: Operation,
    old: SSAValue,
    expr: AffineExpr,
    expr_inputs: Sequence[SSAValue],
) -> None:
    """Make `user` read `expr` through an `affine.apply` placed right before it."""
    apply = affine.ApplyOp(
        list(expr_inputs), AffineMapAttr(AffineMap(len(expr_inputs), 0, (expr,)))
    )
    if old.name_hint:
        apply.result.name_hint = old.name_hint
    apply.location = user.location
    block = user.parent_block()
    assert block is not None
    block.insert_op_before(apply, user)
    user.operands = [apply.result if v is old else v for v in user.operands]


def retarget_access(
    access: AffineAccess, buffer: SSAValue, subscripts: Sequence[ValueForm]
) -> Operation:
    """
    A copy of `access` (same value, same location) on `buffer` at
    `subscripts`, inserted in its place; the old op is erased."""
    amap, inputs = forms_map(subscripts)
    old = access.op
    if isinstance(old, affine.StoreOp):
        new: Operation = affine.StoreOp(old.value, buffer, inputs, AffineMapAttr(amap))
    else:
        assert isinstance(old, affine.LoadOp)
        new = affine.LoadOp(buffer, inputs, AffineMapAttr(amap), old.result.type)
        if old.result.name_hint:
            new.results[0].name_hint = old.result.name_hint
    new.attributes.update(old.attributes)
    new.location = old.location
    block = old.parent_block()
    assert block is not None
    block.insert_op_before(new, old)
    if isinstance(old, affine.LoadOp):
        old.result.replace_all_uses_with(new.results[0])
    old.detach()
    old.erase()
    return new
