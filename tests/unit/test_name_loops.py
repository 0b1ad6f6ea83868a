"""
name-loops only adds names: the kernel computes the same, names are
stable under a second run, and existing names are kept."""

import numpy as np
import pytest
from conftest import KERNELS
from xdsl.dialects import affine
from xdsl.ir import SSAValue

from allo_xdsl.analysis.lookup import (
    band_name,
    find_func,
    find_loop,
    loop_name,
    loops_of,
)
from allo_xdsl.api import parse
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.parsing import parse_module
from allo_xdsl.passes.name_loops import NameLoopsPass
from allo_xdsl.passes.normalize_affine import NormalizeAffinePass
from allo_xdsl.pipelines import Pipeline, ScheduleStep
from allo_xdsl.sim import simulate


def test_naming_keeps_results_and_is_idempotent():
    ctx = make_context()
    path = KERNELS / "stencil2d.mlir"
    module = parse_module(ctx, path.read_text(), str(path))
    NormalizeAffinePass().apply(ctx, module)
    rng = np.random.default_rng(3)
    a = rng.integers(-1000, 1000, (10, 12), dtype=np.int32)
    b = np.zeros((10, 12), np.int32)
    before = simulate(module, "stencil2d", [a, b])
    NameLoopsPass().apply(ctx, module)
    names = [(loop_name(x), band_name(x)) for x in loops_of(module)]
    assert names == [("i", "S_i_0"), ("j", "S_i_0"), ("i", "S_i_1"), ("j", "S_i_1")]
    NameLoopsPass().apply(ctx, module)
    assert names == [(loop_name(x), band_name(x)) for x in loops_of(module)]
    after = simulate(module, "stencil2d", [a, b])
    assert np.array_equal(before.args[1], after.args[1])


# ----- loops that share a name in one band, scheduled by their names -----

JACOBI_2D = """
func.func @jacobi(%A: memref<6x6xf32>, %B: memref<6x6xf32>) {
  %c = arith.constant 0.2 : f32
  affine.for %t = 0 to 3 {
    affine.for %i = 1 to 5 {
      affine.for %j = 1 to 5 {
        %a = affine.load %A[%i, %j] : memref<6x6xf32>
        %l = affine.load %A[%i, %j - 1] : memref<6x6xf32>
        %r = affine.load %A[%i, %j + 1] : memref<6x6xf32>
        %u = affine.load %A[%i - 1, %j] : memref<6x6xf32>
        %d = affine.load %A[%i + 1, %j] : memref<6x6xf32>
        %s1 = arith.addf %a, %l : f32
        %s2 = arith.addf %s1, %r : f32
        %s3 = arith.addf %s2, %u : f32
        %s4 = arith.addf %s3, %d : f32
        %v = arith.mulf %s4, %c : f32
        affine.store %v, %B[%i, %j] : memref<6x6xf32>
      }
    }
    affine.for %i = 1 to 5 {
      affine.for %j = 1 to 5 {
        %a = affine.load %B[%i, %j] : memref<6x6xf32>
        %l = affine.load %B[%i, %j - 1] : memref<6x6xf32>
        %r = affine.load %B[%i, %j + 1] : memref<6x6xf32>
        %u = affine.load %B[%i - 1, %j] : memref<6x6xf32>
        %d = affine.load %B[%i + 1, %j] : memref<6x6xf32>
        %s1 = arith.addf %a, %l : f32
        %s2 = arith.addf %s1, %r : f32
        %s3 = arith.addf %s2, %u : f32
        %s4 = arith.addf %s3, %d : f32
        %v = arith.mulf %s4, %c : f32
        affine.store %v, %A[%i, %j] : memref<6x6xf32>
      }
    }
  }
  func.return
}
"""


def jacobi_model(a: np.ndarray, b: np.ndarray, steps: int) -> tuple[np.ndarray, ...]:
    a, b = a.copy(), b.copy()
    for _ in range(steps):
        for src, dst in ((a, b), (b, a)):
            inner = (
                src[1:-1, 1:-1]
                + src[1:-1, :-2]
                + src[1:-1, 2:]
                + src[:-2, 1:-1]
                + src[2:, 1:-1]
            )
            dst[1:-1, 1:-1] = inner * np.float32(0.2)
    return a, b


def stored_buffer(loop: affine.ForOp) -> SSAValue:
    stores = [op for op in loop.walk() if isinstance(op, affine.StoreOp)]
    assert len({s.memref for s in stores}) == 1
    return stores[0].memref


