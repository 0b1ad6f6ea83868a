"""
Canonical dataflow on the published PolyBench schedules: every dataflow
region of a published design is in Vitis's canonical form (`check-dataflow`
passes and `-t hls-cpp` emits). Allo's own forms of 2mm, 3mm, gemm (a row
buffer with a zero band, an accumulating band and a write-back band in a
dataflow loop) and atax (a zero band then a call accumulating into `t`) were
not: `-t hls-cpp` refuses them with a located error naming the buffer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

POLYBENCH = Path(__file__).resolve().parents[2] / "examples" / "polybench"
ROW_BUFFER = ["reorder: {loops: [k, j]}", "buffer_at: {buffer: T, loop: i}"]
# Allo's own steps that made these regions (before the canonical rework).
ALLO_FORMS = {
    "gemm": ("mm1", ROW_BUFFER + ["dataflow: {loop: i}"], "reads 'T_buf', which"),
    "2mm": ("mm1", ROW_BUFFER + ["dataflow: {loop: i}"], "reads 'T_buf', which"),
    "atax": ("kernel_atax", ["dataflow: {}"], "call of 'stage_M' (at"),
}
KERNELS = sorted(
    d.name
    for d in POLYBENCH.iterdir()
    if (d / "published.yaml").is_file()
    and "dataflow:" in (d / "published.yaml").read_text()
)


def _allo_opt(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "allo_xdsl.tools.allo_opt", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("kernel", KERNELS)
def test_published_dataflow_regions_are_canonical(kernel: str) -> None:
    directory = POLYBENCH / kernel
    source = str(directory / "kernel.mlir")
    schedule = str(directory / "published.yaml")
    checked = _allo_opt(source, "--pipeline", schedule, "-p", "check-dataflow")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("kernel", sorted(ALLO_FORMS))
def test_allo_forms_are_refused_by_hls_cpp(kernel: str, tmp_path: Path) -> None:
    function, steps, message = ALLO_FORMS[kernel]
    directory = POLYBENCH / kernel
    source = str(directory / "kernel.mlir")
    schedule = tmp_path / "allo.yaml"
    lines = "".join(f"    - {step}\n" for step in steps)
    schedule.write_text(f"schedule:\n  {function}:\n{lines}")
    emitted = _allo_opt(source, "--pipeline", str(schedule), "-t", "hls-cpp")
    assert emitted.returncode == 1
    line = 2 + len(steps)  # the dataflow step, last
    assert f"(made dataflow at {schedule}:{line}:7) is not canonical" in emitted.stderr
    assert message in emitted.stderr
    assert "fold the zero-init band" in emitted.stderr
    assert emitted.stderr.startswith(source + ":")
    # C simulation and the MLIR output do not need the canonical form.
    assert _allo_opt(source, "--pipeline", str(schedule)).returncode == 0
