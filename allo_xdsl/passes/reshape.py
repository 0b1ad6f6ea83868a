"""The `reshape` primitive: give a buffer a new shape, same element order."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from math import prod
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import affine, func
from xdsl.dialects.builtin import AffineMapAttr, MemRefType, ModuleOp, NoneAttr
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.ir.affine import AffineExpr, AffineMap

from allo_xdsl.analysis.affine_expr import all_dims_map
from allo_xdsl.analysis.affine_forms import simplify_expr
from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import (
    check_type_change,
    memref_of,
    set_buffer_type,
)
from allo_xdsl.rewriting.class_properties import (
    ClassProperty,
    class_members,
    crosses_calls,
    retype_class,
)

ALLOWED_USERS = ("affine.load", "affine.store", "memref.dealloc", "func.return")


@dataclass(frozen=True)
class ReshapePass(PrimitivePass):
    """
    Give buffer `buffer` of function `func` the shape `shape` (a list of
    extents), as Allo's `reshape`: the elements keep their row-major order,
    and every access is rewritten to the same element of the new shape
    (through its row-major position, with `floordiv` and `mod`). A
    parameter or a returned buffer changes the function type.

    A buffer that crosses calls (passed to a call, a parameter of a called
    function, returned to a caller) is reshaped with its whole alias class,
    as `partition` is: every alias in every function gets the new shape,
    its accesses are rewritten, and the signatures change with them, so the
    module still verifies.

    Rejects: a buffer that is not a static memref, a shape with another
    element count or an extent below 1, a buffer (or an alias of it) with a
    layout (reshape before partitioning), used by an op other than
    `affine.load`, `affine.store`, dealloc, return and calls of functions
    the module defines, or aliased with a global or a declared function's
    parameter; the error names the alias and how it aliases.
    """

    name = "reshape"

    buffer: str
    shape: tuple[int, ...]

    def __post_init__(self) -> None:
        shape = (self.shape,) if isinstance(self.shape, int) else tuple(self.shape)
        object.__setattr__(self, "shape", shape)

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        value = find_buffer(fn, self.buffer)
        what = f"cannot reshape '{self.buffer}'"
        memref_type = memref_of(fn, value, what)
        owner = value.owner
        where = owner if isinstance(owner, Operation) else fn
        old_shape = memref_type.get_shape()
        if not self.shape or any(d < 1 for d in self.shape):
            raise AlloError(
                f"{what}: the new shape {list(self.shape)} needs extents >= 1", where
            )
        if prod(self.shape) != prod(old_shape):
            raise AlloError(
                f"{what}: the new shape {list(self.shape)} has {prod(self.shape)} "
                f"elements, but {memref_type} has {prod(old_shape)}",
                where,
            )
        if not isinstance(memref_type.layout, NoneAttr):
            raise AlloError(
                f"{what}: it has the layout {memref_type.layout}; reshape a "
                "buffer before partitioning it",
                where,
            )
        module = fn.parent_op()
        if isinstance(module, ModuleOp) and crosses_calls(module, value):
            _reshape_class(module, value, old_shape, self.shape)
            return
        check_type_change(fn, value, ALLOWED_USERS, what)
        new_type = MemRefType(
            memref_type.element_type,
            self.shape,
            memory_space=memref_type.memory_space,
        )
        for op in _accesses(value):
            _rewrite_access(op, old_shape, self.shape)
        set_buffer_type(fn, value, new_type)


@dataclass(frozen=True)
class _Shape(ClassProperty):
    """The shape of a memref, as a type change of a whole alias class."""

    name: ClassVar[str] = "shape"
    allowed_users: ClassVar[tuple[str, ...]] = (
        "affine.load",
        "affine.store",
        "memref.dealloc",
    )

    shape: tuple[int, ...]

    def facts(self, t: Attribute) -> dict[Hashable, Hashable]:
        return {}

    def apply(self, t: Attribute, facts: Mapping[Hashable, Hashable]) -> Attribute:
        if not isinstance(t, MemRefType):
            raise ValueError(f"it is not a memref but {t}")
        if not isinstance(t.layout, NoneAttr):
            raise ValueError(
                f"it has the layout {t.layout}; reshape a buffer before partitioning it"
            )
        return MemRefType(t.element_type, self.shape, memory_space=t.memory_space)

    def key_text(self, key: Hashable) -> str:
        return str(key)

    def value_text(self, value: Hashable) -> str:
        return str(value)


def _reshape_class(
    module: ModuleOp,
    value: SSAValue,
    old_shape: tuple[int, ...],
    new_shape: tuple[int, ...],
) -> None:
    """Reshape `value` and every alias of it across calls."""
    prop = _Shape(new_shape)
    aliases = class_members(module, value, prop)
    accesses = [op for m in aliases if isinstance(m, SSAValue) for op in _accesses(m)]
    retype_class(module, value, prop)
    for op in accesses:
        _rewrite_access(op, old_shape, new_shape)


def _accesses(value: SSAValue) -> list[affine.LoadOp | affine.StoreOp]:
    return [
        use.operation
        for use in value.uses
        if isinstance(use.operation, affine.LoadOp | affine.StoreOp)
    ]


def _rewrite_access(
    op: affine.LoadOp | affine.StoreOp,
    old_shape: tuple[int, ...],
    new_shape: tuple[int, ...],
) -> None:
    amap = all_dims_map(op.map.data)
    op.properties["map"] = AffineMapAttr(
        AffineMap(amap.num_dims, 0, reshaped(amap.results, old_shape, new_shape))
    )


def reshaped(
    subscripts: tuple[AffineExpr, ...],
    old_shape: tuple[int, ...],
    new_shape: tuple[int, ...],
) -> tuple[AffineExpr, ...]:
    """
    The subscripts in `new_shape` of the element at `subscripts` in
    `old_shape` (row-major)."""
    position: AffineExpr = AffineExpr.constant(0)
    for expr, extent in zip(subscripts, old_shape, strict=True):
        position = position * extent + expr
    num_dims = max((d for e in subscripts for d in e.used_dims()), default=-1) + 1
    position = simplify_expr(position, num_dims)
    results: list[AffineExpr] = []
    stride = prod(new_shape)
    for k, extent in enumerate(new_shape):
        stride //= extent
        expr = position if stride == 1 else position // stride
        if k > 0:
            expr = expr % extent
        results.append(expr)
    return tuple(results)
