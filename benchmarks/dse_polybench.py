"""
allo-dse on the 13 PolyBench kernels of Allo PLDI'24 at their published
(MEDIUM) sizes, against the published designs through the same QoR model:

- the published design's estimated latency, DSP and BRAM18K
  (examples/polybench/<k>/published.yaml);
- the best schedule found with no more DSP than the published design uses;
- the best schedule found with the whole U280 (by either search);
- the search time of each.

Run: python benchmarks/dse_polybench.py [--trials N] [--jobs N]
[--max-unroll N] [--save] [kernels...]; `--save` writes the fastest
design (whole U280) as examples/polybench/<k>/dse.yaml, once C simulation
has checked it against the unscheduled kernel (as allo-dse does).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import yaml

from allo_xdsl.context import make_context
from allo_xdsl.dse.copies import MAX_UNROLL
from allo_xdsl.dse.design import read_design
from allo_xdsl.dse.evaluate import Budget, EvalJob, evaluate, parse_kernel
from allo_xdsl.dse.runner import Evaluator
from allo_xdsl.dse.search import Outcome, Search, Settings
from allo_xdsl.qor import load_device
from allo_xdsl.sim.schedule_check import verify_schedule

ROOT = Path(__file__).resolve().parent.parent / "examples" / "polybench"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("polybench_gen", ROOT / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def search(
    kernel: str, budget: Budget, args: argparse.Namespace, evaluator: Evaluator
) -> Outcome:
    path = ROOT / kernel / "kernel.mlir"
    text = path.read_text()
    design = read_design(make_context(), parse_kernel(text, str(path)))
    pub_text = (ROOT / kernel / "published.yaml").read_text()
    published = yaml.safe_load(pub_text)
    settings = Settings(
        budget=budget,
        trials=args.trials,
        timeout=args.timeout,
        seed=args.seed,
        max_unroll=args.max_unroll or None,
    )
    return Search(
        text, str(path), design, published["schedule"], settings, (pub_text,)
    ).run(evaluator)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kernels", nargs="*")
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=55.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--max-unroll",
        type=int,
        default=MAX_UNROLL,
        help=f"cap on the copies of a pipelined body ({MAX_UNROLL}; 0: none)",
    )
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    anchors = yaml.safe_load((ROOT / "anchors.yaml").read_text())["kernels"]
    kernels = args.kernels or list(anchors)
    device = load_device("u280")
    whole = Budget(device.totals["dsp"], device.totals["bram18k"])
    print(
        "| kernel | published (model) | DSP | BRAM | DSE, published's DSP | DSP | "
        "speedup | s | DSE, whole U280 | DSP | BRAM | speedup | s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    same: list[float] = []
    full: list[float] = []
    with Evaluator(jobs=args.jobs) as evaluator:
        for kernel in kernels:
            path = ROOT / kernel / "kernel.mlir"
            pub_yaml = (ROOT / kernel / "published.yaml").read_text()
            pub = evaluate(
                EvalJob(path.read_text(), pub_yaml, "u280", whole, str(path))
            )
            limited = search(kernel, Budget(pub.dsp, whole.bram18k), args, evaluator)
            best_all = search(kernel, whole, args, evaluator)
            a = limited.best
            assert a is not None
            # Both searches' designs fit the whole device.
            points = limited.points + best_all.points
            b = min(points, key=lambda p: (p.latency, p.dsp, p.bram18k))
            same.append(pub.latency / a.result.latency)
            full.append(pub.latency / b.latency)
            print(
                f"| {kernel} | {pub.latency:,} | {pub.dsp:,} | {pub.bram18k:,} | "
                f"{a.result.latency:,} | {a.result.dsp:,} | {same[-1]:.2f}x | "
                f"{limited.seconds:.0f} | {b.latency:,} | {b.dsp:,} | "
                f"{b.bram18k:,} | {full[-1]:.2f}x | {best_all.seconds:.0f} |",
                flush=True,
            )
            if args.save:
                # as allo-dse does before writing: C simulation against the
                # unscheduled kernel on random inputs
                verify_schedule(path.read_text(), b.yaml, filename=str(path))
                (ROOT / kernel / "dse.yaml").write_text(b.yaml)
    geo = math.exp(sum(math.log(x) for x in full) / len(full))
    geo_same = math.exp(sum(math.log(x) for x in same) / len(same))
    print(
        f"\ngeomean speedup over the published designs (model): {geo_same:.2f}x "
        f"within their DSP, {geo:.2f}x with the whole U280"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
