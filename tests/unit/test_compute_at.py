"""
compute_at keeps what the program computes, and refuses when it cannot.

Kernels run after the fusion, on random inputs, with the interpreter and
with C simulation, and must equal a numpy reference; a rejected compute_at
raises an AlloError and leaves the IR as it was.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from loop_check import check_schedule
from xdsl.dialects import affine

from allo_xdsl.analysis.lookup import find_func
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.frontend.mlir_input import read_mlir
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
    return read_mlir(make_context(), text, "<test>")


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


# --- bounds inference --------------------------------------------------------
# When the loops do not match one to one (other trip counts, a consumer that
# reads ahead), the producer runs, at each consumer iteration, the window of
# iterations that iteration reads (computing overlapping elements again).

WINDOWS = """
func.func @blur(%A: memref<10xi32>, %C: memref<8xi32>) {
  %B = memref.alloc() {name = "B"} : memref<10xi32>
  %three = arith.constant 3 : i32
  affine.for %i = 0 to 10 {
    %a = affine.load %A[%i] : memref<10xi32>
    %b = arith.muli %a, %three : i32
    affine.store %b, %B[%i] : memref<10xi32>
  }
  affine.for %i = 0 to 8 {
    %x = affine.load %B[%i] : memref<10xi32>
    %y = affine.load %B[%i + 1] : memref<10xi32>
    %z = affine.load %B[%i + 2] : memref<10xi32>
    %s = arith.addi %x, %y : i32
    %t = arith.subi %s, %z : i32
    affine.store %t, %C[%i] : memref<8xi32>
  }
  return
}
func.func @stencil(%A: memref<6x7xi32>, %B: memref<6x7xi32>, %C: memref<6x7xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %j = 0 to 7 {
      %a = affine.load %A[%i, %j] : memref<6x7xi32>
      %b = arith.muli %a, %a : i32
      affine.store %b, %B[%i, %j] : memref<6x7xi32>
    }
  }
  affine.for %i = 1 to 5 {
    affine.for %j = 1 to 6 {
      %n = affine.load %B[%i - 1, %j] : memref<6x7xi32>
      %s = affine.load %B[%i + 1, %j] : memref<6x7xi32>
      %w = affine.load %B[%i, %j - 1] : memref<6x7xi32>
      %e = affine.load %B[%i, %j + 1] : memref<6x7xi32>
      %c = affine.load %B[%i, %j] : memref<6x7xi32>
      %t1 = arith.addi %n, %s : i32
      %t2 = arith.addi %w, %e : i32
      %t3 = arith.subi %t1, %t2 : i32
      %t4 = arith.muli %t3, %c : i32
      affine.store %t4, %C[%i, %j] : memref<6x7xi32>
    }
  }
  return
}
func.func @shifted(%A: memref<9xi32>, %C: memref<6xi32>) {
  %B = memref.alloc() {name = "B"} : memref<9xi32>
  affine.for %i = 0 to 9 {
    %a = affine.load %A[%i] : memref<9xi32>
    %b = arith.muli %a, %a : i32
    affine.store %b, %B[%i] : memref<9xi32>
  }
  affine.for %i = 0 to 6 {
    %b = affine.load %B[%i + 2] : memref<9xi32>
    %a = affine.load %A[%i] : memref<9xi32>
    %c = arith.subi %b, %a : i32
    affine.store %c, %C[%i] : memref<6xi32>
  }
  return
}
func.func @taps(%A: memref<9xi32>, %W: memref<3xi32>, %C: memref<7xi32>) {
  %B = memref.alloc() {name = "B"} : memref<9xi32>
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 9 {
    %a = affine.load %A[%i] : memref<9xi32>
    %b = arith.addi %a, %one : i32
    affine.store %b, %B[%i] : memref<9xi32>
  }
  affine.for %i = 0 to 7 {
    affine.for %r = 0 to 3 {
      %b = affine.load %B[%i + %r] : memref<9xi32>
      %w = affine.load %W[%r] : memref<3xi32>
      %c = affine.load %C[%i] : memref<7xi32>
      %p = arith.muli %b, %w : i32
      %s = arith.addi %c, %p : i32
      affine.store %s, %C[%i] : memref<7xi32>
    }
  }
  return
}
func.func @transposed(%A: memref<5x5xi32>, %B: memref<5x5xi32>, %C: memref<5x5xi32>) {
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      %a = affine.load %A[%i, %j] : memref<5x5xi32>
      %b = arith.subi %a, %a : i32
      %c = arith.subi %b, %a : i32
      affine.store %c, %B[%i, %j] : memref<5x5xi32>
    }
  }
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      %b = affine.load %B[%j, %i] : memref<5x5xi32>
      affine.store %b, %C[%i, %j] : memref<5x5xi32>
    }
  }
  return
}
func.func @pairs(%A: memref<8xi32>, %B: memref<8xi32>, %C: memref<8xi32>) {
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.muli %a, %a : i32
    affine.store %b, %B[%i] : memref<8xi32>
  }
  affine.for %i = 0 to 8 step 2 {
    %x = affine.load %B[%i] : memref<8xi32>
    %y = affine.load %B[%i + 1] : memref<8xi32>
    %s = arith.subi %x, %y : i32
    affine.store %s, %C[%i] : memref<8xi32>
    affine.store %y, %C[%i + 1] : memref<8xi32>
  }
  return
}
func.func @clamped(%A: memref<8xi32>, %C: memref<8xi32>) {
  %B = memref.alloc() {name = "B"} : memref<10xi32>
  %seven = arith.constant 7 : i32
  affine.store %seven, %B[0] : memref<10xi32>
  affine.store %seven, %B[9] : memref<10xi32>
  affine.for %i = 0 to 8 {
    %a = affine.load %A[%i] : memref<8xi32>
    %b = arith.muli %a, %seven : i32
    affine.store %b, %B[%i + 1] : memref<10xi32>
  }
  affine.for %i = 0 to 8 {
    %x = affine.load %B[%i] : memref<10xi32>
    %y = affine.load %B[%i + 1] : memref<10xi32>
    %z = affine.load %B[%i + 2] : memref<10xi32>
    %s = arith.addi %x, %y : i32
    %t = arith.subi %s, %z : i32
    affine.store %t, %C[%i] : memref<8xi32>
  }
  return
}
"""


def blur_ref(a: Any, c: Any) -> None:
    b = 3 * a
    c[:] = b[:-2] + b[1:-1] - b[2:]


def stencil_ref(a: Any, b: Any, c: Any) -> None:
    b[:] = a * a
    inner = b[1:-1, 1:-1]
    c[1:-1, 1:-1] = (b[:-2, 1:-1] + b[2:, 1:-1] - b[1:-1, :-2] - b[1:-1, 2:]) * inner


def shifted_ref(a: Any, c: Any) -> None:
    c[:] = a[2:8] * a[2:8] - a[:6]


def taps_ref(a: Any, w: Any, c: Any) -> None:
    b = a + 1
    for r in range(3):
        c += b[r : r + 7] * w[r]


def transposed_ref(a: Any, b: Any, c: Any) -> None:
    b[:] = -a
    c[:] = b.T


def pairs_ref(a: Any, b: Any, c: Any) -> None:
    b[:] = a * a
    c[0::2] = b[0::2] - b[1::2]
    c[1::2] = b[1::2]


def clamped_ref(a: Any, c: Any) -> None:
    b = np.full(10, 7, np.int32)
    b[1:9] = 7 * a
    c[:] = b[:-2] + b[1:-1] - b[2:]


@pytest.mark.parametrize(
    ("func", "loop", "reference"),
    [
        ("blur", "i", blur_ref),
        ("stencil", "i", stencil_ref),
        ("stencil", "j", stencil_ref),
        ("shifted", "i", shifted_ref),
        ("taps", "i", taps_ref),
        # Loop i needs all of column i: the whole producer runs per i.
        ("transposed", "i", transposed_ref),
        ("transposed", "j", transposed_ref),
        # A consumer stepping by 2 over pairs: windows [i, i + 1].
        ("pairs", "i", pairs_ref),
    ],
)
def test_bounds_inference(func: str, loop: str, reference: Any) -> None:
    compute = ComputeAtPass(func=func, producer="S_i_0", consumer="S_i_1", loop=loop)
    after = check_schedule(
        WINDOWS, func, [compute], reference, backends=("interpreter", "csim")
    )
    assert len(bands(after, func)) == 1


def test_bounds_inference_clamps_to_the_producer_range() -> None:
    # B[0] and B[9] come from outside the producer: its windows are clamped
    # to its own iterations 0..7.
    compute = ComputeAtPass(
        func="clamped", producer="S_i_0", consumer="S_i_1", loop="i"
    )
    after = check_schedule(
        WINDOWS, "clamped", [compute], clamped_ref, backends=("interpreter", "csim")
    )
    inner = next(op for op in after.walk() if loop_name_is(op, "S_i_0.i"))
    assert isinstance(inner, affine.ForOp)
    assert len(inner.lowerBoundMap.data.results) == 2
    assert len(inner.upperBoundMap.data.results) == 2


def loop_name_is(op: Any, name: str) -> bool:
    attr = op.attributes.get("loop_name")
    return attr is not None and attr.data == name


REDUCTION = """
func.func @rows(%A: memref<6x4xi32>, %B: memref<6xi32>, %C: memref<5xi32>) {
  affine.for %i = 0 to 6 {
    affine.for %k = 0 to 4 {
      %a = affine.load %A[%i, %k] : memref<6x4xi32>
      %b = affine.load %B[%i] : memref<6xi32>
      %s = arith.addi %a, %b : i32
      affine.store %s, %B[%i] : memref<6xi32>
    }
  }
  affine.for %i = 0 to 5 {
    %x = affine.load %B[%i] : memref<6xi32>
    %y = affine.load %B[%i + 1] : memref<6xi32>
    %s = arith.addi %x, %y : i32
    affine.store %s, %C[%i] : memref<5xi32>
  }
  return
}
"""


def test_bounds_inference_rejects_a_producer_that_reads_what_it_writes() -> None:
    module = parse(REDUCTION)
    before = str(module)
    with pytest.raises(AlloError) as info:
        ComputeAtPass(func="rows", producer="S_i_0", consumer="S_i_1", loop="i").apply(
            make_context(), module
        )
    message = info.value.message
    assert "do not have the same trip count; bounds inference does not apply" in message
    assert "the producer reads B, which it also writes" in message
    assert info.value.location is not None
    assert str(module) == before
