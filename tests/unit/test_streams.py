"""
Streams, dataflow and interfaces keep what the program computes.

One module holds every scenario of the streams issue: producer and consumer
functions under a dataflow top, two bands of one function, a three-stage
chain, a fork through duplicated streams, and a GEMM whose output streams
into an element-wise kernel (Allo's 2mm pattern, after `buffer_at` makes the
GEMM write each output once). Its schedules are applied as a pipeline would
(`apply-schedules`); each top then runs on random inputs with the
interpreter, before and after, and all of them run in one C simulation
(one g++ compile) through `@all`; every run equals numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dialects.fpga import StreamCreateOp, StreamType
from allo_xdsl.frontend.mlir_input import read_mlir
from allo_xdsl.passes.apply_schedules import ApplySchedulesPass
from allo_xdsl.passes.buffer_to_stream import BufferToStreamPass
from allo_xdsl.passes.vitis_interfaces import VitisInterfacesPass
from allo_xdsl.sim import simulate
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml")

KERNELS = """
func.func @producer(%A: memref<8xf32>, %B: memref<8xf32>) {
  %one = arith.constant 1.0 : f32
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    %d = arith.addf %a, %a : f32
    %b = arith.addf %d, %one : f32
    affine.store %b, %B[%i] : memref<8xf32>
  }
  return
}
func.func @consumer(%B: memref<8xf32>, %C: memref<8xf32>) {
  affine.for %i = 0 to 8 {
    %b = affine.load %B[%i] : memref<8xf32>
    %c = arith.mulf %b, %b : f32
    affine.store %c, %C[%i] : memref<8xf32>
  }
  return
}
func.func @pc(%A: memref<8xf32>, %C: memref<8xf32>) {
  %B = memref.alloc() {name = "B"} : memref<8xf32>
  func.call @producer(%A, %B) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @consumer(%B, %C) : (memref<8xf32>, memref<8xf32>) -> ()
  return
}

func.func @bands(%A: memref<4x5xi32>, %C: memref<4x5xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x5xi32>
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<4x5xi32>
      %b = arith.addi %a, %one : i32
      affine.store %b, %T[%i, %j] : memref<4x5xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %t = affine.load %T[%i, %j] : memref<4x5xi32>
      %c = arith.muli %t, %t : i32
      affine.store %c, %C[%i, %j] : memref<4x5xi32>
    }
  }
  return
}

func.func @stage1(%A: memref<8xi32>, %X: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.addi %a, %a : i32
    affine.store %b, %X[%i] : memref<8xi32>
  }
  return
}
func.func @stage2(%X: memref<8xi32>, %Y: memref<8xi32>) {
  %three = arith.constant 3 : i32
  affine.for %i = 0 to 8 {
    %x = affine.load %X[%i] : memref<8xi32>
    %y = arith.subi %x, %three : i32
    affine.store %y, %Y[%i] : memref<8xi32>
  }
  return
}
func.func @stage3(%Y: memref<8xi32>, %C: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %y = affine.load %Y[%i] : memref<8xi32>
    %c = arith.muli %y, %y : i32
    affine.store %c, %C[%i] : memref<8xi32>
  }
  return
}
func.func @chain(%A: memref<8xi32>, %C: memref<8xi32>) {
  %U = memref.alloc() {name = "U"} : memref<8xi32>
  %V = memref.alloc() {name = "V"} : memref<8xi32>
  func.call @stage1(%A, %U) : (memref<8xi32>, memref<8xi32>) -> ()
  func.call @stage2(%U, %V) : (memref<8xi32>, memref<8xi32>) -> ()
  func.call @stage3(%V, %C) : (memref<8xi32>, memref<8xi32>) -> ()
  return
}

