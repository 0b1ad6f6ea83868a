"""
The `qor` and `qor-json` targets: the QoR estimate (`allo_xdsl.qor`) as a
report in the shape of Vitis's csynth summary, or as JSON (DESIGN.md
section 12). `qor{device=u280}` picks the device table. II warnings go to
stderr."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from allo_xdsl.qor import Estimate, FunctionReport, LoopReport, estimate


def print_warnings(result: Estimate, stream: IO[str] | None = None) -> None:
    out = stream if stream is not None else sys.stderr
    for warning in result.warnings:
        out.write(warning.format() + "\n")


def _pct(used: int, total: int) -> str:
    return f"{100.0 * used / total:.1f}%" if total else "-"


def _loop_row(loop: LoopReport, depth: int) -> list[str]:
    name = "  " * depth + loop.name
    ii = "-"
    if loop.pipelined:
        target = f"{loop.ii_target}" + (" (auto)" if loop.auto else "")
        ii = f"{target} -> {loop.ii}"
    limit = loop.ii_limit or "-"
    if loop.flattened and not loop.pipelined:
        limit = "flattened"
    return [
        name,
        str(loop.trip_count if loop.trip_count is not None else "?"),
        ii,
        limit,
        str(loop.depth),
        str(loop.latency),
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + " |"
        )

    rule = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    return [rule, line(header), rule, *(line(r) for r in rows), rule]


def _depths(loops: list[LoopReport]) -> list[int]:
    level: dict[str, int] = {}
    out: list[int] = []
    for loop in loops:
        d = level.get(loop.parent, -1) + 1 if loop.parent else 0
        level[loop.name] = d
        out.append(d)
    return out


def format_report(result: Estimate) -> str:
    """The csynth-like text report."""
    device = result.device
    totals = device.totals
    lines = [
        "== allo-xdsl QoR estimate (model of Vitis HLS C synthesis) ==",
        f"Device: {device.name} ({device.part}), clock {device.clock_ns} ns",
        f"Top: {result.top}",
        "",
        "+ Latency and resources (cycles per call; LUT/FF not modelled):",
    ]
    rows: list[list[str]] = []
    for name, fn in result.functions.items():
        r = fn.resources
        kind = " (dataflow)" if fn.dataflow else " (inline)" if fn.inline else ""
        rows.append(
            [
                name + kind,
                str(fn.latency),
                f"{fn.latency * device.clock_ns / 1e6:.3f}",
                str(fn.interval),
                f"{r.dsp} ({_pct(r.dsp, totals['dsp'])})",
                f"{r.bram18k} ({_pct(r.bram18k, totals['bram18k'])})",
            ]
        )
    header = ["Function", "Latency", "ms", "Interval", "DSP", "BRAM18K"]
    lines += _table(header, rows)
    for name, fn in result.functions.items():
        lines += _loops(name, fn)
    lines.append("")
    if result.top is not None:
        usage = result.usage()
        verdict = "fits" if result.fits else "does NOT fit"
        lines.append(
            f"Top '{result.top}' uses DSP {usage['dsp']:.1f}%, BRAM18K "
            f"{usage['bram18k']:.1f}%, URAM {usage['uram']:.1f}% of {device.name}: "
            f"it {verdict}."
        )
    return "\n".join(lines) + "\n"


def _loops(name: str, fn: FunctionReport) -> list[str]:
    if not fn.loops:
        return []
    rows = [
        _loop_row(loop, d) for loop, d in zip(fn.loops, _depths(fn.loops), strict=True)
    ]
    header = [
        "Loop",
        "Trip count",
        "II target -> achieved",
        "Limited by",
        "Depth",
        "Latency",
    ]
    return ["", f"+ Loops of '{name}':", *_table(header, rows)]


@dataclass(frozen=True)
class QorTarget(Target):
    """A csynth-like QoR report of the module."""

    name = "qor"

    device: str = "u280"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        result = estimate(module, self.device)
        print_warnings(result)
        output.write(format_report(result))

    @staticmethod
    def warn_unmet_ii(module: ModuleOp) -> None:
        """
        Print the model's warnings for requested IIs that cannot be met
        (stderr only), for another target (`hls-cpp`) that has written its
        output already: whatever the model makes of the module must not
        change that output or the exit code."""
        try:
            result = estimate(module)
        except Exception:
            if os.environ.get("ALLO_OPT_DEBUG"):
                raise
            return
        print_warnings(result)


@dataclass(frozen=True)
class QorJsonTarget(Target):
    """The QoR estimate as JSON (DESIGN.md section 12)."""

    name = "qor-json"

    device: str = "u280"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        result = estimate(module, self.device)
        print_warnings(result)
        output.write(json.dumps(result.to_json(), indent=2) + "\n")
