"""
Hardware hints, read and written through one API.

The hints are discardable attributes defined in `allo_xdsl.dialects.fpga`
(their names, and the one check of each value, which the verifier and the
setters below run) and partition layouts in memref types. Passes, targets
and the QoR model use these functions rather than attribute names:

    if (p := pipeline(loop)) is not None:
        print(p.ii, p.rewind)
    set_pipeline(loop, ii=2, rewind=True)   # VerifyException if ii < 1
    factor = unroll(loop)          # None, 0 (fully) or N
    partition(memref_type)         # ((kind, factor), ...) or None

Malformed hints read as absent: the verifier (`verify_fpga`) reports them.
A setter raises `VerifyException` for a value that is not valid; a pass
reports it at its op with `allo_xdsl.diagnostics.reported_at`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    IntegerAttr,
    IntegerType,
    MemRefType,
    StringAttr,
    UnitAttr,
    i64,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue

from allo_xdsl.dialects.fpga import (
    BIND_STORAGE,
    DATAFLOW,
    HINT_PREFIX,
    INLINE,
    INTERFACE,
    PARALLEL,
    PIPELINE_II,
    REWIND,
    TOP,
    UNROLL,
    checked_hint,
    hint_fields,
    partition_of,
    valid_hint,
)


@dataclass(frozen=True)
class Pipeline:
    """A pipeline request: initiation interval and rewind."""

    ii: int
    rewind: bool = False


@dataclass(frozen=True)
class Storage:
    """
    The memory a buffer is bound to: `impl` (bram, uram, lutram) and
    `kind`, its `type` (ram_1p, ram_2p, ram_t2p, ram_s2p)."""

    impl: str
    kind: str


@dataclass(frozen=True)
class Interface:
    """The port of a top-function parameter: `m_axi` or `s_axilite`."""

    mode: str
    bundle: str | None = None


def _int(op: Operation, name: str) -> int | None:
    attr = valid_hint(name, op.attributes.get(name))
    if attr is None:
        return None
    return cast(IntegerAttr[IntegerType], attr).value.data


def _flag(op: Operation, name: str, on: bool) -> None:
    if on:
        op.attributes[name] = UnitAttr()
    else:
        op.attributes.pop(name, None)


def pipeline(op: Operation) -> Pipeline | None:
    """The pipeline requested on loop `op`, if any."""
    ii = _int(op, PIPELINE_II)
    return None if ii is None else Pipeline(ii, is_hint(op, REWIND))


def set_pipeline(op: Operation, ii: int, rewind: bool = False) -> None:
    """
    Pipeline loop `op` with initiation interval `ii` (replacing any
    earlier pipeline); raises `VerifyException` for an `ii` below 1."""
    op.attributes[PIPELINE_II] = checked_hint(
        PIPELINE_II, IntegerAttr(ii, i64), "pipeline II"
    )
    _flag(op, REWIND, rewind)


def unroll(op: Operation) -> int | None:
    """
    The unroll factor requested on loop `op`: None when not unrolled, 0
    for a full unroll."""
    return _int(op, UNROLL)


def set_unroll(op: Operation, factor: int | None) -> None:
    """
    Unroll loop `op` by `factor` (0: fully; None: not at all); raises
    `VerifyException` for a negative factor."""
    if factor is None:
        op.attributes.pop(UNROLL, None)
    else:
        op.attributes[UNROLL] = checked_hint(
            UNROLL, IntegerAttr(factor, i64), "unroll factor"
        )


def is_hint(op: Operation, name: str) -> bool:
    """Whether unit hint `name` (`PARALLEL`, `DATAFLOW`, ...) is set on `op`."""
    return isinstance(op.attributes.get(name), UnitAttr)


def is_parallel(op: Operation) -> bool:
    """Whether loop `op` is marked as having independent iterations."""
    return is_hint(op, PARALLEL)


def set_parallel(op: Operation, on: bool = True) -> None:
    _flag(op, PARALLEL, on)


def is_dataflow(op: Operation) -> bool:
    """Whether function or loop `op` is a dataflow region."""
    return is_hint(op, DATAFLOW)


def set_dataflow(op: Operation, on: bool = True) -> None:
    _flag(op, DATAFLOW, on)


def is_inline(op: Operation) -> bool:
    """Whether function `op` is to be inlined into its callers."""
    return is_hint(op, INLINE)


def set_inline(op: Operation, on: bool = True) -> None:
    _flag(op, INLINE, on)


def is_top(op: Operation) -> bool:
    """Whether function `op` is the top function of the kernel."""
    return is_hint(op, TOP)


def set_top(op: Operation, on: bool = True) -> None:
    _flag(op, TOP, on)


def hint_names(op: Operation) -> list[str]:
    """The names of the hints set on `op`, sorted."""
    return sorted(k for k in op.attributes if k.startswith(HINT_PREFIX))


def _entry(fn: Operation, index: int, result: bool) -> Mapping[str, Attribute]:
    entries = fn.properties.get("res_attrs" if result else "arg_attrs")
    if not isinstance(entries, ArrayAttr):
        return {}
    items = cast(ArrayAttr[Attribute], entries).data
    entry = items[index] if index < len(items) else None
    return entry.data if isinstance(entry, DictionaryAttr) else {}


def _set_entry(
    fn: func.FuncOp, index: int, result: bool, name: str, attr: Attribute
) -> None:
    """Set `name` in the attributes of parameter (or result) `index`."""
    count = len((fn.function_type.outputs if result else fn.function_type.inputs).data)
    current = fn.res_attrs if result else fn.arg_attrs
    old = current.data if current is not None else ()
    entries = [old[k] if k < len(old) else DictionaryAttr({}) for k in range(count)]
    entries[index] = DictionaryAttr({**entries[index].data, name: attr})
    if result:
        fn.res_attrs = ArrayAttr(entries)
    else:
        fn.arg_attrs = ArrayAttr(entries)


def _function_of(arg: BlockArgument) -> func.FuncOp | None:
    """The function whose parameter `arg` is, if it is one."""
    fn = arg.block.parent_op()
    if not isinstance(fn, func.FuncOp) or arg.block is not fn.body.blocks.first:
        return None
    return fn


def _value_hint(value: SSAValue | Operation, name: str) -> Attribute | None:
    if isinstance(value, BlockArgument):
        fn = _function_of(value)
        return None if fn is None else _entry(fn, value.index, False).get(name)
    owner = value if isinstance(value, Operation) else value.owner
    return owner.attributes.get(name) if isinstance(owner, Operation) else None


def storage(value: SSAValue | Operation) -> Storage | None:
    """
    The storage a buffer (an alloc, its result or a function parameter)
    is bound to, if it is."""
    attr = valid_hint(BIND_STORAGE, _value_hint(value, BIND_STORAGE))
    if attr is None:
        return None
    fields = hint_fields(attr, {"impl", "type"}, {"impl", "type"})
    return Storage(fields["impl"], fields["type"])


def set_storage(value: SSAValue | Operation, impl: str, kind: str) -> None:
    """
    Bind buffer `value` (an alloc, its result or a function parameter) to
    memory `impl` of type `kind`; raises `VerifyException` for an unknown
    one."""
    fields = {"impl": StringAttr(impl), "type": StringAttr(kind)}
    attr = checked_hint(BIND_STORAGE, DictionaryAttr(fields), "the storage binding")
    if isinstance(value, BlockArgument):
        fn = _function_of(value)
        assert fn is not None
        _set_entry(fn, value.index, False, BIND_STORAGE, attr)
        return
    owner = value if isinstance(value, Operation) else value.owner
    assert isinstance(owner, Operation)
    owner.attributes[BIND_STORAGE] = attr


def port(fn: Operation, index: int, result: bool = False) -> Interface | None:
    """The port of parameter (or result) `index` of function `fn`, if set."""
    attr = valid_hint(INTERFACE, _entry(fn, index, result).get(INTERFACE))
    if attr is None:
        return None
    fields = hint_fields(attr, {"mode"}, {"mode", "bundle"})
    return Interface(fields["mode"], fields.get("bundle"))


def interface(value: SSAValue) -> Interface | None:
    """The port mode of a top-function parameter, if one is set."""
    if not isinstance(value, BlockArgument):
        return None
    fn = _function_of(value)
    return None if fn is None else port(fn, value.index)


def set_port(
    fn: func.FuncOp, index: int, result: bool, mode: str, bundle: str | None
) -> None:
    """
    Give parameter (or result) `index` of `fn` the port `mode` (on
    `bundle`); raises `VerifyException` for an unknown mode or a bundle that
    is not a C identifier."""
    fields = {"mode": StringAttr(mode)}
    if bundle is not None:
        fields["bundle"] = StringAttr(bundle)
    attr = checked_hint(INTERFACE, DictionaryAttr(fields), "the interface")
    _set_entry(fn, index, result, INTERFACE, attr)


def partition(memref: Attribute) -> tuple[tuple[str, int], ...] | None:
    """
    `(kind, factor)` per dimension of a partitioned memref type (kinds
    `none`, `cyclic`, `block`, `complete`; factor 0 for the last two), else
    None."""
    if not isinstance(memref, MemRefType):
        return None
    layout = partition_of(cast(MemRefType[Attribute], memref))
    return None if layout is None else layout.entries
