"""Shared helpers about affine loops: bounds, trip counts, nest structure,
and the substitution of an induction variable by an affine expression.

Maps built here take all their inputs as dimensions (no symbols), like the
maps the parser normalizes, so that every consumer sees one convention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import affine, arith
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AffineSetAttr,
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    StringAttr,
    i32,
)
from xdsl.ir import Block, BlockArgument, Operation, Region, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineConstraintExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSet,
    AffineSymExpr,
)

from allo_xdsl.analysis.lookup import LOOP_NAME, loop_name
from allo_xdsl.dialects.fpga import HINT_PREFIX, ORDER_KINDS


def constant_bound(affine_map: AffineMap) -> int | None:
    """The value of a single-result map whose result is a constant."""
    if len(affine_map.results) != 1:
        return None
    result = affine_map.results[0]
    return result.value if isinstance(result, AffineConstantExpr) else None


def loop_step(loop: affine.ForOp) -> int:
    return loop.step.value.data


def _over_operands(
    expr: AffineExpr,
    num_dims: int,
    operands: Sequence[SSAValue],
    union: list[SSAValue],
) -> AffineExpr:
    """`expr`, a map result over `operands` (dims then symbols), rewritten over
    the dims of `union`, extended with any operand it lacks."""
    positions: list[AffineExpr] = []
    for value in operands:
        if value not in union:
            union.append(value)
        positions.append(AffineExpr.dimension(union.index(value)))
    return expr.replace_dims_and_symbols(positions[:num_dims], positions[num_dims:])


def operands_union(
    bounds: Sequence[tuple[AffineMap, Sequence[SSAValue]]],
) -> tuple[list[SSAValue], tuple[AffineExpr, ...]]:
    """The union of the operands of single-result maps, and each map's result
    rewritten over the dims of that union."""
    union: list[SSAValue] = []
    exprs = tuple(
        _over_operands(amap.results[0], amap.num_dims, operands, union)
        for amap, operands in bounds
    )
    return union, exprs


def bound_differences(loop: affine.ForOp) -> list[int | None]:
    """For each upper-bound result, `ub - lb` when it is a constant (the lower
    bound being single-result), else None."""
    lb_map = loop.lowerBoundMap.data
    ub_map = loop.upperBoundMap.data
    if len(lb_map.results) != 1:
        return [None] * len(ub_map.results)
    union: list[SSAValue] = []
    lower = _over_operands(
        lb_map.results[0], lb_map.num_dims, loop.lowerBoundOperands, union
    )
    differences: list[int | None] = []
    for upper_result in ub_map.results:
        upper = _over_operands(
            upper_result, ub_map.num_dims, loop.upperBoundOperands, union
        )
        difference = upper - lower
        if difference.is_pure_affine():
            difference = difference.simplify(len(union), 0)
        differences.append(
            difference.value if isinstance(difference, AffineConstantExpr) else None
        )
    return differences


def _trips(difference: int, step: int) -> int:
    return max(0, -(-difference // step))


def constant_trip_count(loop: affine.ForOp) -> int | None:
    """The number of iterations of `loop` when it does not depend on any
    value (`0 to 8`, or `%x to %x + 4`), else None."""
    differences = bound_differences(loop)
    if not differences or any(d is None for d in differences):
        return None
    return min(_trips(d, loop_step(loop)) for d in differences if d is not None)


def trip_count(loop: affine.ForOp) -> int | None:
    """Alias of `constant_trip_count`."""
    return constant_trip_count(loop)


def max_trip_count(loop: affine.ForOp) -> int | None:
    """An upper bound on the iterations of `loop` when one of its upper bounds
    is a constant distance from its lower bound (`%x to min(%x + 4, 10)`)."""
    known = [d for d in bound_differences(loop) if d is not None]
    if not known:
        return None
    return min(_trips(d, loop_step(loop)) for d in known)


Bound = tuple[AffineMap, tuple[SSAValue, ...]]
"""A loop bound: a map (max of results for lower, min for upper) and its
inputs, all dimensions."""


# --- shape queries -----------------------------------------------------------


def induction_var(loop: affine.ForOp) -> BlockArgument:
    return loop.body.block.args[0]


def body_ops(loop: affine.ForOp) -> list[Operation]:
    """The ops of the loop body, without the terminator."""
    return [op for op in loop.body.block.ops if not isinstance(op, affine.YieldOp)]


def perfect_child(loop: affine.ForOp) -> affine.ForOp | None:
    """The loop that is alone in `loop`'s body (besides an empty yield)."""
    ops = body_ops(loop)
    if len(ops) != 1 or not isinstance(ops[0], affine.ForOp):
        return None
    if loop.inits or ops[0].results:
        return None
    return ops[0]