func.func @twice(%F: memref<2x4xi32>, %D: memref<2x4xi32>) {
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 4 {
      %f = affine.load %F[%i, %j] : memref<2x4xi32>
      %g = arith.addi %f, %f : i32
      affine.store %g, %D[%i, %j] : memref<2x4xi32>
    }
  }
  return
}
func.func @fork(%A: memref<2x4xi32>, %D: memref<2x4xi32>, %E: memref<8xi32>) {
  %F = memref.alloc() {name = "F"} : memref<2x4xi32>
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<2x4xi32>
      %n = arith.subi %a, %a : i32
      %m = arith.subi %n, %a : i32
      affine.store %m, %F[%i, %j] : memref<2x4xi32>
    }
  }
  func.call @twice(%F, %D) : (memref<2x4xi32>, memref<2x4xi32>) -> ()
  // Reads F in row-major order through one flat loop.
  affine.for %k = 0 to 8 {
    %f = affine.load %F[%k floordiv 4, %k mod 4] : memref<2x4xi32>
    affine.store %f, %E[%k] : memref<8xi32>
  } {op_name = "flat"}
  return
}

func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %C: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      affine.store %zero, %C[%i, %j] : memref<4x5xf32>
      affine.for %k = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<4x6xf32>
        %b = affine.load %B[%k, %j] : memref<6x5xf32>
        %c = affine.load %C[%i, %j] : memref<4x5xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x5xf32>
      }
    }
  }
  return
}
func.func @scale_add(%C: memref<4x5xf32>, %D: memref<4x5xf32>, %E: memref<4x5xf32>) {
  %alpha = arith.constant 1.5 : f32
  %beta = arith.constant -0.5 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
      %c = affine.load %C[%i, %j] : memref<4x5xf32>
      %d = affine.load %D[%i, %j] : memref<4x5xf32>
      %x = arith.mulf %alpha, %c : f32
      %y = arith.mulf %beta, %d : f32
      %e = arith.addf %x, %y : f32
      affine.store %e, %E[%i, %j] : memref<4x5xf32>
    }
  }
  return
}
func.func @mm(%A: memref<4x6xf32>, %B: memref<6x5xf32>,
              %D: memref<4x5xf32>, %E: memref<4x5xf32>) {
  %C = memref.alloc() {name = "C"} : memref<4x5xf32>
  func.call @gemm(%A, %B, %C)
      : (memref<4x6xf32>, memref<6x5xf32>, memref<4x5xf32>) -> ()
  func.call @scale_add(%C, %D, %E)
      : (memref<4x5xf32>, memref<4x5xf32>, memref<4x5xf32>) -> ()
  return
}

