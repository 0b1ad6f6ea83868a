"""
Steps after `to` keep what the program computes, or are refused.

A stream delivers its k-th put to its k-th get, so every step after `to`
must keep the order in which the producer writes and the consumer reads
(issue 11: `to` then `reorder` or `tile` gave wrong code). Each kernel here
streams T between a producer `T = 3 A` and a consumer `B = T - A` (so
`B = 2 A`: any element delivered to the wrong iteration shows) and applies
one order-keeping schedule; each runs on random inputs with the interpreter
(before and after) and, all in one g++ compile through `@all`, in C
simulation, against numpy. The steps that break the order are refused with
a message naming the step, the stream and both orders.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.apply_schedules import ApplySchedulesPass
from allo_xdsl.passes.materialize_unroll import MaterializeUnrollPass
from allo_xdsl.sim import simulate

ROWS, COLS = 4, 6

KERNEL = """
func.func @NAME(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x6xi32>
  %three = arith.constant 3 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      %t = arith.muli %a, %three : i32
      affine.store %t, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %x = 0 to 4 {
    affine.for %y = 0 to 6 {
      %t = affine.load %T[%x, %y] : memref<4x6xi32>
      %a = affine.load %A[%x, %y] : memref<4x6xi32>
      %b = arith.subi %t, %a : i32
      affine.store %b, %B[%x, %y] : memref<4x6xi32>
    }
  }
  func.return
}
"""

LEGAL = {
    "split": ['sched.split "y" factor 4', 'sched.split "i" factor 3'],
    "split_pipeline": ['sched.split "x" factor 2', 'sched.pipeline "y"'],
    "fuse": ['sched.fuse ["x", "y"]', 'sched.fuse ["i", "j"]'],
    "tile_rows": ['sched.tile ["x", "y"] factors [2, 6]'],
    "compute_at": ['sched.compute_at "S_i_0" consumer "S_x_1" loop "x"'],
    "compute_at_y": ['sched.compute_at "S_i_0" consumer "S_x_1" loop "y"'],
    "pipeline": ["sched.dataflow", 'sched.pipeline "x"', 'sched.pipeline "j"'],
    "unroll": ['sched.unroll "y" factor 4', 'sched.unroll "i" factor 0'],
    "buffer_at": ['sched.buffer_at "B" loop "x"'],
}
"""Kernel name -> the steps after `to "T"`, each keeping the order."""


def _source() -> str:
    text = "".join(KERNEL.replace("@NAME", f"@{name}") for name in LEGAL)
    args = ", ".join(
        f"%A{k}: memref<4x6xi32>, %B{k}: memref<4x6xi32>" for k in range(len(LEGAL))
    )
    calls = "".join(
        f"  func.call @{name}(%A{k}, %B{k}) : "
        "(memref<4x6xi32>, memref<4x6xi32>) -> ()\n"
        for k, name in enumerate(LEGAL)
    )
    text += f"func.func @all({args}) {{\n{calls}  func.return\n}}\n"
    for name, steps in LEGAL.items():
        body = "".join(f"  {step}\n" for step in ['sched.to "T"', *steps])
        text += f"sched.schedule @{name} {{\n{body}}}\n"
    return text


def _parse(text: str) -> ModuleOp:
    return read_mlir(make_context(), text, "stream_order.mlir")


def _scheduled(materialize: bool = False) -> ModuleOp:
    module = _parse(_source())
    ApplySchedulesPass().apply(make_context(), module)
    if materialize:
        MaterializeUnrollPass().apply(make_context(), module)
    module.verify()
    return module


def _inputs(seed: int) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [rng.integers(-99, 99, (ROWS, COLS)).astype(np.int32) for _ in LEGAL]


@pytest.mark.parametrize("materialize", [False, True])
def test_interpreter_before_after_numpy(materialize: bool) -> None:
    before = _parse(_source())
    after = _scheduled(materialize)
    for name, a in zip(LEGAL, _inputs(3), strict=True):
        args = [a, np.zeros((ROWS, COLS), np.int32)]
        old = simulate(before, name, args, "interpreter")
        new = simulate(after, name, args, "interpreter")
        assert np.array_equal(new.args[1], 2 * a), f"{name}: B differs from numpy"
        assert np.array_equal(old.args[1], new.args[1]), f"{name}: changed"


@pytest.mark.needs("g++", "hls4ml")
def test_csim_all_legal_schedules_one_compile() -> None:
    module = _scheduled()
    inputs = _inputs(4)
    flat: list[Any] = []
    for a in inputs:
        flat += [a, np.zeros((ROWS, COLS), np.int32)]
    result = simulate(module, "all", flat, "csim")
    for k, (name, a) in enumerate(zip(LEGAL, inputs, strict=True)):
        got = result.args[2 * k + 1]
        assert np.array_equal(got, 2 * a), f"csim {name}: B differs from numpy"


ISSUE_REPRO = """
func.func @top(%A1: memref<8x8xi32>) -> memref<8x2xi32> {
  %T2 = memref.alloc() : memref<8x2xi32>
  %B3 = memref.alloc() : memref<8x2xi32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 2 {
      %v1 = affine.load %A1[3, %i] : memref<8x8xi32>
      affine.store %v1, %T2[%i, %j] : memref<8x2xi32>
    }
  }
  affine.for %x = 0 to 8 {
    affine.for %y = 0 to 2 {
      %v2 = affine.load %T2[%x, %y] : memref<8x2xi32>
      %v3 = affine.load %A1[%x, %x] : memref<8x8xi32>
      %v4 = arith.addi %v2, %v3 : i32
      affine.store %v4, %B3[%x, %y] : memref<8x2xi32>
    }
  }
  func.return %B3 : memref<8x2xi32>
}
"""

ISSUE_YAML = """
schedule:
  top:
    - to: {buffer: T2}
    - dataflow: {}
    - reorder: {loops: [y, x]}
    - pipeline: {loop: y, ii: 1}
