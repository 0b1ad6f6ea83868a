"""
MLIR's rules for the operands of affine maps: dimensions and symbols.

An operand bound to a dimension of a map must be a valid dimension, one
bound to a symbol a valid symbol, as upstream's `isValidDim` and
`isValidSymbol` (mlir/lib/Dialect/Affine/IR/AffineOps.cpp) define them,
within the op's affine scope (the function body):

- a valid symbol is a value defined at the top level of the scope (a
  function argument, or any value computed outside every loop and branch),
  a constant, `affine.apply` of valid symbols, or `memref.dim` of a memref
  defined at the top level;
- a valid dimension is a valid symbol, an induction variable of an
  `affine.for` or `affine.parallel`, or `affine.apply` of valid dimensions.

Upstream checks the operands of `affine.load`, `affine.store`, `affine.if`,
the bounds of `affine.for` and `affine.parallel`, and (as mlir-opt-22
does) not those of `affine.apply`, `affine.min` and `affine.max`.

xDSL reads the subscripts of `affine.load %A[%i, %k]` as symbols, where
MLIR reads each bare `%x` as a dimension: a map of a load or store that has
symbols only is therefore checked as if they were dimensions (what MLIR
reads, and what `normalize-affine` makes of them).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import affine, func, memref
from xdsl.dialects.builtin import IndexType, ModuleOp
from xdsl.ir import BlockArgument, Operation, OpResult, Region, SSAValue
from xdsl.traits import ConstantLike, IsolatedFromAbove

from allo_xdsl.diagnostics import AlloError

_DIM_RULE = (
    "a dimension must be an affine.for or affine.parallel index, a valid "
    "symbol, or affine.apply of dimensions"
)
_SYMBOL_RULE = (
    "a symbol must be a function argument, a value defined outside every "
    "loop and branch, a constant, memref.dim, or affine.apply of symbols"
)


def verify_affine_operands(root: Operation) -> None:
    """
    Raise `AlloError`, located at the op and worded as upstream, for the
    first affine op in `root` with an operand that is not a valid dimension
    or symbol where its map needs one."""
    for op in root.walk():
        for operands, num_dims in _operand_groups(op):
            _check(op, operands, num_dims)


def _operand_groups(op: Operation) -> list[tuple[Sequence[SSAValue], int]]:
    """(operands, number of them bound to dimensions) for each map of `op`."""
    if isinstance(op, affine.LoadOp | affine.StoreOp):
        m = op.map.data
        # xDSL's subscripts are all symbols; MLIR reads them as dimensions.
        dims = len(op.indices) if m.num_dims == 0 else m.num_dims
        return [(tuple(op.indices), dims)]
    if isinstance(op, affine.ForOp):
        return [
            (tuple(op.lowerBoundOperands), op.lowerBoundMap.data.num_dims),
            (tuple(op.upperBoundOperands), op.upperBoundMap.data.num_dims),
        ]
    if isinstance(op, affine.IfOp):
        return [(tuple(op.args), op.condition.data.num_dims)]
    if isinstance(op, affine.ParallelOp):
        lower, upper = op.lowerBoundsMap.data, op.upperBoundsMap.data
        split = lower.num_dims + lower.num_symbols
        operands = tuple(op.map_operands)
        return [
            (operands[:split], lower.num_dims),
            (
                operands[split : split + upper.num_dims + upper.num_symbols],
                upper.num_dims,
            ),
        ]
    return []


def _check(op: Operation, operands: Sequence[SSAValue], num_dims: int) -> None:
    scope = affine_scope(op)
    for index, value in enumerate(operands):
        if index < num_dims and not is_valid_dim(value, scope):
            raise AlloError(
                f"'{op.name}' op operand cannot be used as a dimension id: "
                f"{_describe(value)}; {_DIM_RULE}",
                op,
            )
        if index >= num_dims and not is_valid_symbol(value, scope):
            raise AlloError(
                f"'{op.name}' op operand cannot be used as a symbol: "
                f"{_describe(value)}; {_SYMBOL_RULE}",
                op,
            )


def _describe(value: SSAValue) -> str:
    name = f"%{value.name_hint}" if value.name_hint else "the operand"
    if isinstance(value, OpResult):
        where = "inside a loop or branch" if _nested(value.op) else "here"
        return f"{name} is the result of '{value.op.name}' {where}"
    assert isinstance(value, BlockArgument)
    owner = value.block.parent_op()
    kind = owner.name if owner is not None else "a block"
    return f"{name} is an argument of a block of '{kind}'"


def _nested(op: Operation) -> bool:
    region = op.parent_region()
    return region is not None and region is not affine_scope(op)


def _is_scope(op: Operation) -> bool:
    return isinstance(op, func.FuncOp | ModuleOp) or op.has_trait(IsolatedFromAbove)


def affine_scope(op: Operation) -> Region | None:
    """The region of the closest enclosing function (or isolated op)."""
    region = op.parent_region()
    while region is not None:
        owner = region.parent_op()
        if owner is None or _is_scope(owner):
            return region
        region = owner.parent_region()
    return None


def _is_top_level(value: SSAValue, region: Region) -> bool:
    if isinstance(value, BlockArgument):
        return value.block.parent is region
    assert isinstance(value, OpResult)
    return value.op.parent_region() is region


def is_affine_index(value: SSAValue) -> bool:
    """An induction variable of an `affine.for` or `affine.parallel`."""
    if not isinstance(value, BlockArgument):
        return False
    owner = value.block.parent_op()
    if isinstance(owner, affine.ParallelOp):
        return True
    return isinstance(owner, affine.ForOp) and value.index == 0


def is_valid_symbol(value: SSAValue, region: Region | None) -> bool:
    """Upstream's `isValidSymbol(value, region)`."""
    if not isinstance(value.type, IndexType):
        return False
    if region is not None and _is_top_level(value, region):
        return True
    if isinstance(value, OpResult):
        op = value.op
        if op.has_trait(ConstantLike):
            return True
        if isinstance(op, affine.ApplyOp):
            return all(is_valid_symbol(v, region) for v in op.operands)
        if isinstance(op, memref.DimOp):
            return _dim_of_top_level(op)
    return _dominates_scope(value, region)


def _dominates_scope(value: SSAValue, region: Region | None) -> bool:
    """
    A value defined above a region that is not isolated is a symbol if
    it is one in the enclosing region."""
    owner = region.parent_op() if region is not None else None
    if owner is None or _is_scope(owner):
        return False
    parent = owner.parent_region()
    return parent is not None and is_valid_symbol(value, parent)


def _dim_of_top_level(op: memref.DimOp) -> bool:
    """
    Upstream's `isTopLevelValue` of the memref: an argument of a
    function, or defined directly in its body."""
    source = op.source
    if isinstance(source, BlockArgument):
        parent = source.block.parent_op()
    else:
        assert isinstance(source, OpResult)
        parent = source.op.parent_op()
    return parent is not None and _is_scope(parent)


def is_valid_dim(value: SSAValue, region: Region | None) -> bool:
    """Upstream's `isValidDim(value, region)`."""
    if not isinstance(value.type, IndexType):
        return False
    if is_valid_symbol(value, region):
        return True
    if isinstance(value, BlockArgument):
        return is_affine_index(value)
    assert isinstance(value, OpResult)
    op = value.op
    if isinstance(op, affine.ApplyOp):
        return all(is_valid_dim(v, region) for v in op.operands)
    if isinstance(op, memref.DimOp):
        return _dim_of_top_level(op)
    return False
