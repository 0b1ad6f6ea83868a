"""
`allo-report`: a Vitis HLS synthesis report in the QoR schema.

allo-report SOLUTION_DIR_OR_CSYNTH_XML            a text summary
allo-report ... --json                           the QoR JSON (DESIGN 12)
allo-report ... --compare qor.json               estimate vs synthesis
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from allo_xdsl.diagnostics import AlloError
from allo_xdsl.qor.synth_report import compare, read_estimate, read_report

PROG = "allo-report"


def make_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read a Vitis HLS csynth report (csynth.xml or a solution "
        "directory) into allo-xdsl's QoR schema.",
    )
    parser.add_argument("report", help="csynth.xml, or a solution directory")
    parser.add_argument("--json", action="store_true", help="print the QoR JSON")
    parser.add_argument(
        "--compare",
        metavar="QOR_JSON",
        help="an estimate (allo-opt -t qor-json) to print side by side",
    )
    return parser


def summary(data: dict[str, Any]) -> str:
    device = data["device"]
    lines = [f"top {data['top']} on {device['name']} at {device['clock_ns']} ns"]
    for name, fn in data["functions"].items():
        res = fn["resources"]
        lines.append(
            f"{name}: latency {fn['latency']}, interval {fn['interval']}, "
            + ", ".join(f"{k} {v}" for k, v in res.items())
        )
        for loop in fn["loops"]:
            ii = f"II {loop['ii']}, depth {_show(loop['depth'])}, "
            lines.append(
                f"  {loop['label']}: trip {_show(loop['trip_count'])}, "
                f"{ii if loop['pipelined'] else ''}latency {_show(loop['latency'])}"
            )
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    return "-" if value is None else str(value)


def main(argv: Sequence[str] | None = None) -> int:
    args = make_argument_parser().parse_args(argv)
    try:
        data = read_report(args.report)
        if args.compare:
            sys.stdout.write(compare(read_estimate(args.compare), data))
        elif args.json:
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        else:
            sys.stdout.write(summary(data))
    except AlloError as e:
        sys.stderr.write(e.format(PROG) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
