"""compute_at keeps what the program computes, and refuses when it cannot.

Kernels run after the fusion, on random inputs, with the interpreter and
with C simulation, and must equal a numpy reference; a rejected compute_at
raises an AlloError and leaves the IR as it was.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from xdsl.dialects import affine

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.compute_at import ComputeAtPass
from allo_xdsl.passes.loop_unroll import LoopUnrollPass
from allo_xdsl.passes.materialize_unroll import MaterializeUnrollPass
from allo_xdsl.sim import Backend, simulate

pytestmark = pytest.mark.needs("g++", "hls4ml")

TWO_STAGES = """
func.func @two(%A: memref<4x5xi32>, %B: memref<4x5xi32>, %C: memref<4x5xi32>) {
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      %b = arith.addi %a, %one : i32
      affine.store %b, %B[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i, %j] : memref<4x5xi32>
      %c = arith.muli %b, %two : i32
      affine.store %c, %C[%i, %j] : memref<4x5xi32>
    }
  }
  return
}
"""

# A blur over rows: the producer's row i is B[i + 1] (B[0] is zero), the
# consumer at row i reads B[i] and B[i - 1]; the loops are matched with a
# shift (producer i = consumer i - 1), and B is a local buffer.
BLUR = """
func.func @blur(%A: memref<6x4xf32>, %C: memref<6x4xf32>) {
  %B = memref.alloc() : memref<7x4xf32>
  %half = arith.constant 0.5 : f32
  %zero = arith.constant 0.0 : f32
  affine.for %j = 0 to 4 {
    affine.store %zero, %B[0, %j] : memref<7x4xf32>
  }
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<6x4xf32>
      %b = arith.mulf %a, %a : f32
      affine.store %b, %B[%i + 1, %j] : memref<7x4xf32>
    }
  }
  affine.for %i = 1 to 7 {
    affine.for %j = 0 to 4 {
      %cur = affine.load %B[%i, %j] : memref<7x4xf32>
      %prev = affine.load %B[%i - 1, %j] : memref<7x4xf32>
      %s = arith.addf %cur, %prev : f32
      %r = arith.mulf %s, %half : f32
      affine.store %r, %C[%i - 1, %j] : memref<6x4xf32>
    }
  }
  return
}
"""

SHIFT = """
func.func @shift(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<4x5xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      affine.store %a, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i + 1, %j] : memref<5x5xi32>
      affine.store %b, %C[%i, %j] : memref<4x5xi32>
    }
  }
  return
}
"""

# The consumer reads row i - 1 of B: legal at loop i and at loop j.
BEHIND = """
func.func @behind(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<4x5xi32>) {
  affine.for %i = 1 to 5 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      %s = arith.addi %a, %a : i32
      affine.store %s, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 1 to 5 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%i - 1, %j] : memref<5x5xi32>
      %d = affine.load %B[%i, %j] : memref<5x5xi32>
      %c = arith.subi %d, %b : i32
      affine.store %c, %C[%i - 1, %j] : memref<4x5xi32>
    }
  }
  return
}
"""


def parse(text: str) -> Any:
    return parse_module(make_context(), text, "<test>")


def bands(module: Any, func: str) -> list[affine.ForOp]:
    fn = find_func(module, func)
    return [op for op in fn.body.block.ops if isinstance(op, affine.ForOp)]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(11)


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("loop", ["i", "j"])
def test_two_stages(rng: np.random.Generator, backend: Backend, loop: str) -> None:
    A = rng.integers(-100, 100, (4, 5), dtype=np.int32)
    zeros = np.zeros((4, 5), np.int32)
    module = parse(TWO_STAGES)
    before = simulate(module, "two", [A, zeros, zeros], backend="interpreter")
    ComputeAtPass(func="two", producer="S_i_0", consumer="S_i_1", loop=loop).apply(
        make_context(), module
    )
    module.verify()
    assert len(bands(module, "two")) == 1
    after = simulate(module, "two", [A, zeros, zeros], backend=backend)
    for result in (before, after):
        np.testing.assert_array_equal(result.args[1], A + 1)
        np.testing.assert_array_equal(result.args[2], (A + 1) * 2)


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("loop", ["i", "j"])
def test_shifted_bounds_and_a_local_buffer(
    rng: np.random.Generator, backend: Backend, loop: str
) -> None:
    A = rng.standard_normal((6, 4)).astype(np.float32)
    module = parse(BLUR)
    ComputeAtPass(func="blur", producer="S_i_1", consumer="S_i_2", loop=loop).apply(
        make_context(), module
    )
    module.verify()
    assert len(bands(module, "blur")) == 2
    after = simulate(module, "blur", [A, np.zeros((6, 4), np.float32)], backend=backend)
    B = np.zeros((7, 4), np.float32)
    B[1:] = A * A
    np.testing.assert_array_equal(after.args[1], (B[1:] + B[:-1]) * np.float32(0.5))


@pytest.mark.parametrize("backend", ["interpreter", "csim"])
@pytest.mark.parametrize("loop", ["i", "j"])
def test_reading_an_earlier_row(
    rng: np.random.Generator, backend: Backend, loop: str
) -> None:
    A = rng.integers(-100, 100, (5, 5), dtype=np.int32)
    B0 = rng.integers(-100, 100, (5, 5), dtype=np.int32)
    module = parse(BEHIND)
    ComputeAtPass(func="behind", producer="S_i_0", consumer="S_i_1", loop=loop).apply(
        make_context(), module
    )
    module.verify()
    after = simulate(
        module, "behind", [A, B0, np.zeros((4, 5), np.int32)], backend=backend
    )
    B = B0.copy()
    B[1:] = 2 * A[1:]
    np.testing.assert_array_equal(after.args[1], B)
    np.testing.assert_array_equal(after.args[2], B[1:] - B[:-1])


def test_compute_at_then_unroll(rng: np.random.Generator) -> None:
    A = rng.integers(-100, 100, (4, 5), dtype=np.int32)
    zeros = np.zeros((4, 5), np.int32)
    module = parse(TWO_STAGES)
    ctx = make_context()
    ComputeAtPass(func="two", producer="S_i_0", consumer="S_i_1", loop="i").apply(
        ctx, module
    )
    # The producer's inner loop was renamed: it clashed with the consumer's.
    LoopUnrollPass(func="two", loop="S_i_0.j", factor=2).apply(ctx, module)
    LoopUnrollPass(func="two", loop="j", factor=0).apply(ctx, module)
    MaterializeUnrollPass(func="two").apply(ctx, module)
    module.verify()
    for backend in ("interpreter", "csim"):
        after = simulate(module, "two", [A, zeros, zeros], backend=backend)
        np.testing.assert_array_equal(after.args[2], (A + 1) * 2)


@pytest.mark.parametrize("loop", ["i", "j"])
def test_rejected_compute_at_leaves_the_ir_alone(loop: str) -> None:
    module = parse(SHIFT)
    before = str(module)
    with pytest.raises(AlloError) as info:
        ComputeAtPass(
            func="shift", producer="S_i_0", consumer="S_i_1", loop=loop
        ).apply(make_context(), module)
    message = info.value.message
    assert "the consumer would read B before the producer writes it" in message
    assert "load B[i + 1, j] to store B[i, j]" in message
    assert str(module) == before
    # The original still runs: the rejected attempt left no partial rewrite.
    A = np.arange(25, dtype=np.int32).reshape(5, 5)
    result = simulate(
        module, "shift", [A, np.zeros((5, 5), np.int32), np.zeros((4, 5), np.int32)]
    )
    B = np.zeros((5, 5), np.int32)
    B[:4] = A[:4]
    np.testing.assert_array_equal(result.args[2], B[1:])


def test_rejected_because_of_an_op_between() -> None:
    module = parse(
        TWO_STAGES.replace(
            "  affine.for %i = 0 to 4 {\n    affine.for %j = 0 to 5 {\n"
            "      %b = affine.load",
            "  %peek = affine.load %B[0, 0] : memref<4x5xi32>\n"
            "  affine.for %i = 0 to 4 {\n    affine.for %j = 0 to 5 {\n"
            "      %b = affine.load",
        )
    )
    with pytest.raises(AlloError, match="between the producer and the consumer"):
        ComputeAtPass(func="two", producer="S_i_0", consumer="S_i_1", loop="i").apply(
            make_context(), module
        )


def test_as_apply_schedules_builds_it() -> None:
    module = parse(TWO_STAGES)
    arguments = {"producer": "S_i_0", "consumer": "S_i_1", "loop": "j"}
    ComputeAtPass(func="two", **arguments).apply(make_context(), module)
    assert len(bands(module, "two")) == 1
