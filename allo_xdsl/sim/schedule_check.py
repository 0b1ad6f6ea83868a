# stand-in: replaced by the dseinfra branch
"""Check a schedule by C simulation: the kernel scheduled by a YAML pipeline
against the unscheduled kernel, on the same random inputs."""

from __future__ import annotations

import os
import tempfile

import numpy as np

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.sim import simulate
from allo_xdsl.sim.golden import golden_data
from allo_xdsl.targets.csim import top_function


def verify_schedule(
    kernel_text: str,
    schedule_yaml: str,
    *,
    filename: str,
    top: str | None = None,
    seed: int = 0,
) -> None:
    """Raise AlloError when the scheduled kernel computes something else."""
    ctx = make_context()
    golden = golden_data(parse_module(ctx, kernel_text, filename), top or "", seed)
    module = parse_module(ctx, kernel_text, filename)
    fd, path = tempfile.mkstemp(prefix="allo-dse-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w") as stream:
            stream.write(schedule_yaml)
        load_pipeline(path).apply(ctx, module)
    finally:
        os.unlink(path)
    name = top_function(module, top or "")
    copies = [np.array(v, copy=True) for v in golden.inputs]
    result = simulate(module, name, copies, backend="csim")
    for index, (want, got) in enumerate(zip(golden.after, result.args, strict=True)):
        if not np.allclose(want, got, rtol=1e-4, atol=1e-4, equal_nan=True):
            raise AlloError(
                f"{filename}: the scheduled kernel differs from the unscheduled "
                f"one in C simulation (argument {index} of '{name}')"
            )
