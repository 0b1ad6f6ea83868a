"""
`allo-dse`: search the schedules of a kernel with the QoR model
(DESIGN.md section 13).

    allo-dse k.mlir [--top F] [--device u280] [--dsp N] [--bram N]
        [--trials N] [--timeout S] [--seed S] [--jobs N] [--cluster ADDRESS]
        [--start PIPELINE] [--max-unroll N] [-o best.yaml] [--pareto front.csv]
        [--plot front.png] [--json] [--no-verify]

User errors print `FILE:LINE:COL: error: MESSAGE` (or `allo-dse: error:
MESSAGE`) and exit 1; nothing is written then. Outputs are written only
after the search and the C-simulation check succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from allo_xdsl import __version__
from allo_xdsl.context import make_context
from allo_xdsl.diagnostics import AlloError
from allo_xdsl.dse.copies import MAX_UNROLL
from allo_xdsl.dse.design import Design, read_design
from allo_xdsl.dse.evaluate import Budget, parse_kernel
from allo_xdsl.dse.pareto import Point, plot_front, write_csv
from allo_xdsl.dse.progress import Progress
from allo_xdsl.dse.runner import Evaluator
from allo_xdsl.dse.search import SAMPLERS, Outcome, Search, Settings
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.qor import available_devices, load_device
from allo_xdsl.sim.schedule_check import verify_schedule
from allo_xdsl.tools.cli import (
    ArgumentParser,
    UsageError,
    report_internal_error,
    run_main,
    write_output,
)

PROG = "allo-dse"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def make_argument_parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog=PROG,
        description="Search loop orders, pipelines, unrolls, partitions and "
        "dataflow for a kernel with the QoR model, within a device budget.",
    )
    p.add_argument("input", help="the kernel (MLIR)")
    p.add_argument("--top", help="top function (default: the one nobody calls)")
    p.add_argument("--device", default="u280", help="device table (default u280)")
    p.add_argument("--dsp", type=_positive, help="DSP budget (default: the device's)")
    p.add_argument(
        "--bram", type=_positive, help="BRAM18K budget (default: the device's)"
    )
    p.add_argument("--trials", type=_positive, default=200, help="candidates (200)")
    p.add_argument("--timeout", type=_seconds, help="stop after this many seconds")
    p.add_argument("--seed", type=int, default=0, help="sampler seed (0)")
    p.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        help="local evaluation processes (default: the cores)",
    )
    p.add_argument("--cluster", metavar="ADDRESS", help="Dask scheduler address")
    p.add_argument(
        "--sampler", choices=SAMPLERS, default="tpe", help="optuna sampler (tpe)"
    )
    p.add_argument(
        "--start",
        metavar="PIPELINE",
        help="a YAML pipeline whose function schedules seed the search "
        "(e.g. a published design)",
    )
    p.add_argument(
        "--max-unroll",
        type=_positive,
        default=MAX_UNROLL,
        metavar="N",
        help="reject designs whose pipelined body has more than N copies of its "
        f"innermost body (default {MAX_UNROLL})",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the best pipeline")
    p.add_argument("--pareto", metavar="CSV", help="write the latency/DSP front")
    p.add_argument("--plot", metavar="PNG", help="plot the latency/DSP front")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.add_argument(
        "--no-verify", action="store_true", help="skip the C-simulation check"
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return p


def read_text(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError as e:
        raise AlloError(f"cannot read '{path}': {e.strerror}") from None


def start_schedules(path: str | None, design: Design) -> dict[str, list[Any]]:
    """
    The per-function steps of the `--start` pipeline (checked by the
    project's loader first, so a bad file gets its located error)."""
    if path is None:
        return {}
    load_pipeline(path)
    data = yaml.safe_load(read_text(path)) or {}
    schedule = data.get("schedule") or {}
    names = {fn.name for fn in design.functions}
    return {k: v for k, v in schedule.items() if k in names and isinstance(v, list)}


def budget_of(args: argparse.Namespace) -> Budget:
    if args.device not in available_devices():
        raise AlloError(
            f"unknown device '{args.device}'; devices: "
            + ", ".join(sorted(available_devices()))
        )
    totals = load_device(args.device).totals
    return Budget(args.dsp or totals["dsp"], args.bram or totals["bram18k"])


def impossible(outcome: Outcome, budget: Budget, filename: str) -> AlloError:
    smallest = outcome.smallest
    if smallest is None:
        return AlloError(
            f"{filename}: no candidate schedule could be applied and estimated "
            f"({outcome.rejected} rejected)"
        )
    r = smallest.result
    return AlloError(
        f"{filename}: no schedule fits the budget of {budget.dsp} DSP and "
        f"{budget.bram18k} BRAM18K; the smallest design found needs {r.dsp} DSP "
        f"and {r.bram18k} BRAM18K (latency {r.latency} cycles)"
    )


def summary(outcome: Outcome) -> dict[str, Any]:
    assert outcome.best is not None
    best = outcome.best.result
    return {
        "best": {"latency": best.latency, "dsp": best.dsp, "bram18k": best.bram18k},
        "baseline": {"latency": outcome.baseline},
        "evaluated": outcome.evaluated,
        "rejected": outcome.rejected,
        "pareto": [
            {"latency": p.latency, "dsp": p.dsp, "bram18k": p.bram18k}
            for p in outcome.front
        ],
    }


def run(args: argparse.Namespace) -> int:
    if args.cluster is not None and args.cluster.strip() == "":
        raise UsageError("argument --cluster: empty address")
    budget = budget_of(args)
    text = read_text(args.input)
    design = read_design(make_context(), parse_kernel(text, args.input), args.top)
    published = start_schedules(args.start, design)
    settings = Settings(
        args.device,
        budget,
        args.trials,
        args.timeout,
        args.seed,
        args.sampler,
        args.max_unroll,
    )
    literal = (read_text(args.start),) if args.start else ()
    search = Search(text, args.input, design, published, settings, literal)
    with Evaluator(jobs=args.jobs, cluster=args.cluster) as evaluator:
        base = search.baseline(evaluator)
        if not base.ok:
            raise AlloError(f"the QoR model cannot estimate the kernel: {base.error}")
        with Progress(args.trials) as bar:
            outcome = search.run(evaluator, lambda n, best: bar.update(n, best))
    if outcome.best is None:
        raise impossible(outcome, budget, args.input)
    best = outcome.best
    if not args.no_verify:
        verify_schedule(
            text, best.yaml, filename=args.input, top=design.top, seed=args.seed
        )
    write_outputs(args, outcome)
    if args.json:
        sys.stdout.write(json.dumps(summary(outcome), indent=2) + "\n")
    else:
        r = best.result
        sys.stdout.write(
            f"best: latency {r.latency} cycles (unscheduled {outcome.baseline}), "
            f"DSP {r.dsp}, BRAM18K {r.bram18k}; {outcome.evaluated} candidates, "
            f"{outcome.rejected} rejected, {outcome.over_budget} over budget\n"
        )
    return 0


def write_outputs(args: argparse.Namespace, outcome: Outcome) -> None:
    """-o, --pareto and --plot, after everything else succeeded."""
    assert outcome.best is not None
    best = outcome.best
    if args.plot:
        point = Point(
            best.result.latency, best.result.dsp, best.result.bram18k, best.yaml
        )
        plot_front(outcome.front, args.plot, best=point)
    if args.pareto:
        write_csv(outcome.front, args.pareto)
    if args.output:
        write_output(args.output, best.yaml)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(
        PROG,
        lambda: run(make_argument_parser().parse_args(argv)),
        lambda e: report_internal_error(PROG, e, "kernel"),
    )


if __name__ == "__main__":
    sys.exit(main())
