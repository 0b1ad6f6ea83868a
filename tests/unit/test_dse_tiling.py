"""
allo-dse's split and tile knobs and its cap on unrolled copies: the steps
and partitions a non-divisor split and a 2-D tile give (worked out by hand
from the accesses), the QoR model's count of the guarded last iteration,
C simulation of the scheduled kernels against the unscheduled ones, the cap
(rejected and counted; its default covers the published designs) and
`--max-unroll`'s error contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from allo_xdsl.context import make_context
from allo_xdsl.dse.copies import MAX_UNROLL, largest_body, pipelined_copies
from allo_xdsl.dse.design import Design, read_design
from allo_xdsl.dse.evaluate import (
    Budget,
    EvalJob,
    apply_yaml,
    evaluate,
    parse_kernel,
    scheduled_estimate,
)
from allo_xdsl.dse.runner import Evaluator
from allo_xdsl.dse.search import Search, Settings
from allo_xdsl.dse.space import (
    GENERATED,
    Candidate,
    FunctionChoice,
    NestChoice,
    orders,
    to_yaml,
)
from allo_xdsl.sim.schedule_check import verify_schedule
from allo_xdsl.tools import allo_dse

pytest.importorskip("optuna")

POLYBENCH = Path(__file__).parent.parent.parent / "examples" / "polybench"

# C[i][j] += A[i][k] * B[k][j] over a perfect nest i, k, j; no trip count is
# a multiple of the factors the tests use (4 and 2 into 5, 7, 6... 6 % 4).
MM = """\
func.func @mm(%A: memref<5x7xf32>, %B: memref<7x6xf32>, %C: memref<5x6xf32>) {
  affine.for %i = 0 to 5 {
    affine.for %k = 0 to 7 {
      affine.for %j = 0 to 6 {
        %a = affine.load %A[%i, %k] : memref<5x7xf32>
        %b = affine.load %B[%k, %j] : memref<7x6xf32>
        %c = affine.load %C[%i, %j] : memref<5x6xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<5x6xf32>
      }
    }
  }
  return
}
"""


def scale(n: int) -> str:
    """B[i] = A[i] * A[i] over `n` elements."""
    return (
        f"func.func @sq(%A: memref<{n}xf32>, %B: memref<{n}xf32>) {{\n"
        f"  affine.for %i = 0 to {n} {{\n"
        f"    %a = affine.load %A[%i] : memref<{n}xf32>\n"
        "    %p = arith.mulf %a, %a : f32\n"
        f"    affine.store %p, %B[%i] : memref<{n}xf32>\n"
        "  }\n"
        "  return\n"
        "}\n"
    )


def design_of(kernel: str) -> Design:
    return read_design(make_context(), parse_kernel(kernel, "k.mlir"))


def schedule(kernel: str, fn: str, nest: NestChoice) -> str:
    candidate = Candidate(((fn, FunctionChoice(GENERATED, (nest,))),))
    return to_yaml(design_of(kernel), candidate, {})


def steps(yaml_text: str, fn: str) -> list[dict[str, Any]]:
    return yaml.safe_load(yaml_text)["schedule"][fn]


def partitions(yaml_text: str, fn: str) -> list[dict[str, Any]]:
    return [s["partition"] for s in steps(yaml_text, fn) if "partition" in s]


def job(kernel: str, yaml_text: str, cap: int | None = None) -> EvalJob:
    return EvalJob(kernel, yaml_text, "u280", Budget(9024, 4032), "k.mlir", None, cap)


# --- split by a factor that does not divide --------------------------------


def test_a_non_divisor_factor_splits_instead_of_falling_to_a_divisor() -> None:
    # Trip 190, factor 16: without split the largest divisor not above 16 is
    # 10; with it, i.outer (12 iterations) is pipelined and i.inner (16, the
    # last one 14) unrolled; A and B reach 16 elements per iteration.
    kernel = scale(190)
    divisor = schedule(kernel, "sq", NestChoice(0, 0, 1, 16))
    assert {"unroll": {"loop": "i", "factor": 10}} in steps(divisor, "sq")
    split = schedule(kernel, "sq", NestChoice(0, 0, 1, 16, split=True))
    assert steps(split, "sq") == [
        {"split": {"loop": "i", "factor": 16}},
        {"pipeline": {"loop": "i.outer", "ii": 1}},
        {"unroll": {"loop": "i.inner", "factor": 0}},
        {"partition": {"buffer": "A", "kind": "cyclic", "dim": 1, "factor": 16}},
        {"partition": {"buffer": "B", "kind": "cyclic", "dim": 1, "factor": 16}},
    ]
    # A factor that divides needs no split: the plain unroll, the same text.
    assert schedule(kernel, "sq", NestChoice(0, 0, 1, 10, split=True)) == (
        schedule(kernel, "sq", NestChoice(0, 0, 1, 10))
    )


def test_the_model_counts_the_guarded_last_iteration_in_full() -> None:
    # 190 by 16: ceil(190 / 16) = 12 iterations, the last running 14 of its
    # 16 copies behind their guard; the hardware still spends a whole
    # iteration on it, so the latency is that of 192 = 12 x 16 elements (a
    # plain unroll by 16, which divides), and so are the 16 multipliers.
    nest = NestChoice(0, 0, 1, 16, split=True)
    guarded = scheduled_estimate(job(scale(190), schedule(scale(190), "sq", nest)))
    full = scheduled_estimate(job(scale(192), schedule(scale(192), "sq", nest)))
    (loop,) = guarded.functions["sq"].loops
    assert loop.name == "i.outer"
    assert loop.trip_count == 12
    (full_loop,) = full.functions["sq"].loops
    assert (full_loop.trip_count, full_loop.unroll) == (192, 16)
    assert guarded.functions["sq"].latency == full.functions["sq"].latency
    assert guarded.functions["sq"].resources.dsp == full.functions["sq"].resources.dsp


# --- tiling: 2-D unrolling and 2-D partitions ------------------------------


def tiled() -> str:
    # Order k, i, j (reduction outermost), pipeline j with its parent i
    # tiled by 2 and j split by 4: i.inner (2) x j.inner (4) unrolled.
    order = orders(design_of(MM).function("mm"), 0).index((1, 0, 2))
    return schedule(MM, "mm", NestChoice(order, 2, 1, 4, split=True, tile=2))


def test_a_tile_pipelines_the_tile_loop_over_both_point_loops() -> None:
    assert steps(tiled(), "mm")[:5] == [
        {"reorder": {"loops": ["k", "i", "j"]}},
        {"tile": {"loops": ["i", "j"], "factors": [2, 4]}},
        {"pipeline": {"loop": "j.outer", "ii": 1}},
        {"unroll": {"loop": "i.inner", "factor": 0}},
        {"unroll": {"loop": "j.inner", "factor": 0}},
    ]


def test_the_partitions_of_a_tile_follow_its_point_loops() -> None:
    # One iteration of j.outer runs i in 2 values and j in 4 (k fixed):
    # A[i][k] reaches 2 rows; B[k][j] 4 columns; C[i][j] 2 rows x 4 columns.
    # None covers its dimension (5 rows, 6 columns): cyclic.
    assert sorted(partitions(tiled(), "mm"), key=lambda p: (p["buffer"], p["dim"])) == [
        {"buffer": "A", "kind": "cyclic", "dim": 1, "factor": 2},
        {"buffer": "B", "kind": "cyclic", "dim": 2, "factor": 4},
        {"buffer": "C", "kind": "cyclic", "dim": 1, "factor": 2},
        {"buffer": "C", "kind": "cyclic", "dim": 2, "factor": 4},
    ]


@pytest.mark.needs("g++", "hls4ml")
def test_split_and_tiled_kernels_compute_what_the_unscheduled_ones_do() -> None:
    nest = NestChoice(0, 0, 1, 16, split=True)
    cases = [(scale(190), schedule(scale(190), "sq", nest), "sq"), (MM, tiled(), "mm")]
    for kernel, yaml_text, top in cases:
        assert evaluate(job(kernel, yaml_text)).ok
        verify_schedule(kernel, yaml_text, filename="k.mlir", top=top, seed=4)


# --- the cap on copies -------------------------------------------------------


def test_copies_count_the_unroll_and_every_loop_unrolled_inside() -> None:
    # Pipelining i (5) unrolled by 5 over k (7) and j (6): 5 x 7 x 6.
    module = parse_kernel(MM, "k.mlir")
    apply_yaml(
        module,
        "schedule:\n  mm:\n    - pipeline: {loop: i}\n"
        "    - unroll: {loop: i, factor: 0}\n",
    )
    assert pipelined_copies(module) == [("i", 210)]
    # The tile: i.inner x j.inner = 2 x 4 under j.outer.
    module = parse_kernel(MM, "k.mlir")
    apply_yaml(module, tiled())
    assert largest_body(module) == ("j.outer", 8)


def test_the_cap_rejects_before_estimating() -> None:
    text = tiled()
    assert evaluate(job(MM, text, cap=8)).ok
    refused = evaluate(job(MM, text, cap=7))
    assert not refused.ok
    assert "'j.outer' would have 8 copies" in refused.error
    assert "--max-unroll" in refused.error


def test_rejected_by_the_cap_are_counted() -> None:
    # Cap 1: every candidate that unrolls anything in a pipeline is refused.
    design = design_of(MM)
    counts = []
    for cap in (None, 1):
        search = Search(MM, "k.mlir", design, {}, Settings(trials=16, max_unroll=cap))
        with Evaluator(jobs=1) as evaluator:
            outcome = search.run(evaluator)
        capped = [r for r in search.cache.values() if "--max-unroll" in r.error]
        assert (len(capped) > 0) == (cap is not None)
        counts.append(outcome.rejected)
    assert counts[1] > counts[0]


def test_the_default_cap_covers_the_published_designs() -> None:
    # The evidence for MAX_UNROLL: every published Allo design (built by
    # Vitis) is within it; the largest is jacobi-2d's 250 x 3.
    largest = 0
    for path in sorted(POLYBENCH.glob("*/published.yaml")):
        module = parse_kernel((path.parent / "kernel.mlir").read_text(), "k.mlir")
        apply_yaml(module, path.read_text())
        largest = max(largest, largest_body(module)[1])
    assert largest == 750
    assert largest <= MAX_UNROLL < 2 * largest


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "argument --max-unroll: must be at least 1, got 0"),
        ("many", "argument --max-unroll: not an integer: 'many'"),
    ],
)
def test_max_unroll_flag_gets_the_error_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    kernel = tmp_path / "mm.mlir"
    kernel.write_text(MM)
    out_file = tmp_path / "best.yaml"
    code = allo_dse.main(
        [str(kernel), "--trials", "8", "--jobs", "1", "-o", str(out_file)]
        + ["--max-unroll", value]
    )
    _out, err = capsys.readouterr()
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert not out_file.exists()
