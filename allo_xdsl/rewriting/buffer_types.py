"""
Changing the memref type of a buffer (partition, reshape): which uses
allow it, and updating the value and the function type."""

from __future__ import annotations

from collections.abc import Collection

from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    FunctionType,
    MemRefType,
    ModuleOp,
    NoneAttr,
)
from xdsl.ir import (
    Attribute,
    BlockArgument,
    Operation,
    ParametrizedAttribute,
    SSAValue,
    TypeAttribute,
)
from xdsl.rewriter import Rewriter

from allo_xdsl.analysis.lookup import value_name
from allo_xdsl.diagnostics import AlloError, op_location
from allo_xdsl.dialects.fpga import PartitionAttr, StreamType


def memref_of(fn: func.FuncOp, value: SSAValue, what: str) -> MemRefType[Attribute]:
    """The type of buffer `value`, which must be a static memref."""
    t = value.type
    if isinstance(t, StreamType):
        raise AlloError(
            f"{what}: it is a stream ({t}, made by 'to'), not an array",
            _holder(fn, value),
        )
    if not isinstance(t, MemRefType):
        raise AlloError(f"{what}: it is not a memref but {t}", _holder(fn, value))
    if any(d < 0 for d in t.get_shape()):
        raise AlloError(f"{what}: its shape {t} is not static", _holder(fn, value))
    return t


def _holder(fn: func.FuncOp, value: SSAValue) -> Operation:
    owner = value.owner
    return owner if isinstance(owner, Operation) else fn


def check_type_change(
    fn: func.FuncOp, value: SSAValue, allowed: Collection[str], what: str
) -> None:
    """
    Reject a type change of `value` that the IR could not follow: a use
    by an op not in `allowed`, a call passing it, or, for a parameter or a
    returned buffer, a call of `fn` (its signature would change under its
    callers: composing types across calls is the `compose` pass's job)."""
    name = value_name(value) or "?"
    for use in value.uses:
        op = use.operation
        if isinstance(op, func.CallOp):
            raise AlloError(
                f"{what}: '{name}' is passed to '{op.callee.string_value()}' at "
                f"{_where(op)}; the callee's parameter type would no longer match",
                op,
            )
        if op.name not in allowed:
            raise AlloError(f"{what}: '{op.name}' uses '{name}'", op)
    in_signature = isinstance(value, BlockArgument) or any(
        isinstance(use.operation, func.ReturnOp) for use in value.uses
    )
    if not in_signature:
        return
    module = fn.parent_op()
    while module is not None and not isinstance(module, ModuleOp):
        module = module.parent_op()
    if module is None:
        return
    for op in module.walk():
        if isinstance(op, func.CallOp) and op.callee.string_value() == fn.sym_name.data:
            raise AlloError(
                f"{what}: '{fn.sym_name.data}' is called at {_where(op)} and "
                f"'{name}' is part of its signature, which would no longer match "
                "the call",
                op,
            )


def _where(op: Operation) -> str:
    location = op_location(op)
    return str(location) if location else f"'{op.name}'"


def set_buffer_type(fn: func.FuncOp, value: SSAValue, new_type: MemRefType) -> SSAValue:
    """Give `value` the type `new_type`, and update the function type."""
    new_value = Rewriter.replace_value_with_new_type(value, new_type)
    fn.update_function_type()
    return new_value


def output_type(t: MemRefType) -> MemRefType:
    """
    The type of the output argument of a returned memref of type `t`: the
    same, but row-major when `t` has a strided layout (a view), since the
    caller allocates it."""
    if isinstance(t.layout, NoneAttr | PartitionAttr):
        return t
    return MemRefType(t.element_type, t.shape, NoneAttr(), t.memory_space)


def strip_type(t: Attribute) -> Attribute:
    """`t` with every partition layout inside it removed."""
    if isinstance(t, MemRefType):
        if isinstance(t.layout, PartitionAttr):
            return MemRefType(t.element_type, t.shape, NoneAttr(), t.memory_space)
        return t
    if isinstance(t, FunctionType):
        return FunctionType.from_lists(
            [strip_type(x) for x in t.inputs], [strip_type(x) for x in t.outputs]
        )
    if isinstance(t, ArrayAttr):
        return ArrayAttr([strip_type(x) for x in t])
    if isinstance(t, ParametrizedAttribute) and isinstance(t, TypeAttribute):
        params = [strip_type(p) for p in t.parameters]
        if params != list(t.parameters):
            return type(t).new(params)
    return t
