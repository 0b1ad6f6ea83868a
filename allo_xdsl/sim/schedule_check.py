"""
Check a schedule by C simulation: the scheduled kernel must compute
exactly what the unscheduled one computes on the same random inputs.

    from allo_xdsl.sim.schedule_check import verify_schedule
    verify_schedule(kernel_text, yaml_text, filename="gemm.mlir")  # or AlloError

allo-dse runs this on the schedule it chose before writing it. The schedule
is applied as `allo-opt kernel.mlir --pipeline schedule.yaml` applies it;
the inputs and the unscheduled kernel's outputs are the vitis-project
target's golden data (`allo_xdsl.sim.golden`), and the scheduled kernel runs
through the same C simulation (`allo_xdsl.sim.csim`). The unscheduled
kernel's binary is compiled once per csim cache, however many schedules of
it are checked.

Outputs must match bit for bit (NaN matching NaN): schedules reorder loops
only where the dependences allow, which never reassociates arithmetic, and
C simulation rounds every float operation as written (no contraction).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError, SourceLocation
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.sim import simulate
from allo_xdsl.sim.golden import golden_data
from allo_xdsl.targets.csim import top_function

SCHEDULE_NAME = "<schedule>"
"""The file name that errors in a schedule given as text point into."""


def verify_schedule(
    kernel_text: str,
    schedule_yaml: str,
    *,
    filename: str,
    top: str | None = None,
    seed: int = 0,
) -> None:
    """
    Raise an `AlloError` naming the outputs that differ (and by how much)
    unless `top` (default: the one function no other calls) computes the
    same with the YAML pipeline `schedule_yaml` applied as without it, by C
    simulation on random inputs drawn from `seed`. `filename` names the
    kernel in errors."""
    reference = read_mlir(make_context(), kernel_text, filename)
    ctx = make_context()
    scheduled = read_mlir(ctx, kernel_text, filename)
    apply_schedule_text(ctx, scheduled, schedule_yaml)
    compare_csim(reference, scheduled, top=top, seed=seed)


def apply_schedule_text(ctx: Context, module: ModuleOp, schedule_yaml: str) -> None:
    """
    Apply the YAML pipeline `schedule_yaml` (text) to `module` as
    `allo-opt --pipeline` applies a file (includes name builtin pipelines);
    its errors point into `<schedule>`."""
    with tempfile.TemporaryDirectory(prefix="allo-schedule-") as tmp:
        path = Path(tmp) / "schedule.yaml"
        path.write_text(schedule_yaml)
        try:
            load_pipeline(str(path)).apply(ctx, module)
        except AlloError as e:
            raise _renamed(e, str(path)) from None


def compare_csim(
    reference: ModuleOp,
    candidate: ModuleOp,
    *,
    top: str | None = None,
    seed: int = 0,
) -> None:
    """
    Raise an `AlloError` unless `top` of `candidate` computes what `top`
    of `reference` computes, bit for bit, by C simulation on random inputs
    drawn from `seed` (floats in [-1, 1), integers in [-8, 8))."""
    name = top_function(reference, top or "")
    golden = golden_data(reference, name, seed)
    inputs = [np.array(v, copy=True) for v in golden.inputs]
    result = simulate(candidate, name, inputs, backend="csim")
    labels = _output_labels(reference, name)
    differences = [
        f"{label} (max error {error:g})"
        for label, error in _differences(
            labels, (*golden.returns, *golden.after), (*result.returns, *result.args)
        )
    ]
    if differences:
        raise AlloError(
            f"the schedule changes what '@{name}' computes (C simulation on "
            f"random inputs, seed {seed}); outputs that differ from the "
            f"unscheduled kernel's: {', '.join(differences)}",
            find_func(candidate, name),
        )


def _output_labels(module: ModuleOp, name: str) -> list[str]:
    """
    Names of `name`'s results, then of its arguments (`%A`, or
    `argument K` when unnamed)."""
    fn = find_func(module, name)
    results = [f"result {k}" for k in range(len(fn.function_type.outputs))]
    arguments = [
        f"%{arg.name_hint}" if arg.name_hint else f"argument {k}"
        for k, arg in enumerate(fn.args)
    ]
    return [*results, *arguments]


def _differences(
    labels: list[str], expected: tuple[Any, ...], actual: tuple[Any, ...]
) -> Iterator[tuple[str, float]]:
    """(label, largest absolute difference) of every output that differs."""
    for label, want, got in zip(labels, expected, actual, strict=True):
        want, got = np.asarray(want), np.asarray(got)
        if want.shape != got.shape:
            yield label, float("inf")
            continue
        if np.array_equal(want, got, equal_nan=want.dtype.kind == "f"):
            continue
        w, g = want.astype(np.float64), got.astype(np.float64)
        same = (w == g) | (np.isnan(w) & np.isnan(g))
        delta = np.where(same, 0.0, np.abs(w - g))
        # A NaN on one side only is as far off as can be.
        yield label, float(np.where(np.isnan(delta), np.inf, delta).max())


def _renamed(error: AlloError, path: str) -> AlloError:
    """`error`, pointing into `<schedule>` instead of the temporary file."""
    where = error.location
    if where is None or where.file != path:
        return error
    location = SourceLocation(SCHEDULE_NAME, where.line, where.column)
    return AlloError(error.message.replace(path, SCHEDULE_NAME), location=location)