func.func @all(%A1: memref<8xf32>, %C1: memref<8xf32>,
               %A2: memref<4x5xi32>, %C2: memref<4x5xi32>,
               %A3: memref<8xi32>, %C3: memref<8xi32>,
               %A4: memref<2x4xi32>, %D4: memref<2x4xi32>, %E4: memref<8xi32>,
               %A5: memref<4x6xf32>, %B5: memref<6x5xf32>, %D5: memref<4x5xf32>,
               %E5: memref<4x5xf32>) {
  func.call @pc(%A1, %C1) : (memref<8xf32>, memref<8xf32>) -> ()
  func.call @bands(%A2, %C2) : (memref<4x5xi32>, memref<4x5xi32>) -> ()
  func.call @chain(%A3, %C3) : (memref<8xi32>, memref<8xi32>) -> ()
  func.call @fork(%A4, %D4, %E4)
      : (memref<2x4xi32>, memref<2x4xi32>, memref<8xi32>) -> ()
  func.call @mm(%A5, %B5, %D5, %E5)
      : (memref<4x6xf32>, memref<6x5xf32>, memref<4x5xf32>, memref<4x5xf32>)
      -> ()
  return
}
"""

SCHEDULES = """
sched.schedule @pc {
  sched.to "B"
  sched.dataflow
}
sched.schedule @bands {
  sched.to "T" depth 2
}
sched.schedule @chain {
  sched.to "U" depth 2
  sched.to "V"
  sched.dataflow
}
sched.schedule @fork {
  sched.to "F" consumers ["twice", "flat"]
  sched.dataflow
}
sched.schedule @gemm {
  sched.buffer_at "C" loop "j"
}
sched.schedule @mm {
  sched.to "C"
  sched.dataflow
}
"""


def _parse(text: str) -> ModuleOp:
    return read_mlir(make_context(), text, "streams.mlir")


def _streamed() -> ModuleOp:
    module = _parse(KERNELS + SCHEDULES)
    ApplySchedulesPass().apply(make_context(), module)
    module.verify()
    return module


def _inputs(rng: np.random.Generator) -> dict[str, list[Any]]:
    def floats(*shape: int) -> Any:
        return rng.standard_normal(shape).astype(np.float32)

    def ints(*shape: int) -> Any:
        return rng.integers(-50, 50, shape).astype(np.int32)

    zf, zi = np.zeros, np.zeros
    return {
        "pc": [floats(8), zf(8, np.float32)],
        "bands": [ints(4, 5), zi((4, 5), np.int32)],
        "chain": [ints(8), zi(8, np.int32)],
        "fork": [ints(2, 4), zi((2, 4), np.int32), zi(8, np.int32)],
        "mm": [floats(4, 6), floats(6, 5), floats(4, 5), zf((4, 5), np.float32)],
    }


def _expected(name: str, args: list[Any]) -> dict[int, Any]:
    """The numpy reference: argument index -> its value after the call."""
    if name == "pc":
        b = args[0] * np.float32(2) + np.float32(1)
        return {1: b * b}
    if name == "bands":
        t = args[0] + 1
        return {1: t * t}
    if name == "chain":
        y = args[0] * 2 - 3
        return {1: y * y}
    if name == "fork":
        f = -args[0]
        return {1: f + f, 2: f.reshape(-1)}
    assert name == "mm"
    c = args[0] @ args[1]
    return {3: np.float32(1.5) * c + np.float32(-0.5) * args[2]}


def _close(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f":
        return bool(np.allclose(a, b, rtol=1e-5, atol=1e-5))
    return bool(np.array_equal(a, b))


SCENARIOS = ("pc", "bands", "chain", "fork", "mm")


def streamed_module() -> ModuleOp:
    """
    Every scenario, its schedule applied; `@all` runs them all (for the
    tests of other backends)."""
    return _streamed()


def all_inputs(seed: int) -> tuple[dict[str, list[Any]], list[Any]]:
    """Random inputs per scenario, and all of them as `@all` takes them."""
    inputs = _inputs(np.random.default_rng(seed))
    return inputs, [a for name in SCENARIOS for a in inputs[name]]


def check_all(args: Sequence[Any], inputs: dict[str, list[Any]], label: str) -> None:
    """
    `args`, the arguments of `@all` after it ran on `inputs`, equal
    numpy for every scenario."""
    offset = 0
    for name in SCENARIOS:
        for k, value in _expected(name, inputs[name]).items():
            got = args[offset + k]
            assert _close(got, value), f"{label} {name}: argument {k} differs"
        offset += len(inputs[name])


def test_schedules_make_streams() -> None:
    module = _streamed()
    creates = [op for op in module.walk() if isinstance(op, StreamCreateOp)]
    names = sorted(op.stream.name_hint or "" for op in creates)
    assert names == ["B", "C", "F", "F_flat", "F_twice", "T", "U", "V"]
    depths = {
        op.stream.name_hint: op.stream.type.depth.data
        for op in creates
        if isinstance(op.stream.type, StreamType)
    }
    assert depths == {
        "B": 8,
        "T": 2,
        "U": 2,
        "V": 8,
        "F": 8,
        "F_twice": 8,
        "F_flat": 8,
        "C": 20,
    }
    # `to` records how many elements the producer puts (lower-streams sizes
    # its buffers with it), whatever the depth.
    counts = {op.stream.name_hint: op.element_count for op in creates}
    assert counts == {"B": 8, "T": 20, "U": 8, "V": 8, "C": 20} | {
        f: 8 for f in ("F", "F_twice", "F_flat")
    }
    text = emit_hls_cpp(module)
    assert text.count('#include "hls_stream.h"') == 1
    assert "void stage2(hls::stream<int32_t> &X, hls::stream<int32_t> &Y)" in text
    assert "#pragma HLS stream variable=C depth=20" in text


@pytest.mark.parametrize("name", SCENARIOS)
def test_interpreter_before_after_numpy(name: str) -> None:
    before = _parse(KERNELS)
    after = _streamed()
    args = _inputs(np.random.default_rng(1))[name]
    old = simulate(before, name, args, "interpreter")
    new = simulate(after, name, args, "interpreter")
    for k, (x, y) in enumerate(zip(old.args, new.args, strict=True)):
        assert np.array_equal(x, y), f"{name}: argument {k} changed by streaming"
    for k, value in _expected(name, args).items():
        assert _close(new.args[k], value), f"{name}: argument {k} differs from numpy"


def test_csim_all_scenarios_one_compile() -> None:
    after = _streamed()
    inputs = _inputs(np.random.default_rng(2))
    flat = [a for name in SCENARIOS for a in inputs[name]]
    csim = simulate(after, "all", flat, "csim")
    interpreted = simulate(after, "all", flat, "interpreter")
    offset = 0
    for name in SCENARIOS:
        args = inputs[name]
        for k, value in _expected(name, args).items():
            got = csim.args[offset + k]
            assert _close(got, value), f"csim {name}: argument {k} differs from numpy"
            assert np.array_equal(got, interpreted.args[offset + k]), (
                f"{name}: csim and the interpreter differ on argument {k}"
            )
        offset += len(args)


def test_out_of_order_to_is_rejected_and_changes_nothing() -> None:
    text = """
