"""
Proof 3: integer kernels go through CIRCT's handshake flow (pycde) to
SystemVerilog, which Verilator simulates with the generated testbench; the
results equal numpy. Verilator builds are cached (allo_xdsl.sim.rtl), and
only three small kernels are built here."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import (
    gemm_i32_ref,
    kernel_text,
    parse,
    random_inputs,
    stencil2d_ref,
)

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.sim import simulate
from allo_xdsl.sim.rtl import parse_ports
from allo_xdsl.targets.verilog import export_rtl

pytestmark = pytest.mark.needs("pycde", "verilator")


def test_gemm_returning_its_result() -> None:
    module = parse(kernel_text("gemm_i32_ret"))
    A, B = random_inputs(module, "gemm_i32", seed=5)
    result = simulate(module, "gemm_i32", [A, B], backend="rtl")
    (C,) = result.returns
    assert C.dtype == np.int32
    np.testing.assert_array_equal(C, gemm_i32_ref(A, B))
    np.testing.assert_array_equal(result.args[0], A)
    assert result.cycles is not None
    assert 6 * 7 * 5 < result.cycles < 100_000


def test_stencil_with_split_read_ports() -> None:
    module = parse(kernel_text("stencil2d"))
    rng = np.random.default_rng(2)
    A = rng.integers(-(2**20), 2**20, (10, 12)).astype(np.int32)
    B = np.zeros((10, 12), np.int32)
    result = simulate(module, "stencil2d", [A, B], backend="rtl")
    expected = B.copy()
    stencil2d_ref(A, expected)
    np.testing.assert_array_equal(result.args[1], expected)
    assert result.cycles is not None
    assert result.cycles > 8 * 10


def test_ports_of_the_top_module() -> None:
    from loop_check import transform

    module = transform(kernel_text("stencil2d"), [])
    load_pipeline("circt-cf").apply(make_context(), module)
    design = export_rtl(module)
    # A is read at 6 places: one argument per load; B, stored at 2 places,
    # comes last.
    assert design.sources == (0, 0, 0, 0, 0, 0, 1)
    ports = parse_ports(design.sv, design.top)
    assert ports["in6_st1"].fields == (("address", 7), ("data", 32))
    assert ports["in0_ld0_addr"].output
    assert ports["in0_ld0_addr"].width == 7
    assert not ports["clock"].output
    assert ports["in7_valid"].width == 1


def test_streamed_bands() -> None:
    """
    Two bands of one function joined by `to` (a stream of depth 2):
    lower-streams makes it a local buffer of 20 elements with two counters,
    which CIRCT turns into internal memories."""
    import test_streams

    from allo_xdsl.analysis.call_graph import functions

    module = test_streams.streamed_module()
    for name, fn in functions(module).items():
        if name != "bands":
            fn.detach()
            fn.erase()
    inputs, _ = test_streams.all_inputs(seed=6)
    A, C = inputs["bands"]
    result = simulate(module, "bands", [A, C], backend="rtl")
    np.testing.assert_array_equal(result.args[1], (A + 1) * (A + 1))
    assert result.cycles is not None
    assert result.cycles > 2 * 20


def test_float_kernel_is_a_clear_error() -> None:
    module = parse(kernel_text("gemm_f32"))
    with pytest.raises(AlloError, match="f32 .* is floating point") as info:
        export_rtl(module)
    assert info.value.location is not None


def test_two_written_memories_with_several_ports() -> None:
    module = parse(
        """
func.func @rmw(%A: memref<8xi32>, %B: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = affine.load %B[%i] : memref<8xi32>
    %s = arith.addi %a, %b : i32
    affine.store %s, %A[%i] : memref<8xi32>
    affine.store %s, %B[%i] : memref<8xi32>
  }
  return
}
"""
    )
    load_pipeline("circt-cf").apply(make_context(), module)
    with pytest.raises(AlloError, match="CIRCT \\(pycde 0.12.1\\) aborts"):
        export_rtl(module)
