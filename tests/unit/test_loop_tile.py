"""
loop-tile: order of the loops, semantics with dividing and non-dividing
factors on 2- and 3-deep tilings, legality, and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from loop_check import (
    check_schedule,
    gemm_ref,
    kernel_text,
    loop_order,
    parse,
    stencil2d_ref,
)

from allo_xdsl.analysis.lookup import find_func, find_loop
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.passes.loop_tile import LoopTilePass

pytestmark = pytest.mark.needs("g++", "hls4ml")

WAVE = """
func.func @wave(%A: memref<6x6xi32>) {
  %one = arith.constant 1 : i32
  affine.for %i = 0 to 5 {
    affine.for %j = 0 to 5 {
      %v = affine.load %A[%i, %j + 1] : memref<6x6xi32>
      %w = arith.addi %v, %one : i32
      affine.store %w, %A[%i + 1, %j] : memref<6x6xi32>
    }
  }
  return
}
"""

# A 3-deep i32 nest: C[i][j] += A[i][k] * B[k][j], 6x5 by 5x7.
MATMUL3 = """
func.func @mm(%A: memref<6x5xi32>, %B: memref<5x7xi32>, %C: memref<6x7xi32>) {
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


def mm_ref(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    c += (a @ b).astype(c.dtype)


def tile(func: str, loops: tuple[str, ...], factors: tuple[int, ...]) -> LoopTilePass:
    return LoopTilePass(func=func, loops=loops, factors=factors)


def test_tile_order_and_band():
    module = check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [tile("gemm", ("i", "j"), (4, 2))],
        gemm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "gemm") == [
        "i.outer",
        "j.outer",
        "i.inner",
        "j.inner",
        "k",
    ]
    outer = find_loop(find_func(module, "gemm"), "i.outer")
    assert outer.attributes["op_name"].data == "S_i_0"  # type: ignore[attr-defined]


@pytest.mark.parametrize("factors", [(3, 5), (5, 3), (1, 8), (8, 1), (6, 7)])
def test_tile_non_dividing(factors: tuple[int, int]):
    check_schedule(
        kernel_text("gemm_f32"), "gemm", [tile("gemm", ("i", "j"), factors)], gemm_ref
    )


def test_tile_non_dividing_csim():
    check_schedule(
        MATMUL3,
        "mm",
        [tile("mm", ("i", "j"), (4, 3))],
        mm_ref,
        backends=("interpreter", "csim"),
    )


def test_tile_three_deep_all_loops():
    module = check_schedule(
        MATMUL3,
        "mm",
        [tile("mm", ("i", "j", "k"), (4, 3, 2))],
        mm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "mm") == [
        "i.outer",
        "j.outer",
        "k.outer",
        "i.inner",
        "j.inner",
        "k.inner",
    ]


def test_tile_inner_pair_of_three_deep_nest():
    module = check_schedule(MATMUL3, "mm", [tile("mm", ("j", "k"), (2, 2))], mm_ref)
    assert loop_order(module, "mm") == ["i", "j.outer", "k.outer", "j.inner", "k.inner"]


def test_tile_twice():
    check_schedule(
        kernel_text("gemm_f32"),
        "gemm",
        [
            tile("gemm", ("i", "j"), (4, 4)),
            tile("gemm", ("i.inner", "j.inner"), (2, 3)),
        ],
        gemm_ref,
    )


def test_tile_stencil_band():
    check_schedule(
        kernel_text("stencil2d"),
        "stencil2d",
        [tile("stencil2d", ("S_i_1:i", "S_i_1:j"), (3, 4))],
        stencil2d_ref,
    )


def test_tile_breaking_a_dependence_is_rejected_and_changes_nothing():
    module = parse(WAVE)
    before = str(module)
    with pytest.raises(AlloError) as info:
        tile("wave", ("i", "j"), (2, 2)).apply(make_context(), module)
    message = info.value.message
    assert message.startswith(
        "cannot tile i, j: it would reorder 'j.outer' before 'i.inner': "
        "dependence on A from store A[i.outer * 2 + i.inner + 1, "
    )
    assert "has direction (=, <, >, " in message
    assert str(module) == before


def test_tile_by_one_keeps_a_wavefront():
    # With 1-wide tiles every dependence stays carried by i.outer.
    def wave_ref(a: np.ndarray) -> None:
        for i in range(5):
            for j in range(5):
                a[i + 1, j] = a[i, j + 1] + 1

    check_schedule(WAVE, "wave", [tile("wave", ("i", "j"), (1, 2))], wave_ref)


@pytest.mark.parametrize(
    ("loops", "factors", "message"),
    [
        (("i", "j"), (2,), "2 loops but 1 factors"),
        (("i", "k"), (2, 2), "must be consecutive and perfectly nested"),
        (("j", "i"), (2, 2), "must be consecutive and perfectly nested"),
        (("i", "j"), (2, 9), "cannot tile loop 'j' by 9: the factor is larger"),
        (("i", "j"), (0, 2), "cannot tile loop 'i': the factor must be at least 1"),
        (("i", "i"), (2, 2), "loop 'i' is named more than once"),
        ((), (), "no loop given"),
    ],
)
def test_tile_errors(
    loops: tuple[str, ...], factors: tuple[int, ...], message: str
) -> None:
    module = parse(kernel_text("gemm_f32"))
    with pytest.raises(AlloError, match=message):
        tile("gemm", loops, factors).apply(make_context(), module)


def test_tile_accepts_lists():
    p = LoopTilePass(func="gemm", loops=["i", "j"], factors=[2, 2])  # type: ignore[arg-type]
    assert p.loops == ("i", "j")
    assert p.factors == (2, 2)


def test_tile_triangular_nest_is_rejected_and_changes_nothing():
    text = """
    func.func @tri(%A: memref<8x8xi32>) {
      affine.for %i = 0 to 8 {
        affine.for %j = affine_map<(d0) -> (d0)>(%i) to 8 {
          %v = affine.load %A[%j, %i] : memref<8x8xi32>
          affine.store %v, %A[%i, %j] : memref<8x8xi32>
        }
      }
      return
    }
    """
    module = parse(text)
    before = str(module)
    with pytest.raises(AlloError, match="the bounds of loop 'j' depend on loop 'i'"):
        tile("tri", ("i", "j"), (2, 2)).apply(make_context(), module)
    assert str(module) == before


class _ScheduledTile:
    """
    `tile` as a YAML/sched step (any number of loops), run through
    apply-schedules like a user's pipeline."""

    def __init__(self, func: str, loops: list[str], factors: list[int]):
        self.func, self.loops, self.factors = func, loops, factors

    def apply(self, ctx: object, module: object) -> None:
        from allo_xdsl.pipelines import Pipeline, ScheduleStep

        step = ScheduleStep("tile", {"loops": self.loops, "factors": self.factors})
        Pipeline(schedule={self.func: [step]}).apply(ctx, module)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("loops", "factors", "order"),
    [
        (
            ["i", "j", "k"],
            [4, 3, 2],
            ["i.outer", "j.outer", "k.outer", "i.inner", "j.inner", "k.inner"],
        ),
        (["j"], [3], ["i", "j.outer", "j.inner", "k"]),
    ],
)
def test_tile_step_takes_any_number_of_loops(
    loops: list[str], factors: list[int], order: list[str]
) -> None:
    module = check_schedule(
        MATMUL3,
        "mm",
        [_ScheduledTile("mm", loops, factors)],  # type: ignore[list-item]
        mm_ref,
        backends=("interpreter", "csim"),
    )
    assert loop_order(module, "mm") == order


def test_tile_step_needs_one_factor_per_loop() -> None:
    from allo_xdsl.pipelines import ScheduleStep

    message = r"must list one integer per loop \(3\), got 2"
    with pytest.raises(ValueError, match=message):
        ScheduleStep("tile", {"loops": ["i", "j", "k"], "factors": [2, 2]}).to_op()


def test_tile_after_hints_equals_hints_after_tile() -> None:
    from allo_xdsl.passes.loop_pipeline import LoopPipelinePass

    hinted_first = check_schedule(
        MATMUL3,
        "mm",
        [LoopPipelinePass(func="mm", loop="j"), tile("mm", ("i", "j"), (4, 3))],
        mm_ref,
        backends=("interpreter", "csim"),
    )
    tiled_first = parse(MATMUL3)
    ctx = make_context()
    tile("mm", ("i", "j"), (4, 3)).apply(ctx, tiled_first)
    LoopPipelinePass(func="mm", loop="j.outer").apply(ctx, tiled_first)
    assert str(hinted_first) == str(tiled_first)