def test_jacobi_every_loop_scheduled_by_its_name():
    ctx, module = parse(JACOBI_2D, "jacobi.mlir")
    fn = find_func(module, "jacobi")
    a_arg, b_arg = fn.args
    pipeline = Pipeline(
        schedule={
            "jacobi": [
                ScheduleStep("reorder", {"loops": ["j#0", "i#0"]}),
                ScheduleStep("split", {"loop": "S_t_0:i#1", "factor": 2}),
                ScheduleStep("pipeline", {"loop": "S_t_0:j#1"}),
                ScheduleStep("unroll", {"loop": "t", "factor": 3}),
            ]
        }
    )
    pipeline.apply(ctx, module)
    # The first sweep (writes B) is reordered; the second (writes A) split.
    first = find_loop(fn, "j#0")
    assert stored_buffer(first) is b_arg
    assert loop_name(next(loops_of(first))) == "j#0"
    assert [loop_name(x) for x in loops_of(first)] == ["j#0", "i#0"]
    outer = find_loop(fn, "i#1.outer")
    assert stored_buffer(outer) is a_arg
    assert [loop_name(x) for x in loops_of(outer)] == ["i#1.outer", "i#1.inner", "j#1"]
    assert "fpga.pipeline_ii" in find_loop(fn, "j#1").attributes
    assert "fpga.pipeline_ii" not in first.attributes
    rng = np.random.default_rng(11)
    a = rng.random((6, 6), dtype=np.float32)
    b = rng.random((6, 6), dtype=np.float32)
    out = simulate(module, "jacobi", [a, b], backend="interpreter")
    want_a, want_b = jacobi_model(a, b, 3)
    np.testing.assert_allclose(out.args[0], want_a, rtol=1e-5)
    np.testing.assert_allclose(out.args[1], want_b, rtol=1e-5)


SIBLINGS = """
func.func @mm(%A: memref<4x3xi32>, %B: memref<3x5xi32>, %C: memref<4x5xi32>) {
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      affine.store %zero, %C[%i, %j] : memref<4x5xi32>
    }
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 3 {
        %a = affine.load %A[%i, %k] : memref<4x3xi32>
        %b = affine.load %B[%k, %j] : memref<3x5xi32>
        %c = affine.load %C[%i, %j] : memref<4x5xi32>
        %p = arith.muli %a, %b : i32
        %s = arith.addi %c, %p : i32
        affine.store %s, %C[%i, %j] : memref<4x5xi32>
      }
    }
  }
  func.return
}
"""


def test_sibling_loops_scheduled_by_their_names():
    ctx, module = parse(SIBLINGS, "mm.mlir")
    fn = find_func(module, "mm")
    with pytest.raises(AlloError, match="'j' is ambiguous; write one of: j#0, j#1"):
        find_loop(fn, "j")
    pipeline = Pipeline(
        schedule={
            "mm": [
                ScheduleStep("split", {"loop": "j#0", "factor": 2}),
                ScheduleStep("reorder", {"loops": ["k", "j#1"]}),
                ScheduleStep("pipeline", {"loop": "S_i_0:j#1"}),
                ScheduleStep("unroll", {"loop": "i", "factor": 2}),
            ]
        }
    )
    pipeline.apply(ctx, module)
    names = [loop_name(x) for x in loops_of(fn)]
    assert names == ["i", "j#0.outer", "j#0.inner", "k", "j#1"]
    init = find_loop(fn, "j#0.outer")
    assert not any(isinstance(op, affine.LoadOp) for op in init.walk())
    assert "fpga.pipeline_ii" in find_loop(fn, "j#1").attributes
    rng = np.random.default_rng(12)
    a = rng.integers(-9, 9, (4, 3), dtype=np.int32)
    b = rng.integers(-9, 9, (3, 5), dtype=np.int32)
    c = rng.integers(-9, 9, (4, 5), dtype=np.int32)
    out = simulate(module, "mm", [a, b, c], backend="interpreter")
    np.testing.assert_array_equal(out.args[2], a @ b)


CLASHES = """
func.func @f(%A: memref<4xf32>) {
  %c = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.store %c, %A[%j] : memref<4xf32>
    }
  }
  affine.for %k = 0 to 4 {
    affine.store %c, %A[%k] : memref<4xf32>
  } {op_name = "mine"}
  affine.for %m = 0 to 4 {
    affine.store %c, %A[%m] : memref<4xf32>
  } {op_name = "mine"}
  func.return
}
"""


def test_names_a_pass_adds_never_rename_existing_ones():
    _, module = parse(CLASHES, "c.mlir")
    fn = find_func(module, "f")
    # Bands given one name by the input are told apart.
    assert [band_name(x) for x in loops_of(fn)][2:] == ["mine#0", "mine#1"]
    assert loop_name(find_loop(fn, "mine#1:m")) == "m"
    # As a pass may: a new unnamed loop `j` next to `j`, and a new nest
    # whose generated band name (S_i_0) is taken.
    j = find_loop(fn, "j")
    new_j = j.clone()
    del new_j.attributes["loop_name"]
    j.parent_block().insert_op_after(new_j, j)  # type: ignore[union-attr]
    outer = find_loop(fn, "i")
    new_nest = outer.clone()
    for loop in loops_of(new_nest):
        loop.attributes.pop("loop_name", None)
        loop.attributes.pop("op_name", None)
    fn.body.block.insert_op_before(new_nest, outer)
    NameLoopsPass().apply(make_context(), module)
    assert find_loop(fn, "S_i_0:j") is j
    assert find_loop(fn, "S_i_0:i") is outer
    assert loop_name(new_j) == "j#0"
    assert band_name(new_nest) == "S_i_0#0"
    assert [loop_name(x) for x in loops_of(new_nest)] == ["i", "j#0", "j#1"]
