"""
Semantic tests of the memory customizations (partition, reuse_at,
buffer_at, reshape, bind_storage): each transformed kernel computes, with
the interpreter and with C simulation, what the original computes (bit for
bit) and what numpy computes. Some schedules go through a YAML pipeline
and `allo-opt`; the others apply the passes directly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from loop_check import check_schedule, parse, random_inputs, transform
from xdsl.dialects import memref
from xdsl.dialects.builtin import MemRefType, ModuleOp, StringAttr

from allo_xdsl.analysis.lookup import find_func, loop_name, loops_of
from allo_xdsl.passes.array_partition import ArrayPartitionPass
from allo_xdsl.passes.bind_storage import BindStoragePass
from allo_xdsl.passes.buffer_at import BufferAtPass
from allo_xdsl.passes.loop_pipeline import LoopPipelinePass
from allo_xdsl.passes.loop_reorder import LoopReorderPass
from allo_xdsl.passes.reshape import ReshapePass
from allo_xdsl.passes.reuse_at import ReuseAtPass
from allo_xdsl.sim import simulate
from allo_xdsl.targets.hls_cpp import emit_hls_cpp

pytestmark = pytest.mark.needs("g++", "hls4ml", "mlir-opt-22", "mlir-runner-22")

BOTH = ("interpreter", "csim")
F32 = np.float32


def allocs(module: ModuleOp, func: str) -> dict[str, tuple[int, ...]]:
    """The shape of every named alloc of `func`."""
    shapes: dict[str, tuple[int, ...]] = {}
    for op in find_func(module, func).walk():
        if isinstance(op, memref.AllocOp):
            name = op.attributes.get("name")
            t = op.memref.type
            assert isinstance(t, MemRefType)
            if isinstance(name, StringAttr):
                shapes[name.data] = tuple(t.get_shape())
    return shapes


def run_pipeline(text: str, yaml_text: str, tmp_path: Path) -> str:
    """`allo-opt --pipeline` on `text`, printed as MLIR."""
    source = tmp_path / "kernel.mlir"
    pipeline = tmp_path / "pipeline.yaml"
    source.write_text(text)
    pipeline.write_text(yaml_text)
    command = [sys.executable, "-m", "allo_xdsl.tools.allo_opt", str(source)]
    done = subprocess.run(
        [*command, "--pipeline", str(pipeline), "-t", "mlir"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# ----- reuse_at ---------------------------------------------------------------

BLUR = """
func.func @blur(%A: memref<18xf32>, %B: memref<16xf32>) {
  %three = arith.constant 3.0 : f32
  affine.for %x = 0 to 16 {
    %a0 = affine.load %A[%x] : memref<18xf32>
    %a1 = affine.load %A[%x + 1] : memref<18xf32>
    %a2 = affine.load %A[%x + 2] : memref<18xf32>
    %s0 = arith.addf %a0, %a1 : f32
    %s1 = arith.addf %s0, %a2 : f32
    %r = arith.divf %s1, %three : f32
    affine.store %r, %B[%x] : memref<16xf32>
  }
  return
}
"""


def blur_ref(a: Any, b: Any) -> None:
    b[:] = (a[:-2] + a[1:-1] + a[2:]) / F32(3.0)


def test_reuse_at_blur_buffer_of_three() -> None:
    after = check_schedule(
        BLUR, "blur", [ReuseAtPass(func="blur", buffer="A", loop="x")], blur_ref, BOTH
    )
    assert allocs(after, "blur") == {"A_reuse_x": (3,)}


BLUR_S2 = """
func.func @blur_s2(%A: memref<17xf32>, %B: memref<8xf32>) {
  affine.for %x = 0 to 8 {
    %a0 = affine.load %A[%x * 2] : memref<17xf32>
    %a1 = affine.load %A[%x * 2 + 1] : memref<17xf32>
    %a2 = affine.load %A[%x * 2 + 2] : memref<17xf32>
    %s0 = arith.addf %a0, %a1 : f32
    %s1 = arith.addf %s0, %a2 : f32
    affine.store %s1, %B[%x] : memref<8xf32>
  }
  return
}
"""


def blur_s2_ref(a: Any, b: Any) -> None:
    b[:] = a[0:16:2] + a[1:17:2] + a[2:17:2]


def test_reuse_at_stride_two() -> None:
    after = check_schedule(
        BLUR_S2,
        "blur_s2",
        [ReuseAtPass(func="blur_s2", buffer="A", loop="x", buffer_name="window")],
        blur_s2_ref,
        BOTH,
    )
    assert allocs(after, "blur_s2") == {"window": (3,)}


def conv_kernel(name: str, stride: int, height: int, width: int) -> str:
    """A 3x3 convolution of an i32 image, with reduction loops r and c."""
    rows = stride * (height - 1) + 3
    cols = stride * (width - 1) + 3
    scale = "" if stride == 1 else f" * {stride}"
    return f"""
