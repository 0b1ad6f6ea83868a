"""What a pipeline holds once loaded, whether from YAML or built in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xdsl.context import Context
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, ModuleOp, StringAttr
from xdsl.ir import Operation
from xdsl.passes import ModulePass

from allo_xdsl.diagnostics import SourceLocation
from allo_xdsl.dialects.sched import PrimitiveOp, ScheduleOp
from allo_xdsl.passes.apply_schedules import ApplySchedulesPass
from allo_xdsl.passes.primitives import BY_NAME
from allo_xdsl.verify import verify_module


@dataclass(frozen=True)
class ScheduleStep:
    """
    One customization step: a primitive name and its YAML arguments.

    Its `sched` op is built (and its arguments checked) once, when the step
    is made: a bad step raises `ValueError` naming the argument."""

    primitive: str
    args: dict[str, Any]
    location: SourceLocation | None = None
    op: PrimitiveOp = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.primitive not in BY_NAME:
            raise ValueError(
                f"unknown primitive '{self.primitive}'; expected one of: "
                + ", ".join(sorted(BY_NAME))
            )
        op = BY_NAME[self.primitive].op.from_arguments(self.args)
        set_location(op, self.location)
        object.__setattr__(self, "op", op)

    def to_op(self) -> PrimitiveOp:
        """
        A copy of this step's `sched` op, to attach to a schedule (an op
        has one parent; a template's steps serve several functions)."""
        return self.op.clone()


def set_location(op: Operation, location: SourceLocation | None) -> None:
    if location is not None:
        op.location = FileLineColLoc(
            StringAttr(location.file), IntAttr(location.line), IntAttr(location.column)
        )


@dataclass
class Pipeline:
    """
    Per-function schedules, module passes and a target.

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
    schedule_locations: dict[str, SourceLocation] = field(default_factory=dict)
    """Where each function's schedule was written, for errors."""

    def merged_with(self, later: Pipeline) -> Pipeline:
        """
        This pipeline followed by `later`: schedules and passes append,
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
            schedule_locations=later.schedule_locations | self.schedule_locations,
        )

    def schedule_ops(self) -> list[ScheduleOp]:
        """Fresh `sched.schedule` ops for this pipeline's schedule section."""
        ops: list[ScheduleOp] = []
        for func, steps in self.schedule.items():
            op = ScheduleOp(func, [step.to_op() for step in steps])
            set_location(op, self.schedule_locations.get(func))
            ops.append(op)
        return ops

    def attach_schedules(self, module: ModuleOp) -> None:
        """Append the schedule section to `module` as `sched.schedule` ops."""
        for op in self.schedule_ops():
            module.body.block.add_op(op)

    def pass_list(self, extra: Sequence[ModulePass] = ()) -> list[ModulePass]:
        """
        The passes to run: `apply-schedules` first when there is a
        schedule section (unless the pipeline's passes start with it, as the
        `fpga` pipeline's do: a second run would do nothing), then this
        pipeline's passes, then `extra`."""
        starts_with_it = bool(self.passes) and isinstance(
            self.passes[0], ApplySchedulesPass
        )
        first = [ApplySchedulesPass()] if self.schedule and not starts_with_it else []
        return [*first, *self.passes, *extra]

    def apply(
        self,
        ctx: Context,
        module: ModuleOp,
        extra: Sequence[ModulePass] = (),
        run: PassRunner | None = None,
    ) -> None:
        """
        Attach the schedules to `module` and run every pass, verifying
        after each; `run(pass, action)` may wrap each step (timing, printing).
        Raises `AlloError` on the first failure."""
        if self.schedule:
            self.attach_schedules(module)
        for p in self.pass_list(extra):

            def step(p: ModulePass = p) -> None:
                p.apply(ctx, module)
                verify_module(module)

            if run is None:
                step()
            else:
                run(p, step)


PassRunner = Callable[[ModulePass, Callable[[], None]], None]
