"""
The interpreter runs fixed point, `quantize`d kernels and bit operations
without the user lowering them first: `simulate(..., backend="interpreter")`
runs a lowered copy and converts values at the boundary, and agrees bit for
bit with C simulation and with a model derived by hand."""

import shutil

import numpy as np
import pytest

from allo_xdsl.api import parse
from allo_xdsl.pipelines import Pipeline, ScheduleStep
from allo_xdsl.sim import simulate

GEMM = """
func.func @gemm(%A: memref<4x4xf32>, %B: memref<4x4xf32>, %C: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %b = affine.load %B[%k, %j] : memref<4x4xf32>
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  return
}
"""

# An unsigned scalar argument and result, and unsigned values with the high
# bit set: the lowered IR reads them as signed, the caller must not see it.
TOTAL = """
func.func @total(%x: !allo.ufixed<8, 4>, %A: memref<6x!allo.ufixed<8, 4>>,
                 %B: memref<6x!allo.ufixed<8, 4>>) -> !allo.ufixed<12, 4> {
  %init = allo.cast %x : !allo.ufixed<8, 4> to !allo.ufixed<12, 4>
  %r = affine.for %i = 0 to 6 iter_args(%acc = %init) -> (!allo.ufixed<12, 4>) {
    %a = affine.load %A[%i] : memref<6x!allo.ufixed<8, 4>>
    %s = allo.add %acc, %a : (!allo.ufixed<12, 4>, !allo.ufixed<8, 4>)
                             -> !allo.ufixed<12, 4>
    %h = allo.add %a, %a : !allo.ufixed<8, 4>
    affine.store %h, %B[%i] : memref<6x!allo.ufixed<8, 4>>
    affine.yield %s : !allo.ufixed<12, 4>
  }
  func.return %r : !allo.ufixed<12, 4>
}
"""

needs_gxx = pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")


def quantized_gemm():
    ctx, module = parse(GEMM, "gemm.mlir")
    Pipeline(
        schedule={
            "gemm": [
                ScheduleStep("quantize", {"buffer": "A", "type": "ufixed<8,4>"}),
                ScheduleStep("quantize", {"buffer": "B", "type": "fixed<8,4>"}),
                ScheduleStep("quantize", {"buffer": "C", "type": "fixed<16,8>"}),
            ]
        }
    ).apply(ctx, module)
    return module


def gemm_inputs():
    rng = np.random.default_rng(11)
    a = rng.integers(0, 256, (4, 4)).astype(np.uint8)  # ufixed<8,4> raw bits
    b = rng.integers(-128, 128, (4, 4)).astype(np.int8)  # fixed<8,4>
    c = rng.integers(-(2**15), 2**15, (4, 4)).astype(np.int16)  # fixed<16,8>
    return a, b, c


def gemm_model(a, b, c):
    # ap_fixed's product of two values with 4 fractional bits each has 8:
    # exactly the raw bits of fixed<16, 8>. Sums are exact and the store
    # wraps to 16 bits (AP_WRAP), so the result is the wrapped integer sum.
    exact = c.astype(np.int64) + a.astype(np.int64) @ b.astype(np.int64)
    return ((exact + 2**15) % 2**16 - 2**15).astype(np.int16)


def test_quantized_gemm_runs_in_the_interpreter():
    a, b, c = gemm_inputs()
    out = simulate(quantized_gemm(), "gemm", [a, b, c], backend="interpreter")
    assert out.args[2].dtype == np.int16
    assert np.array_equal(out.args[2], gemm_model(a, b, c))
    assert np.array_equal(out.args[0], a)
    assert out.args[0].dtype == np.uint8


@needs_gxx
@pytest.mark.needs("g++", "hls4ml")
def test_quantized_gemm_interpreter_equals_csim():
    module = quantized_gemm()
    a, b, c = gemm_inputs()
    interp = simulate(module, "gemm", [a, b, c], backend="interpreter")
    csim = simulate(module, "gemm", [a, b, c], backend="csim")
    for got, want in zip(interp.args, csim.args, strict=True):
        assert got.dtype == want.dtype
        assert np.array_equal(got, want)


def unsigned_inputs():
    a = np.array([255, 128, 1, 200, 17, 90], np.uint8)
    return [np.uint8(250), a, np.zeros(6, np.uint8)]


def test_unsigned_values_keep_their_type_at_the_boundary():
    _, module = parse(TOTAL, "total.mlir")
    x, a, b = unsigned_inputs()
    out = simulate(module, "total", [x, a, b], backend="interpreter")
    # ufixed<12, 4> holds the raw sum modulo 2**12; 2*a wraps at 8 bits.
    assert out.returns == (np.uint16((250 + int(a.astype(int).sum())) % 4096),)
    assert out.returns[0].dtype == np.uint16
    assert np.array_equal(out.args[2], (2 * a.astype(int)) % 256)
    assert out.args[2].dtype == np.uint8


@needs_gxx
@pytest.mark.needs("g++", "hls4ml")
def test_unsigned_interpreter_equals_csim():
    _, module = parse(TOTAL, "total.mlir")
    interp = simulate(module, "total", unsigned_inputs(), backend="interpreter")
    csim = simulate(module, "total", unsigned_inputs(), backend="csim")
    assert interp.returns == csim.returns
    assert np.array_equal(interp.args[2], csim.args[2])


def test_out_of_range_unsigned_argument_is_an_error():
    from allo_xdsl.diagnostics import AlloError

    _, module = parse(TOTAL, "total.mlir")
    x, a, b = unsigned_inputs()
    with pytest.raises(AlloError, match="values do not fit"):
        simulate(module, "total", [x, a.astype(np.int16) - 300, b])


def test_the_module_is_not_modified():
    _, module = parse(TOTAL, "total.mlir")
    before = str(module)
    simulate(module, "total", unsigned_inputs(), backend="interpreter")
    assert str(module) == before
