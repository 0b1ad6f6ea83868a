"""The parallel annotation: set on parallel loops, refused on the others."""

from __future__ import annotations

from typing import Any

import pytest

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.loop_parallel import LoopParallelPass
from allo_xdsl.passes.primitives import BY_NAME

KERNEL = """
func.func @f(%A: memref<8x8xi32>, %B: memref<8x8xi32>) -> i32 {
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 8 {
    affine.for %j = 1 to 8 {
      %p = affine.load %A[%i, %j - 1] : memref<8x8xi32>
      %c = affine.load %A[%i, %j] : memref<8x8xi32>
      %s = arith.addi %p, %c : i32
      affine.store %s, %A[%i, %j] : memref<8x8xi32>
    }
  }
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %v = affine.load %A[%j, %i] : memref<8x8xi32>
      affine.store %v, %B[%i, %j] : memref<8x8xi32>
    }
  }
  %r = affine.for %i = 0 to 8 iter_args(%acc = %zero) -> (i32) {
    %a = affine.load %B[%i, %i] : memref<8x8xi32>
    %s = arith.addi %acc, %a : i32
    affine.yield %s : i32
  }
  return %r : i32
}
"""


def module() -> Any:
    return read_mlir(make_context(), KERNEL, "<test>")


def test_registered_as_the_parallel_primitive() -> None:
    assert BY_NAME["parallel"].pass_class() is LoopParallelPass


@pytest.mark.parametrize("loop", ["S_i_0:i", "S_i_1:i", "S_i_1:j"])
def test_parallel_loops_are_marked(loop: str) -> None:
    m = module()
    before = str(m)
    LoopParallelPass(func="f", loop=loop).apply(make_context(), m)
    assert "fpga.parallel" in find_loop(find_func(m, "f"), loop).attributes
    assert str(m).replace(", fpga.parallel", "") == before


@pytest.mark.parametrize(
    ("loop", "message"),
    [
        ("S_i_0:j", "dependence on A from store A[i, j] to load A[i, j - 1]"),
        ("S_i_2:i", "it carries values (iter_args)"),
    ],
)
def test_loops_that_are_not_parallel_are_refused(loop: str, message: str) -> None:
    m = module()
    with pytest.raises(AlloError) as info:
        LoopParallelPass(func="f", loop=loop).apply(make_context(), m)
    assert f"loop '{loop}' is not parallel: " in info.value.message
    assert message in info.value.message
