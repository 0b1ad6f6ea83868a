"""The `strip-layouts` pass: partition layouts leave the memref types and
become `hls.partition` attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, memref
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    FunctionType,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StringAttr,
    i64,
)
from xdsl.ir import Attribute, Operation, ParametrizedAttribute, TypeAttribute
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from allo_xdsl.dialects.fpga import HLS_PARTITION, NONE, PartitionAttr

_STORAGE_OPS = (memref.AllocOp, memref.AllocaOp)


@dataclass(frozen=True)
class StripLayoutsPass(ModulePass):
    """
    Remove `#fpga.partition` layouts from every memref type in the module
    (results, block arguments, function types, `memref.global` types) and
    record them as discardable `hls.partition` attributes where the storage
    is declared: on function arguments and results (`arg_attrs`/`res_attrs`),
    on `memref.alloc`/`memref.alloca` and on `memref.global`. Since every
    type is rewritten the same way, calls keep matching their callees.

    Other layouts (strided views) stay. No options; rejects nothing.
    """

    name = "strip-layouts"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in op.walk():
            _record(inner)
            _strip_op(inner)


def partition_attribute(layout: PartitionAttr) -> ArrayAttr[DictionaryAttr]:
    """The `hls.partition` value of `layout`."""
    entries: list[DictionaryAttr] = []
    for dim, (kind, factor) in enumerate(layout.entries, start=1):
        if kind == NONE:
            continue
        fields: dict[str, Attribute] = {
            "dim": IntegerAttr(dim, i64),
            "kind": StringAttr(kind),
        }
        if factor:
            fields["factor"] = IntegerAttr(factor, i64)
        entries.append(DictionaryAttr(fields))
    return ArrayAttr(entries)


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


def _partition(t: Attribute) -> PartitionAttr | None:
    if isinstance(t, MemRefType) and isinstance(t.layout, PartitionAttr):
        return t.layout
    return None


def _record(op: Operation) -> None:
    if isinstance(op, func.FuncOp):
        _record_function(op)
    elif isinstance(op, _STORAGE_OPS):
        layout = _partition(op.memref.type)
        if layout is not None:
            op.attributes[HLS_PARTITION] = partition_attribute(layout)
    elif isinstance(op, memref.GlobalOp):
        layout = _partition(op.type)
        if layout is not None:
            op.attributes[HLS_PARTITION] = partition_attribute(layout)


def _record_function(fn: func.FuncOp) -> None:
    t = fn.function_type
    if any(_partition(x) for x in t.inputs):
        fn.arg_attrs = _with_partitions(fn.arg_attrs, t.inputs.data)
    if any(_partition(x) for x in t.outputs):
        fn.res_attrs = _with_partitions(fn.res_attrs, t.outputs.data)


def _with_partitions(
    attrs: ArrayAttr[DictionaryAttr] | None, types: Sequence[Attribute]
) -> ArrayAttr[DictionaryAttr]:
    old = list(attrs.data) if attrs is not None else []
    old += [DictionaryAttr({})] * (len(types) - len(old))
    new: list[DictionaryAttr] = []
    for entry, t in zip(old, types, strict=True):
        layout = _partition(t)
        if layout is None:
            new.append(entry)
            continue
        new.append(
            DictionaryAttr(entry.data | {HLS_PARTITION: partition_attribute(layout)})
        )
    return ArrayAttr(new)


def _strip_op(op: Operation) -> None:
    for result in op.results:
        stripped = strip_type(result.type)
        if stripped != result.type:
            Rewriter.replace_value_with_new_type(result, stripped)
    for region in op.regions:
        for block in region.blocks:
            for arg in block.args:
                stripped = strip_type(arg.type)
                if stripped != arg.type:
                    Rewriter.replace_value_with_new_type(arg, stripped)
    for name, attr in list(op.properties.items()):
        if isinstance(attr, TypeAttribute):
            op.properties[name] = strip_type(attr)
    for name, attr in list(op.attributes.items()):
        if isinstance(attr, TypeAttribute):
            op.attributes[name] = strip_type(attr)