def perfect_path(outer: affine.ForOp, inner: affine.ForOp) -> list[affine.ForOp] | None:
    """The loops from `outer` down to `inner` when each one is alone in the
    body of the previous; None otherwise."""
    path = [outer]
    while path[-1] is not inner:
        child = perfect_child(path[-1])
        if child is None:
            return None
        path.append(child)
    return path


def enclosing_loops(op: Operation, stop: Operation | None = None) -> list[affine.ForOp]:
    """The affine loops around `op`, outermost first, up to (excluding) `stop`."""
    loops: list[affine.ForOp] = []
    parent = op.parent_op()
    while parent is not None and parent is not stop:
        if isinstance(parent, affine.ForOp):
            loops.append(parent)
        parent = parent.parent_op()
    return loops[::-1]


def is_inside(op: Operation, ancestor: Operation) -> bool:
    parent = op.parent_op()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent_op()
    return False


def loop_hints(loop: affine.ForOp) -> list[str]:
    """The hardware hint attributes (`fpga.*`) set on `loop`."""
    return sorted(k for k in loop.attributes if k.startswith(HINT_PREFIX))


def lower_bound(loop: affine.ForOp) -> Bound:
    return loop.lowerBoundMap.data, tuple(loop.lowerBoundOperands)


def upper_bound(loop: affine.ForOp) -> Bound:
    return loop.upperBoundMap.data, tuple(loop.upperBoundOperands)


