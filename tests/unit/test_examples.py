"""
The README's main job: allo-opt's HLS C++ for the GEMM example compiles
with g++ against the ap_types headers, and its C simulation equals numpy;
its MLIR output (and that of every test kernel) is accepted by mlir-opt-22."""

import subprocess
from pathlib import Path

import numpy as np
import pytest

from allo_xdsl.api import parse
from allo_xdsl.sim import simulate
from allo_xdsl.sim.csim import ap_types_dir

pytestmark = pytest.mark.needs("g++", "hls4ml", "mlir-opt-22")

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "gemm.mlir"
KERNELS = sorted((ROOT / "tests" / "kernels").glob("*.mlir"))


def allo_opt(*args: str) -> str:
    result = subprocess.run(["allo-opt", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "pipeline", [[], ["--pipeline", str(ROOT / "examples" / "gemm.yaml")]]
)
def test_example_hls_cpp_compiles(tmp_path: Path, pipeline: list[str]):
    cpp = tmp_path / "gemm.cpp"
    allo_opt(str(EXAMPLE), *pipeline, "-t", "hls-cpp", "-o", str(cpp))
    subprocess.run(
        ["g++", "-std=c++17", "-fsyntax-only", f"-I{ap_types_dir()}", str(cpp)],
        check=True,
    )


def test_example_csim_equals_numpy():
    _ctx, module = parse(EXAMPLE.read_text(), str(EXAMPLE))
    rng = np.random.default_rng(7)
    a, b, c = (rng.random((32, 32), dtype=np.float32) for _ in range(3))
    out = simulate(module, "gemm", [a, b, c], backend="csim")
    assert np.allclose(out.args[2], c + a @ b, rtol=1e-5)


@pytest.mark.parametrize("kernel", [EXAMPLE, *KERNELS], ids=lambda p: p.stem)
def test_mlir_output_is_accepted_by_mlir_opt(kernel: Path):
    text = allo_opt(str(kernel))
    subprocess.run(
        ["mlir-opt-22"],
        input=text,
        text=True,
        check=True,
        capture_output=True,
    )


def test_example_pipeline_csim_equals_numpy():
    from allo_xdsl.pipelines import load_pipeline

    ctx, module = parse(EXAMPLE.read_text(), str(EXAMPLE))
    load_pipeline(str(ROOT / "examples" / "gemm.yaml")).apply(ctx, module)
    rng = np.random.default_rng(8)
    a, b, c = (rng.random((32, 32), dtype=np.float32) for _ in range(3))
    out = simulate(module, "gemm", [a, b, c], backend="csim")
    assert np.allclose(out.args[2], c + a @ b, rtol=1e-5)
