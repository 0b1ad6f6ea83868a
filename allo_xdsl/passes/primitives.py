"""
The registry of customization primitives: one row per primitive.

A row links the `sched` op of a primitive to the pass that applies it. The
op class gives the rest: its YAML name (`SplitOp.primitive == "split"`) and
its argument names (its IRDL properties, `SplitOp.arg_names()`). An argument
whose pass field is named otherwise is renamed in the row (`name` is taken by
`ModulePass.name`).

Adding a primitive: its op class in `dialects/sched.py` (and in
`PRIMITIVE_OPS` there), its pass file under `passes/` registered in
`passes/__init__.py`, and one row here.

The passes are named, not imported: they load when a step first needs one,
so reading a schedule does not import every primitive pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from allo_xdsl.dialects.sched import (
    BindStorageOp,
    BufferAtOp,
    ComputeAtOp,
    DataflowOp,
    FuseOp,
    InlineOp,
    InterfaceOp,
    ParallelOp,
    PartitionOp,
    PipelineOp,
    PrimitiveOp,
    QuantizeOp,
    ReorderOp,
    ReshapeOp,
    ReuseAtOp,
    SplitOp,
    TileOp,
    ToOp,
    UnrollOp,
)
from allo_xdsl.passes import get_allo_passes

if TYPE_CHECKING:
    from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class Primitive:
    """
    One customization primitive: its `sched` op, the pass that applies
    it (by pass name) and the argument renames (YAML name -> pass field)."""

    op: type[PrimitiveOp]
    pass_name: str
    renames: Mapping[str, str] = field(default_factory=dict[str, str])

    @property
    def name(self) -> str:
        """The YAML and `sched` name, e.g. `split`."""
        return self.op.primitive

    def pass_class(self) -> type[PrimitivePass]:
        return cast("type[PrimitivePass]", get_allo_passes()[self.pass_name]())

    def make_pass(self, step: PrimitiveOp, func: str) -> PrimitivePass:
        """The pass that performs `step` on function `func`."""
        args = {
            self.renames.get(name, name): value
            for name, value in step.arguments().items()
            if value is not None
        }
        return self.pass_class()(func=func, **args)


PRIMITIVES: tuple[Primitive, ...] = (
    Primitive(SplitOp, "loop-split"),
    Primitive(TileOp, "loop-tile"),
    Primitive(ReorderOp, "loop-reorder"),
    Primitive(FuseOp, "loop-fuse"),
    Primitive(UnrollOp, "loop-unroll"),
    Primitive(PipelineOp, "loop-pipeline"),
    Primitive(ParallelOp, "loop-parallel"),
    Primitive(ComputeAtOp, "compute-at"),
    Primitive(PartitionOp, "array-partition"),
    Primitive(ReuseAtOp, "reuse-at", {"name": "buffer_name"}),
    Primitive(BufferAtOp, "buffer-at"),
    Primitive(ReshapeOp, "reshape"),
    Primitive(ToOp, "buffer-to-stream"),
    Primitive(DataflowOp, "mark-dataflow"),
    Primitive(InlineOp, "mark-inline"),
    Primitive(BindStorageOp, "bind-storage"),
    Primitive(InterfaceOp, "top-interface"),
    Primitive(QuantizeOp, "quantize"),
)
"""Every primitive, in the order of DESIGN.md's table."""

BY_OP: dict[type[PrimitiveOp], Primitive] = {p.op: p for p in PRIMITIVES}
BY_NAME: dict[str, Primitive] = {p.name: p for p in PRIMITIVES}
"""By YAML name."""
BY_PASS: dict[str, Primitive] = {p.pass_name: p for p in PRIMITIVES}
"""By pass name."""
