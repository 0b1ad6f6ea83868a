"""What a pipeline holds once loaded, whether from YAML or built in Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xdsl.dialects.builtin import FileLineColLoc, IntAttr, ModuleOp, StringAttr
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import SourceLocation

if TYPE_CHECKING:
    from allo_xdsl.dialects.sched import PrimitiveOp, ScheduleOp


@dataclass(frozen=True)
class ScheduleStep:
    """One customization step: a primitive name and its YAML arguments."""

    primitive: str
    args: dict[str, Any]
    location: SourceLocation | None = None

    def to_op(self) -> PrimitiveOp:
        """The `sched` op of this step; raises ValueError on bad arguments."""
        from allo_xdsl.dialects.sched import PRIMITIVE_OPS

        op = PRIMITIVE_OPS[self.primitive].from_arguments(self.args)
        if self.location is not None:
            loc = self.location
            op.location = FileLineColLoc(
                StringAttr(loc.file), IntAttr(loc.line), IntAttr(loc.column)
            )
        return op


@dataclass
class Pipeline:
    """Per-function schedules, module passes and a target.

    Build one from YAML with `load_pipeline`, or directly:

        Pipeline(schedule={"gemm": [ScheduleStep("split", {"loop": "i", "factor": 4})]},
                 passes=[CanonicalizePass()], target="hls-cpp")
    """

    schedule: dict[str, list[ScheduleStep]] = field(default_factory=dict)
    passes: list[ModulePass] = field(default_factory=list)
    target: str | None = None
    description: str = ""
    templates: dict[str, list[ScheduleStep]] = field(default_factory=dict)
    source: str = "<python>"

    def merged_with(self, later: Pipeline) -> Pipeline:
        """This pipeline followed by `later`: schedules and passes append,
        `later`'s target and description win when set."""
        schedule = {name: list(steps) for name, steps in self.schedule.items()}
        for name, steps in later.schedule.items():
            schedule.setdefault(name, []).extend(steps)
        return Pipeline(
            schedule=schedule,
            passes=[*self.passes, *later.passes],
            target=later.target or self.target,
            description=later.description or self.description,
            templates=self.templates | later.templates,
            source=later.source,
        )

    def schedule_ops(self) -> list[ScheduleOp]:
        """Fresh `sched.schedule` ops for this pipeline's schedule section."""
        from allo_xdsl.dialects.sched import ScheduleOp

        return [
            ScheduleOp(func, [step.to_op() for step in steps])
            for func, steps in self.schedule.items()
        ]

    def attach_schedules(self, module: ModuleOp) -> None:
        """Append the schedule section to `module` as `sched.schedule` ops."""
        for op in self.schedule_ops():
            module.body.block.add_op(op)
