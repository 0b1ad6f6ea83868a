"""
Turn the symbols of affine maps into dimensions.

xDSL 0.74 parses a textual subscript such as `affine.load %A[%i, %k]` into a
map over symbols (`()[s0, s1] -> (s0, s1)`), while MLIR reads loop induction
variables there as dimensions. xDSL's `lower-affine` and affine interpreter
assume dimensions, so every map is rewritten to take its symbols as trailing
dimensions. Operand order is unchanged, so the rewrite is exact: a symbol is
always a valid dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, ModuleOp
from xdsl.ir import Operation
from xdsl.ir.affine import AffineConstraintExpr, AffineExpr, AffineMap, AffineSet
from xdsl.passes import ModulePass

from allo_xdsl.analysis.affine_verify import verify_affine_operands

_MAP_PROPERTIES = ("map", "lowerBoundMap", "upperBoundMap")


def symbols_to_dims(affine_map: AffineMap) -> AffineMap:
    """The same map, with symbol k read as dimension num_dims + k."""
    if affine_map.num_symbols == 0:
        return affine_map
    dims = [AffineExpr.dimension(d) for d in range(affine_map.num_dims)]
    syms = [
        AffineExpr.dimension(affine_map.num_dims + s)
        for s in range(affine_map.num_symbols)
    ]
    total = affine_map.num_dims + affine_map.num_symbols
    return affine_map.replace_dims_and_symbols(dims, syms, total, 0)


def set_symbols_to_dims(affine_set: AffineSet) -> AffineSet:
    if affine_set.num_symbols == 0:
        return affine_set
    n = affine_set.num_dims
    dims = [AffineExpr.dimension(d) for d in range(n)]
    syms = [AffineExpr.dimension(n + s) for s in range(affine_set.num_symbols)]
    constraints = tuple(
        AffineConstraintExpr(
            c.kind,
            c.lhs.replace_dims_and_symbols(dims, syms),
            c.rhs.replace_dims_and_symbols(dims, syms),
            canonicalize=False,
        )
        for c in affine_set.constraints
    )
    return AffineSet(n + affine_set.num_symbols, 0, constraints)


def normalize_op(op: Operation) -> None:
    if not op.name.startswith("affine."):
        return
    for prop in _MAP_PROPERTIES:
        attr = op.properties.get(prop)
        if isinstance(attr, AffineMapAttr) and attr.data.num_symbols:
            op.properties[prop] = AffineMapAttr(symbols_to_dims(attr.data))
    cond = op.properties.get("condition")
    if isinstance(cond, AffineSetAttr) and cond.data.num_symbols:
        op.properties["condition"] = AffineSetAttr(set_symbols_to_dims(cond.data))


@dataclass(frozen=True)
class NormalizeAffinePass(ModulePass):
    """
    Rewrite every affine map and integer set so that it has no symbols, only
    dimensions, keeping the operand order. Runs right after parsing, so it
    first checks the input as MLIR would (see `analysis.affine_verify`):
    once every operand is a dimension, an operand that MLIR rejects would be
    accepted silently and the output would fail `mlir-opt`. Takes no
    options.

    Rejects: an operand of `affine.load`, `affine.store`, `affine.if` or of
    the bounds of `affine.for` and `affine.parallel` that is not a valid
    dimension (or symbol) where its map uses it as one, e.g. the result of
    an `affine.min` inside a loop used as a subscript (upstream's "operand
    cannot be used as a dimension id").
    """

    name = "normalize-affine"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        verify_affine_operands(op)
        normalize_function(op)


def normalize_function(op: Operation) -> None:
    """Normalize every affine op nested in `op`."""
    for inner in op.walk():
        normalize_op(inner)
