"""
The table of customization primitives: one row per primitive, the only
place that links a primitive's op, its pass and their names.

A row links the `sched` op of a primitive to the pass that applies it: the
pass's name (`loop-split`), where its class is (module under `passes/` and
class name) and the argument renames. The op class gives the rest: its YAML
name (`SplitOp.primitive == "split"`) and its argument names (its IRDL
properties, `SplitOp.arg_names()`). An argument whose pass field is named
otherwise is renamed in the row (`name` is taken by `ModulePass.name`). The
pass registry (`passes/__init__.py`) lists the primitive passes from here.

Adding a primitive touches: its op class in `dialects/sched.py` (listed in
the `Sched` dialect, as every op of a dialect is), its pass file under
`passes/`, and one row here.

The passes are named, not imported: a pass module loads when a step first
needs it, so reading a schedule or listing passes does not import every
primitive pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, cast

from allo_xdsl.dialects.sched import (
    BindStorageOp,
    BufferAtOp,
    ComputeAtOp,
    DataflowOp,
    DistributeOp,
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

if TYPE_CHECKING:
    from allo_xdsl.passes.common import PrimitivePass


@dataclass(frozen=True)
class Primitive:
    """
    One customization primitive: its `sched` op, the pass that applies
    it (its name, and its class `class_name` in `allo_xdsl.passes.<module>`)
    and the argument renames (YAML name -> pass field)."""

    op: type[PrimitiveOp]
    pass_name: str
    module: str
    class_name: str
    renames: Mapping[str, str] = field(default_factory=dict[str, str])

    @property
    def name(self) -> str:
        """The YAML and `sched` name, e.g. `split`."""
        return self.op.primitive

    def pass_class(self) -> type[PrimitivePass]:
        """The pass class, its module imported on first use."""
        module = import_module(f"allo_xdsl.passes.{self.module}")
        return cast("type[PrimitivePass]", getattr(module, self.class_name))

    def make_pass(self, step: PrimitiveOp, func: str) -> PrimitivePass:
        """The pass that performs `step` on function `func`."""
        args = {
            self.renames.get(name, name): value
            for name, value in step.arguments().items()
            if value is not None
        }
        return self.pass_class()(func=func, **args)


PRIMITIVES: tuple[Primitive, ...] = (
    # op, pass name, pass module under passes/, pass class[, renames]
    Primitive(SplitOp, "loop-split", "loop_split", "LoopSplitPass"),
    Primitive(TileOp, "loop-tile", "loop_tile", "LoopTilePass"),
    Primitive(ReorderOp, "loop-reorder", "loop_reorder", "LoopReorderPass"),
    Primitive(FuseOp, "loop-fuse", "loop_fuse", "LoopFusePass"),
    Primitive(DistributeOp, "loop-distribute", "loop_distribute", "LoopDistributePass"),
    Primitive(UnrollOp, "loop-unroll", "loop_unroll", "LoopUnrollPass"),
    Primitive(PipelineOp, "loop-pipeline", "loop_pipeline", "LoopPipelinePass"),
    Primitive(ParallelOp, "loop-parallel", "loop_parallel", "LoopParallelPass"),
    Primitive(ComputeAtOp, "compute-at", "compute_at", "ComputeAtPass"),
    Primitive(PartitionOp, "array-partition", "array_partition", "ArrayPartitionPass"),
    Primitive(
        ReuseAtOp, "reuse-at", "reuse_at", "ReuseAtPass", {"name": "buffer_name"}
    ),
    Primitive(BufferAtOp, "buffer-at", "buffer_at", "BufferAtPass"),
    Primitive(ReshapeOp, "reshape", "reshape", "ReshapePass"),
    Primitive(ToOp, "buffer-to-stream", "buffer_to_stream", "BufferToStreamPass"),
    Primitive(DataflowOp, "mark-dataflow", "mark_dataflow", "MarkDataflowPass"),
    Primitive(InlineOp, "mark-inline", "mark_inline", "MarkInlinePass"),
    Primitive(BindStorageOp, "bind-storage", "bind_storage", "BindStoragePass"),
    Primitive(InterfaceOp, "top-interface", "top_interface", "TopInterfacePass"),
    Primitive(QuantizeOp, "quantize", "quantize", "QuantizePass"),
)
"""Every primitive, in the order of DESIGN.md's table."""

BY_OP: dict[type[PrimitiveOp], Primitive] = {p.op: p for p in PRIMITIVES}
BY_NAME: dict[str, Primitive] = {p.name: p for p in PRIMITIVES}
"""By YAML name."""
BY_PASS: dict[str, Primitive] = {p.pass_name: p for p in PRIMITIVES}
"""By pass name."""
