"""
quantize retypes the loop-carried accumulators of the chain it retypes:
a MAC whose `iter_args` sum only feeds the quantized output accumulates in
the output's fixed-point type (not in float between fixed-point loads and
stores), in C simulation as in the interpreter, as the exact model says."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from fixed_check import (
    Fx,
    Type,
    numpy_array,
    parse,
    quantize,
    raw_values,
    run_both,
    same_bits,
    value_of,
)
from xdsl.context import Context
from xdsl.dialects import affine, arith

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.dialects.allo import AddOp
from allo_xdsl.passes.quantize import QuantizePass

pytestmark = pytest.mark.needs("g++", "hls4ml")

# Two nested reductions (a 2-D convolution's MAC at one output point).
MAC = """
func.func @mac(%A: memref<4x3x3xf32>, %W: memref<3x3xf32>, %out: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    %r = affine.for %u = 0 to 3 iter_args(%acc = %z) -> (f32) {
      %q = affine.for %v = 0 to 3 iter_args(%acc2 = %acc) -> (f32) {
        %a = affine.load %A[%i, %u, %v] : memref<4x3x3xf32>
        %w = affine.load %W[%u, %v] : memref<3x3xf32>
        %p = arith.mulf %a, %w : f32
        %s = arith.addf %acc2, %p : f32
        affine.yield %s : f32
      }
      affine.yield %q : f32
    }
    affine.store %r, %out[%i] : memref<4xf32>
  }
  return
}
"""


def test_mac_accumulates_in_fixed_point() -> None:
    module = parse(MAC, "mac.mlir")
    ctx = Context()
    for buffer, spec in (("A", "fixed<8,4>"), ("W", "fixed<8,4>")):
        QuantizePass(func="mac", buffer=buffer, type=spec).apply(ctx, module)
    QuantizePass(func="mac", buffer="out", type="fixed<16,8>").apply(ctx, module)
    module.verify()
    fn = find_func(module, "mac")
    assert not any(isinstance(op, arith.AddfOp | arith.MulfOp) for op in fn.walk())
    assert sum(isinstance(op, AddOp) for op in fn.walk()) == 1
    out_t, in_t = Fx(16, 8), Fx(8, 4)
    for loop in (op for op in fn.walk() if isinstance(op, affine.ForOp)):
        for result in loop.results:
            assert str(result.type) == "!allo.fixed<16, 8>"
    rng = np.random.default_rng(3)
    a_raw = raw_values(rng, in_t, 36)
    w_raw = raw_values(rng, in_t, 9)
    A = numpy_array(in_t, a_raw).reshape(4, 3, 3)
    W = numpy_array(in_t, w_raw).reshape(3, 3)
    out = np.zeros(4, np.int16)
    types: list[Type] = [in_t, in_t, out_t]
    csim, interp = run_both(module, "mac", types, [A, W, out])
    assert same_bits(out_t, csim.args[2], interp.args[2])
    for i in range(4):
        acc = quantize(Fraction(0), out_t)
        for u in range(3):
            for v in range(3):
                a = value_of(int(A[i, u, v]), in_t)
                w = value_of(int(W[u, v]), in_t)
                p = quantize(a * w, out_t)
                acc = quantize(value_of(acc, out_t) + value_of(p, out_t), out_t)
        assert int(csim.args[2][i]) == acc


SCALAR = """
func.func @mac(%A: memref<4x6xf32>, %W: memref<6xf32>, %out: memref<4xf32>) {
  %z = arith.constant 0.0 : f32
  %sum = memref.alloc() {name = "sum"} : memref<1xf32>
  affine.for %i = 0 to 4 {
    affine.store %z, %sum[0] : memref<1xf32>
    affine.for %k = 0 to 6 {
      %a = affine.load %A[%i, %k] : memref<4x6xf32>
      %w = affine.load %W[%k] : memref<6xf32>
      %p = arith.mulf %a, %w : f32
      %s = affine.load %sum[0] : memref<1xf32>
      %n = arith.addf %s, %p : f32
      affine.store %n, %sum[0] : memref<1xf32>
    }
    %r = affine.load %sum[0] : memref<1xf32>
    affine.store %r, %out[%i] : memref<4xf32>
  }
  return
}
"""


def test_scalar_accumulator_is_quantized_with_the_output() -> None:
    module = parse(SCALAR, "scalar.mlir")
    ctx = Context()
    for buffer, spec in (("A", "fixed<8,4>"), ("W", "fixed<8,4>")):
        QuantizePass(func="mac", buffer=buffer, type=spec).apply(ctx, module)
    QuantizePass(func="mac", buffer="out", type="fixed<16,8>").apply(ctx, module)
    module.verify()
    fn = find_func(module, "mac")
    assert not any(isinstance(op, arith.AddfOp | arith.MulfOp) for op in fn.walk())
    out_t, in_t = Fx(16, 8), Fx(8, 4)
    rng = np.random.default_rng(5)
    A = numpy_array(in_t, raw_values(rng, in_t, 24)).reshape(4, 6)
    W = numpy_array(in_t, raw_values(rng, in_t, 6))
    out = np.zeros(4, np.int16)
    types: list[Type] = [in_t, in_t, out_t]
    csim, interp = run_both(module, "mac", types, [A, W, out])
    assert same_bits(out_t, csim.args[2], interp.args[2])
    for i in range(4):
        acc = quantize(Fraction(0), out_t)
        for k in range(6):
            a, w = value_of(int(A[i, k]), in_t), value_of(int(W[k]), in_t)
            p = quantize(a * w, out_t)
            acc = quantize(value_of(acc, out_t) + value_of(p, out_t), out_t)
        assert int(csim.args[2][i]) == acc