func.func @{name}(%A: memref<{rows}x{cols}xi32>, %K: memref<3x3xi32>,
                  %B: memref<{height}x{width}xi32>) {{
  affine.for %y = 0 to {height} {{
    affine.for %x = 0 to {width} {{
      %sum = memref.alloca() : memref<1xi32>
      %zero = arith.constant 0 : i32
      affine.store %zero, %sum[0] : memref<1xi32>
      affine.for %r = 0 to 3 {{
        affine.for %c = 0 to 3 {{
          %a = affine.load %A[%y{scale} + %r, %x{scale} + %c]
            : memref<{rows}x{cols}xi32>
          %k = affine.load %K[%r, %c] : memref<3x3xi32>
          %p = arith.muli %a, %k : i32
          %s = affine.load %sum[0] : memref<1xi32>
          %t = arith.addi %s, %p : i32
          affine.store %t, %sum[0] : memref<1xi32>
        }}
      }}
      %v = affine.load %sum[0] : memref<1xi32>
      affine.store %v, %B[%y, %x] : memref<{height}x{width}xi32>
    }}
  }}
  return
}}
"""


def conv_ref(stride: int) -> Any:
    def reference(a: Any, k: Any, b: Any) -> None:
        for y in range(b.shape[0]):
            for x in range(b.shape[1]):
                window = a[stride * y : stride * y + 3, stride * x : stride * x + 3]
                b[y, x] = (window * k).sum()

    return reference


CONV_YAML = """
schedule:
  {name}:
    - reuse_at: {{buffer: A, loop: y, name: A_line}}
    - reuse_at: {{buffer: A_line, loop: x, name: A_win}}
    - partition: {{buffer: A_win, kind: complete, dim: 0}}
    - pipeline: {{loop: x}}
