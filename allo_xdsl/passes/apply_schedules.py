"""Apply every `sched.schedule` of a module, callee-first."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.call_graph import callee_first_order, functions
from allo_xdsl.diagnostics import AlloError, did_you_mean, op_location
from allo_xdsl.dialects.sched import PrimitiveOp, ScheduleOp
from allo_xdsl.passes.common import PrimitivePass


def primitive_pass(step: PrimitiveOp, func: str) -> PrimitivePass:
    """The pass that performs `step` on `func`."""
    from allo_xdsl.passes import PRIMITIVES, get_allo_passes

    if step.primitive not in PRIMITIVES:
        raise AlloError(f"primitive '{step.primitive}' is not implemented yet", step)
    cls = get_allo_passes()[PRIMITIVES[step.primitive]]()
    assert issubclass(cls, PrimitivePass)
    args = {k: v for k, v in step.arguments().items() if v is not None}
    return cls(func=func, **args)


@dataclass(frozen=True)
class ApplySchedulesPass(ModulePass):
    """
    Apply the steps of every `sched.schedule @f { ... }` op to function `f`,
    in order, then erase the schedule ops.

    Functions are visited callee-first (topological order of the call graph),
    so a caller's schedule sees its callees already customized. Takes no
    options. Rejects a schedule of an unknown function, recursion, and any
    step its primitive rejects; the error points at the step.
    """

    name = "apply-schedules"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        schedules = [s for s in op.walk() if isinstance(s, ScheduleOp)]
        if not schedules:
            return
        funcs = functions(op)
        by_func: dict[str, list[ScheduleOp]] = {}
        for schedule in schedules:
            if schedule.func_name not in funcs:
                raise AlloError(
                    "schedule of "
                    + did_you_mean("function", schedule.func_name, funcs),
                    schedule,
                )
            by_func.setdefault(schedule.func_name, []).append(schedule)
        for fn in callee_first_order(op):
            for schedule in by_func.get(fn.sym_name.data, []):
                for step in list(schedule.steps):
                    apply_step(ctx, op, step, fn.sym_name.data)
        for schedule in schedules:
            schedule.detach()
            schedule.erase()


def apply_step(ctx: Context, module: ModuleOp, step: PrimitiveOp, func: str) -> None:
    try:
        primitive_pass(step, func).apply(ctx, module)
    except AlloError as e:
        if e.op is step:
            raise
        inner = op_location(e.op) if e.location is None else e.location
        suffix = f" (at {inner})" if inner and inner != op_location(step) else ""
        raise AlloError(
            f"step '{step.primitive}' of the schedule of '{func}': {e.message}{suffix}",
            step,
        ) from None
