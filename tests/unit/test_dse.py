"""
allo-dse: the design it reads, the partitions it derives (expected values
worked out by hand from the accesses), the search's reproducibility, and the
command line: `-o` round trip through allo-opt, the `--json` schema, the
error contract, and the Dask cluster path against `--jobs 1`."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from allo_xdsl.context import make_context
from allo_xdsl.dse.design import Design, read_design
from allo_xdsl.dse.evaluate import Budget, EvalJob, evaluate, parse_kernel
from allo_xdsl.dse.space import (
    GENERATED,
    Candidate,
    FunctionChoice,
    NestChoice,
    orders,
    to_yaml,
)
from allo_xdsl.tools import allo_dse, allo_opt

pytest.importorskip("optuna")

# PolyBench gemm at small sizes (NI=4, NJ=6, NK=8): mm1 zeroes row i of T,
# then accumulates T[i][j] over k; ele_add adds 0.1 C.
GEMM = """\
func.func @mm1(%A: memref<4x8xf32>, %B: memref<8x6xf32>, %T: memref<4x6xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.for %j_zero = 0 to 6 {
      affine.store %zero, %T[%i, %j_zero] : memref<4x6xf32>
    }
    affine.for %j = 0 to 6 {
      affine.for %k = 0 to 8 {
        %a = affine.load %A[%i, %k] : memref<4x8xf32>
        %b = affine.load %B[%k, %j] : memref<8x6xf32>
        %c = affine.load %T[%i, %j] : memref<4x6xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %T[%i, %j] : memref<4x6xf32>
      }
    }
  }
  return
}

func.func @ele_add(%T: memref<4x6xf32>, %C: memref<4x6xf32>, %out: memref<4x6xf32>) {
  %cy = arith.constant 0.1 : f32
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 6 {
      %x = affine.load %T[%i, %j] : memref<4x6xf32>
      %y = affine.load %C[%i, %j] : memref<4x6xf32>
      %sy = arith.mulf %cy, %y : f32
      %s = arith.addf %x, %sy : f32
      affine.store %s, %out[%i, %j] : memref<4x6xf32>
    }
  }
  return
}