@dataclass(frozen=True)
class ConstantBounds:
    lower: int
    upper: int
    step: int

    @property
    def trip_count(self) -> int:
        return max(0, -(-(self.upper - self.lower) // self.step))


def constant_value(expr: AffineExpr) -> int | None:
    return expr.value if isinstance(expr, AffineConstantExpr) else None


def constant_bounds(loop: affine.ForOp) -> ConstantBounds | None:
    """The bounds of `loop` when both are single constants."""
    lower_map, upper_map = loop.lowerBoundMap.data, loop.upperBoundMap.data
    if len(lower_map.results) != 1:
        return None
    lower = constant_value(lower_map.results[0])
    uppers = [constant_value(e) for e in upper_map.results]
    if lower is None or any(u is None for u in uppers):
        return None
    upper = min(u for u in uppers if u is not None)
    return ConstantBounds(lower, upper, loop_step(loop))


def loop_label(loop: affine.ForOp) -> str:
    return loop_name(loop) or "?"


# --- affine expressions ------------------------------------------------------


def simplify_expr(expr: AffineExpr, num_dims: int = 0) -> AffineExpr:
    """`expr` as a sum of terms with like terms collected (`d0 * 4 + d1 +
    1`), dims first. Divisions and modulos stay as written, as atoms: the
    xDSL simplifier would turn `d0 mod 8` into `d0 - (d0 floordiv 8) * 8`,
    and is slow."""
    terms: dict[AffineExpr, int] = {}
    constant = _collect(expr, 1, terms)
    atoms = sorted((a for a, c in terms.items() if c), key=_atom_order)
    out: AffineExpr | None = None
    for atom in atoms:
        term = atom * terms[atom] if terms[atom] != 1 else atom
        out = term if out is None else out + term
    if out is None:
        return AffineExpr.constant(constant)
    return out + constant if constant else out


def _collect(expr: AffineExpr, scale: int, terms: dict[AffineExpr, int]) -> int:
    """Add `scale * expr` to `terms`; returns its constant part."""
    if isinstance(expr, AffineConstantExpr):
        return scale * expr.value
    if isinstance(expr, AffineBinaryOpExpr):
        if expr.kind == AffineBinaryOpKind.Add:
            return _collect(expr.lhs, scale, terms) + _collect(expr.rhs, scale, terms)
        if expr.kind == AffineBinaryOpKind.Mul:
            if isinstance(expr.rhs, AffineConstantExpr):
                return _collect(expr.lhs, scale * expr.rhs.value, terms)
            if isinstance(expr.lhs, AffineConstantExpr):
                return _collect(expr.rhs, scale * expr.lhs.value, terms)
    terms[expr] = terms.get(expr, 0) + scale
    return 0


def _atom_order(atom: AffineExpr) -> tuple[int, int, str]:
    if isinstance(atom, AffineDimExpr):
        return (0, atom.position, "")
    if isinstance(atom, AffineSymExpr):
        return (1, atom.position, "")
    return (2, 0, str(atom))


def simplify_map(amap: AffineMap) -> AffineMap:
    n = amap.num_dims + amap.num_symbols
    return AffineMap(
        amap.num_dims,
        amap.num_symbols,
        tuple(simplify_expr(e, n) for e in amap.results),
    )


def all_dims_map(amap: AffineMap) -> AffineMap:
    """The same map with symbol k read as dimension num_dims + k."""
    if amap.num_symbols == 0:
        return amap
    n = amap.num_dims
    dims = [AffineExpr.dimension(d) for d in range(n)]
    syms = [AffineExpr.dimension(n + s) for s in range(amap.num_symbols)]
    return amap.replace_dims_and_symbols(dims, syms, n + amap.num_symbols, 0)


def merge_inputs(
    first: Sequence[SSAValue], second: Sequence[SSAValue]
) -> tuple[tuple[SSAValue, ...], list[AffineExpr]]:
    """Inputs of a map that reads both `first` and `second` (shared values
    once), and the dimension that each entry of `second` became."""
    merged = list(first)
    dims: list[AffineExpr] = []
    for value in second:
        if value in merged:
            dims.append(AffineExpr.dimension(merged.index(value)))
        else:
            merged.append(value)
            dims.append(AffineExpr.dimension(len(merged) - 1))
    return tuple(merged), dims


def substitute_input(
    exprs: Sequence[AffineExpr],
    num_inputs: int,
    inputs: Sequence[SSAValue],
    old: SSAValue,
    expr: AffineExpr,
    expr_inputs: Sequence[SSAValue],
) -> tuple[list[AffineExpr], tuple[SSAValue, ...]]:
    """Rewrite expressions over `inputs` (all dims) so that every input equal
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
    """An `affine.for` with an empty body (the caller fills it and adds the
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
    """Replace every use of the index value `old` by `expr` over
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
    """The property holding the affine map over `user`'s last operands: an
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


def index_constant(value: SSAValue) -> int | None:
    """The value of an `arith.constant` of index type."""
    owner = value.owner
    if not isinstance(value.type, IndexType):
        return None
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


# --- printing expressions for messages ---------------------------------------


def format_expr(expr: AffineExpr, names: Sequence[str]) -> str:
    """`expr` as a reader writes it, dims named by `names` (`i - 1`)."""
    terms = _sum_terms(expr)
    text = ""
    constant = 0
    for term in terms:
        if isinstance(term, AffineConstantExpr):
            constant += term.value
            continue
        coef, base = _split_coefficient(term)
        body = _format_atom(base, names)
        if coef != 1 and coef != -1:
            body = f"{body} * {abs(coef)}"
        if not text:
            text = f"-{body}" if coef < 0 else body
        else:
            text += f" - {body}" if coef < 0 else f" + {body}"
    if not text:
        return str(constant)
    if constant:
        text += f" - {-constant}" if constant < 0 else f" + {constant}"
    return text


def _sum_terms(expr: AffineExpr) -> list[AffineExpr]:
    if isinstance(expr, AffineBinaryOpExpr) and expr.kind == AffineBinaryOpKind.Add:
        return _sum_terms(expr.lhs) + _sum_terms(expr.rhs)
    return [expr]


def _split_coefficient(expr: AffineExpr) -> tuple[int, AffineExpr]:
    if isinstance(expr, AffineBinaryOpExpr) and expr.kind == AffineBinaryOpKind.Mul:
        if isinstance(expr.rhs, AffineConstantExpr):
            coef, base = _split_coefficient(expr.lhs)
            return coef * expr.rhs.value, base
        if isinstance(expr.lhs, AffineConstantExpr):
            coef, base = _split_coefficient(expr.rhs)
            return coef * expr.lhs.value, base
    return 1, expr


def _format_atom(expr: AffineExpr, names: Sequence[str]) -> str:
    if isinstance(expr, AffineDimExpr):
        return names[expr.position] if expr.position < len(names) else str(expr)
    if isinstance(expr, AffineSymExpr):
        return str(expr)
    if isinstance(expr, AffineConstantExpr):
        return str(expr.value)
    if isinstance(expr, AffineBinaryOpExpr):
        token = {
            AffineBinaryOpKind.FloorDiv: "floordiv",
            AffineBinaryOpKind.CeilDiv: "ceildiv",
            AffineBinaryOpKind.Mod: "mod",
            AffineBinaryOpKind.Mul: "*",
            AffineBinaryOpKind.Add: "+",
        }[expr.kind]
        lhs = format_expr(expr.lhs, names)
        rhs = format_expr(expr.rhs, names)
        return f"({lhs}) {token} {rhs}"
    return str(expr)
