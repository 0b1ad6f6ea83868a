"""Hardware hints, read through one API.

The hints are discardable attributes named in `allo_xdsl.dialects.fpga`
(`fpga.pipeline_ii`, `fpga.unroll`, ...) and partition layouts in memref
types. Readers of hints (the QoR model first) use these functions rather
than attribute names, so that the encoding can change in one place:

    if (p := pipeline(loop)) is not None:
        print(p.ii, p.rewind)
    factor = unroll(loop)          # None, 0 (fully) or N
    partition(memref_type)         # ((kind, factor), ...) or None

Malformed hints read as absent: the verifier (`verify_fpga`) reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from xdsl.dialects import func
from xdsl.dialects.builtin import (
    IntegerAttr,
    MemRefType,
    UnitAttr,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue

from allo_xdsl.dialects.fpga import (
    BIND_STORAGE,
    DATAFLOW,
    INLINE,
    INTERFACE,
    PARALLEL,
    PIPELINE_II,
    REWIND,
    TOP,
    UNROLL,
    interface_port,
    partition_of,
    storage_binding,
)


@dataclass(frozen=True)
class Pipeline:
    """A pipeline request: initiation interval and rewind."""

    ii: int
    rewind: bool = False


@dataclass(frozen=True)
class Storage:
    """The memory a buffer is bound to: `impl` (bram, uram, lutram) and
    `type` (ram_1p, ram_2p, ram_t2p, ram_s2p)."""

    impl: str
    kind: str


@dataclass(frozen=True)
class Interface:
    """The port of a top-function parameter: `m_axi` or `s_axilite`."""

    mode: str
    bundle: str | None = None


def _int(op: Operation, name: str) -> int | None:
    attr = op.attributes.get(name)
    if not isinstance(attr, IntegerAttr):
        return None
    return attr.value.data


def _flag(op: Operation, name: str) -> bool:
    return isinstance(op.attributes.get(name), UnitAttr)


def pipeline(op: Operation) -> Pipeline | None:
    """The pipeline requested on loop `op`, if any."""
    ii = _int(op, PIPELINE_II)
    if ii is None or ii < 1:
        return None
    return Pipeline(ii, _flag(op, REWIND))


def unroll(op: Operation) -> int | None:
    """The unroll factor requested on loop `op`: None when not unrolled, 0
    for a full unroll."""
    factor = _int(op, UNROLL)
    return None if factor is None or factor < 0 else factor


def is_dataflow(op: Operation) -> bool:
    """Whether function or loop `op` is a dataflow region."""
    return _flag(op, DATAFLOW)


def is_parallel(op: Operation) -> bool:
    """Whether loop `op` is marked as having independent iterations."""
    return _flag(op, PARALLEL)


def is_inline(op: Operation) -> bool:
    """Whether function `op` is to be inlined into its callers."""
    return _flag(op, INLINE)


def is_top(op: Operation) -> bool:
    """Whether function `op` is the top function of the kernel."""
    return _flag(op, TOP)


def partition(memref: Attribute) -> tuple[tuple[str, int], ...] | None:
    """`(kind, factor)` per dimension of a partitioned memref type (kinds
    `none`, `cyclic`, `block`, `complete`; factor 0 for the last two), else
    None."""
    if not isinstance(memref, MemRefType):
        return None
    layout = partition_of(cast(MemRefType[Attribute], memref))
    return None if layout is None else layout.entries


def _arg_attr(value: BlockArgument, name: str) -> Attribute | None:
    fn = value.block.parent_op()
    if not isinstance(fn, func.FuncOp) or fn.arg_attrs is None:
        return None
    entries = fn.arg_attrs.data
    if value.index >= len(entries):
        return None
    return entries[value.index].data.get(name)


def _hint_of(value: SSAValue | Operation, name: str) -> Attribute | None:
    if isinstance(value, Operation):
        return value.attributes.get(name)
    if isinstance(value, BlockArgument):
        return _arg_attr(value, name)
    owner = value.owner
    return owner.attributes.get(name) if isinstance(owner, Operation) else None


def storage(value: SSAValue | Operation) -> Storage | None:
    """The storage a buffer (an alloc, its result or a function parameter)
    is bound to, if it is."""
    attr = _hint_of(value, BIND_STORAGE)
    binding = None if attr is None else storage_binding(attr)
    return None if binding is None else Storage(*binding)


def interface(value: SSAValue) -> Interface | None:
    """The port mode of a top-function parameter, if one is set."""
    attr = _hint_of(value, INTERFACE)
    port = None if attr is None else interface_port(attr)
    return None if port is None else Interface(*port)
