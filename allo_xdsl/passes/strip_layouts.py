"""
The `strip-layouts` pass: partition layouts leave the memref types and
become `hls.partition` attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, memref
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    StringAttr,
    i64,
)
from xdsl.ir import Attribute, Operation, TypeAttribute
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    TypeConversionPattern,
)

from allo_xdsl.dialects.fpga import HLS_PARTITION, NONE, PartitionAttr
from allo_xdsl.rewriting.buffer_types import strip_type

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
        PatternRewriteWalker(
            RecordAndStripPartitions(), apply_recursively=False
        ).rewrite_module(op)


class RecordAndStripPartitions(RewritePattern):
    """
    Where storage is declared (function arguments and results,
    `memref.alloc`/`alloca`, `memref.global`), the partition of its type
    as an `hls.partition` attribute; then every type of the op without its
    partition layouts. One pattern, so that an op's partitions are read
    before its own types lose them (a function's record reads its
    signature) in a single walk; no op's types change through another's."""

    def __init__(self) -> None:
        self._strip = StripPartitionLayouts()

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if _record(op):
            rewriter.notify_op_modified(op)
        self._strip.match_and_rewrite(op, rewriter)


class StripPartitionLayouts(TypeConversionPattern):
    """
    Every type of an op (results, block arguments, type-valued properties
    and attributes) without its partition layouts."""

    def convert_type(self, typ: Attribute, /) -> Attribute | None:
        # Only types: other attributes (`arg_attrs`, hints) hold no layout.
        if not isinstance(typ, TypeAttribute):
            return None
        stripped = strip_type(typ)
        return None if stripped == typ else stripped


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


def _partition(t: Attribute) -> PartitionAttr | None:
    if isinstance(t, MemRefType) and isinstance(t.layout, PartitionAttr):
        return t.layout
    return None


def _record(op: Operation) -> bool:
    """Record the partitions `op` declares; whether there were any."""
    if isinstance(op, func.FuncOp):
        return _record_function(op)
    layout = None
    if isinstance(op, _STORAGE_OPS):
        layout = _partition(op.memref.type)
    elif isinstance(op, memref.GlobalOp):
        layout = _partition(op.type)
    if layout is None:
        return False
    op.attributes[HLS_PARTITION] = partition_attribute(layout)
    return True


def _record_function(fn: func.FuncOp) -> bool:
    t = fn.function_type
    recorded = False
    if any(_partition(x) for x in t.inputs):
        fn.arg_attrs = _with_partitions(fn.arg_attrs, t.inputs.data)
        recorded = True
    if any(_partition(x) for x in t.outputs):
        fn.res_attrs = _with_partitions(fn.res_attrs, t.outputs.data)
        recorded = True
    return recorded


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