"""


@pytest.mark.parametrize("stride", [1, 2])
def test_reuse_at_line_then_window_buffer(tmp_path: Path, stride: int) -> None:
    name = f"conv_s{stride}"
    text = conv_kernel(name, stride, 6, 8)
    before = parse(text)
    after = parse(run_pipeline(text, CONV_YAML.format(name=name), tmp_path))
    width = stride * 7 + 3
    assert allocs(after, name) == {"A_line": (3, width), "A_win": (3, 3)}
    # the line buffer's shift loop is fused into the pipelined x loop
    assert [loop_name(loop) for loop in loops_of(find_func(after, name))] == [
        "y",
        "x",
        "A_win.d0",
        "r",
        "c",
    ]
    inputs = random_inputs(before, name)
    expected = np.zeros_like(inputs[2])
    conv_ref(stride)(inputs[0], inputs[1], expected)
    for backend in BOTH:
        old = simulate(before, name, inputs, backend=backend)
        new = simulate(after, name, inputs, backend=backend)
        np.testing.assert_array_equal(new.args[2], expected)
        np.testing.assert_array_equal(new.args[2], old.args[2])
    cpp = emit_hls_cpp(after)
    for line in (
        "#pragma HLS array_partition variable=A_win complete dim=1",
        "#pragma HLS array_partition variable=A_win complete dim=2",
        "#pragma HLS pipeline II=1",
    ):
        assert line in cpp


def test_reuse_at_window_directly() -> None:
    passes = [ReuseAtPass(func="conv", buffer="A", loop="x")]
    after = check_schedule(conv_kernel("conv", 1, 4, 5), "conv", passes, conv_ref(1))
    assert allocs(after, "conv") == {"A_reuse_x": (3, 3)}


# ----- buffer_at --------------------------------------------------------------

GEMM = """
func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>, %C: memref<4x5xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
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
"""

GEMM_ZEROED = """
func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>) -> memref<4x5xf32> {
  %C = memref.alloc() {name = "C"} : memref<4x5xf32>
  %zero = arith.constant 0.0 : f32
  affine.for %i0 = 0 to 4 {
    affine.for %j0 = 0 to 5 {
      affine.store %zero, %C[%i0, %j0] : memref<4x5xf32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 5 {
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
  return %C : memref<4x5xf32>
}
"""

GEMM_ROW_ZEROED = """
func.func @gemm(%A: memref<4x6xf32>, %B: memref<6x5xf32>) -> memref<4x5xf32> {
  %C = memref.alloc() {name = "C"} : memref<4x5xf32>
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j0 = 0 to 5 {
      affine.store %zero, %C[%i, %j0] : memref<4x5xf32>
    }
    affine.for %j = 0 to 5 {
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
  return %C : memref<4x5xf32>
}
"""


def gemm_inout_ref(a: Any, b: Any, c: Any) -> None:
    for k in range(a.shape[1]):
        c += a[:, k, None] * b[None, k, :]


def gemm_ref(a: Any, b: Any) -> Any:
    c = np.zeros((a.shape[0], b.shape[1]), F32)
    gemm_inout_ref(a, b, c)
    return c


GEMM_SCHEDULE = [
    LoopReorderPass(func="gemm", loops=("k", "j")),
    BufferAtPass(func="gemm", buffer="C", loop="i"),
    LoopPipelinePass(func="gemm", loop="j"),
]


def test_buffer_at_gemm_in_out() -> None:
    after = check_schedule(GEMM, "gemm", GEMM_SCHEDULE, gemm_inout_ref, BOTH)
    assert allocs(after, "gemm") == {"C_buf": (5,)}
    assert "j_init" in [loop_name(loop) for loop in loops_of(find_func(after, "gemm"))]


def test_buffer_at_read_only_buffer_writes_nothing_back() -> None:
    schedule = [BufferAtPass(func="gemm", buffer="B", loop="j")]
    after = check_schedule(GEMM, "gemm", schedule, gemm_inout_ref, BOTH)
    assert allocs(after, "gemm") == {"B_buf": (6,)}
    names = [loop_name(loop) for loop in loops_of(find_func(after, "gemm"))]
    assert "k_init" in names
    assert "k_back" not in names


def test_buffer_at_gemm_zero_initialised(tmp_path: Path) -> None:
    yaml_text = """
schedule:
  gemm:
    - reorder: {loops: [k, j]}
    - buffer_at: {buffer: C, loop: i}
    - pipeline: {loop: j}
"""
    before = parse(GEMM_ZEROED)
    after = parse(run_pipeline(GEMM_ZEROED, yaml_text, tmp_path))
    assert allocs(after, "gemm") == {"C": (4, 5), "C_buf": (5,)}
    inputs = random_inputs(before, "gemm")
    for backend in BOTH:
        old = simulate(before, "gemm", inputs, backend=backend)
        new = simulate(after, "gemm", inputs, backend=backend)
        np.testing.assert_array_equal(new.returns[0], old.returns[0])
        np.testing.assert_allclose(new.returns[0], gemm_ref(*inputs), rtol=1e-5)


def test_buffer_at_single_element() -> None:
    passes = [BufferAtPass(func="gemm", buffer="C", loop="j")]
    after = check_schedule(GEMM, "gemm", passes, gemm_inout_ref)
    assert allocs(after, "gemm") == {"C_buf": (1,)}


def test_buffer_at_leaves_out_init_of_overwritten_row() -> None:
    after = check_schedule(GEMM_ROW_ZEROED, "gemm", GEMM_SCHEDULE, gemm_ref, BOTH)
    names = [loop_name(loop) for loop in loops_of(find_func(after, "gemm"))]
    assert names == ["i", "j0", "k", "j", "C_buf_d0_back"]


BATCHED = """
func.func @batched(%A: memref<2x3x4xi32>, %B: memref<2x4x5xi32>,
                   %C: memref<2x3x5xi32>) {
  affine.for %b = 0 to 2 {
    affine.for %i = 0 to 3 {
      affine.for %k = 0 to 4 {
        affine.for %j = 0 to 5 {
          %x = affine.load %A[%b, %i, %k] : memref<2x3x4xi32>
          %y = affine.load %B[%b, %k, %j] : memref<2x4x5xi32>
          %c = affine.load %C[%b, %i, %j] : memref<2x3x5xi32>
          %p = arith.muli %x, %y : i32
          %s = arith.addi %c, %p : i32
          affine.store %s, %C[%b, %i, %j] : memref<2x3x5xi32>
        }
      }
    }
  }
  return
}
"""


def batched_ref(a: Any, b: Any, c: Any) -> None:
    c += np.einsum("bik,bkj->bij", a, b)


@pytest.mark.parametrize(("loop", "shape"), [("b", (3, 5)), ("i", (5,)), ("k", (5,))])
def test_buffer_at_levels(loop: str, shape: tuple[int, ...]) -> None:
    passes = [BufferAtPass(func="batched", buffer="C", loop=loop)]
    after = check_schedule(BATCHED, "batched", passes, batched_ref)
    assert allocs(after, "batched") == {"C_buf": shape}


# ----- partition, bind_storage, reshape ---------------------------------------

COPY = """
func.func @copy(%A: memref<8x6xi32>, %V: memref<2x4x6xi32>) -> memref<8x6xi32> {
  %T = memref.alloc() {name = "T"} : memref<8x6xi32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 6 {
      %a = affine.load %A[%i, %j] : memref<8x6xi32>
      %v = affine.load %V[%i floordiv 4, %i mod 4, %j] : memref<2x4x6xi32>
      %s = arith.addi %a, %v : i32
      affine.store %s, %T[%i, %j] : memref<8x6xi32>
    }
  }
  return %T : memref<8x6xi32>
}
"""


def copy_ref(a: Any, v: Any) -> Any:
    return a + v.reshape(8, 6)


def test_partition_and_bind_storage_keep_semantics() -> None:
    passes = [
        ArrayPartitionPass(func="copy", buffer="A", kind="block", dim=1, factor=2),
        ArrayPartitionPass(func="copy", buffer="A", kind="cyclic", dim=2, factor=3),
        ArrayPartitionPass(func="copy", buffer="V", kind="complete", dim=1),
        ArrayPartitionPass(func="copy", buffer="V", kind="cyclic", dim=3, factor=2),
        ArrayPartitionPass(func="copy", buffer="T", kind="complete", dim=0),
        BindStoragePass(func="copy", buffer="V", impl="uram", type="ram_2p"),
    ]
    after = check_schedule(COPY, "copy", passes, copy_ref, BOTH)
    lines = [line.strip() for line in emit_hls_cpp(after).splitlines()]
    start = lines.index(
        "void copy(int32_t A[8][6], int32_t V[2][4][6], int32_t T[8][6]) {"
    )
    assert lines[start + 1 : start + 9] == [
        "#pragma HLS array_partition variable=A block factor=2 dim=1",
        "#pragma HLS array_partition variable=A cyclic factor=3 dim=2",
        "#pragma HLS array_partition variable=V complete dim=1",
        "#pragma HLS array_partition variable=V cyclic factor=2 dim=3",
        "#pragma HLS bind_storage variable=V type=ram_2p impl=uram",
        "#pragma HLS array_partition variable=T complete dim=1",
        "#pragma HLS array_partition variable=T complete dim=2",
        "l_i: for (int i = 0; i < 8; i++) {",
    ]


SCALE = """
func.func @scale(%A: memref<4x4xf32>, %B: memref<4x4xf32>) -> memref<4x4xf32> {
  %two = arith.constant 2.0 : f32
  %R = memref.alloc() {name = "R"} : memref<4x4xf32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      %b = arith.mulf %a, %two : f32
      affine.store %b, %B[%i, %j] : memref<4x4xf32>
      %c = arith.addf %b, %a : f32
      affine.store %c, %R[%j, %i] : memref<4x4xf32>
    }
  }
  return %R : memref<4x4xf32>
}
"""


def test_reshape_of_outputs() -> None:
    before = parse(SCALE)
    inputs = random_inputs(before, "scale")
    passes = [
        ReshapePass(func="scale", buffer="B", shape=(16,)),
        ReshapePass(func="scale", buffer="R", shape=(2, 8)),
    ]
    after = transform(SCALE, passes)
    a, b = inputs
    for backend in BOTH:
        old = simulate(before, "scale", inputs, backend=backend)
        new = simulate(after, "scale", [a, b.reshape(16)], backend=backend)
        assert new.args[1].shape == (16,)
        assert new.returns[0].shape == (2, 8)
        np.testing.assert_array_equal(new.args[1], old.args[1].reshape(16))
        np.testing.assert_array_equal(new.returns[0], old.returns[0].reshape(2, 8))
        np.testing.assert_array_equal(new.args[1], (a * F32(2.0)).reshape(16))
        expected = (a * F32(2.0) + a).T.reshape(2, 8)
        np.testing.assert_array_equal(new.returns[0], expected)


CROSSING = """
func.func @fill(%A: memref<4x4xi32>, %X: memref<4x4xi32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%i, %j] : memref<4x4xi32>
      %b = arith.muli %a, %a : i32
      affine.store %b, %X[%i, %j] : memref<4x4xi32>
    }
  }
  return
}
func.func @make(%A: memref<4x4xi32>) -> memref<4x4xi32> {
  %R = memref.alloc() {name = "R"} : memref<4x4xi32>
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %a = affine.load %A[%j, %i] : memref<4x4xi32>
      affine.store %a, %R[%i, %j] : memref<4x4xi32>
    }
  }
  return %R : memref<4x4xi32>
}
func.func @top(%A: memref<4x4xi32>, %C: memref<4x4xi32>, %D: memref<4x4xi32>) {
  %T = memref.alloc() {name = "T"} : memref<4x4xi32>
  func.call @fill(%A, %T) : (memref<4x4xi32>, memref<4x4xi32>) -> ()
  %M = func.call @make(%T) : (memref<4x4xi32>) -> memref<4x4xi32>
  func.call @fill(%M, %D) : (memref<4x4xi32>, memref<4x4xi32>) -> ()
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %t = affine.load %T[%j, %i] : memref<4x4xi32>
      %m = affine.load %M[%i, %j] : memref<4x4xi32>
      %p = arith.muli %t, %m : i32
      %s = arith.addi %p, %t : i32
      affine.store %s, %C[%i, %j] : memref<4x4xi32>
    }
  }
  return
}
"""


@pytest.mark.parametrize(
    ("func", "buffer", "reshaped"),
    [("top", "T", 2), ("fill", "X", 2), ("top", "D", 2), ("make", "R", 0)],
)
def test_reshape_across_calls(func: str, buffer: str, reshaped: int) -> None:
    """
    Two alias classes cross the calls: {T, fill's X, D, make's A} and
    {make's R, M, fill's A, top's A}. One reshape, named from any member,
    reshapes its whole class (a parameter of top with it) and no other
    buffer; the results are numpy's."""
    rng = np.random.default_rng(5)
    a = rng.integers(-50, 50, (4, 4), dtype=np.int32)
    after = transform(CROSSING, [ReshapePass(func=func, buffer=buffer, shape=(2, 8))])
    top = find_func(after, "top")
    shapes = [(4, 4)] * 3
    shapes[reshaped] = (2, 8)
    assert [tuple(t.get_shape()) for t in top.function_type.inputs.data] == shapes  # type: ignore[attr-defined]
    zeros = np.zeros((4, 4), np.int32)
    inputs = [x.reshape(s) for x, s in zip([a, zeros, zeros], shapes, strict=True)]
    result = simulate(after, "top", inputs)
    t = a * a
    m = t.T
    np.testing.assert_array_equal(result.args[1], t.T * m + t.T)
    np.testing.assert_array_equal(result.args[2], (m * m).reshape(shapes[2]))
