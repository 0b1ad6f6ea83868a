"""`check-dataflow` on the published PolyBench schedules: the dataflow
regions of Allo's published designs for 2mm, 3mm, gemm (a row buffer with
a zero band, an accumulating band and a write-back band in a dataflow
loop) and atax (a zero band then a call accumulating into `t`) are not in
Vitis's canonical form; the others are. The check is a separate pass, so
these schedules still emit as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

POLYBENCH = Path(__file__).resolve().parents[2] / "examples" / "polybench"
NOT_CANONICAL = {
    "2mm": "reads 'T_buf', which it writes",
    "3mm": "reads 'E_buf', which it writes",
    "gemm": "reads 'T_buf', which it writes",
    "atax": "call of 'stage_M' (at",
}
KERNELS = sorted(
    d.name
    for d in POLYBENCH.iterdir()
    if (d / "published.yaml").is_file()
    and "dataflow:" in (d / "published.yaml").read_text()
)


@pytest.mark.parametrize("kernel", KERNELS)
def test_published_dataflow_regions(kernel: str) -> None:
    directory = POLYBENCH / kernel
    source = next(iter(sorted(directory.glob("*.mlir"))))
    command = [sys.executable, "-m", "allo_xdsl.tools.allo_opt", str(source)]
    command += ["--pipeline", str(directory / "published.yaml")]
    done = subprocess.run(
        [*command, "-p", "check-dataflow", "-t", "mlir"],
        capture_output=True,
        text=True,
        check=False,
    )
    if kernel in NOT_CANONICAL:
        assert done.returncode == 1
        assert "is not canonical" in done.stderr
        assert NOT_CANONICAL[kernel] in done.stderr
        assert "fold the zero-init band" in done.stderr
        emitted = subprocess.run(command, capture_output=True, text=True, check=False)
        assert emitted.returncode == 0, emitted.stderr
    else:
        assert done.returncode == 0, done.stderr
