"""
The differential fuzzer in CI (tests/fuzz): a fixed seed set plus one
random seed, printed so that a failure can be replayed with
`python benchmarks/fuzz.py --replay` or `run_seeds([SEED], 8)`.

Fails on any crash, miscompile, g++ failure, invalid IR after a step, or
unscheduled kernel that disagrees with the model."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.program import (
    Access,
    Buf,
    Index,
    Loop,
    Nest,
    Program,
    Ty,
    emit_mlir,
    evaluate,
)
from fuzz.run import (
    FAILURES,
    load_case,
    make_cases,
    run_cases,
    run_seeds,
    save_failure,
)

pytestmark = pytest.mark.needs("g++", "hls4ml")

SCHEDULES = 8
# 4 chunks of 8 kernels: 288 cases, two chunks per pytest-xdist worker
CHUNKS = [range(k, k + 8) for k in range(1000, 1032, 8)]


def _check(cases) -> None:
    failures = [c for c in cases if c.outcome in FAILURES]
    report = "\n\n".join(
        f"{c.name} ({c.outcome}): {c.message}\n{c.mlir}{c.yaml()}" for c in failures
    )
    assert not failures, report


@pytest.mark.parametrize("seeds", CHUNKS, ids=lambda r: f"{r.start}-{r.stop - 1}")
def test_fixed_seeds(seeds: range) -> None:
    _check(run_seeds(seeds, SCHEDULES))


def test_random_seed() -> None:
    seed = random.randrange(10**9)
    print(f"fuzz seed {seed}: replay with run_seeds([{seed}], {SCHEDULES})")
    sys.stdout.flush()
    _check(run_seeds([seed], SCHEDULES))


# ----- the oracle itself -----


def test_model_by_hand() -> None:
    """C[i] = A[i] * B[i] + 1 on fixed<8, 4> (raw bits: value * 16), i8 B."""
    fx = Ty("fixed", 8, 4)
    prog = Program(
        bufs={
            "A": Buf("A", (3,), fx, "in"),
            "B": Buf("B", (3,), Ty("int", 8), "in"),
            "C": Buf("C", (3,), fx, "inout"),
        },
        nests=[
            Nest(
                "map",
                [Loop("i", 0, 3)],
                Access("C", (Index("i", 0),)),
                (
                    "op",
                    "add",
                    (
                        "op",
                        "mul",
                        ("load", Access("A", (Index("i", 0),))),
                        ("load", Access("B", (Index("i", 0),))),
                    ),
                    ("const", 1),
                ),
            )
        ],
        out_returned=False,
    )
    a = np.array([24, -24, 100], np.int8)  # 1.5, -1.5, 6.25
    b = np.array([3, 3, 2], np.int8)  # cast to fixed: 48, 48, 32 raw
    out = evaluate(prog, {"A": a, "B": b, "C": np.zeros(3, np.int8)})["C"]
    # 1.5 * 3 + 1 = 5.5 -> 88; -1.5 * 3 + 1 = -3.5 -> -56;
    # 6.25 * 2 = 12.5 wraps in fixed<8, 4> (range -8..8) to -3.5, + 1 = -2.5 -> -40
    assert list(out) == [88, -56, -40]
    assert "allo.mul %v" in emit_mlir(prog)


def test_oracle_catches_wrong_code(tmp_path: Path) -> None:
    """
    The unscheduled kernel with one op changed must disagree with the
    model (a fuzzer whose oracle cannot fail finds nothing); the saved
    folder replays it."""
    for seed in range(200):
        base = make_cases(seed, 0)[0]
        if "arith.addi" in base.mlir:
            break
    base.mlir = base.mlir.replace("arith.addi", "arith.subi", 1)
    (case,) = run_cases([base], interpreter=False)
    assert case.outcome == "baseline", case.message
    folder = save_failure(case, tmp_path)
    assert (folder / "replay.sh").read_text().count("--replay") == 1
    (again,) = run_cases([load_case(folder)], interpreter=False)
    assert (again.outcome, again.message) == (case.outcome, case.message)
