"""
The `fold-memref-views` pass: accesses through `memref.subview`,
`expand_shape` and `collapse_shape` become accesses of the underlying
buffer."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from xdsl.context import Context
from xdsl.dialects import affine, memref
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AffineMapAttr,
    ArrayAttr,
    IntegerAttr,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.ir.affine import AffineExpr, AffineMap
from xdsl.passes import ModulePass

from allo_xdsl.analysis.affine_expr import all_dims_map
from allo_xdsl.analysis.affine_forms import simplify_map
from allo_xdsl.diagnostics import AlloError

_VIEWS = (memref.SubviewOp, memref.ExpandShapeOp, memref.CollapseShapeOp)


@dataclass(frozen=True)
class FoldMemrefViewsPass(ModulePass):
    """
    Rewrite every `affine.load`/`affine.store` and `memref.load`/
    `memref.store` of a view into an `affine.load`/`affine.store` of the
    viewed buffer, with the view's index arithmetic in the access map:
    a subview adds its offsets and scales by its strides (dropped unit
    dimensions of a rank-reducing subview read their offset), an
    `expand_shape` linearizes each group of dimensions, a `collapse_shape`
    splits an index with `floordiv` and `mod`. Views of views fold from the
    innermost out; a view whose every use was folded is erased. As upstream MLIR's
    `fold-memref-alias-ops`. No options.

    Rejects a view with dynamic sizes or strides, or a view of a buffer
    with dynamic dimensions (nothing to linearize with).
    """

    name = "fold-memref-views"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        views = [o for o in op.walk() if isinstance(o, _VIEWS)]
        for view in reversed(views):
            fold_view(view)


def fold_view(view: Operation) -> None:
    result = view.results[0]
    folded = False
    for use in list(result.uses):
        access = use.operation
        if _is_access(access) and access.operands[use.index] is result:
            _fold_access(view, access)
            folded = True
    if folded and not result.uses:
        view.detach()
        view.erase()


def _is_access(op: Operation) -> bool:
    return isinstance(
        op, affine.LoadOp | affine.StoreOp | memref.LoadOp | memref.StoreOp
    )


def _access_map(access: Operation) -> tuple[AffineMap, list[SSAValue]]:
    if isinstance(access, affine.LoadOp | affine.StoreOp):
        return all_dims_map(access.map.data), list(access.indices)
    assert isinstance(access, memref.LoadOp | memref.StoreOp)
    return AffineMap.identity(len(access.indices)), list(access.indices)


def _fold_access(view: Operation, access: Operation) -> None:
    amap, operands = _access_map(access)
    extra: list[SSAValue] = []
    indices = list(amap.results)
    source = view.operands[0]
    if isinstance(view, memref.SubviewOp):
        new = _subview_indices(view, indices, amap.num_dims, extra)
    elif isinstance(view, memref.ExpandShapeOp):
        new = _expand_indices(view, indices)
    else:
        assert isinstance(view, memref.CollapseShapeOp)
        new = _collapse_indices(view, indices)
    new_map = AffineMapAttr(
        simplify_map(AffineMap(amap.num_dims + len(extra), 0, tuple(new)))
    )
    inputs = [*operands, *extra]
    if isinstance(access, affine.LoadOp | memref.LoadOp):
        replacement: Operation = affine.LoadOp(
            source, inputs, new_map, access.results[0].type
        )
        replacement.results[0].name_hint = access.results[0].name_hint
    else:
        replacement = affine.StoreOp(access.operands[0], source, inputs, new_map)
    replacement.location = access.location
    replacement.attributes |= access.attributes
    block = access.parent_block()
    assert block is not None
    block.insert_op_before(replacement, access)
    for old, new_value in zip(access.results, replacement.results, strict=True):
        old.replace_all_uses_with(new_value)
    access.detach()
    access.erase()


def _static_shape(value: SSAValue, view: Operation) -> tuple[int, ...]:
    t = value.type
    assert isinstance(t, MemRefType)
    shape = t.get_shape()
    if any(d == DYNAMIC_INDEX for d in shape):
        raise AlloError(
            f"'{view.name}' of a memref with dynamic dimensions ({t}) is not supported",
            view,
        )
    return shape


def _subview_indices(
    view: memref.SubviewOp,
    indices: list[AffineExpr],
    num_dims: int,
    extra: list[SSAValue],
) -> list[AffineExpr]:
    static_strides = view.static_strides.get_values()
    static_sizes = view.static_sizes.get_values()
    if view.strides or view.sizes or DYNAMIC_INDEX in (*static_strides, *static_sizes):
        raise AlloError(
            "'memref.subview' with dynamic sizes or strides is not supported", view
        )
    dynamic = iter(view.offsets)
    offsets: list[AffineExpr] = []
    for offset in view.static_offsets.get_values():
        if offset != DYNAMIC_INDEX:
            offsets.append(AffineExpr.constant(offset))
            continue
        extra.append(next(dynamic))
        offsets.append(AffineExpr.dimension(num_dims + len(extra) - 1))
    kept = _kept_dims(static_sizes, _static_shape(view.result, view))
    positions = iter(indices)
    return [
        offsets[k] + next(positions) * static_strides[k] if kept[k] else offsets[k]
        for k in range(len(offsets))
    ]


def _kept_dims(sizes: tuple[int, ...], result_shape: tuple[int, ...]) -> list[bool]:
    """
    Which source dimensions a (maybe rank-reducing) subview keeps: unit
    sizes are dropped, from the left, until the ranks match."""
    to_drop = len(sizes) - len(result_shape)
    kept: list[bool] = []
    for size in sizes:
        drop = to_drop > 0 and size == 1
        to_drop -= drop
        kept.append(not drop)
    return kept


def _groups(view: Operation) -> list[list[int]]:
    attr = view.properties["reassociation"]
    assert isinstance(attr, ArrayAttr)
    groups: list[list[int]] = []
    for group in attr.data:
        assert isinstance(group, ArrayAttr)
        groups.append([_int(a) for a in group.data])
    return groups


def _int(attr: Attribute) -> int:
    assert isinstance(attr, IntegerAttr)
    return attr.value.data


def _expand_indices(
    view: memref.ExpandShapeOp, indices: list[AffineExpr]
) -> list[AffineExpr]:
    """
    Source index k = the row-major linearization of its group of result
    indices."""
    shape = _static_shape(view.result, view)
    new: list[AffineExpr] = []
    for group in _groups(view):
        expr = AffineExpr.constant(0)
        for j in group:
            expr = expr + indices[j] * prod(shape[i] for i in group if i > j)
        new.append(expr)
    return new


def _collapse_indices(
    view: memref.CollapseShapeOp, indices: list[AffineExpr]
) -> list[AffineExpr]:
    """Each source index of group k is a digit of result index k."""
    shape = _static_shape(view.src, view)
    new: list[AffineExpr] = []
    for k, group in enumerate(_groups(view)):
        for position, j in enumerate(group):
            inner = prod(shape[i] for i in group if i > j)
            digit = indices[k] // inner if inner != 1 else indices[k]
            new.append(digit if position == 0 else digit % shape[j])
    return new
