"""
A target that needs lowering declares its pipeline, and `allo-opt` and
the API run it when the module is not ready: `-t circt`, `-t verilog` and
`-t csim` work after any pipeline, whether or not the YAML names the
`circt` pipeline, and print what they would after it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from allo_xdsl.api import compile_mlir, emit, parse
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.pipelines import Pipeline, ScheduleStep
from allo_xdsl.targets.circt import emit_circt
from allo_xdsl.tools.allo_opt import main

KERNEL = """
func.func @gemm(%A: memref<4x4xi32>, %B: memref<4x4xi32>) -> memref<4x4xi32> {
  %C = memref.alloc() : memref<4x4xi32>
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %s = affine.for %k = 0 to 4 iter_args(%acc = %zero) -> (i32) {
        %a = affine.load %A[%i, %k] : memref<4x4xi32>
        %b = affine.load %B[%k, %j] : memref<4x4xi32>
        %p = arith.muli %a, %b : i32
        %t = arith.addi %acc, %p : i32
        affine.yield %t : i32
      }
      affine.store %s, %C[%i, %j] : memref<4x4xi32>
    }
  }
  return %C : memref<4x4xi32>
}
"""

SCHEDULE = """
schedule:
  gemm:
    - pipeline: {loop: j, ii: 1}
    - partition: {buffer: A, kind: cyclic, dim: 2, factor: 2}
"""


def allo_opt(tmp_path: Path, yaml: str, *args: str) -> str:
    """`allo-opt kernel.mlir --pipeline s.yaml ARGS`, its output."""
    kernel = tmp_path / "kernel.mlir"
    kernel.write_text(KERNEL)
    pipeline = tmp_path / "s.yaml"
    pipeline.write_text(yaml)
    out = tmp_path / "out.txt"
    code = main([str(kernel), "--pipeline", str(pipeline), *args, "-o", str(out)])
    assert code == 0
    return out.read_text()


def mlir_opt_verifies(text: str) -> None:
    mlir_opt = shutil.which("mlir-opt-22")
    assert mlir_opt is not None
    done = subprocess.run(
        [mlir_opt, "--verify-each"], input=text, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.needs("mlir-opt-22")
@pytest.mark.parametrize("level", ["affine", "scf", "cf"])
def test_circt_after_a_schedule_only_pipeline(tmp_path: Path, level: str) -> None:
    target = f"circt{{level={level}}}"
    alone = allo_opt(tmp_path, "version: 1\n" + SCHEDULE, "-t", target)
    # The same as when the YAML names the pipeline the target declares.
    named = {"affine": "circt", "scf": "circt-scf", "cf": "circt-cf"}[level]
    with_circt = allo_opt(
        tmp_path, f"version: 1\ninclude: [{named}]\n" + SCHEDULE, "-t", target
    )
    assert alone == with_circt
    for dialect in ("allo.", "sched.", "fpga."):
        assert dialect not in alone
    # Hints, the partition and the returned buffer as the circt pipeline
    # makes them.
    assert "hls.pipeline_ii = 1" in alone
    assert 'kind = "cyclic", factor = 2' in alone
    assert "%out0: memref<4x4xi32>" in alone
    mlir_opt_verifies(alone)


def test_csim_after_a_schedule_only_pipeline_and_after_circt(tmp_path: Path) -> None:
    alone = allo_opt(tmp_path, "version: 1\n" + SCHEDULE, "-t", "csim")
    assert "int main(int argc, char **argv)" in alone
    assert "#pragma HLS pipeline II=1" in alone
    after_circt = allo_opt(
        tmp_path, "version: 1\ninclude: [circt]\n" + SCHEDULE, "-t", "csim"
    )
    assert "int main(int argc, char **argv)" in after_circt


def test_csim_runs_the_schedules_left_in_the_input(tmp_path: Path) -> None:
    """
    Schedules written in the input are applied by the pipeline `csim`
    declares (`fpga`) when no pipeline is given."""
    kernel = tmp_path / "kernel.mlir"
    kernel.write_text('sched.schedule @gemm {\n  sched.pipeline "j" ii 2\n}\n' + KERNEL)
    out = tmp_path / "out.cpp"
    assert main([str(kernel), "-t", "csim", "-o", str(out)]) == 0
    assert "#pragma HLS pipeline II=2" in out.read_text()


@pytest.mark.needs("pycde")
def test_verilog_after_a_schedule_only_pipeline(tmp_path: Path) -> None:
    text = allo_opt(tmp_path, "version: 1\n" + SCHEDULE, "-t", "verilog")
    assert "module gemm(" in text


def test_api_lowers_a_copy_for_the_target() -> None:
    pipeline = Pipeline(
        schedule={"gemm": [ScheduleStep("pipeline", {"loop": "j", "ii": 1})]}
    )
    ctx, module = parse(KERNEL, "k.mlir")
    pipeline.apply(ctx, module)
    before = emit(ctx, module, "mlir")
    text = emit(ctx, module, "circt")
    assert "hls.pipeline_ii = 1" in text
    assert "fpga." not in text
    assert emit(ctx, module, "mlir") == before  # the module is not changed
    assert "fpga.pipeline_ii" in before
    assert compile_mlir(KERNEL, pipeline, "circt", name="k.mlir") == text


def test_the_target_alone_only_prints() -> None:
    """
    Without the driver or the API (as stock xdsl-opt runs it), the
    target rejects what its pipeline would lower, naming the pass."""
    ctx, module = parse(KERNEL, "k.mlir")
    Pipeline(
        schedule={"gemm": [ScheduleStep("pipeline", {"loop": "j", "ii": 1})]}
    ).apply(ctx, module)
    with pytest.raises(AlloError, match="hints-to-attributes"):
        emit_circt(module)
    with pytest.raises(AlloError, match="outside the dialects"):
        emit_circt(parse(KERNEL)[1], "cf")