func.func @kernel_gemm(%A: memref<4x8xf32>, %B: memref<8x6xf32>,
                       %C: memref<4x6xf32>, %out: memref<4x6xf32>) {
  %T = memref.alloc() : memref<4x6xf32>
  func.call @mm1(%A, %B, %T) : (memref<4x8xf32>, memref<8x6xf32>, memref<4x6xf32>) -> ()
  func.call @ele_add(%T, %C, %out)
      : (memref<4x6xf32>, memref<4x6xf32>, memref<4x6xf32>) -> ()
  return
}
"""


def design() -> Design:
    return read_design(make_context(), parse_kernel(GEMM, "gemm.mlir"))


def test_design_reads_loops_aliases_and_channels() -> None:
    d = design()
    mm1 = d.function("mm1")
    assert [(loop.ref, loop.trips) for loop in mm1.loops] == [
        ("i", 4),
        ("j_zero", 6),
        ("j", 6),
        ("k", 8),
    ]
    assert mm1.roots == (0,)
    # j-k is the only perfect nest: two orders.
    assert orders(mm1, 0) == [(2, 3), (3, 2)]
    assert d.root_of("mm1", "T") == ("kernel_gemm", "T")
    assert d.root_of("ele_add", "T") == ("kernel_gemm", "T")
    assert d.channels == ("T",)


def steps_of(candidate: Candidate) -> dict[str, Any]:
    return yaml.safe_load(to_yaml(design(), candidate, {}))["schedule"]


def test_partitions_are_derived_from_the_unrolled_accesses() -> None:
    # Pipelining level 1 of mm1 pipelines j_zero and j; k (8 trips) is
    # unrolled inside j: A[i][k] reaches 8 k's (all of dim 2: complete),
    # B[k][j] all 8 rows (complete dim 1); T[i][j] one element. With j also
    # unrolled by 2 (own factor), B's dim 2 and T's dim 2 reach 2 columns
    # (cyclic 2); j_zero unrolled by 2 writes 2 columns of T too.
    choice = FunctionChoice(GENERATED, (NestChoice(0, 1, 1, 2),))
    steps = steps_of(Candidate((("mm1", choice),)))["mm1"]
    assert {"pipeline": {"loop": "j", "ii": 1}} in steps
    assert {"unroll": {"loop": "j", "factor": 2}} in steps
    partitions = [s["partition"] for s in steps if "partition" in s]
    assert {"buffer": "A", "kind": "complete", "dim": 2} in partitions
    assert {"buffer": "B", "kind": "complete", "dim": 1} in partitions
    assert {"buffer": "B", "kind": "cyclic", "dim": 2, "factor": 2} in partitions
    assert {"buffer": "T", "kind": "cyclic", "dim": 2, "factor": 2} in partitions
    assert len(partitions) == 4


def test_requirements_of_one_memory_merge_across_functions() -> None:
    # mm1 unrolls j by 2 (T cyclic 2 on dim 2), ele_add by 3 (cyclic 3):
    # T is one buffer through the calls, partitioned once by lcm(2, 3) = 6,
    # which covers the dimension: complete.
    mm1 = FunctionChoice(GENERATED, (NestChoice(0, 1, 1, 2),))
    add = FunctionChoice(GENERATED, (NestChoice(0, 1, 1, 3),))
    schedule = steps_of(Candidate((("mm1", mm1), ("ele_add", add))))
    t_parts = [
        s["partition"]
        for fn in schedule.values()
        for s in fn
        if "partition" in s and s["partition"]["buffer"] == "T"
    ]
    assert t_parts == [{"buffer": "T", "kind": "complete", "dim": 2}]
    result = evaluate(
        job(to_yaml(design(), Candidate((("mm1", mm1), ("ele_add", add))), {}))
    )
    assert result.ok, result.error


def job(yaml_text: str) -> EvalJob:
    return EvalJob(GEMM, yaml_text, "u280", Budget(9024, 4032), "gemm.mlir")


def test_a_refused_candidate_is_an_error_not_a_result() -> None:
    bad = "schedule:\n  mm1:\n    - reorder: {loops: [k, i]}\n"
    result = evaluate(job(bad))
    assert not result.ok
    assert "cannot reorder" in result.error


# ----- the command line -----


@pytest.fixture
def kernel(tmp_path: Path) -> Path:
    path = tmp_path / "gemm.mlir"
    path.write_text(GEMM)
    return path


def run_dse(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = allo_dse.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


BASE = ("--trials", "24", "--jobs", "1", "--seed", "3")


@pytest.mark.needs("g++", "hls4ml")
def test_best_yaml_round_trips_through_allo_opt(
    kernel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    best = tmp_path / "best.yaml"
    front = tmp_path / "front.csv"
    plot = tmp_path / "front.png"
    code, out, err = run_dse(
        capsys,
        str(kernel),
        *BASE,
        "-o",
        str(best),
        "--pareto",
        str(front),
        "--plot",
        str(plot),
        "--json",
    )
    assert code == 0, err
    summary = json.loads(out)
    assert allo_opt.main([str(kernel), "--pipeline", str(best), "-t", "qor-json"]) == 0
    qor = json.loads(capsys.readouterr().out)
    assert qor["latency"] == summary["best"]["latency"]
    top = qor["functions"]["kernel_gemm"]["resources"]
    assert top["dsp"] == summary["best"]["dsp"]
    assert front.read_text().splitlines()[0].startswith("latency")
    assert plot.read_bytes().startswith(b"\x89PNG")
    # The search beats the unscheduled kernel.
    assert summary["best"]["latency"] < summary["baseline"]["latency"]


def test_json_summary_has_the_contract_keys(
    kernel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_dse(capsys, str(kernel), *BASE, "--json", "--no-verify")
    assert code == 0, err
    summary = json.loads(out)
    assert set(summary) == {"best", "baseline", "evaluated", "rejected", "pareto"}
    assert set(summary["best"]) == {"latency", "dsp", "bram18k"}
    assert summary["evaluated"] == 24
    assert 0 <= summary["rejected"] < summary["evaluated"]
    front = summary["pareto"]
    assert front
    assert all({"latency", "dsp"} <= set(p) for p in front)
    # A front: latency falls as DSP rises.
    by_dsp = sorted(front, key=lambda p: p["dsp"])
    assert all(a["latency"] > b["latency"] for a, b in pairwise(by_dsp))
    assert summary["best"]["latency"] == min(p["latency"] for p in front)


def test_a_start_pipeline_is_never_beaten_by_the_result(
    kernel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A hand design (k pipelined inside j: one MAC per cycle, II 4 from the
    # accumulation); the search starts from it, so its best is at least as
    # fast, even with 8 candidates.
    start = tmp_path / "start.yaml"
    start.write_text(
        "include: [fpga]\nschedule:\n  mm1:\n    - pipeline: {loop: k, ii: 1}\n"
    )
    given = evaluate(job(start.read_text()))
    assert given.ok, given.error
    code, out, err = run_dse(
        capsys,
        str(kernel),
        "--trials",
        "8",
        "--jobs",
        "1",
        "--json",
        "--no-verify",
        "--start",
        str(start),
    )
    assert code == 0, err
    assert json.loads(out)["best"]["latency"] <= given.latency


def test_same_seed_same_result_whatever_the_jobs(
    kernel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = (str(kernel), "--trials", "24", "--seed", "5", "--json", "--no-verify")
    results = []
    for jobs in ("1", "1", "2"):
        code, out, err = run_dse(capsys, *args, "--jobs", jobs)
        assert code == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1] == results[2]


def test_cluster_gives_the_results_of_one_job(
    kernel: Path,
    tmp_path: Path,
    dask_cluster: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = (str(kernel), "--trials", "16", "--seed", "7", "--json", "--no-verify")
    local, cluster = tmp_path / "local.yaml", tmp_path / "cluster.yaml"
    code, one, err = run_dse(capsys, *args, "--jobs", "1", "-o", str(local))
    assert code == 0, err
    code, many, err = run_dse(
        capsys, *args, "--cluster", dask_cluster, "-o", str(cluster)
    )
    assert code == 0, err
    assert json.loads(one) == json.loads(many)
    assert local.read_text() == cluster.read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--top", "nope"), "unknown function 'nope'"),
        (("--dsp", "1"), "the smallest design found needs"),
        (("--trials", "0"), "argument --trials: must be at least 1"),
        (("--device", "vu9000"), "unknown device 'vu9000'"),
        (("--frobnicate",), "unrecognized arguments: --frobnicate"),
    ],
)
def test_bad_input_gets_the_error_contract(
    kernel: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    message: str,
) -> None:
    out_file = tmp_path / "best.yaml"
    code, _out, err = run_dse(
        capsys, str(kernel), "--trials", "8", "--jobs", "1", "-o", str(out_file), *argv
    )
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert not out_file.exists()


def test_a_kernel_that_does_not_parse_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.mlir"
    path.write_text("func.func @f() {\n  %x = arith.frob : f32\n  return\n}\n")
    code, _, err = run_dse(capsys, str(path), "--trials", "8", "--jobs", "1")
    assert code == 1
    assert err.startswith(f"{path}:2:")


def test_a_kernel_the_model_cannot_estimate_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dynamic.mlir"
    path.write_text(
        "func.func @f(%A: memref<?xf32>, %n: index) {\n"
        "  %c = arith.constant 1.0 : f32\n"
        "  affine.for %i = 0 to %n {\n"
        "    affine.store %c, %A[%i] : memref<?xf32>\n"
        "  }\n"
        "  return\n"
        "}\n"
    )
    code, _, err = run_dse(capsys, str(path), "--trials", "8", "--jobs", "1")
    assert code == 1
    assert err.startswith(f"{path}:3:3: error: the QoR model cannot estimate")
    assert "loop 'i'" in err


def test_impossible_budget_names_what_the_smallest_design_needs(
    kernel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_dse(capsys, str(kernel), *BASE, "--dsp", "1", "--no-verify")
    assert code == 1
    # Every design of this kernel multiplies: at least one fmul core (3 DSP).
    assert "no schedule fits the budget of 1 DSP" in err
    needs = int(err.split("needs ")[1].split(" DSP")[0])
    assert needs >= 3
