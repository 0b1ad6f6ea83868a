"""
allo-dse's distribution knobs: which nests get one (gemm's mm1, whose row
loop holds the zeroing loop and the multiply-accumulate; not a nest with one
loop inside, nor one with a backward dependence), the function the other
knobs then see, that the knob round-trips through the trial parameters, and
that the pipeline it gives applies and computes what the unscheduled kernel
computes (C simulation on random inputs)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from allo_xdsl.context import make_context
from allo_xdsl.dse.design import Design, read_design
from allo_xdsl.dse.distribution import knobs, with_variants
from allo_xdsl.dse.evaluate import Budget, EvalJob, evaluate, parse_kernel
from allo_xdsl.dse.search import seeds
from allo_xdsl.dse.sites import with_sites
from allo_xdsl.dse.space import (
    GENERATED,
    Candidate,
    FunctionChoice,
    NestChoice,
    params_of,
    sample,
    to_yaml,
)
from allo_xdsl.sim.schedule_check import verify_schedule
from tests.unit.test_dse import GEMM

optuna = pytest.importorskip("optuna")

# Row i of A is read by the first loop after the second loop wrote it at
# iteration i - 1: distributing i would run every read before every write.
BACKWARD = """\
func.func @f(%A: memref<8x4xf32>, %B: memref<8x4xf32>) {
  affine.for %i = 1 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %A[%i - 1, %j] : memref<8x4xf32>
      affine.store %v, %B[%i, %j] : memref<8x4xf32>
    }
    affine.for %j2 = 0 to 4 {
      %w = affine.load %B[%i, %j2] : memref<8x4xf32>
      affine.store %w, %A[%i, %j2] : memref<8x4xf32>
    }
  }
  return
}
"""


def read(text: str) -> Design:
    module = parse_kernel(text, "k.mlir")
    design = with_sites(read_design(make_context(), module), module)
    return with_variants(design, module)


def test_the_knob_is_offered_for_gemm_row_loop() -> None:
    d = read(GEMM)
    mm1 = d.function("mm1")
    assert knobs(mm1) == (0,)
    (variant,) = mm1.variants
    assert variant.loops == ("i",)
    after = variant.after
    assert [loop.ref for loop in after.loops] == ["i.0", "j_zero", "i.1", "j", "k"]
    assert after.roots == (0, 2)
    # i.0 { j_zero } and i.1 { j { k } } are now perfect nests: i.1 can be
    # reordered and tiled with j.
    assert [loop.perfect for loop in after.loops] == [True, False, True, True, False]
    assert after.sites == ()
    # ele_add's i holds one loop: nothing to distribute.
    assert knobs(d.function("ele_add")) == ()


def test_no_knob_where_the_pass_refuses() -> None:
    d = read(BACKWARD)
    assert knobs(d.function("f")) == ()
    result = evaluate(
        EvalJob(
            BACKWARD,
            "schedule:\n  f:\n    - distribute: {loop: i}\n",
            "u280",
            Budget(9024, 4032),
        )
    )
    assert not result.ok
    assert "backward dependence on A" in result.error


def distributed_seeds(d: Design) -> list[Candidate]:
    return [c for c in seeds(d, {}) if any(f.distribute for _, f in c.functions)]


def test_seed_params_sample_back_to_the_seed() -> None:
    d = read(GEMM)
    found = distributed_seeds(d)
    assert len(found) == 4
    for candidate in found:
        params = params_of(d, candidate, {})
        assert params["mm1.distribute.0"] is True
        assert "mm1[0].1.order" in params
        assert sample(d, optuna.trial.FixedTrial(params), {}) == candidate


def schedule(d: Design, candidate: Candidate) -> dict[str, Any]:
    return yaml.safe_load(to_yaml(d, candidate, {}))["schedule"]


def test_steps_name_the_copies() -> None:
    # Nest 1 of the distributed mm1 is i.1 { j { k } }: order 4 of its
    # permutations is (k, i.1, j); level 2 pipelines j, unrolled by 2.
    d = read(GEMM)
    nests = (NestChoice(), NestChoice(4, 2, 1, 2))
    choice = FunctionChoice(GENERATED, nests, (), (0,))
    steps = schedule(d, Candidate((("mm1", choice),)))["mm1"]
    assert steps[:4] == [
        {"distribute": {"loop": "i"}},
        {"reorder": {"loops": ["k", "i.1", "j"]}},
        {"pipeline": {"loop": "j", "ii": 1}},
        {"unroll": {"loop": "j", "factor": 2}},
    ]


@pytest.mark.needs("g++", "hls4ml")
def test_distributed_designs_compute_what_the_kernel_computes() -> None:
    d = read(GEMM)
    candidate = distributed_seeds(d)[-1]  # tiled 32 x 32 (4 x 6 here)
    pipeline = to_yaml(d, candidate, {})
    assert "distribute: {loop: i}" in pipeline
    assert "tile:" in pipeline
    result = evaluate(EvalJob(GEMM, pipeline, "u280", Budget(9024, 4032)))
    assert result.ok, result.error
    verify_schedule(GEMM, pipeline, filename="k.mlir", seed=1)
