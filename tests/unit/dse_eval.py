"""
A real evaluation for the runner tests, importable by local processes
and by Dask workers (the `dask_cluster` fixture puts this directory on their
path): apply a YAML schedule to a kernel and return the QoR model's latency
of its top function."""

from __future__ import annotations

import tempfile
from pathlib import Path

from allo_xdsl.api import parse
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.qor import estimate


def scheduled_latency(item: tuple[str, str]) -> int:
    """
    The estimated latency (cycles) of `kernel` (MLIR text) after the YAML
    pipeline `schedule` (text), as `allo-opt --pipeline` applies it."""
    kernel, schedule = item
    ctx, module = parse(kernel, "kernel.mlir")
    with tempfile.TemporaryDirectory(prefix="allo-dse-test-") as tmp:
        path = Path(tmp) / "schedule.yaml"
        path.write_text(schedule)
        load_pipeline(str(path)).apply(ctx, module)
    latency = estimate(module).latency
    assert latency is not None, "the kernel has one top function"
    return latency
