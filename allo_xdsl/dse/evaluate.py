"""
One evaluation of the search: a YAML pipeline applied to a kernel with the
project's own loader and passes (the path `allo-opt k.mlir --pipeline s.yaml`
takes), then the QoR estimate of the scheduled module.

`evaluate(job)` is a module-level function of plain, picklable data, so it
runs in this process, in local worker processes or on a Dask cluster alike.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.analysis.dataflow_form import check_module as check_dataflow_form
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.copies import largest_body
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.qor import Estimate, estimate


@dataclass(frozen=True)
class Budget:
    """The resources a design may use."""

    dsp: int
    bram18k: int


@dataclass(frozen=True)
class EvalJob:
    """A candidate: the kernel's text, a YAML pipeline, the device, the budget."""

    kernel: str
    yaml: str
    device: str
    budget: Budget
    filename: str = "<kernel>"
    top: str | None = None
    max_unroll: int | None = None
    """Most copies of its body a pipelined loop may have (None: no cap)."""


@dataclass(frozen=True)
class EvalResult:
    """
    The estimate of a candidate; `ok` False when a pass refused it
    (`error` says why) or it does not fit the budget (`fits` False)."""

    latency: int
    dsp: int
    bram18k: int
    ok: bool
    fits: bool
    error: str = ""


def parse_kernel(kernel: str, filename: str) -> ModuleOp:
    return read_mlir(make_context(), kernel, filename)


def apply_yaml(module: ModuleOp, yaml_text: str) -> None:
    """
    Apply the YAML pipeline `yaml_text` to `module` in place, as allo-opt
    does with `--pipeline FILE` (includes resolve to the builtin pipelines)."""
    fd, path = tempfile.mkstemp(prefix="allo-dse-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w") as stream:
            stream.write(yaml_text)
        pipeline = load_pipeline(path)
    finally:
        os.unlink(path)
    pipeline.apply(make_context(), module, [])


def scheduled_estimate(job: EvalJob) -> Estimate:
    """
    The QoR estimate of the kernel scheduled by the job's pipeline;
    raises AlloError when a step is refused or a dataflow region is not in
    Vitis's canonical form."""
    module = parse_kernel(job.kernel, job.filename)
    apply_yaml(module, job.yaml)
    # The model would credit overlap to a dataflow region Vitis cannot run
    # as one; refuse it as `-t hls-cpp` does, so the best design is emittable.
    check_dataflow_form(module)
    check_copies(module, job.max_unroll)
    return estimate(module, job.device)


def check_copies(module: ModuleOp, cap: int | None) -> None:
    """Refuse a pipelined body Vitis could not build (`copies.py`)."""
    name, copies = largest_body(module)
    if cap is not None and copies > cap:
        raise AlloError(
            f"pipelined loop '{name}' would have {copies} copies of its body, "
            f"above the cap of {cap} (--max-unroll)"
        )


def top_of(result: Estimate, top: str | None) -> tuple[int, int, int]:
    name = top or result.top
    if name is None or name not in result.functions:
        raise AlloError(f"no top function '{name}' in the estimate")
    report = result.functions[name]
    return report.latency, report.resources.dsp, report.resources.bram18k


def evaluate(job: EvalJob) -> EvalResult:
    """
    Apply and estimate one candidate. A refused candidate (AlloError) or
    one the model cannot estimate gives `ok=False` with the message."""
    try:
        latency, dsp, bram = top_of(scheduled_estimate(job), job.top)
    except AlloError as e:
        return EvalResult(0, 0, 0, False, False, e.format(job.filename))
    fits = dsp <= job.budget.dsp and bram <= job.budget.bram18k
    return EvalResult(latency, dsp, bram, True, fits)