"""


def test_issue_repro_is_refused(tmp_path: Any) -> None:
    from allo_xdsl.api import compile_mlir

    pipeline = tmp_path / "repro.yaml"
    pipeline.write_text(ISSUE_YAML)
    with pytest.raises(AlloError) as error:
        compile_mlir(ISSUE_REPRO, str(pipeline), target="hls-cpp")
    message = error.value.message
    assert "step 'reorder' of the schedule of 'top'" in message
    assert "would break stream 'T2'" in message
    assert "read it in loop order (y, x)" in message
    assert "writes it in loop order (i, j)" in message
    assert "apply 'reorder' before 'to'" in message


COPY_2X3 = """
func.func @top(%A: memref<2x3xi32>, %B: memref<2x3xi32>) {
  %T = memref.alloc() {name = "T"} : memref<2x3xi32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 3 {
      %a = affine.load %A[%i, %j] : memref<2x3xi32>
      affine.store %a, %T[%i, %j] : memref<2x3xi32>
    }
  }
  affine.for %x = 0 to 2 {
    affine.for %y = 0 to 3 {
      %t = affine.load %T[%x, %y] : memref<2x3xi32>
      affine.store %t, %B[%x, %y] : memref<2x3xi32>
    }
  }
  func.return
}
"""


@pytest.mark.parametrize(
    ("steps", "broken"),
    [
        (['sched.reorder ["y", "x"]'], "'reorder' would break stream 'T'"),
        (['sched.reorder ["j", "i"]'], "'reorder' would break stream 'T'"),
        (['sched.tile ["x", "y"] factors [2, 2]'], "'tile' would break stream 'T'"),
        (['sched.tile ["i", "j"] factors [2, 2]'], "'tile' would break stream 'T'"),
        (
            ['sched.split "x" factor 1', 'sched.reorder ["y", "x.outer"]'],
            "'reorder' would break stream 'T'",
        ),
        (['sched.parallel "y"'], "loop 'y' of 'top' is parallel"),
        (['sched.parallel "i"'], "loop 'i' of 'top' is parallel"),
    ],
)
def test_order_breaking_steps_are_refused(steps: list[str], broken: str) -> None:
    body = "".join(f"  {step}\n" for step in ['sched.to "T"', *steps])
    module = _parse(COPY_2X3 + f"sched.schedule @top {{\n{body}}}\n")
    with pytest.raises(AlloError) as error:
        ApplySchedulesPass().apply(make_context(), module)
    assert broken in error.value.message


def test_reorder_before_to_still_computes_the_copy() -> None:
    """
    The order-changing step is fine before `to`: `to` checks the order
    it finds, and the program is the copy it was."""
    module = _parse(
        COPY_2X3 + 'sched.schedule @top {\n  sched.reorder ["y", "x"]\n'
        '  sched.reorder ["j", "i"]\n  sched.to "T"\n}\n'
    )
    ApplySchedulesPass().apply(make_context(), module)
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    result = simulate(module, "top", [a, np.zeros((2, 3), np.int32)], "interpreter")
    assert np.array_equal(result.args[1], a)
