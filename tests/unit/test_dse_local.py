"""
allo-dse's local-buffer knobs: the `buffer_at`/`reuse_at` sites it finds
(expected sites derived by hand from the accesses), how the chosen loop
order gates them, that a knob turned on round-trips through the trial
parameters, and that the pipeline it gives applies and computes what the
unscheduled kernel computes (C simulation on random inputs)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from allo_xdsl.analysis.buffer_block import buffer_block
from allo_xdsl.analysis.lookup import find_buffer, find_func, find_loop
from allo_xdsl.analysis.reuse_pattern import reuse_site
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.design import Design, read_design
from allo_xdsl.dse.evaluate import Budget, EvalJob, evaluate, parse_kernel
from allo_xdsl.dse.local_buffers import site_allowed
from allo_xdsl.dse.search import seeds
from allo_xdsl.dse.sites import with_sites
from allo_xdsl.dse.space import (
    GENERATED,
    Candidate,
    FunctionChoice,
    NestChoice,
    chosen_orders,
    orders,
    params_of,
    sample,
    to_yaml,
)
from allo_xdsl.sim.schedule_check import verify_schedule
from tests.unit.test_dse import GEMM

optuna = pytest.importorskip("optuna")

# Jacobi-2d sweep (N=8): B[i][j] is the 5-point average of A around (i, j).
JACOBI = """\
func.func @sweep(%A: memref<8x8xf32>, %B: memref<8x8xf32>) {
  %c = arith.constant 0.2 : f32
  affine.for %i = 1 to 7 {
    affine.for %j = 1 to 7 {
      %a0 = affine.load %A[%i, %j] : memref<8x8xf32>
      %a1 = affine.load %A[%i, %j - 1] : memref<8x8xf32>
      %a2 = affine.load %A[%i, %j + 1] : memref<8x8xf32>
      %a3 = affine.load %A[%i + 1, %j] : memref<8x8xf32>
      %a4 = affine.load %A[%i - 1, %j] : memref<8x8xf32>
      %s1 = arith.addf %a0, %a1 : f32
      %s2 = arith.addf %s1, %a2 : f32
      %s3 = arith.addf %s2, %a3 : f32
      %s4 = arith.addf %s3, %a4 : f32
      %v = arith.mulf %c, %s4 : f32
      affine.store %v, %B[%i, %j] : memref<8x8xf32>
    }
  }
  return
}
"""

# C[i][j] accumulates C[k][j] * A[i][k]: the accumulated buffer is also read
# at another row (k), so no block of C is fixed in an iteration of i or j;
# A[i][k] reads each element once per iteration of any loop (nothing
# overlaps): no site at all.
NO_SITES = """\
func.func @f(%A: memref<4x4xf32>, %C: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %b = affine.load %C[%k, %j] : memref<4x4xf32>
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  return
}
"""


def read(text: str) -> Design:
    module = parse_kernel(text, "k.mlir")
    return with_sites(read_design(make_context(), module), module)


def sites_of(design: Design) -> set[tuple[str, tuple[tuple[str, str, str], ...]]]:
    return {(fn.name, site.steps) for fn in design.functions for site in fn.sites}


def test_gemm_sites_are_the_accumulated_row_and_element() -> None:
    # mm1 accumulates T[i][j] over k: inside i the block is row i (6
    # elements, zeroed by j_zero first), inside j the one element T[i][j];
    # k is innermost (nothing to buffer in). A, B, and ele_add's buffers
    # are never accumulated, and no read overlaps between iterations.
    d = read(GEMM)
    assert sites_of(d) == {
        ("mm1", (("buffer_at", "T", "i"),)),
        ("mm1", (("buffer_at", "T", "j"),)),
    }
    row = next(s for s in d.function("mm1").sites if s.steps[0][2] == "i")
    assert row.local == ("T_buf",)
    assert dict(row.after.shapes)["T_buf"] == (6,)
    # j_zero overwrites the row before reading it: no init loop, only the
    # write-back loop that the pass names after the local buffer.
    made = [row.after.loops[m].ref for m, o in enumerate(row.origin) if o < 0]
    assert made == ["T_buf_d0_back"]


def test_jacobi_sites_are_the_line_buffer_the_window_and_both() -> None:
    # Inside i the loads read rows i-1..i+1 (distance 2, stride 1): a line
    # buffer; inside j columns j-1..j+1: a window; the window of the line
    # buffer chains them. A is only read, B only written: no buffer_at.
    d = read(JACOBI)
    assert sites_of(d) == {
        ("sweep", (("reuse_at", "A", "i"),)),
        ("sweep", (("reuse_at", "A", "j"),)),
        ("sweep", (("reuse_at", "A", "i"), ("reuse_at", "A_reuse_i", "j"))),
    }
    chain = next(s for s in d.function("sweep").sites if len(s.steps) == 2)
    shapes = dict(chain.after.shapes)
    assert shapes["A_reuse_i"] == (3, 8)
    assert shapes["A_reuse_i_reuse_j"] == (3, 3)
    # The window shifts every iteration: registers in both dimensions; the
    # line buffer along its 3 rows.
    assert set(chain.registers) == {
        ("A_reuse_i", 0),
        ("A_reuse_i_reuse_j", 0),
        ("A_reuse_i_reuse_j", 1),
    }


def test_no_site_where_the_passes_refuse() -> None:
    d = read(NO_SITES)
    assert sites_of(d) == set()
    for loop in ("i", "j"):
        steps = f"schedule:\n  f:\n    - buffer_at: {{buffer: C, loop: {loop}}}\n"
        result = evaluate(EvalJob(NO_SITES, steps, "u280", Budget(9024, 4032)))
        assert not result.ok
        assert "differ by a non-constant offset" in result.error


def test_a_site_needs_its_loops_in_place() -> None:
    # T at j buffers one element only while k stays inside j.
    d = read(GEMM)
    mm1 = d.function("mm1")
    by_loop = {site.steps[0][2]: site for site in mm1.sites}
    for order, inner_site in ((0, True), (1, False)):
        assert orders(mm1, 0)[order] == ((2, 3), (3, 2))[order]
        chosen = chosen_orders(mm1, [NestChoice(order)])
        assert site_allowed(mm1, by_loop["j"], chosen) is inner_site
        assert site_allowed(mm1, by_loop["i"], chosen)


def test_seed_params_sample_back_to_the_seed() -> None:
    for text in (GEMM, JACOBI):
        d = read(text)
        local = [c for c in seeds(d, {}) if any(f.sites for _, f in c.functions)]
        assert local
        for candidate in local:
            params = params_of(d, candidate, {})
            assert sample(d, optuna.trial.FixedTrial(params), {}) == candidate


def schedule(d: Design, candidate: Candidate) -> dict[str, Any]:
    return yaml.safe_load(to_yaml(d, candidate, {}))["schedule"]


def test_row_buffer_steps_follow_the_reorder_and_unroll_the_copies() -> None:
    # k outside j, T buffered per row at i, level 1 pipelines j_zero, k and
    # the write-back loop; j (6) is unrolled inside k, so the row buffer is
    # complete and the zero and write-back loops are unrolled fully; the
    # write-back stores 6 columns of T at once (T complete on dim 2).
    d = read(GEMM)
    mm1 = d.function("mm1")
    row = next(k for k, s in enumerate(mm1.sites) if s.steps[0][2] == "i")
    choice = FunctionChoice(GENERATED, (NestChoice(1, 1, 1, 1),), (row,))
    steps = schedule(d, Candidate((("mm1", choice),)))["mm1"]
    assert steps[:2] == [
        {"reorder": {"loops": ["k", "j"]}},
        {"buffer_at": {"buffer": "T", "loop": "i"}},
    ]
    assert {"unroll": {"loop": "j_zero", "factor": 0}} in steps
    assert {"unroll": {"loop": "T_buf_d0_back", "factor": 0}} in steps
    parts = [s["partition"] for s in steps if "partition" in s]
    assert {"buffer": "T_buf", "kind": "complete", "dim": 1} in parts
    assert {"buffer": "T", "kind": "complete", "dim": 2} in parts
    # Inside i, T is only the row buffer: no partition of T from k.
    assert not any(p["buffer"] == "T" and p["dim"] == 1 for p in parts)


@pytest.mark.needs("g++", "hls4ml")
def test_local_buffer_designs_compute_what_the_kernel_computes() -> None:
    for text, unroll in ((GEMM, 4), (JACOBI, 4)):
        d = read(text)
        local = [c for c in seeds(d, {}) if any(f.sites for _, f in c.functions)]
        candidate = next(
            c
            for c in local
            if all(n.unroll == unroll for _, f in c.functions for n in f.nests)
        )
        pipeline = to_yaml(d, candidate, {})
        assert "buffer_at" in pipeline or "reuse_at" in pipeline
        result = evaluate(EvalJob(text, pipeline, "u280", Budget(9024, 4032)))
        assert result.ok, result.error
        verify_schedule(text, pipeline, filename="k.mlir", seed=1)


def test_the_queries_the_passes_and_the_search_share() -> None:
    # buffer_at's block of T at i in gemm: row i (base i, offsets 0..5 in
    # dimension 2); reuse_at's pattern of A at i in the sweep: rows i-1..i+1
    # (axis 1, distance 2), i widened to read rows 0..7.
    gemm = parse_kernel(GEMM, "gemm.mlir")
    mm1 = find_func(gemm, "mm1")
    block = buffer_block(find_buffer(mm1, "T"), find_loop(mm1, "i"), "")
    assert block.kept == [1]
    assert (block.low, block.high) == ([0, 0], [0, 5])
    with pytest.raises(AlloError, match="it is the innermost loop"):
        buffer_block(find_buffer(mm1, "T"), find_loop(mm1, "k"), "")
    sweep = find_func(parse_kernel(JACOBI, "j.mlir"), "sweep")
    pattern, span = reuse_site(find_buffer(sweep, "A"), find_loop(sweep, "i"), "")
    assert (pattern.axis, pattern.stride, pattern.distance) == (0, 1, 2)
    assert span == (0, 7)
    with pytest.raises(AlloError, match="it is written inside the loop"):
        reuse_site(find_buffer(sweep, "B"), find_loop(sweep, "i"), "")
