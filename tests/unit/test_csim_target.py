"""
The `csim` pipeline's program, built and run by hand as a user would,
computes what numpy computes."""

import subprocess
from pathlib import Path

import numpy as np
import pytest

from allo_xdsl.sim.csim import ap_types_dir

pytestmark = pytest.mark.needs("g++", "hls4ml")

ROOT = Path(__file__).parent.parent.parent


def test_csim_program_runs_outside_python(tmp_path: Path):
    cpp = tmp_path / "tb.cpp"
    subprocess.run(
        ["allo-opt", str(ROOT / "examples" / "gemm.mlir"), "--pipeline", "csim"],
        check=True,
        stdout=cpp.open("w"),
    )
    binary = tmp_path / "tb"
    subprocess.run(
        [
            "g++",
            "-std=c++17",
            "-O1",
            f"-I{ap_types_dir()}",
            str(cpp),
            "-o",
            str(binary),
        ],
        check=True,
    )
    rng = np.random.default_rng(5)
    a, b, c = (rng.random((32, 32), dtype=np.float32) for _ in range(3))
    for k, array in enumerate((a, b, c)):
        array.tofile(tmp_path / f"arg{k}.bin")
    subprocess.run([str(binary), str(tmp_path)], check=True)
    out = np.fromfile(tmp_path / "arg2.out.bin", dtype=np.float32).reshape(32, 32)
    assert np.allclose(out, c + a @ b, rtol=1e-5)
