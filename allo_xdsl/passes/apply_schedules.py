"""Apply every `sched.schedule` of a module, callee-first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.passes import ModulePass

from allo_xdsl.analysis.call_graph import callee_first_order, functions
from allo_xdsl.analysis.origins import Step, applying_step
from allo_xdsl.diagnostics import AlloError, did_you_mean, op_location
from allo_xdsl.dialects.sched import PrimitiveOp, ScheduleOp
from allo_xdsl.passes.common import PrimitivePass
from allo_xdsl.passes.instantiate import (
    Instance,
    erase_replaced,
    make_instances,
    split_instance_key,
)
from allo_xdsl.passes.primitives import BY_OP


def primitive_pass(step: PrimitiveOp, func: str) -> PrimitivePass:
    """The pass that performs `step` on `func`."""
    primitive = BY_OP.get(type(step))
    if primitive is None:
        raise AlloError(f"primitive '{step.primitive}' is not implemented yet", step)
    return primitive.make_pass(step, func)


@dataclass(frozen=True)
class ApplySchedulesPass(ModulePass):
    """
    Apply the steps of every `sched.schedule @f { ... }` op to function `f`,
    in order, then erase the schedule ops.

    Functions are visited callee-first (topological order of the call graph),
    so a caller's schedule sees its callees already customized.

    A schedule of `f@k` (`sched.schedule @"gemm@1"`, YAML key `gemm@1`) is
    an instance: call site `k` of `f` (0-based, in program order over the
    module) gets its own copy of `f`, named `f_k`, made from `f` as the
    input has it, and the steps apply to the copy only (see the
    `instantiate` pass). A function all of whose call sites are instances
    is erased once its copies are made (or, when it has a schedule of its
    own, once that is applied): it would be an uncalled function.

    Takes no options. Rejects a schedule of an unknown function, a
    malformed instance or one whose call site does not exist, recursion,
    and any step its primitive rejects; the error points at the step.
    """

    name = "apply-schedules"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        schedules = [s for s in op.walk() if isinstance(s, ScheduleOp)]
        if not schedules:
            return
        funcs = functions(op)
        targets = [_target(schedule, funcs) for schedule in schedules]
        instances = [t for t in targets if isinstance(t, Instance)]
        copies = iter(make_instances(op, instances))
        by_func: dict[str, list[ScheduleOp]] = {}
        for schedule, target in zip(schedules, targets, strict=True):
            name = next(copies) if isinstance(target, Instance) else target
            by_func.setdefault(name, []).append(schedule)
        for fn in callee_first_order(op):
            for schedule in by_func.get(fn.sym_name.data, []):
                for step in list(schedule.steps):
                    _run_step(ctx, op, step, fn.sym_name.data)
        for schedule in schedules:
            schedule.detach()
            schedule.erase()
        # An original that also had a schedule of its own is uncalled now.
        erase_replaced(op, [instance.func for instance in instances])


def _target(schedule: ScheduleOp, funcs: dict[str, FuncOp]) -> str | Instance:
    """The function a schedule customizes, or the instance it asks for."""
    key = schedule.func_name
    if key in funcs:
        return key
    try:
        instance = split_instance_key(key)
    except ValueError as e:
        raise AlloError(f"schedule of {e}", schedule) from None
    if instance is None:
        raise AlloError("schedule of " + did_you_mean("function", key, funcs), schedule)
    return Instance(*instance, where=schedule)


StepRunner = Callable[[PrimitiveOp, str, Callable[[], None]], None]
"""`run(step, func, action)`: performs `action` (the step on `func`) and may
time it or print the IR after it."""

_step_runner: ContextVar[StepRunner | None] = ContextVar("step_runner", default=None)


@contextmanager
def running_steps(run: StepRunner) -> Iterator[None]:
    """
    Within the block, every schedule step goes through `run` (allo-opt's
    `--timing` and `--print-ir-after-all` see steps, not only the pass)."""
    token = _step_runner.set(run)
    try:
        yield
    finally:
        _step_runner.reset(token)


def _run_step(ctx: Context, module: ModuleOp, step: PrimitiveOp, func: str) -> None:
    run = _step_runner.get()
    if run is None:
        apply_step(ctx, module, step, func)
        return
    run(step, func, lambda: apply_step(ctx, module, step, func))


def apply_step(ctx: Context, module: ModuleOp, step: PrimitiveOp, func: str) -> None:
    try:
        # Passes that record where a property came from (partition
        # layouts, for conflict messages) read the step from here.
        with applying_step(Step(step.primitive, op_location(step))):
            primitive_pass(step, func).apply(ctx, module)
    except AlloError as e:
        if e.op is step:
            raise
        # AlloError already falls back to the location of its op.
        inner = e.location
        suffix = f" (at {inner})" if inner and inner != op_location(step) else ""
        raise AlloError(
            f"step '{step.primitive}' of the schedule of '{func}': {e.message}{suffix}",
            step,
        ) from None
