"""
Kernels and schedules shared by the CIRCT export tests: one scheduled
example per customization primitive, each with a numpy reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from loop_check import blur1d_ref, gemm_ref, kernel_text
from xdsl.passes import ModulePass

from allo_xdsl.passes.primitives import BY_NAME

GEMM_I32 = """
func.func @gemm(%A: memref<6x5xi32>, %B: memref<5x7xi32>, %C: memref<6x7xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 7 {
      affine.for %k = 0 to 5 {
        %a = affine.load %A[%i, %k] : memref<6x5xi32>
        %b = affine.load %B[%k, %j] : memref<5x7xi32>
        %c = affine.load %C[%i, %j] : memref<6x7xi32>
        %p = arith.muli %a, %b : i32
        %s = arith.addi %c, %p : i32
        affine.store %s, %C[%i, %j] : memref<6x7xi32>
      }
    }
  }
  return
}
"""

TWO_STAGES = """
func.func @two(%A: memref<4x6xi32>, %B: memref<4x6xi32>) {
  %T = memref.alloc() : memref<4x6xi32>
  %three = arith.constant 3 : i32
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<4x6xi32>
      %t = arith.muli %a, %three : i32
      affine.store %t, %T[%i, %j] : memref<4x6xi32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %t = affine.load %T[%i, %j] : memref<4x6xi32>
      %b = arith.addi %t, %one : i32
      affine.store %b, %B[%i, %j] : memref<4x6xi32>
    }
  }
  return
}
"""


MM1_I32 = """
func.func @mm1(%A: memref<4x3xi32>, %B: memref<3x5xi32>, %T: memref<4x5xi32>) {
  %zero = arith.constant 0 : i32
  affine.for %i = 0 to 4 {
    affine.for %jz = 0 to 5 {
      affine.store %zero, %T[%i, %jz] : memref<4x5xi32>
    }
    affine.for %j = 0 to 5 {
      affine.for %k = 0 to 3 {
        %a = affine.load %A[%i, %k] : memref<4x3xi32>
        %b = affine.load %B[%k, %j] : memref<3x5xi32>
        %c = affine.load %T[%i, %j] : memref<4x5xi32>
        %p = arith.muli %a, %b : i32
        %s = arith.addi %c, %p : i32
        affine.store %s, %T[%i, %j] : memref<4x5xi32>
      }
    }
  }
  return
}
"""


def mm1_ref(a: Any, b: Any, t: Any) -> None:
    t[:] = a @ b


def gemm_i32_ref(a: Any, b: Any, c: Any) -> None:
    c += a @ b


def two_ref(a: Any, b: Any) -> None:
    b[:] = a * 3 + 1


@dataclass(frozen=True)
class Case:
    text: str
    func: str
    steps: tuple[tuple[str, dict[str, Any]], ...]
    reference: Any


GEMM_F32 = kernel_text("gemm_f32")
BLUR1D = kernel_text("blur1d")

CASES: dict[str, Case] = {
    "split": Case(
        GEMM_I32, "gemm", (("split", {"loop": "j", "factor": 3}),), gemm_i32_ref
    ),
    "tile": Case(
        GEMM_I32,
        "gemm",
        (("tile", {"loops": ("i", "j"), "factors": (4, 2)}),),
        gemm_i32_ref,
    ),
    "reorder": Case(GEMM_F32, "gemm", (("reorder", {"loops": ("k", "j")}),), gemm_ref),
    "fuse": Case(GEMM_I32, "gemm", (("fuse", {"loops": ("i", "j")}),), gemm_i32_ref),
    "distribute": Case(MM1_I32, "mm1", (("distribute", {"loop": "i"}),), mm1_ref),
    "unroll": Case(
        GEMM_I32, "gemm", (("unroll", {"loop": "k", "factor": 2}),), gemm_i32_ref
    ),
    "pipeline": Case(
        GEMM_F32,
        "gemm",
        (("pipeline", {"loop": "j", "ii": 2, "rewind": True}),),
        gemm_ref,
    ),
    "parallel": Case(GEMM_I32, "gemm", (("parallel", {"loop": "i"}),), gemm_i32_ref),
    "compute_at": Case(
        TWO_STAGES,
        "two",
        (("compute_at", {"producer": "S_i_0", "consumer": "S_i_1", "loop": "j"}),),
        two_ref,
    ),
    "partition": Case(
        GEMM_F32,
        "gemm",
        (("partition", {"buffer": "A", "kind": "cyclic", "dim": 2, "factor": 4}),),
        gemm_ref,
    ),
    "reuse_at": Case(
        BLUR1D, "blur1d", (("reuse_at", {"buffer": "A", "loop": "x"}),), blur1d_ref
    ),
    "buffer_at": Case(
        GEMM_I32, "gemm", (("buffer_at", {"buffer": "C", "loop": "i"}),), gemm_i32_ref
    ),
    "reshape": Case(
        TWO_STAGES, "two", (("reshape", {"buffer": "T", "shape": (24,)}),), two_ref
    ),
    "bind_storage": Case(
        TWO_STAGES,
        "two",
        (("bind_storage", {"buffer": "T", "impl": "bram", "type": "ram_2p"}),),
        two_ref,
    ),
    "dataflow": Case(TWO_STAGES, "two", (("dataflow", {}),), two_ref),
    "inline": Case(TWO_STAGES, "two", (("inline", {}),), two_ref),
    "interface": Case(
        GEMM_I32,
        "gemm",
        (("interface", {"buffer": "A", "mode": "m_axi", "bundle": "gmem0"}),),
        gemm_i32_ref,
    ),
    "to": Case(TWO_STAGES, "two", (("to", {"buffer": "T", "depth": 2}),), two_ref),
    "quantize": Case(
        TWO_STAGES, "two", (("quantize", {"buffer": "T", "type": "i16"}),), two_ref
    ),
}
"""One example per primitive; a primitive registered without one fails
`test_every_primitive_has_a_case`."""


def passes_of(case: Case) -> list[ModulePass]:
    """The passes of `case`'s steps, as the registry builds them."""
    built: list[ModulePass] = []
    for primitive, args in case.steps:
        row = BY_NAME[primitive]
        built.append(row.make_pass(row.op.from_arguments(args), case.func))
    return built


def integer_inputs(shapes: list[tuple[int, ...]], seed: int = 0) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [rng.integers(-50, 50, s).astype(np.int32) for s in shapes]
