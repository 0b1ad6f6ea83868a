"""
Semantic tests of `vitis-interfaces`' on-chip copies of the top
function's ports: the wrapped kernel computes, with the interpreter and
with C simulation, what the unwrapped one computes (bit for bit) and what
numpy computes; the ports lose their partitions and the copies keep them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from loop_check import check_schedule
from xdsl.dialects import memref
from xdsl.dialects.builtin import MemRefType, ModuleOp

from allo_xdsl.analysis.lookup import find_func, value_name
from allo_xdsl.api import compile_mlir, parse
from allo_xdsl.dialects.fpga import partition_of
from allo_xdsl.passes.array_partition import ArrayPartitionPass
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.vitis_interfaces import VitisInterfacesPass
from allo_xdsl.sim import simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

BOTH = ("interpreter", "csim")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

MV = """
func.func @acc(%y: memref<4xi32>, %i: index, %v: i32) {
  %o = affine.load %y[%i] : memref<4xi32>
  %s = arith.addi %o, %v : i32
  affine.store %s, %y[%i] : memref<4xi32>
  return
}

func.func @mv(%M: memref<4x6xi32>, %x: memref<6xi32>, %y: memref<4xi32>) {
  %n = arith.constant 3 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %m = affine.load %M[%i, %j] : memref<4x6xi32>
      %v = affine.load %x[%j] : memref<6xi32>
      %p = arith.muli %m, %v : i32
      %q = arith.muli %p, %n : i32
      func.call @acc(%y, %i, %q) : (memref<4xi32>, index, i32) -> ()
    }
  }
  return
}
"""


def mv_ref(m: Any, x: Any, y: Any) -> None:
    y += (m * x[None, :]).sum(axis=1, dtype=np.int32) * 3


def local_types(module: ModuleOp, func: str) -> dict[str, MemRefType]:
    found: dict[str, MemRefType] = {}
    for op in find_func(module, func).walk():
        if isinstance(op, memref.AllocOp):
            t = op.memref.type
            assert isinstance(t, MemRefType)
            found[value_name(op.memref) or "?"] = t
    return found


def test_in_out_port_through_a_call_is_copied_both_ways() -> None:
    passes = [
        ArrayPartitionPass(func="mv", buffer="M", kind="cyclic", dim=2, factor=2),
        LoopPipelinePass(func="mv", loop="j"),
        VitisInterfacesPass(top="mv"),
    ]
    after = check_schedule(MV, "mv", passes, mv_ref, BOTH)
    fn = find_func(after, "mv")
    assert all(
        not isinstance(t, MemRefType) or partition_of(t) is None
        for t in fn.function_type.inputs.data
    )
    locals_ = local_types(after, "mv")
    assert set(locals_) == {"M_local", "x_local", "y_local"}
    assert partition_of(locals_["M_local"]) is not None


def test_readme_gemm_becomes_a_vitis_kernel() -> None:
    text = (EXAMPLES / "gemm.mlir").read_text()
    pipeline = str(EXAMPLES / "gemm.yaml")
    wrap = [VitisInterfacesPass(top="gemm")]
    wrapped = compile_mlir(text, pipeline, "mlir", wrap, "gemm.mlir")
    _, module = parse(wrapped)
    _, original = parse(text)
    rng = np.random.default_rng(0)
    a, b, c = (rng.uniform(-1, 1, (32, 32)).astype(np.float32) for _ in range(3))
    before = simulate(original, "gemm", [a, b, c], backend="csim")
    for backend in BOTH:
        after = simulate(module, "gemm", [a, b, c], backend=backend)  # type: ignore[arg-type]
        assert np.array_equal(after.args[2], before.args[2]), backend
        assert np.allclose(after.args[2], c + a @ b, atol=1e-4), backend
        assert np.array_equal(after.args[0], a)
        assert np.array_equal(after.args[1], b)
    fn = find_func(module, "gemm")
    assert all(
        isinstance(t, MemRefType) and partition_of(t) is None
        for t in fn.function_type.inputs.data
    )
    assert set(local_types(module, "gemm")) >= {"A_local", "B_local", "C_local"}
    hls = compile_mlir(wrapped, None, "hls-cpp")
    assert "#pragma HLS array_partition variable=B_local complete dim=2" in hls
    assert "variable=B " not in hls
    assert "void gemm(float A[32][32], float B[32][32], float C[32][32])" in hls