func.func @shift(%A: memref<8xf32>, %C: memref<7xf32>) {
  %T = memref.alloc() {name = "T"} : memref<8xf32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xf32>
    affine.store %a, %T[%i] : memref<8xf32>
  }
  affine.for %i = 0 to 7 {
    %t = affine.load %T[%i + 1] : memref<8xf32>
    affine.store %t, %C[%i] : memref<7xf32>
  }
  return
}
"""
    module = _parse(text)
    printed = str(module)
    with pytest.raises(AlloError) as error:
        BufferToStreamPass(func="shift", buffer="T").apply(make_context(), module)
    assert "reads T[i + 1] before the producer writes it" in error.value.message
    assert str(module) == printed


def test_interpreter_runs_a_stream_argument() -> None:
    module = _streamed()
    fed = simulate(module, "consumer", [np.arange(8, dtype=np.float32), np.zeros(8)])
    assert np.array_equal(fed.args[1], np.arange(8, dtype=np.float32) ** 2)
    assert fed.args[0].size == 0
    with pytest.raises(AlloError, match="read while empty"):
        simulate(module, "consumer", [np.arange(3, dtype=np.float32), np.zeros(8)])


def test_vitis_interfaces_on_the_streamed_top() -> None:
    module = _streamed()
    top = find_func(module, "all")
    top.detach()
    top.erase()
    VitisInterfacesPass(top="pc").apply(make_context(), module)
    module.verify()
    text = emit_hls_cpp(module)
    body = text[text.index("void pc(") :]
    assert body.splitlines()[1:5] == [
        "  #pragma HLS interface m_axi port=A offset=slave bundle=gmem0",
        "  #pragma HLS interface m_axi port=C offset=slave bundle=gmem1",
        "  #pragma HLS interface s_axilite port=return bundle=control",
        "  #pragma HLS dataflow",
    ]
