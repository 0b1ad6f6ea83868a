"""Calibration of the QoR model (allo_xdsl.qor) against the published
PolyBench figures of Allo PLDI'24 (examples/polybench/anchors.yaml):

- each published.yaml design against the published Allo cycles;
- each unscheduled kernel against the published Vitis baseline (plain C, all
  arrays on one m_axi bundle, no pragmas: the script gives every top-level
  array an m_axi port on one bundle, as that baseline did);

with ratios (estimate / published) and geomeans, and the time to estimate
all designs. Run: python benchmarks/qor_calibration.py
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import yaml
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    MemRefType,
    ModuleOp,
    StringAttr,
)

from allo_xdsl.context import make_context
from allo_xdsl.dialects.fpga import INTERFACE
from allo_xdsl.parsing import parse_module
from allo_xdsl.pipelines import load_pipeline
from allo_xdsl.qor import estimate
from allo_xdsl.registry import available_passes

ROOT = Path(__file__).resolve().parent.parent / "examples" / "polybench"


def load(kernel: str, scheduled: bool) -> ModuleOp:
    ctx = make_context()
    path = ROOT / kernel / "kernel.mlir"
    module = parse_module(ctx, path.read_text(), str(path))
    if scheduled:
        pipeline = load_pipeline(
            str(ROOT / kernel / "published.yaml"), available_passes()
        )
        pipeline.apply(ctx, module, [], None)
    return module


def on_one_bundle(module: ModuleOp, top: str) -> None:
    """Vitis baseline: every array argument of the top on m_axi bundle gmem."""
    for fn in module.ops:
        if not isinstance(fn, func.FuncOp) or fn.sym_name.data != top:
            continue
        attrs = []
        for arg in fn.body.blocks[0].args:
            entry: dict[str, object] = {}
            if isinstance(arg.type, MemRefType):
                entry[INTERFACE] = DictionaryAttr(
                    {"mode": StringAttr("m_axi"), "bundle": StringAttr("gmem")}
                )
            attrs.append(DictionaryAttr(entry))  # type: ignore[arg-type]
        fn.arg_attrs = ArrayAttr(attrs)


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else 0.0


def main() -> int:
    anchors = yaml.safe_load((ROOT / "anchors.yaml").read_text())["kernels"]
    rows = []
    allo_ratios: list[float] = []
    vitis_ratios: list[float] = []
    seconds = 0.0
    for kernel, facts in anchors.items():
        top = facts["top"]
        module = load(kernel, True)
        start = time.perf_counter()
        est = estimate(module)
        seconds += time.perf_counter() - start
        ours = est.functions[top].latency
        base_module = load(kernel, False)
        on_one_bundle(base_module, top)
        base = estimate(base_module).functions[top].latency
        allo_ratio = ours / facts["allo_cycles"]
        vitis_ratio = base / facts["vitis_cycles"]
        allo_ratios.append(allo_ratio)
        vitis_ratios.append(vitis_ratio)
        note = facts.get("note", "") or facts.get("design", "")
        rows.append(
            (
                kernel,
                facts["allo_cycles"],
                ours,
                allo_ratio,
                facts["vitis_cycles"],
                base,
                vitis_ratio,
                note,
            )
        )
    print(
        f"{'kernel':<12} {'Allo pub':>9} {'model':>9} {'ratio':>6}  "
        f"{'Vitis pub':>11} {'model':>11} {'ratio':>6}  note"
    )
    for k, pa, ma, ra, pv, mv, rv, note in rows:
        print(
            f"{k:<12} {pa:>9} {ma:>9} {ra:>6.2f}  {pv:>11} {mv:>11} {rv:>6.2f}  {note}"
        )
    print(
        f"geomean ratio: published Allo designs {geomean(allo_ratios):.3f}, "
        f"Vitis baseline {geomean(vitis_ratios):.3f}"
    )
    worst = max(allo_ratios, key=lambda r: max(r, 1 / r))
    print(
        f"worst Allo ratio {worst:.2f}; estimating the {len(rows)} scheduled designs "
        f"took {seconds:.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
