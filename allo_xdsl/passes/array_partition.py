"""The `partition` primitive: split an array into banks or registers."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, NoneAttr
from xdsl.ir import Operation, SSAValue

from allo_xdsl.analysis.lookup import find_buffer
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import (
    COMPLETE,
    NONE,
    REQUESTABLE_PARTITION_KINDS,
    partition_of,
)
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.rewriting.buffer_types import memref_of
from allo_xdsl.rewriting.class_properties import (
    PARTITION,
    current_claim,
    set_class_property,
)

ALLOWED_USERS = (
    "affine.load",
    "affine.store",
    "memref.load",
    "memref.store",
    "memref.dealloc",
    "func.return",
)
"""Ops whose verification does not depend on the layout of the memref."""


@dataclass(frozen=True)
class ArrayPartitionPass(PrimitivePass):
    """
    Partition buffer `buffer` of function `func` along dimension `dim`
    (1-based; 0, the default: every dimension), as Allo's `partition`: `kind`
    `cyclic` or `block` splits it into `factor` banks, `complete` (the
    default, as in Allo) into registers.

    The partition is recorded in the memref type, as a `#fpga.partition`
    layout, on the function parameter (the function type follows) or on the
    local alloc; the HLS C++ target prints one `#pragma HLS array_partition
    variable=V <kind> [factor=N] dim=D` per partitioned dimension. Several
    applications to different dimensions of one buffer combine.

    A buffer that crosses calls is partitioned with all its aliases at once
    (its alias class, see the `compose` pass): the caller values passed for
    a parameter at every call site, the callee parameters a buffer is
    passed to, returned buffers and the values receiving them, a global and
    its `memref.get_global`s. Function types, call results and globals
    follow, so the module verifies.

    Rejects: a buffer that is not a static memref or that has another
    layout, `dim` beyond the rank, a factor for `complete`, a factor below 1
    or above the dimension's extent for `cyclic` and `block`, a dimension
    that this buffer's own partition already covers (`dim` 0 mixed with
    per-dimension partitions included), a different partition of a
    dimension that an alias already has (the error names both origins), and
    a buffer or alias used by an op other than loads, stores, dealloc,
    calls and return.
    """

    name = "array-partition"

    buffer: str
    kind: str = COMPLETE
    dim: int = 0
    factor: int = 0

    def apply_to(self, ctx: Context, fn: func.FuncOp) -> None:
        value = find_buffer(fn, self.buffer)
        what = f"cannot partition '{self.buffer}'"
        memref_type = memref_of(fn, value, what)
        owner = value.owner
        where = owner if isinstance(owner, Operation) else fn
        self._check_arguments(what, where)
        layout = memref_type.layout
        if not isinstance(layout, NoneAttr) and partition_of(memref_type) is None:
            raise AlloError(f"{what}: it has the layout {layout}", where)
        rank = memref_type.get_num_dims()
        if self.dim > rank:
            raise AlloError(
                f"{what}: dimension {self.dim} is beyond its rank {rank}", where
            )
        dims = range(1, rank + 1) if self.dim == 0 else (self.dim,)
        shape = memref_type.get_shape()
        current = partition_of(memref_type)
        entries = current.entries if current else ((NONE, 0),) * rank
        for d in dims:
            if self.kind != COMPLETE and self.factor > shape[d - 1]:
                raise AlloError(
                    f"{what}: factor {self.factor} exceeds the extent "
                    f"{shape[d - 1]} of dimension {d}",
                    where,
                )
            if entries[d - 1][0] != NONE:
                self._check_repartition(fn, value, d, entries[d - 1], what, where)
        for use in value.uses:
            user = use.operation
            if not isinstance(user, func.CallOp) and user.name not in ALLOWED_USERS:
                raise AlloError(f"{what}: '{user.name}' uses '{self.buffer}'", user)
        factor = self.factor if self.kind != COMPLETE else 0
        # The partition is part of the type: every alias of the buffer across
        # calls takes it at once, so the module keeps verifying.
        set_class_property(
            _module(fn),
            value,
            PARTITION,
            {d: (self.kind, factor) for d in dims},
            self.name,
        )

    def _check_repartition(
        self,
        fn: func.FuncOp,
        value: SSAValue,
        dim: int,
        entry: tuple[str, int],
        what: str,
        where: Operation,
    ) -> None:
        """
        Dimension `dim` of `value` is partitioned already: by a step on
        this buffer (an error), or through an alias across calls (a conflict
        when it differs, reported with both origins; nothing to do when it
        agrees)."""
        claim = current_claim(_module(fn), value, PARTITION, dim)
        # A layout of the input is every alias's own: it was written on each.
        if (
            claim is not None
            and not claim.origin.from_input
            and claim.member is not value
        ):
            return
        source = f"; it was {claim.origin.source}" if claim else ""
        raise AlloError(
            f"{what}: dimension {dim} is already partitioned "
            f"({_describe(entry)}); a buffer takes one "
            "partition per dimension, and dim 0 covers every dimension" + source,
            where,
        )

    def _check_arguments(self, what: str, where: Operation) -> None:
        # A step's arguments were checked by its sched op; the options of the
        # standalone pass (`array-partition{kind=...}`) enter here.
        if self.kind not in REQUESTABLE_PARTITION_KINDS:
            raise AlloError(
                f"{what}: unknown kind '{self.kind}'; expected one of "
                f"{', '.join(REQUESTABLE_PARTITION_KINDS)}",
                where,
            )
        if self.dim < 0:
            raise AlloError(f"{what}: dim must be >= 0, got {self.dim}", where)
        if self.kind == COMPLETE and self.factor != 0:
            raise AlloError(
                f"{what}: a complete partition takes no factor, got {self.factor} "
                "(complete is the default kind; a factor needs kind cyclic or block)",
                where,
            )
        if self.kind != COMPLETE and self.factor < 1:
            raise AlloError(
                f"{what}: a {self.kind} partition needs a factor >= 1, "
                f"got {self.factor}",
                where,
            )


def _module(fn: func.FuncOp) -> ModuleOp:
    module = fn.parent_op()
    while module is not None and not isinstance(module, ModuleOp):
        module = module.parent_op()
    if module is None:
        raise AlloError(f"'{fn.sym_name.data}' is not in a module", fn)
    return module


def _describe(entry: tuple[str, int]) -> str:
    kind, factor = entry
    return f"{kind} {factor}" if factor else kind
