"""The documented Python API: load or build a pipeline, apply it, emit."""

from pathlib import Path

import numpy as np
import pytest
from xdsl.transforms.canonicalize import CanonicalizePass

from allo_xdsl.api import compile_mlir, emit, parse
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.pipelines import Pipeline, ScheduleStep
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml", "mlir-opt-22", "mlir-runner-22")

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
GEMM = (EXAMPLES / "gemm.mlir").read_text()


def test_compile_with_yaml_file_matches_the_command_line_example():
    cpp = compile_mlir(GEMM, str(EXAMPLES / "gemm.yaml"))
    assert "void gemm(float A[32][32], float B[32][32], float C[32][32])" in cpp
    assert "#pragma HLS pipeline II=1" in cpp


def test_pipeline_built_in_python():
    pipeline = Pipeline(
        schedule={"gemm": [ScheduleStep("split", {"loop": "i", "factor": 8})]},
        passes=[CanonicalizePass()],
        target="mlir",
    )
    text = compile_mlir(GEMM, pipeline)
    assert 'loop_name = "i.outer"' in text


def test_parse_apply_emit_and_simulate():
    ctx, module = parse(GEMM, "gemm.mlir")
    Pipeline(schedule={"gemm": [ScheduleStep("reorder", {"loops": ["k", "j"]})]}).apply(
        ctx, module
    )
    assert "l_k: for" in emit(ctx, module, "hls-cpp")
    rng = np.random.default_rng(0)
    a, b = (
        rng.random((32, 32), dtype=np.float32),
        rng.random((32, 32), dtype=np.float32),
    )
    c = np.zeros((32, 32), np.float32)
    out = simulate(module, "gemm", [a, b, c], backend="csim")
    assert np.allclose(out.args[2], a @ b, rtol=1e-5)


def test_errors_are_allo_errors():
    with pytest.raises(AlloError, match="unknown target 'vhdl'"):
        compile_mlir(GEMM, target="vhdl")
    with pytest.raises(AlloError, match="<string>:1:"):
        compile_mlir("func.func @f(")


def test_passes_import_from_the_package():
    from allo_xdsl.passes import ComputeAtPass, LoopSplitPass, get_allo_passes

    assert LoopSplitPass.name == "loop-split"
    assert ComputeAtPass.name == "compute-at"
    for name, factory in get_allo_passes().items():
        assert factory().name == name
    with pytest.raises(ImportError):
        from allo_xdsl.passes import NoSuchPass  # noqa: F401
